// src/console/selection.ts: the committee the console is looking at. Users whose scope covers
// several committees pick one in the header; lists and the dashboard filter by it
// (committee_id = that committee's subtree). Remembered per user in localStorage.
import { computed, ref, watch } from 'vue';
import { session } from '@/api';
import { scopeCommittees } from '@/shared/committees';

const picked = ref<number | null>(null);
const key = () => `lvzhi.committee.${session.user?.id ?? 0}`;

/** Restores the user's last choice (call after login / session load). */
export function restoreSelection() {
  let v: number | null = null;
  try {
    const s = localStorage.getItem(key());
    v = s ? Number(s) : null;
  } catch { /* private mode */ }
  picked.value = v && Number.isFinite(v) ? v : null;
}

/** The selected committee id, or null for the user's own (their whole scope). */
export const selectedCommitteeId = computed<number | null>({
  get() {
    const v = picked.value;
    if (v == null) return null;
    // forget a choice outside the scope (once the committees are known)
    if (scopeCommittees.value.length && !scopeCommittees.value.some((c) => c.id === v)) return null;
    return v;
  },
  set(v) {
    picked.value = v && v !== session.user?.committee.id ? v : null;
    try {
      if (picked.value) localStorage.setItem(key(), String(picked.value));
      else localStorage.removeItem(key());
    } catch { /* private mode */ }
  },
});

/** The committee the dashboard shows: the selection, else the user's own. */
export const effectiveCommitteeId = computed(() => selectedCommitteeId.value ?? session.user?.committee.id ?? null);

/** Whether the user can pick among several committees. */
export const canSwitchCommittee = computed(() => scopeCommittees.value.length > 1);

watch(() => session.user?.id, () => restoreSelection(), { immediate: true });
