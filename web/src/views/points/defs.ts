// src/views/points/defs.ts: duty records (履职记录: meetings attended and speeches, the facts no other
// module keeps) as RecordPage shows them. Each write tells the ledger, which scores the member's
// year again; attendance and the minutes attended go with meetings, not with speeches.
import type { RecordDef } from '@/components/records';
import { todayCst } from '@/shared/cst';
import { t } from '@/i18n';
import { ATTENDANCES, RECORD_KINDS, isSpeech, optionsOf } from './points';

const kindOptions = optionsOf('kind', RECORD_KINDS);
const attendanceOptions = optionsOf('attendance', ATTENDANCES);
const meeting = (form: Record<string, unknown>) => !isSpeech(form.kind);

export const dutyRecordDef: RecordDef = {
  path: '/api/v1/points/records',
  title: 'points.nav.records',
  noun: 'points.record.noun',
  committeeFilter: true,
  writePermission: 'points.write',
  columns: [
    { key: 'held_on', label: 'points.record.heldOn', width: 110 },
    { key: 'member_name', label: 'points.field.member', minWidth: 100,
      to: (r) => `/points/file?member_id=${r.member_id}&year=${String(r.held_on).slice(0, 4)}` },
    { key: 'kind', label: 'points.record.kind', enum: 'points.enum.kind', width: 120 },
    { key: 'title', label: 'points.record.title', minWidth: 200 },
    { key: 'attendance', label: 'points.record.attendance', width: 90,
      format: (r) => (isSpeech(r.kind) || !r.attendance ? '' : t(`points.enum.attendance.${r.attendance}`)) },
    { key: 'attended_minutes', label: 'points.record.minutes', width: 110,
      format: (r) => (r.duration_minutes ? `${r.attended_minutes ?? 0} / ${r.duration_minutes}` : '') },
    { key: 'committee_name', label: 'points.field.committee', minWidth: 120 },
  ],
  filters: [
    { key: 'member_id', label: 'points.field.member', type: 'member' },
    { key: 'kind', label: 'points.record.kind', type: 'select', options: kindOptions },
    { key: 'attendance', label: 'points.record.attendance', type: 'select', options: attendanceOptions },
    { key: 'held_on', label: 'points.record.heldOn', type: 'date' },
  ],
  fields: [
    { key: 'committee_id', label: 'points.field.committee', type: 'committee', fixed: true, required: true },
    // a 常委会议 is recorded only for standing members: the picker offers only them
    { key: 'member_id', label: 'points.field.member', type: 'member', required: true,
      memberQuery: (form) => (form.kind === 'standing' ? { is_standing: 'true' } : undefined) },
    { key: 'kind', label: 'points.record.kind', type: 'select', options: kindOptions, required: true },
    { key: 'title', label: 'points.record.title', type: 'text', required: true, placeholder: 'points.record.titleHint' },
    { key: 'held_on', label: 'points.record.heldOn', type: 'date', required: true },
    { key: 'attendance', label: 'points.record.attendance', type: 'select', options: attendanceOptions, when: meeting },
    { key: 'duration_minutes', label: 'points.record.duration', type: 'number', nullable: true, when: meeting },
    { key: 'attended_minutes', label: 'points.record.attended', type: 'number', nullable: true, when: meeting,
      hint: 'points.record.minutesHint' },
    { key: 'note', label: 'points.record.note', type: 'textarea' },
  ],
  defaults: () => ({ kind: 'meeting', attendance: 'present', held_on: todayCst() }),
  nameOf: (r) => `${r.member_name ?? ''} · ${r.title ?? ''}`,
};
