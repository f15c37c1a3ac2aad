// src/views/contact/contact.ts: members linking with their sector's masses (委员联系界别群众) as
// the API sends it: grassroots units, stations and studios, activities, requests from the
// masses, compliance with the quotas and the roll-up. The words of the requests' categories,
// states and actions are the server's tables (request.category, request.state, request.action of
// GET /api/v1/labels, shared/labels.ts); the other enums' are in i18n/messages/contact.ts under
// contact.enum.*. The console pages and the phone pages share this.
import type { components } from '@/openapi';
import { ElMessageBox } from 'element-plus';
import { api } from '@/api';
import { t } from '@/i18n';
import { label } from '@/shared/labels';
import type { Flow } from '@/components/workflow/flow';
import type { Option } from '@/components/records';
import type { StoredFile } from '@/shared/files';

/** a unit's kinds; other (其他) names its kind in kind_name */
export const UNIT_KINDS = ['village', 'community', 'enterprise', 'hospital', 'school', 'new_org', 'other'] as const;
export const STATION_KINDS = ['station', 'studio'] as const;
export const CERT_STATUSES = ['none', 'certified', 'revoked'] as const;
/** the five contact forms a member logs itself, then the activities staff organise */
export const CONTACT_FORMS = ['visit', 'consultation', 'practical_help', 'guidance', 'duty_report'] as const;
export const ACTIVITY_KINDS = [...CONTACT_FORMS, 'research', 'lecture', 'deliberation', 'learning'] as const;
export const ACTIVITY_STATUSES = ['planned', 'done', 'cancelled'] as const;
export const ORGANISER_KINDS = ['group', 'special_committee', 'station', 'studio'] as const;
export const ATTENDANCES = ['present', 'excused', 'absent'] as const;
/** a request's category (its words: the table request.category of GET /api/v1/labels) */
export const CATEGORIES = ['education', 'employment', 'health', 'elderly_care', 'housing', 'transport', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
/** a request's states (their words: the table request.state) */
export const REQUEST_STATUSES = ['accepted', 'in_progress', 'resolved', 'transferred', 'answered'] as const;
/** the checklist items: the six of 六有 (the studios' standard), then those a workstation's own
 *  checklist may ask for; the setting station_checklist is a set of bits in this order */
export const CHECKLIST_ITEMS = ['site', 'signage', 'rules', 'specialty', 'archive', 'results', 'staff', 'activities'] as const;
export const LINK_KINDS = ['proposal', 'report', 'speech'] as const;

/** Select options of an enum: values with labels contact.enum.<name>.<value>. */
export const optionsOf = (name: string, values: readonly string[]): Option[] =>
  values.map((v) => ({ value: v, label: `contact.enum.${name}.${v}` }));

export interface GrassrootsUnit {
  id: number;
  name: string;
  kind: (typeof UNIT_KINDS)[number];
  /** for kind other: the name of its kind */
  kind_name?: string;
  /** the kind's words (other: kind_name) */
  kind_label?: string;
  committee_id: number;
  committee_name?: string;
  township: string;
  address: string;
  linked_at?: string;
}

export interface Station {
  id: number;
  name: string;
  kind: 'station' | 'studio';
  committee_id: number;
  committee_name?: string;
  grassroots_unit_id: number | null;
  grassroots_unit_name?: string | null;
  specialty: string;
  address: string;
  cert_status: 'none' | 'certified' | 'revoked';
  certified_at: string | null;
  certified_by: number | null;
  certified_by_name?: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
  revoked_by_name?: string | null;
  revoke_reason: string;
  member_count: number;
  checklist_done: number;
  /** the items of its checklist: 6 for a studio (六有), the setting's for a workstation */
  checklist_total?: number;
}

export interface ChecklistItem {
  item: (typeof CHECKLIST_ITEMS)[number];
  label: string;
  note: string;
  file_ids: number[];
  files: StoredFile[];
  has_evidence: boolean;
  updated_at: string | null;
}
export interface Checklist {
  station_id: number;
  kind?: 'station' | 'studio';
  /** liuyou: a studio's 六有; station: a workstation's own checklist (a committee setting) */
  standard?: 'liuyou' | 'station';
  cert_status: string;
  complete: boolean;
  missing: string[];
  items: ChecklistItem[];
}

export interface StationMember {
  member_id: number;
  member_name: string;
  committee_id: number;
  committee_name: string;
  role: 'lead' | 'member';
  added_at: string;
}

export interface ReceptionDay {
  id: number;
  station_id: number;
  committee_id: number;
  date: string;
  topic: string;
  visitors: number;
  notes: string;
  member_ids: number[];
  /** the members on duty, each with its share of the visitors */
  members: { id: number; name: string; people_reached?: number }[];
}

export interface Activity {
  id: number;
  title: string;
  kind: (typeof ACTIVITY_KINDS)[number];
  kind_label?: string;
  committee_id: number;
  committee_name?: string;
  organiser_kind: (typeof ORGANISER_KINDS)[number] | null;
  organiser_id: number | null;
  organiser_name?: string | null;
  grassroots_unit_id: number | null;
  grassroots_unit_name?: string | null;
  township?: string | null;
  starts_at: string;
  ends_at: string | null;
  people_reached: number;
  content: string;
  status: (typeof ACTIVITY_STATUSES)[number];
  created_by: number | null;
  participant_count?: number;
  photo_file_ids: number[];
  photos: StoredFile[];
  created_at?: string;
  updated_at?: string;
  /** on a create or edit answer: the activities it clashes with (a warning) */
  clashes?: Clash[];
  /** the staff check of an activity a member logged itself (null: none); actions on one record */
  check?: { status: 'pending' | 'approved' | 'returned'; status_label: string; note: string; actions?: string[] } | null;
}

/** the staff check of self-logged activities as a workflow (GET /api/v1/labels: activity_check.*) */
export const checkFlow: Flow = {
  ns: 'check', record: 'activity_check', order: ['approve', 'return', 'resubmit'],
  tag: (s: string) => (s === 'approved' ? 'success' : s === 'returned' ? 'danger' : 'warning'),
  primary: ['approve', 'resubmit'], danger: ['return'],
};

/** The body of a check step: returning asks for the note first (null: the person cancelled). */
export async function checkBody(action: string): Promise<Record<string, unknown> | null> {
  if (action !== 'return') return {};
  try {
    const { value } = await ElMessageBox.prompt(t('check.note'), label('activity_check.action', 'return'),
      { inputValidator: (v: string) => !!v && !!v.trim(), confirmButtonText: label('activity_check.action', 'return'), cancelButtonText: t('common.cancel') });
    return { note: value.trim() };
  } catch {
    return null;
  }
}

/** Takes a check step (approve, return with a note, resubmit) of activity id. */
export const checkStep = (id: number, action: string, body: Record<string, unknown> = {}) =>
  api.post<{ id: number; check: Activity['check'] }>(`/api/v1/activities/${id}/${action}`, body);

export interface Participant {
  member_id: number;
  member_name: string;
  committee_id: number;
  committee_name: string;
  attendance: (typeof ATTENDANCES)[number];
  /** the member's share of the activity's people reached (0 unless present) */
  people_reached: number;
  /** entered by hand (else shared out) */
  people_set: boolean;
  added_at: string;
}

export interface ActivityLink {
  id: number;
  kind: (typeof LINK_KINDS)[number];
  kind_label?: string;
  target_id: number;
  /** the outcome's title; null when the caller may not read it */
  title: string | null;
  note: string;
  created_by: number | null;
  created_at: string;
}

/** One clash of POST /api/v1/activities/clashes (and of create/edit answers). */
export interface Clash {
  reason: 'same_unit' | 'same_township' | 'member_busy';
  activity: {
    id: number; title: string; kind: string; status: string; starts_at: string; ends_at: string | null;
    committee_id: number; committee_name?: string; unit_name?: string | null; township?: string | null;
  };
  member_id?: number;
  member_name?: string;
}

/** An activity on the calendar (GET /api/v1/activities/calendar). */
export interface CalendarItem {
  id: number;
  kind: string;
  title: string;
  status: string;
  committee_id: number;
  committee_name?: string;
  organiser_kind: string | null;
  organiser_id: number | null;
  organiser_name?: string | null;
  grassroots_unit_id: number | null;
  unit_name?: string | null;
  township?: string | null;
  starts_at: string;
  ends_at: string | null;
  participant_count?: number;
  clash_ids: number[];
  /** each clash with its reason (as clash_ids) */
  clashes?: { id: number; reason: Clash['reason'] }[];
}

export interface ContactRequest {
  id: number;
  title: string;
  category: (typeof CATEGORIES)[number];
  category_label?: string;
  committee_id: number;
  committee_name?: string;
  description: string;
  requester_name: string;
  requester_phone: string;
  member_id: number | null;
  member_name?: string | null;
  activity_id: number | null;
  reception_day_id: number | null;
  accepted_at: string;
  status: (typeof REQUEST_STATUSES)[number];
  status_label?: string;
  resolution: string;
  closed_at: string | null;
  duration_seconds: number | null;
  duration_days: number | null;
  /** when an open request is due (accepted + contact.request_days); null once closed */
  due_at?: string | null;
  created_by?: number | null;
}

export type ComplianceRow = components['schemas']['Compliance'];
/** An outcome's way back: the activities it came from (ProposalDetail / ReportDetail linked_from). */
export type LinkedFrom = components['schemas']['LinkedFrom'];
export interface ComplianceList {
  committee_id: number;
  year: number;
  quarter: number;
  quarter_starts_at: string;
  quarter_ends_at: string;
  items: ComplianceRow[];
  next_cursor: string | null;
  total?: number;
}
export type MemberCompliance = ComplianceRow & { year: number; quarter: number; quarter_starts_at: string; quarter_ends_at: string };

export interface ContactSettings {
  committee_id: number;
  max_units: number;
  quarter_min_activities: number;
  year_min_people: number;
  /** days before a quarter ends when those falling short are reminded (0: never) */
  remind_days?: number;
  /** the items of a workstation's checklist, bit k for CHECKLIST_ITEMS[k] */
  station_checklist?: number;
  /** days to close a request from its acceptance (60) */
  request_days?: number;
  own: Record<SettingKey, number | null>;
  source: Record<SettingKey, number | null>;
  defaults: Record<SettingKey, number>;
  limits: Record<SettingKey, [number, number]>;
}
export const SETTING_KEYS = ['max_units', 'quarter_min_activities', 'year_min_people', 'remind_days', 'station_checklist', 'request_days', 'check_self_logged'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The actions of a request and the states they start from (the server checks again). */
export const REQUEST_ACTIONS = [
  { action: 'start', from: ['accepted'], needsText: false },
  { action: 'resolve', from: ['in_progress'], needsText: true },
  { action: 'transfer', from: ['accepted', 'in_progress'], needsText: true },
  { action: 'answer', from: ['accepted', 'in_progress'], needsText: true },
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number]['action'];
export const FINAL_STATUSES = ['resolved', 'transferred', 'answered'];

/** Seconds as "3 天 4 小时" / "5 小时" / "12 分钟" (t: the i18n function). */
export function durationText(seconds: number | null | undefined, t: (k: string, n?: Record<string, unknown>) => string): string {
  if (seconds === null || seconds === undefined) return '';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  if (d > 0) return h ? t('contact.time.daysHours', { d, h }) : t('contact.time.days', { d });
  if (h > 0) return t('contact.time.hours', { h });
  return t('contact.time.minutes', { m: Math.max(1, Math.round(seconds / 60)) });
}

/** Whether an activity may still be moved (改期): planned and not yet begun (the server's rule,
 *  POST /api/v1/activities/{id}/reschedule, answers 409 otherwise). */
export const reschedulable = (a: { status: string; starts_at: string | null }, now = Date.now()): boolean =>
  a.status === 'planned' && !!a.starts_at && Date.parse(a.starts_at) > now;
