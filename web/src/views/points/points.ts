// src/views/points/points.ts: duty points (履职积分) as the API sends them, shared by the console
// pages and the phone pages: rule sets and the event catalogue (GET /api/v1/rule-sets/catalogue,
// whose labels name events and categories in both languages), the ranking, the assessment and
// its flags, honours, the ledger, the duty file, the member's own page and the self-report.
// Points are numbers with one decimal at most (the server keeps tenths). Labels of the enums are
// in i18n/messages/points.ts under points.*.
import type { components } from '@/openapi';
import { api, type Query } from '@/api';
import type { Option } from '@/components/records';
import { i18n, lang, t } from '@/i18n';
import { thisQuarter } from '@/shared/cst';

/* ---- the catalogue ---- */

export interface CatalogueEvent { event: string; category: string; label: string; label_en: string }
export interface CatalogueCategory { category: string; label: string; label_en: string }
export interface Catalogue { events: CatalogueEvent[]; categories: CatalogueCategory[]; example: RulesBody }

let catalogue: Promise<Catalogue> | null = null;
/** GET /api/v1/rule-sets/catalogue, once. */
export function loadCatalogue(): Promise<Catalogue> {
  if (!catalogue) {
    catalogue = api.get('/api/v1/rule-sets/catalogue');
    catalogue.catch(() => { catalogue = null; });
  }
  return catalogue;
}

/** The label of an event (or category) in the current language; the server's text, else the key. */
export function labelIn(c: Catalogue | null, key: string, fallback?: string): string {
  const e = c?.events.find((x) => x.event === key) || c?.categories.find((x) => x.category === key);
  if (e) return lang.value === 'en' ? e.label_en : e.label;
  return fallback || key;
}

/* ---- rule sets ---- */

export interface RuleItem { event: string; points: number; cap: number | null }
export interface Grade { grade: string; label: string; min: number }
export interface Honour {
  key: string; name: string; count?: number; percent?: number; min_score: number; no_plenary_absence: boolean;
  min_proposals_filed: number;
}
/** The body of a rule set: what an editor edits, an export holds and an import posts. */
export interface RulesBody {
  full_marks: number;
  pass: number;
  min_attendance: string;
  year_cap: number | null;
  rules: RuleItem[];
  category_caps: Record<string, number | null>;
  grades: Grade[];
  bottom: { count: number; percent: number };
  checkpoints: string[];
  /** flags.term_start_year: the old name of term.start_year (the server keeps it equal) */
  flags: { talk_below: number; resign_low_years: number; resign_plenary_absences: number; term_start_year?: number };
  /** the term (届, five years) the rule set's year is in */
  term: Term;
  honours: Honour[];
}
/** A term (届) of five years: its name ("第十三届", or its years) and its first and last years. */
export interface Term { name: string; start_year: number; end_year?: number }
/** The term's words: "第十三届（2023–2027年）", or the years alone when it is named by them. */
export function termText(term: Term | null | undefined): string {
  if (!term) return '';
  const years = t('points.term.years', { from: term.start_year, to: term.end_year ?? term.start_year + 4 });
  return term.name && !term.name.startsWith(`${term.start_year}`) ? t('points.term.named', { name: term.name, years }) : years;
}
export interface RuleSet extends RulesBody {
  id: number;
  committee_id: number;
  committee_name?: string;
  year: number;
  version: number;
  name: string;
  note: string;
  created_at?: string;
  created_by_name?: string;
  /** the newest version of its committee and year */
  current?: boolean;
}
export type RuleSetRow = Omit<RuleSet, keyof RulesBody>;

/** The rule set in force for a committee (null: the user's own) and year. */
export const effectiveRules = (committeeId: number | null, year: number) =>
  api.get('/api/v1/rule-sets/effective', { committee_id: committeeId || undefined, year });

/** The members of a rule set that make its body (the rest is its identity). */
export const BODY_KEYS = ['full_marks', 'pass', 'min_attendance', 'year_cap', 'rules', 'category_caps', 'grades', 'bottom',
  'checkpoints', 'flags', 'term', 'honours'] as const;

/* ---- ranking and assessment ---- */

export type RankRow = components['schemas']['RankingItem'];
export interface Ranking {
  year: number;
  committee_id: number;
  of: number;
  items: RankRow[];
  offset: number;
  limit: number;
  bottom: { count: number; from_rank: number };
  rule_set: { id: number; version: number; name: string };
}
export interface MemberRank {
  member_id: number; year: number; scope: string; total: number; score: number; grade: string; grade_label: string;
  rank: number; of: number; percentile: number; top_percent: number; in_bottom: boolean;
}

