// src/views/proposals/proposal.ts: proposals (提案) as the API sends them, shared by the console
// pages and the phone pages: the states and actions of the lifecycle (DOMAIN.md "Proposal
// lifecycle"), the reference lists (categories, the ten reasons for not filing), a committee's
// proposal settings, the similar-proposals lookup while writing, and how an action is posted.
// The words of the states and actions are the server's tables (proposal.state, proposal.action of
// GET /api/v1/labels); the pages' texts are in i18n/messages/proposal.ts under proposal.*.
import type { components } from '@/openapi';
import type { Flow, FlowEvent } from '@/components/workflow/flow';
import { settingsCache } from '@/shared/settings';
import { ref, watch, type Ref } from 'vue';
import { api, type Page } from '@/api';
import type { StoredFile } from '@/shared/files';

/** The states, in the order of a proposal's life. */
export const STATES = ['draft', 'cosigning', 'submitted', 'returned', 'withdrawn', 'not_filed', 'merged', 'filed', 'assigned',
  'handling', 'replied', 'rehandling', 'closed'] as const;
export type State = (typeof STATES)[number];
/** states with a unit at work (deadlines count) */
export const HANDLING_STATES: readonly string[] = ['assigned', 'handling', 'rehandling'];

/** The categories as stored (GET /api/v1/proposals/reference), with the key of their English label. */
export const CATEGORY_KEYS: Record<string, string> = {
  经济建设: 'economy', 政治建设: 'politics', 文化建设: 'culture', 社会建设: 'society', 生态文明建设: 'ecology',
  乡村振兴: 'rural', 教育科技: 'education', 医疗卫生: 'health', 民族宗教: 'ethnic', 其他: 'other',
};
export const CATEGORIES = Object.keys(CATEGORY_KEYS);

export const KINDS = ['member', 'joint', 'collective'] as const;
export const COLLECTIVE_KINDS = ['party', 'sector', 'special_committee', 'group'] as const;
/** where the proposing body of a collective proposal is picked from */
export const COLLECTIVE_PATHS: Record<string, string> = {
  party: '/api/v1/parties', sector: '/api/v1/sectors', special_committee: '/api/v1/special-committees', group: '/api/v1/groups',
};
export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const;
export const REPLY_CATEGORIES = ['A', 'B', 'C'] as const;

export interface Proposal {
  id: number;
  title: string;
  category: string;
  committee_id: number;
  committee_name?: string;
  session_id: number | null;
  session_name?: string | null;
  /** the case number in the session's form (十三届一次 第7号), null before filing */
  case_number?: string | null;
  kind: (typeof KINDS)[number];
  collective_kind: string | null;
  collective_id: number | null;
  collective_name?: string | null;
  proposer_id: number | null;
  proposer_name?: string | null;
  facts: string;
  analysis: string;
  suggestions: string;
  body_length: number;
  status: State;
  status_label: string;
  serial: number | null;
  interim: boolean;
  merged_into: number | null;
  not_filed_reason: number | null;
  not_filed_reason_label: string | null;
  decision_note: string;
  converted_to: 'report' | 'reference_letter' | null;
  is_key: boolean;
  key_leader: string;
  key_plan: string;
  is_good: boolean;
  good_year: number | null;
  round: number;
  created_by: number | null;
  cosign_deadline: string | null;
  submitted_at: string | null;
  filed_at: string | null;
  assigned_at: string | null;
  deadline_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  /** only in a list searched with q */
  score?: number;
  /** only for a handling unit's account: its own assignment (when to accept and answer by) */
  my_assignment?: { role: string; status: string; reply_status: string; respond_by: string | null; deadline_at: string | null } | null;
}

export interface Signer {
  member_id: number;
  name: string;
  sector: string;
  role: 'first' | 'cosigner';
  status: 'invited' | 'confirmed' | 'declined';
  invited_at: string;
  responded_at: string | null;
}

export interface Extension {
  id: number;
  days: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_at: string;
  decided_at: string | null;
}

export type Assignment = components['schemas']['ProposalAssignment'];

