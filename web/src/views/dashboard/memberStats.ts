// src/views/dashboard/memberStats.ts: GET /api/v1/stats/members, shared by the member widgets
// (one request per committee and language, however many widgets show it).
import { api } from '@/api';

export interface Bucket { key: string; label: string; count: number }
export interface MemberStats {
  committee: { id: number; name: string; level: string };
  total: number;
  by_level: Bucket[];
  by_sector: Bucket[];
  by_gender: Bucket[];
  by_age: Bucket[];
  by_party: Bucket[];
}

const cache = new Map<string, { at: number; p: Promise<MemberStats> }>();

export function memberStats(committeeId: number | null, lang: string, fresh = false): Promise<MemberStats> {
  const key = `${committeeId ?? ''}|${lang}`;
  const hit = cache.get(key);
  if (hit && !fresh && Date.now() - hit.at < 60_000) return hit.p;
  const p = api.get('/api/v1/stats/members', { committee_id: committeeId });
  p.catch(() => cache.delete(key));
  cache.set(key, { at: Date.now(), p });
  return p;
}
