// src/views/reports/report.ts: social-conditions reports (社情民意信息) as the API sends them
// (src/report/report.h), shared by the console pages and the phone pages: the states and actions
// (draft → submitted → adopted | rejected | returned, merged, withdrawn), the categories and the
// levels of adoptions and instructions (GET /api/v1/reports/reference), a committee's report
// settings (body_max), versions and their differences, the statistics, and how an action is
// posted. The words of the states, actions and levels are the server's tables (report.state,
// report.action, report.adoption_level, report.instruction_level of GET /api/v1/labels); the
// pages' texts are in i18n/messages/report.ts under report.*.
import type { Flow, FlowEvent } from '@/components/workflow/flow';
import type { components } from '@/openapi';
import { settingsCache } from '@/shared/settings';
import { api } from '@/api';
import type { StoredFile } from '@/shared/files';

/** The states, in the order of a report's life. */
export const STATES = ['draft', 'submitted', 'returned', 'adopted', 'rejected', 'merged', 'withdrawn'] as const;
export type State = (typeof STATES)[number];

/** The actions (POST /api/v1/reports/{id}/<action>), in the order the buttons show them. */
export const ACTIONS = ['submit', 'accept', 'adopt', 'record-adoption', 'record-instruction', 'return', 'merge', 'reject', 'withdraw'] as const;

/** The categories as stored, with the key of their label. */
export const CATEGORY_KEYS: Record<string, string> = {
  经济建设: 'economy', 政治建设: 'politics', 文化建设: 'culture', 社会建设: 'society', 生态文明建设: 'ecology',
  乡村振兴: 'rural', 教育科技: 'education', 医疗卫生: 'health', 民族宗教: 'ethnic', 其他: 'other',
};
export const CATEGORIES = Object.keys(CATEGORY_KEYS);

export const ADOPTION_LEVELS = ['local', 'province', 'national'] as const;
export const INSTRUCTION_LEVELS = ['local', 'province', 'central'] as const;

/** Who may report collectively, and where the collective is picked from. */
export const COLLECTIVE_KINDS = ['party', 'sector', 'special_committee', 'group'] as const;
export const COLLECTIVE_PATHS: Record<string, string> = {
  party: '/api/v1/parties', sector: '/api/v1/sectors', special_committee: '/api/v1/special-committees', group: '/api/v1/groups',
};

