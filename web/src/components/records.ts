// src/components/records.ts: how a plain record type (sector, party, special committee, group,
// handling unit, user) is listed and edited by RecordPage.vue: its columns, its form fields
// and its filters. The server validates; the form shows the server's errors at the fields.

export type Row = Record<string, unknown> & { id: number };

export interface Option {
  value: string | number | boolean;
  /** i18n key */
  label: string;
}

export interface FieldDef {
  key: string;
  /** i18n key */
  label: string;
  type: 'text' | 'textarea' | 'number' | 'password' | 'switch' | 'select' | 'committee' | 'ref' | 'member' | 'remote' | 'date';
  options?: Option[];
  /** for type select: the options are the server's label table of this key (GET /api/v1/labels) */
  labels?: string;
  /** for type ref: the list to pick from (loaded whole); for type remote: the list searched on the
   *  server (long lists), with fixed query values */
  ref?: { path: string; onPath?: boolean; showCommittee?: boolean; query?: Record<string, string>; byCommittee?: boolean;
    /** only the items of the form's committee itself (an organiser's group or special committee) */
    exact?: boolean };
  /** for type member: fixed query values of the member search, from the form (e.g. only standing
   *  members for a 常委会议) */
  memberQuery?: (form: Record<string, unknown>) => Record<string, string> | undefined;
  /** shown only when this says so (depends on other fields) */
  when?: (form: Record<string, unknown>) => boolean;
  /** only when creating (e.g. a user's username is fixed) */
  fixed?: boolean;
  /** only when creating; hidden when editing */
  createOnly?: boolean;
  /** an empty value is sent as null */
  nullable?: boolean;
  required?: boolean;
  /** i18n key of a hint under the field */
  hint?: string;
  /** i18n key of a placeholder */
  placeholder?: string;
}

export interface ColumnDef {
  key: string;
  label: string;
  width?: number;
  minWidth?: number;
  /** i18n prefix: the cell shows t(`${enum}.${value}`) */
  enum?: string;
  /** the server's label table of the enum (GET /api/v1/labels, e.g. "sector.kind"): the cell shows
   *  its label; preferred to enum, so every stored value has its words */
  labels?: string;
  bool?: boolean;
  /** shows the name field of a referenced record, e.g. committee_name */
  format?: (row: Row) => string;
  /** the cell links to this console route (a detail page) */
  to?: (row: Row) => string;
}

export interface FilterDef {
  key: string;
  label: string;
  type: 'select' | 'committee' | 'text' | 'member' | 'date';
  options?: Option[];
  /** the options are the server's label table of this key */
  labels?: string;
}

export interface RecordDef {
  /** the list's API path, e.g. /api/v1/sectors */
  path: string;
  /** i18n key of the page title */
  title: string;
  /** i18n key of one record, e.g. "org.sector" */
  noun: string;
  columns: ColumnDef[];
  fields: FieldDef[];
  filters?: FilterDef[];
  /** fixed query values of the list (e.g. {kind: 'studio'} for one kind of a record type) */
  query?: Record<string, string>;
  /** filter by the committee chosen in the header (committee_id) */
  committeeFilter?: boolean;
  /** search by name (?q=) */
  search?: boolean;
  writePermission: string;
  /** values of a new record */
  defaults?: () => Record<string, unknown>;
  /** the id the delete confirmation names */
  nameOf?: (row: Row) => string;
}
