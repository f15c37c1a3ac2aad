// src/mobile/views/contact/me.ts: the member behind the logged-in account (session.user.member_id,
// then GET /api/v1/members/{id}: its committee is where its own contacts are recorded). Loaded
// once per account.
import { ref } from 'vue';
import { api, session } from '@/api';
import type { Member } from '@/views/member/member';

const cache = new Map<number, Promise<Member>>();

/** The member record of the logged-in account, or null for an account without one. */
export function loadMe(): Promise<Member | null> {
  const id = session.user?.member_id;
  if (!id) return Promise.resolve(null);
  let p = cache.get(id);
  if (!p) {
    p = api.get(`/api/v1/members/${id}`);
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}

/** {member, error, loading} for a page; error is the message to show. */
export function useMe() {
  const member = ref<Member | null>(null);
  const error = ref('');
  const loading = ref(true);
  const ready = loadMe().then((m) => { member.value = m; return m; },
    (e) => { error.value = (e as Error).message; return null; }).finally(() => { loading.value = false; });
  return { member, error, loading, ready };
}