export interface Rating {
  member_id: number;
  name: string;
  round: number;
  rating: (typeof RATINGS)[number];
  comment: string;
  at: string;
  /** the signer's role (proposal.signer_role): the first proposer's (领衔人) rating decides */
  role: 'first' | 'cosigner';
  decisive: boolean;
}

/** Where the evaluation of the current reply stands (names of the label table proposal.evaluation). */
export interface Evaluation {
  round: number;
  /** the committee's proposal.rate_all: every signer rates before it is final */
  require_all: boolean;
  lead_rating: (typeof RATINGS)[number] | null;
  /** confirmed signers who have not rated this round */
  pending: { member_id: number; name: string }[];
  status: 'awaiting_lead' | 'awaiting_signers' | 'final' | 'unrated' | null;
}

export interface Consultation {
  id: number;
  held_on: string;
  place: string;
  attendees: string;
  note: string;
}

export interface ProposalDetail extends Proposal {
  signers: Signer[];
  assignments: Assignment[];
  files: StoredFile[];
  ratings: Rating[];
  evaluation: Evaluation | null;
  consultations: Consultation[];
  /** the activities it came out of (those the reader may see) */
  linked_from?: components['schemas']['LinkedFrom'];
  actions: string[];
}

/** one event of the timeline */
export type TimelineEvent = FlowEvent;

export interface Similar {
  id: number;
  title: string;
  status: string;
  status_label: string;
  category: string;
  proposer_name: string;
  serial: number | null;
  year: number | null;
  score: number;
}

export interface Session {
  id: number;
  name: string;
  committee_id: number;
  committee_name?: string;
  year: number;
  opens_on: string;
  closes_on: string;
  next_serial: number;
}

export interface Reference {
  categories: string[];
  reject_reasons: { code: number; label: string }[];
  states: { name: string; label: string }[];
}