export const FLAGS = ['talk', 'resign_low', 'resign_absences'] as const;
export interface AssessmentRow {
  member_id: number;
  name: string;
  committee_name: string;
  sector_name: string;
  total: number;
  score: number;
  grade: string;
  grade_label: string;
  flags: (typeof FLAGS)[number][];
  low_years: number;
  plenary_absences: number;
}
export interface Assessment {
  year: number;
  committee_id: number;
  summary: Record<string, number>;
  grades: Grade[];
  items: AssessmentRow[];
  next_offset: number | null;
  rule_set: { id: number; version: number; name: string; talk_below: number; resign_low_years: number;
    resign_plenary_absences: number; term_start_year: number; term: Term };
}
export interface Candidate {
  member_id: number; name: string; committee_name: string; total: number; score: number; proposals_filed: number;
  plenary_absences: number; decision: 'selected' | 'declined' | null; note: string;
}
export interface Candidates {
  honour: string; name: string; year: number; committee_id: number; places: number; items: Candidate[];
  conditions: { min_score: number; no_plenary_absence: boolean; min_proposals_filed: number };
}

/** The scope query of the ranking, the assessment and the statistics. */
export interface ScopeFilter { committee_id: number | null; sector_id: number | null; group_id: number | null; year: number }
export const scopeQuery = (f: ScopeFilter): Query => ({
  committee_id: f.committee_id || undefined, sector_id: f.sector_id || undefined, group_id: f.group_id || undefined, year: f.year,
});

/* ---- statistics ---- */

export interface GradeRow { id: number | null; name: string; members: number; average: number; grades: Record<string, number> }
export interface PointsStats {
  year: number;
  committee_id: number;
  members: number;
  average: number;
  distribution: { from: number; to: number; count: number }[];
  by_sector: GradeRow[];
  by_group: GradeRow[];
  participations: { total: number; per_member: number };
  grades?: Record<string, number>;
  grade_labels?: Grade[];
}
const statsCache = new Map<string, { at: number; p: Promise<PointsStats> }>();
/** GET /api/v1/points/stats for a committee (null: the user's own) and year; the dashboard's widgets share one answer. */
export function pointsStats(committeeId: number | null, year: number, fresh = false): Promise<PointsStats> {
  const key = `${committeeId ?? ''}|${year}`;
  const hit = statsCache.get(key);
  if (hit && !fresh && Date.now() - hit.at < 60_000) return hit.p;
  const p = api.get('/api/v1/points/stats', { committee_id: committeeId || undefined, year });
  p.catch(() => statsCache.delete(key));
  statsCache.set(key, { at: Date.now(), p });
  return p;
}

/* ---- the ledger, the member's page, the duty file ---- */

export interface CategoryPoints { category: string; label: string; points: number; cap: number | null }
export interface LedgerEntry {
  id: number;
  event: string;
  label: string;
  category: string;
  /** the rule applied (another than the event's when a meeting was attended too briefly) */
  rule: string;
  source_kind: 'activity' | 'proposal' | 'duty_record' | 'report' | string;
  source_id: number;
  source_title: string;
  occurred_at: string;
  raw: number;
  points: number;
  note: string;
  rule_set_id: number;
  rule_set_version: number;
}
export interface Ledger {
  member_id: number;
  year: number;
  total: number;
  score: number;
  grade: string;
  grade_label: string;
  rule_set: { id: number; version: number; name: string };
  by_category: CategoryPoints[];
  items: LedgerEntry[];
}
export interface Mine {
  member_id: number;
  name: string;
  year: number;
  total: number;
  score: number;
  grade: string;
  grade_label: string;
  by_category: CategoryPoints[];
  rank: MemberRank;
  next_grade: { grade: string; label: string; need: number } | null;
  recent: LedgerEntry[];
  pass: { score: number; need: number };
  /** the one rule of the standing (label table points.standing): short, next or top */
  standing?: 'short' | 'next' | 'top';
  quarter: {
    quarter: number; activities: number; quarter_min: number; activities_short: number; people_reached: number; year_min: number;
    people_short: number;
    /** the pace pro-rated to the quarter's end, whether behind it, and the quarter met and not behind */
    year_expected?: number; year_behind?: boolean; on_track?: boolean; met_so_far?: boolean; year_status?: string;
  } | null;
}

