// src/views/contact/rollup.ts: the roll-up of members linking with the masses (GET
// /api/v1/compliance/rollup): for a committee's subtree and a quarter or a year, the total, the
// committee's own figures (scope "own", without the committees below), then one row per child
// committee (its subtree), so a page drills down level by level. Shared by the
// 统计汇总 page and the dashboard widgets (one request per committee, period and language).
import { api } from '@/api';
import { CATEGORIES } from './contact';

export interface RollupRow {
  committee_id: number;
  name: string;
  level: string;
  scope: 'total' | 'own' | 'child';
  members: number;
  members_active: number;
  /** active members meeting both quotas in the period */
  members_met?: number;
  activities: number;
  participations: number;
  people_reached: number;
  requests_total: number;
  requests_solved: number;
  requests_solved_by_category: Partial<Record<(typeof CATEGORIES)[number], number>>;
  stations: number;
  stations_certified: number;
  studios: number;
  studios_certified: number;
  reception_days: number;
  /** the mean time from acceptance to closing of the requests closed in the period, in days */
  requests_avg_days?: number | null;
}
export interface Rollup {
  committee_id: number;
  committee_name: string;
  year: number;
  quarter: number;
  from: string;
  to: string;
  /** the total's activities by form */
  activities_by_kind?: Record<string, number>;
  rows: RollupRow[];
}

const cache = new Map<string, { at: number; p: Promise<Rollup> }>();

/** The roll-up of committeeId (null: the user's own) for year and quarter (0: the whole year). */
export function rollup(committeeId: number | null, year: number, quarter: number, lang: string, fresh = false): Promise<Rollup> {
  const key = `${committeeId ?? ''}|${year}|${quarter}|${lang}`;
  const hit = cache.get(key);
  if (hit && !fresh && Date.now() - hit.at < 60_000) return hit.p;
  const p = api.get('/api/v1/compliance/rollup', { committee_id: committeeId, year, quarter: quarter || undefined });
  p.catch(() => cache.delete(key));
  cache.set(key, { at: Date.now(), p });
  return p;
}

/** The total row (scope "total", else the first). */
export const totalOf = (r: Rollup | null) => r?.rows.find((x) => x.scope === 'total') || r?.rows[0] || null;
/** The child committees' rows. */
export const childrenOf = (r: Rollup | null) => r?.rows.filter((x) => x.scope === 'child') || [];
