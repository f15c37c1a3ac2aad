// src/shared/cursorList.ts: a paged list over the API's cursors. Keeps a stack of the cursors
// of the pages seen, so "上一页/下一页" never load more than one page (a list of 190,000
// members stays as fast as one of ten).
import { ref, shallowRef } from 'vue';
import { api, type Page, type Query } from '@/api';

export function useCursorList<T>(path: string | (() => string), query: () => Query, pageSize = 20) {
  const items = shallowRef<T[]>([]);
  const total = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const limit = ref(pageSize);
  /** cursors[i] opens page i (cursors[0] is null: the first page) */
  const cursors = ref<(string | null)[]>([null]);
  const page = ref(0);
  const next = ref<string | null>(null);
  let seq = 0;

  async function load(at: number) {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const p = typeof path === 'function' ? path() : path;
      const r = await api.get<Page<T>>(p, { ...query(), limit: limit.value, cursor: cursors.value[at] });
      if (mine !== seq) return;
      items.value = r.items;
      total.value = typeof r.total === 'number' ? r.total : null;
      next.value = r.next_cursor;
      page.value = at;
      if (r.next_cursor) cursors.value[at + 1] = r.next_cursor;
      cursors.value.length = r.next_cursor ? at + 2 : at + 1;
    } catch (e) {
      if (mine !== seq) return;
      error.value = e;
      throw e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  return {
    items, total, loading, error, limit, page, next,
    /** reloads from the first page (after a filter changed) */
    reset: () => {
      cursors.value = [null];
      return load(0);
    },
    /** reloads the current page (after an edit) */
    reload: () => load(page.value),
    nextPage: () => (next.value ? load(page.value + 1) : Promise.resolve()),
    prevPage: () => (page.value > 0 ? load(page.value - 1) : Promise.resolve()),
    hasPrev: () => page.value > 0,
  };
}
