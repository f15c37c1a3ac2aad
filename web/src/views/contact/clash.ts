// src/views/contact/clash.ts: the weekly coordination check (避免扎堆调研): POST
// /api/v1/activities/clashes says which activities of the same week visit the same grassroots
// unit or township, or book the same members at the same time. A check only; nothing is saved.
import { api, ApiError } from '@/api';
import type { Clash } from './contact';

export interface ClashQuery {
  /** the activity being moved (left out of the answer) */
  id?: number;
  grassroots_unit_id?: number | null;
  starts_at: string;
  ends_at?: string | null;
  member_ids?: number[];
}

export interface ClashAnswer {
  week_starts_at?: string;
  week_ends_at?: string;
  clashes: Clash[];
}

/**
 * The clashes of a planned time and place, or null when the server cannot check (an older
 * server without the route: 404/405). Other errors reject.
 */
export async function checkClashes(q: ClashQuery): Promise<ClashAnswer | null> {
  const body: Record<string, unknown> = { starts_at: q.starts_at };
  if (q.id) body.id = q.id;
  if (q.grassroots_unit_id) body.grassroots_unit_id = q.grassroots_unit_id;
  if (q.ends_at) body.ends_at = q.ends_at;
  if (q.member_ids && q.member_ids.length) body.member_ids = q.member_ids;
  try {
    const r = await api.post<ClashAnswer>('/api/v1/activities/clashes', body);
    return { ...r, clashes: Array.isArray(r?.clashes) ? r.clashes : [] };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

/** One clash per activity and reason (the server may name an activity once per busy member). */
export function uniqueClashes(list: Clash[] | undefined): Clash[] {
  const seen = new Set<string>();
  const out: Clash[] = [];
  for (const c of list || []) {
    const k = `${c.reason}:${c.activity?.id}:${c.member_id ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out;
}
