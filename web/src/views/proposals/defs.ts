// src/views/proposals/defs.ts: proposal sessions (届次会议) as RecordPage shows them.
import type { RecordDef } from '@/components/records';
import { todayCst } from '@/shared/cst';

export const sessionDef: RecordDef = {
  path: '/api/v1/proposal-sessions',
  title: 'proposal.nav.sessions',
  noun: 'proposal.session.noun',
  committeeFilter: true,
  writePermission: 'proposal.review',
  columns: [
    { key: 'name', label: 'proposal.field.name', minWidth: 180 },
    { key: 'committee_name', label: 'proposal.field.committee', minWidth: 140 },
    { key: 'year', label: 'proposal.field.year', width: 80 },
    { key: 'opens_on', label: 'proposal.field.opensOn', width: 120 },
    { key: 'closes_on', label: 'proposal.field.closesOn', width: 120 },
    { key: 'next_serial', label: 'proposal.field.nextSerial', width: 100 },
  ],
  fields: [
    { key: 'name', label: 'proposal.field.name', type: 'text', required: true },
    { key: 'committee_id', label: 'proposal.field.committee', type: 'committee', fixed: true, required: true },
    { key: 'year', label: 'proposal.field.year', type: 'number', required: true, hint: 'proposal.session.yearHint' },
    { key: 'opens_on', label: 'proposal.field.opensOn', type: 'date', required: true },
    { key: 'closes_on', label: 'proposal.field.closesOn', type: 'date', required: true, hint: 'proposal.session.datesHint' },
  ],
  defaults: () => ({ year: Number(todayCst().slice(0, 4)) }),
};