export interface Report {
  id: number;
  committee_id: number;
  committee_name?: string;
  title: string;
  category: string;
  body: string;
  body_length: number;
  urgent: boolean;
  member_id: number | null;
  member_name: string | null;
  collective_kind: string | null;
  collective_id: number | null;
  collective_name: string | null;
  activity_id: number | null;
  proposal_id: number | null;
  status: State;
  status_label: string;
  merged_into: number | null;
  decision_note: string;
  submitted_at: string | null;
  decided_at: string | null;
  /** when the office accepted it for review (受理); null: not yet */
  accepted_at?: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface Adoption {
  id: number;
  level: (typeof ADOPTION_LEVELS)[number];
  level_label: string;
  adopted_by: string;
  adopted_on: string;
  note: string;
}

export interface Instruction {
  id: number;
  level: (typeof INSTRUCTION_LEVELS)[number];
  level_label: string;
  leader_name: string;
  leader_title: string;
  text: string;
  given_on: string;
}

export interface ReportDetail extends Report {
  files: StoredFile[];
  adoptions: Adoption[];
  instructions: Instruction[];
  merged: { id: number; title: string }[];
  /** the 《社情民意》 issues it is in */
  bulletins: { id: number; committee_id: number; year: number; number: number | null; label: string; status: string; sent_at: string | null }[];
  /** the activities it came out of (those the reader may see) */
  linked_from?: components['schemas']['LinkedFrom'];
  actions: string[];
}

/** one event of the timeline */
export type TimelineEvent = FlowEvent;

export interface Version {
  version: number;
  title: string;
  body: string;
  body_length: number;
  replaced_by: number | null;
  replaced_by_name: string;
  replaced_at: string | null;
  current: boolean;
}

export interface DiffOp { op: 'equal' | 'insert' | 'delete'; text: string }
export interface Diff {
  from: number;
  to: number;
  mode: 'line' | 'char';
  title: DiffOp[];
  body: DiffOp[];
  inserted: number;
  deleted: number;
}

export interface Reference {
  categories: string[];
  states: { name: string; label: string }[];
  adoption_levels: { name: string; label: string }[];
  instruction_levels: { name: string; label: string }[];
}

export interface ReportSettings {
  committee_id: number;
  body_max: number;
  own: { body_max?: number | null };
  source: { body_max?: number | null };
  defaults: { body_max: number };
  limits: { body_max?: [number, number] };
}

/** The figures of one row of the statistics. */
export interface Tally {
  submitted: number;
  adopted: number;
  adopted_province: number;
  adopted_national: number;
  adopted_above: number;
  instructions: number;
  urgent: number;
  /** in a 《社情民意》 bulletin sent up */
  sent_up: number;
}
/** GET /api/v1/reports/stats (year is null over all years) */
export type Stats = components['schemas']['ReportStats'];

/* ---- reference data ---- */

let reference: Promise<Reference> | null = null;
/** GET /api/v1/reports/reference, once. */
export function loadReference(): Promise<Reference> {
  if (!reference) {
    reference = api.get('/api/v1/reports/reference');
    reference.catch(() => { reference = null; });
  }
  return reference;
}

const settings = settingsCache<ReportSettings>('report-settings');
/** GET /api/v1/committees/{id}/report-settings (cached until fresh or forgotten). */
export const loadSettings = settings.load;
export const forgetSettings = settings.forget;

/** The default body limit when the settings cannot be read (the server's default). */
export const BODY_MAX_DEFAULT = 1500;

/* ---- helpers ---- */

/** Characters of a text as the server counts them (code points). */
export const charCount = (s: string | null | undefined) => (s ? [...s].length : 0);

/** Element Plus tag type of a state. */
export function stateTag(s: string): 'success' | 'warning' | 'info' | 'danger' | 'primary' {
  switch (s) {
    case 'adopted': return 'success';
    case 'submitted': return 'warning';
    case 'returned': case 'rejected': return 'danger';
    case 'draft': case 'withdrawn': case 'merged': return 'info';
    default: return 'primary';
  }
}
/** reports as a workflow: labels under report.*, the buttons in this order */
export const reportFlow: Flow = {
  ns: 'report', record: 'report', tag: stateTag, order: ACTIONS,
  primary: ['submit', 'accept', 'adopt', 'record-adoption', 'record-instruction'], danger: ['reject', 'withdraw'],
};


/** The category's label key, or null for a category this list does not know (shown as stored). */
export const categoryKey = (c: string) => (CATEGORY_KEYS[c] ? `report.cat.${CATEGORY_KEYS[c]}` : null);

/** Who reports: the member, or the collective of a collective report. */
export const authorOf = (r: Pick<Report, 'member_name' | 'collective_name'>) => r.member_name || r.collective_name || '';

/** "YYYY-MM-DD" of an ISO time in China Standard Time. */
export function dateOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whether the office may edit the text in this state (the author: draft or returned, with submit offered). */
export const OFFICE_EDIT_STATES: readonly string[] = ['draft', 'submitted', 'returned', 'adopted'];

/** POST /api/v1/reports/{id}/<action> with its input ({} when none); resolves with the new detail. */
export function act(id: number, action: string, body: Record<string, unknown> = {}): Promise<ReportDetail> {
  return api.post<ReportDetail>(`/api/v1/reports/${id}/${action}`, body);
}

/** The fields of a report's text that PATCH takes. */
export const EDIT_FIELDS = ['title', 'category', 'body', 'urgent', 'activity_id'] as const;