export interface SelfReport {
  member_id: number;
  year: number;
  body: string;
  status: 'new' | 'draft' | 'submitted';
  submitted_at: string | null;
  updated_at: string | null;
}

export interface DutyFile {
  member: {
    id: number; name: string; committee_id: number; committee_name: string; sector_name: string; group_name: string;
    party_name: string; is_standing: boolean; term: number; occupation: string; gender: string;
  };
  from: number;
  to: number;
  years: {
    year: number; total: number; score: number; grade: string; grade_label: string; by_category: CategoryPoints[];
    rank: number | null; of: number | null; rule_set: { id: number; version: number; name: string };
  }[];
  activities: { id: number; title: string; kind: string; kind_label: string; attendance: string; people_reached: number; at: string }[];
  proposals: {
    id: number; serial: number | null; title: string; status: string; status_label: string; role: string; role_label: string;
    is_key: boolean; is_good: boolean; submitted_at: string;
  }[];
  records: {
    id: number; kind: string; kind_label: string; title: string; held_on: string; attendance: string; attendance_label: string;
    attended_minutes?: number; duration_minutes?: number;
  }[];
  points: LedgerEntry[];
  self_report: SelfReport | null;
}

/** The export of a member's duty file as a file (format pdf or xlsx) for a year, or the years from..to:
 * POST path?query starts its job (ExportDialog, ExportPopup). */
export function dutyFileExport(memberId: number, period: { year?: number; from?: number; to?: number }, format: 'pdf' | 'xlsx') {
  const query: Record<string, string> = period.from && period.to && period.from !== period.to
    ? { from: String(period.from), to: String(period.to) }
    : { year: String(period.year || period.from || thisYear()) };
  return { path: `/api/v1/members/${memberId}/duty-file`, query: { ...query, format } };
}

/* ---- duty records (meetings attended, speeches) ---- */

export const RECORD_KINDS = ['plenary', 'standing', 'meeting', 'speech_plenary', 'speech'] as const;
export const ATTENDANCES = ['present', 'excused', 'absent'] as const;
export const isSpeech = (kind: unknown) => typeof kind === 'string' && kind.startsWith('speech');

/* ---- small helpers ---- */

export const thisYear = () => thisQuarter().year;
/** This year and the five before it, newest first. */
export const recentYears = (n = 6) => Array.from({ length: n }, (_, i) => thisYear() - i);

/** Select options of an enum: values with labels points.enum.<name>.<value>. */
export const optionsOf = (name: string, values: readonly string[]): Option[] =>
  values.map((v) => ({ value: v, label: `points.enum.${name}.${v}` }));

/** A grade's name in the current language: the known grades have English names; the rule set's own label otherwise. */
export function gradeLabel(grade: string, label?: string): string {
  const k = `points.grade.${grade}`;
  if (lang.value === 'en' && i18n.global.te(k)) return t(k);
  return label || (i18n.global.te(k) ? t(k) : grade);
}
/** An Element Plus tag type per grade (by its place among the rule set's grades, best first). */
export function gradeTag(grade: string, grades?: Grade[]): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  const keys = grades?.map((g) => g.grade) || ['excellent', 'good', 'competent', 'incompetent'];
  const i = keys.indexOf(grade);
  if (i < 0) return 'info';
  if (i === keys.length - 1) return 'danger';
  return (['success', 'primary', 'warning'] as const)[Math.min(i, 2)];
}
/** The colour of a grade in charts, best first. */
export const GRADE_COLOURS = ['#2e7d32', '#1565c0', '#f9a825', '#c62828', '#6a1b9a', '#546e7a'];

/** Points for people: "12", "12.5", "−5" (and "+3" with sign). */
export function pts(v: number | null | undefined, sign = false): string {
  if (v === null || v === undefined) return '—';
  const s = Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(1);
  return v < 0 ? `−${s}` : sign && v > 0 ? `+${s}` : s;
}

/** Where the console shows a ledger entry's source. */
export function sourceRoute(e: Pick<LedgerEntry, 'source_kind' | 'source_id'>): string | null {
  if (e.source_kind === 'activity') return `/contact/activities/${e.source_id}`;
  if (e.source_kind === 'proposal') return `/proposals/${e.source_id}`;
  return null;
}