export const SETTING_KEYS = ['body_max', 'cosign_days', 'objection_days', 'deadline_months', 'max_months', 'view_days',
  'rehandle_months', 'remind_days', 'rate_all'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export type ProposalSettings = Record<SettingKey, number> & {
  committee_id: number;
  own: Partial<Record<SettingKey, number | null>>;
  source: Partial<Record<SettingKey, number | null>>;
  defaults: Record<SettingKey, number>;
  limits: Partial<Record<SettingKey, [number, number]>>;
};

export interface Tally {
  name?: string;
  submitted: number;
  filed: number;
  replied: number;
  overdue: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
  a: number;
  b: number;
  c: number;
  filing_rate: number | null;
  reply_rate: number | null;
  satisfaction_rate: number | null;
}
export interface Stats extends Tally {
  by_status: Record<string, number>;
  by_category: Tally[];
  by_sector: Tally[];
  by_unit: Tally[];
  key: number;
}

export interface SupervisionItem {
  proposal_id: number;
  title: string;
  serial: number | null;
  status: string;
  unit_id: number;
  unit_name: string;
  role: 'lead' | 'split';
  deadline_at: string;
  days_left: number;
  overdue: boolean;
  is_key: boolean;
  key_leader: string;
}

/* ---- reference data ---- */

let reference: Promise<Reference> | null = null;
/** GET /api/v1/proposals/reference, once. */
export function loadReference(): Promise<Reference> {
  if (!reference) {
    reference = api.get('/api/v1/proposals/reference');
    reference.catch(() => { reference = null; });
  }
  return reference;
}

const settings = settingsCache<ProposalSettings>('proposal-settings');
/** GET /api/v1/committees/{id}/proposal-settings (cached until fresh or forgotten). */
export const loadSettings = settings.load;
export const forgetSettings = settings.forget;

/** The default body limit when the settings cannot be read. */
export const BODY_MAX_DEFAULT = 2500;

/* ---- helpers ---- */

/** Characters of a text as the server counts them (code points). */
export const charCount = (s: string | null | undefined) => (s ? [...s].length : 0);

/** The body's length: facts + analysis + suggestions. */
export const bodyLength = (p: { facts?: string; analysis?: string; suggestions?: string }) =>
  charCount(p.facts) + charCount(p.analysis) + charCount(p.suggestions);

/** Element Plus tag type of a state. */
export function stateTag(s: string): 'success' | 'warning' | 'info' | 'danger' | 'primary' {
  switch (s) {
    case 'closed': return 'success';
    case 'replied': return 'success';
    case 'draft': case 'withdrawn': case 'merged': return 'info';
    case 'not_filed': case 'returned': return 'danger';
    case 'submitted': case 'cosigning': return 'warning';
    case 'rehandling': return 'danger';
    default: return 'primary';
  }
}
/** proposals as a workflow: the label tables proposal.state and proposal.action, the buttons in this order */
export const proposalFlow: Flow = {
  ns: 'proposal', record: 'proposal', tag: stateTag,
  order: ['submit', 'accept', 'communicate', 'reply', 'view', 'countersign', 'extend', 'object', 'file', 'assign', 'merge', 'return', 'reject',
    'convert', 'close-cosigning', 'rate', 'consult', 'close', 'key', 'good', 'withdraw'],
  primary: ['submit', 'file', 'assign', 'accept', 'reply', 'rate', 'countersign'], danger: ['reject', 'withdraw', 'object'],
};


/** The category's label key, or null for a category this list does not know (shown as stored). */
export const categoryKey = (c: string) => (CATEGORY_KEYS[c] ? `proposal.cat.${CATEGORY_KEYS[c]}` : null);

/** Who proposed: the first proposer, or the proposing body of a collective proposal. */
export const proposerOf = (p: Pick<Proposal, 'proposer_name' | 'collective_name'>) => p.proposer_name || p.collective_name || '';

/** "YYYY-MM-DD" of an ISO time in China Standard Time. */
export function dateOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whole days from now to an ISO time (negative when past). */
export function daysLeft(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return Math.floor((ms - Date.now()) / 86_400_000);
}

/** A member that may be invited to co-sign (GET /api/v1/proposals/cosigner-candidates). */
export interface Candidate { id: number; name: string; sector_name?: string }

/**
 * The active members whose name contains q that the caller may invite to co-sign: for a member
 * account those of its own committee but itself (it cannot search the roster), for staff those
 * of committeeId. Nothing is asked for an empty name.
 */
export async function findCosigners(q: string, committeeId?: number | null, limit = 20): Promise<Candidate[]> {
  const name = q.trim();
  if (!name) return [];
  const r = await api.get('/api/v1/proposals/cosigner-candidates',
    { q: name, limit, committee_id: committeeId || undefined });
  return r.items;
}

/** POST /api/v1/proposals/{id}/<action> with its input ({} when none); resolves with the new detail. */
export function act(id: number, action: string, body: Record<string, unknown> = {}): Promise<ProposalDetail> {
  return api.post<ProposalDetail>(`/api/v1/proposals/${id}/${action}`, body);
}

/**
 * The proposals like what is being written (POST /api/v1/proposals/similar), looked up a moment
 * after the typing stops; nothing is asked before there is a title.
 */
export function useSimilar(text: () => { title: string; body: string }, wait = 600) {
  const items: Ref<Similar[]> = ref([]);
  const loading = ref(false);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  async function run(title: string, body: string) {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const r = await api.post<Page<Similar>>('/api/v1/proposals/similar', { title, body, limit: 8 });
      if (mine === seq) items.value = r.items;
    } catch (e) {
      if (mine === seq) error.value = (e as Error).message;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  watch(text, ({ title, body }) => {
    if (timer) clearTimeout(timer);
    if (!title.trim()) {
      seq++;
      items.value = [];
      loading.value = false;
      return;
    }
    timer = setTimeout(() => run(title.trim(), body), wait);
  }, { immediate: true, deep: true });
  return { items, loading, error };
}

/** The body sent to create or edit a proposal's text. */
export const TEXT_FIELDS = ['title', 'category', 'session_id', 'facts', 'analysis', 'suggestions'] as const;
