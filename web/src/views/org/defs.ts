// src/views/org/defs.ts: the organisation records as RecordPage shows them.
import type { RecordDef, Option } from '@/components/records';

const sort = { key: 'sort', label: 'field.sort', type: 'number' as const, hint: 'hint.sort' };

export const leadKinds: Option[] = ['special_committee', 'party', 'federation'].map((v) => ({ value: v, label: `enum.leadKind.${v}` }));
export const unitKinds: Option[] = ['government', 'party', 'court', 'procuratorate', 'people_org', 'enterprise', 'other']
  .map((v) => ({ value: v, label: `enum.unitKind.${v}` }));
/** The three administrators (三员分立): their accounts are managed only on the server (lvzhi user). */
export const OFFICER_ROLES = ['admin', 'security_admin', 'audit_admin'];
export const roles: Option[] = [...OFFICER_ROLES, 'secretariat', 'committee_staff', 'proposal_office', 'handling_unit', 'member', 'viewer', 'organiser']
  .map((v) => ({ value: v, label: `enum.role.${v}` }));
/** What an organiser organises: one activity group, special committee or party of its committee. */
export const organiserKinds: Option[] = ['group', 'special_committee', 'party'].map((v) => ({ value: v, label: `enum.organiserKind.${v}` }));
/** The roles an account may be given through the API. */
const assignableRoles: Option[] = roles.filter((r) => !OFFICER_ROLES.includes(String(r.value)));

export const sectorDef: RecordDef = {
  path: '/api/v1/sectors',
  title: 'nav.sectors',
  noun: 'org.sector',
  committeeFilter: true,
  writePermission: 'org.write',
  columns: [
    { key: 'name', label: 'field.name', minWidth: 200 },
    { key: 'kind', label: 'field.sectorKind', labels: 'sector.kind', width: 130 },
    { key: 'name_en', label: 'field.nameEn', minWidth: 220 },
    { key: 'committee_name', label: 'field.committee', minWidth: 140, format: (r) => (r.committee_name as string) || '—' },
    { key: 'sort', label: 'field.sort', width: 80 },
  ],
  filters: [{ key: 'kind', label: 'field.sectorKind', type: 'select', labels: 'sector.kind' }],
  fields: [
    { key: 'name', label: 'field.name', type: 'text', required: true },
    { key: 'kind', label: 'field.sectorKind', type: 'select', labels: 'sector.kind' },
    { key: 'name_en', label: 'field.nameEn', type: 'text' },
    { key: 'committee_id', label: 'field.committee', type: 'committee', fixed: true, nullable: true, hint: 'hint.sectorCommittee' },
    sort,
  ],
  defaults: () => ({ kind: 'sector', committee_id: null }),
};

export const partyDef: RecordDef = {
  path: '/api/v1/parties',
  title: 'nav.parties',
  noun: 'org.party',
  writePermission: 'org.write',
  columns: [
    { key: 'name', label: 'field.name', minWidth: 220 },
    { key: 'short_name', label: 'field.shortName', minWidth: 100 },
    { key: 'sort', label: 'field.sort', width: 80 },
  ],
  fields: [
    { key: 'name', label: 'field.name', type: 'text', required: true },
    { key: 'short_name', label: 'field.shortName', type: 'text' },
    sort,
  ],
};

export const specialCommitteeDef: RecordDef = {
  path: '/api/v1/special-committees',
  title: 'nav.specialCommittees',
  noun: 'org.specialCommittee',
  committeeFilter: true,
  writePermission: 'org.write',
  columns: [
    { key: 'name', label: 'field.name', minWidth: 200 },
    { key: 'committee_name', label: 'field.committee', minWidth: 140 },
    { key: 'sort', label: 'field.sort', width: 80 },
  ],
  fields: [
    { key: 'name', label: 'field.name', type: 'text', required: true },
    { key: 'committee_id', label: 'field.committee', type: 'committee', fixed: true, required: true },
    sort,
  ],
};

export const groupDef: RecordDef = {
  path: '/api/v1/groups',
  title: 'nav.groups',
  noun: 'org.group',
  committeeFilter: true,
  writePermission: 'org.write',
  columns: [
    { key: 'name', label: 'field.name', minWidth: 260 },
    { key: 'committee_name', label: 'field.committee', minWidth: 130 },
    { key: 'lead_kind', label: 'field.leadKind', labels: 'group.lead_kind', width: 110 },
    { key: 'lead', label: 'field.lead', minWidth: 160,
      format: (r) => (r.lead_special_committee_name as string) || (r.lead_party_name as string) || '' },
  ],
  filters: [{ key: 'lead_kind', label: 'field.leadKind', type: 'select', options: leadKinds }],
  fields: [
    { key: 'name', label: 'field.name', type: 'text', required: true },
    { key: 'committee_id', label: 'field.committee', type: 'committee', fixed: true, required: true },
    { key: 'lead_kind', label: 'field.leadKind', type: 'select', options: leadKinds, required: true },
    { key: 'lead_special_committee_id', label: 'field.leadSpecialCommittee', type: 'ref', nullable: true,
      ref: { path: '/api/v1/special-committees', onPath: true, showCommittee: true },
      when: (f) => f.lead_kind === 'special_committee' },
    { key: 'lead_party_id', label: 'field.leadParty', type: 'ref', nullable: true, ref: { path: '/api/v1/parties' },
      when: (f) => f.lead_kind === 'party' },
    sort,
  ],
  defaults: () => ({ lead_kind: 'special_committee' }),
};

