// src/views/contact/defs.ts: grassroots units, workstations and studios as RecordPage shows them.
import type { RecordDef } from '@/components/records';
import { optionsOf, UNIT_KINDS, CERT_STATUSES } from './contact';

export const unitKindOptions = optionsOf('unitKind', UNIT_KINDS);
export const certOptions = optionsOf('certStatus', CERT_STATUSES);

export const grassrootsUnitDef: RecordDef = {
  path: '/api/v1/grassroots-units',
  title: 'contact.nav.units',
  noun: 'contact.unit.noun',
  committeeFilter: true,
  writePermission: 'contact.write',
  columns: [
    { key: 'name', label: 'contact.field.name', minWidth: 200 },
    // a unit of the kind 其他 shows the name of its kind (kind_label)
    { key: 'kind', label: 'contact.field.unitKind', width: 120, format: (r) => String(r.kind_label ?? r.kind) },
    { key: 'county', label: 'contact.field.county', minWidth: 110 },
    { key: 'township', label: 'contact.field.township', minWidth: 130 },
    { key: 'address', label: 'contact.field.address', minWidth: 180 },
    { key: 'committee_name', label: 'contact.field.committee', minWidth: 130 },
  ],
  filters: [
    { key: 'kind', label: 'contact.field.unitKind', type: 'select', options: unitKindOptions },
    { key: 'township', label: 'contact.field.township', type: 'text' },
  ],
  fields: [
    { key: 'name', label: 'contact.field.name', type: 'text', required: true },
    { key: 'kind', label: 'contact.field.unitKind', type: 'select', options: unitKindOptions, required: true },
    { key: 'kind_name', label: 'contact.field.kindName', type: 'text', required: true, hint: 'contact.unit.kindNameHint',
      when: (f) => f.kind === 'other' },
    { key: 'committee_id', label: 'contact.field.committee', type: 'committee', fixed: true, required: true },
    { key: 'county', label: 'contact.field.county', type: 'text', hint: 'contact.unit.countyHint' },
    { key: 'township', label: 'contact.field.township', type: 'text', hint: 'contact.unit.townshipHint' },
    { key: 'address', label: 'contact.field.address', type: 'text' },
  ],
  defaults: () => ({ kind: 'village' }),
};

function stationDef(kind: 'station' | 'studio'): RecordDef {
  return {
    path: '/api/v1/stations',
    query: { kind },
    title: kind === 'station' ? 'contact.nav.stations' : 'contact.nav.studios',
    noun: `contact.enum.stationKind.${kind}`,
    committeeFilter: true,
    writePermission: 'contact.write',
    columns: [
      { key: 'name', label: 'contact.field.name', minWidth: 200, to: (r) => `/contact/${kind}s/${r.id}` },
      { key: 'committee_name', label: 'contact.field.committee', minWidth: 120 },
      { key: 'grassroots_unit_name', label: 'contact.field.grassrootsUnit', minWidth: 150 },
      { key: 'specialty', label: 'contact.field.specialty', minWidth: 140 },
      { key: 'member_count', label: 'contact.field.memberCount', width: 90 },
      { key: 'checklist_done', label: kind === 'studio' ? 'contact.field.checklist' : 'contact.field.stationChecklist', width: 100,
        format: (r) => `${r.checklist_done ?? 0} / ${r.checklist_total ?? 6}` },
      { key: 'cert_status', label: 'contact.field.certStatus', enum: 'contact.enum.certStatus', width: 100 },
    ],
    filters: [{ key: 'cert_status', label: 'contact.field.certStatus', type: 'select', options: certOptions }],
    fields: [
      { key: 'name', label: 'contact.field.name', type: 'text', required: true },
      { key: 'committee_id', label: 'contact.field.committee', type: 'committee', fixed: true, required: true },
      { key: 'grassroots_unit_id', label: 'contact.field.grassrootsUnit', type: 'remote', nullable: true,
        ref: { path: '/api/v1/grassroots-units' } },
      { key: 'specialty', label: 'contact.field.specialty', type: 'text', hint: kind === 'studio' ? 'contact.station.specialtyHint' : undefined },
      { key: 'address', label: 'contact.field.address', type: 'text' },
    ],
    defaults: () => ({ kind }),
  };
}
export const stationListDef = stationDef('station');
export const studioListDef = stationDef('studio');
