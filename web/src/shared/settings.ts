// src/shared/settings.ts: a committee's settings of one area (GET /api/v1/committees/{id}/<path>),
// read once per committee and kept until forgotten (after a change) or asked for fresh. A failed
// read is not kept.
import { api } from '@/api';

export interface SettingsCache<T> {
  /** the settings of committeeId, from the cache unless fresh */
  load(committeeId: number, fresh?: boolean): Promise<T>;
  /** drops committeeId's, so the next load reads them again */
  forget(committeeId: number): void;
}

/** A cache of the settings under /api/v1/committees/{id}/<path>. */
export function settingsCache<T>(path: string): SettingsCache<T> {
  const cache = new Map<number, Promise<T>>();
  return {
    load(committeeId, fresh = false) {
      let p = cache.get(committeeId);
      if (!p || fresh) {
        p = api.get<T>(`/api/v1/committees/${committeeId}/${path}`);
        p.catch(() => cache.delete(committeeId));
        cache.set(committeeId, p);
      }
      return p;
    },
    forget(committeeId) {
      cache.delete(committeeId);
    },
  };
}