export const unitDef: RecordDef = {
  path: '/api/v1/units',
  title: 'nav.units',
  noun: 'org.unit',
  committeeFilter: true,
  writePermission: 'org.write',
  columns: [
    { key: 'name', label: 'field.name', minWidth: 220 },
    { key: 'committee_name', label: 'field.committee', minWidth: 130 },
    { key: 'kind', label: 'field.unitKind', labels: 'unit.kind', width: 120 },
    { key: 'contact', label: 'field.contact', width: 100 },
    { key: 'phone', label: 'field.phone', minWidth: 130 },
  ],
  filters: [{ key: 'kind', label: 'field.unitKind', type: 'select', options: unitKinds }],
  fields: [
    { key: 'name', label: 'field.name', type: 'text', required: true },
    { key: 'committee_id', label: 'field.committee', type: 'committee', fixed: true, required: true },
    { key: 'kind', label: 'field.unitKind', type: 'select', options: unitKinds },
    { key: 'contact', label: 'field.contact', type: 'text' },
    { key: 'phone', label: 'field.phone', type: 'text' },
  ],
  defaults: () => ({ kind: 'government' }),
};

export const userDef: RecordDef = {
  path: '/api/v1/users',
  title: 'nav.users',
  noun: 'user.noun',
  committeeFilter: true,
  writePermission: 'user.write',
  nameOf: (r) => String(r.username),
  columns: [
    { key: 'username', label: 'user.username', minWidth: 120 },
    { key: 'display_name', label: 'user.display_name', minWidth: 150 },
    { key: 'role', label: 'user.role', enum: 'enum.role', minWidth: 110 },
    { key: 'committee_name', label: 'user.committee', minWidth: 130 },
    { key: 'link', label: 'user.link', minWidth: 140,
      format: (r) => (r.member_name as string) || (r.unit_name as string) || (r.organiser_name as string) || '' },
    { key: 'disabled', label: 'user.disabled', bool: true, width: 90 },
  ],
  filters: [
    { key: 'role', label: 'user.role', type: 'select', options: roles },
    { key: 'disabled', label: 'user.disabled', type: 'select',
      options: [{ value: 'false', label: 'user.enabledOnly' }, { value: 'true', label: 'user.disabledOnly' }] },
  ],
  fields: [
    { key: 'username', label: 'user.username', type: 'text', fixed: true, required: true, hint: 'hint.username' },
    { key: 'display_name', label: 'user.display_name', type: 'text' },
    { key: 'password', label: 'user.password', type: 'password', hint: 'hint.password' },
    { key: 'role', label: 'user.role', type: 'select', options: assignableRoles, required: true },
    { key: 'committee_id', label: 'user.committee', type: 'committee', required: true },
    { key: 'member_id', label: 'user.member', type: 'member', nullable: true, when: (f) => f.role === 'member' },
    { key: 'unit_id', label: 'user.unit', type: 'ref', nullable: true, ref: { path: '/api/v1/units', onPath: true },
      when: (f) => f.role === 'handling_unit' },
    /* an organiser's body: the kind, then one body of that kind (of the account's committee) */
    { key: 'organiser_kind', label: 'user.organiserKind', type: 'select', options: organiserKinds, nullable: true,
      when: (f) => f.role === 'organiser', hint: 'user.organiserHint' },
    { key: 'organiser_id', label: 'user.organiserGroup', type: 'ref', nullable: true,
      ref: { path: '/api/v1/groups', exact: true }, when: (f) => f.role === 'organiser' && f.organiser_kind === 'group' },
    { key: 'organiser_id', label: 'user.organiserSpecialCommittee', type: 'ref', nullable: true,
      ref: { path: '/api/v1/special-committees', exact: true },
      when: (f) => f.role === 'organiser' && f.organiser_kind === 'special_committee' },
    { key: 'organiser_id', label: 'user.organiserParty', type: 'ref', nullable: true, ref: { path: '/api/v1/parties' },
      when: (f) => f.role === 'organiser' && f.organiser_kind === 'party' },
    { key: 'disabled', label: 'user.disabled', type: 'switch' },
  ],
  defaults: () => ({ role: 'secretariat', disabled: false }),
};
