// src/shared/lookups.ts: small reference lists for selects and filters (sectors, parties,
// special committees, groups, units), cached per query until a write changes them.
import { listAll, type Query } from '@/api';
import { committees } from './committees';

export interface RefItem {
  id: number;
  name: string;
  committee_id?: number | null;
  committee_name?: string | null;
  [k: string]: unknown;
}

const cache = new Map<string, Promise<RefItem[]>>();

/** Every item of a reference list (cached). */
export function loadRef(path: string, query: Query = {}): Promise<RefItem[]> {
  const key = path + JSON.stringify(query);
  let p = cache.get(key);
  if (!p) {
    p = listAll<RefItem>(path, query, 500);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** Forgets cached lists of path (after a create, edit or delete). */
export function invalidateRef(path: string) {
  for (const k of [...cache.keys()]) if (k.startsWith(path + '{')) cache.delete(k);
}

/**
 * Items a record of committee committeeId may refer to: rows of that committee, of its
 * ancestors, or of none (national lists). The unfiltered list holds them all (it is the user's
 * subtree, the committees above it and the national rows; ?committee_id= would give only that
 * committee's subtree), so it is loaded once per list and filtered here.
 */
export async function loadRefOnPath(path: string, committeeId: number | null | undefined): Promise<RefItem[]> {
  const items = await loadRef(path);
  if (!committeeId) return items;
  const own = committees.value.find((c) => c.id === committeeId);
  if (!own) return items;
  const onPath = new Set(own.path.split('/').filter(Boolean).map(Number));
  return items.filter((i) => i.committee_id == null || onPath.has(Number(i.committee_id)));
}
