// src/shared/cursorList.ts: a paged, sortable list over the API (one for every long list; its
// pager is components/CursorPager.vue). In the list's own order it follows the API's cursors and
// keeps a stack of the cursors of the pages seen, so "上一页/下一页" never load more than one page
// (a list of 190,000 members stays as fast as one of ten). A jump to page k, or a sorted column
// (?sort=key or -key, a key the list's server whitelist takes), asks for the page at an offset
// (?offset=k·limit); the answer's total gives the page count.
import { computed, ref, shallowRef } from 'vue';
import { api, type Page, type Query } from '@/api';

export interface PagedListOptions {
  /** the list pages by ?offset= only (no cursors; e.g. the ranking, whose total is "of") */
  offsetOnly?: boolean;
  /** the initial ?sort= ("key" or "-key") */
  sort?: string | null;
}

/** el-table's sort-change event */
export interface SortChange { prop: string | null; order: 'ascending' | 'descending' | null }

export function useCursorList<T>(path: string | (() => string), query: () => Query, pageSize = 20, opts: PagedListOptions = {}) {
  const items = shallowRef<T[]>([]);
  const total = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const limit = ref(pageSize);
  const sort = ref<string | null>(opts.sort ?? null);
  /** cursors.get(i) opens page i in the list's own order (page 0: null) */
  let cursors = new Map<number, string | null>([[0, null]]);
  const page = ref(0);
  const next = ref<string | null>(null);
  const more = ref(false);
  /** the whole last answer (a list whose answer says more than its page: the ranking) */
  const raw = shallowRef<unknown>(null);
  let seq = 0;

  async function load(at: number) {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const p = typeof path === 'function' ? path() : path;
      const byCursor = !opts.offsetOnly && !sort.value && cursors.has(at);
      const q: Query = { ...query(), limit: limit.value };
      if (byCursor) q.cursor = cursors.get(at) ?? null;
      else q.offset = at * limit.value;
      if (sort.value) q.sort = sort.value;
      const r = await api.get<Page<T> & { of?: number }>(p, q);
      if (mine !== seq) return;
      items.value = r.items;
      raw.value = r;
      total.value = typeof r.total === 'number' ? r.total : typeof r.of === 'number' ? r.of : null;
      page.value = at;
      more.value = !!r.next_cursor || (r.next_offset !== undefined && r.next_offset !== null) ||
        (r.next_offset === undefined && byCursor === false && total.value !== null && (at + 1) * limit.value < total.value);
      next.value = r.next_cursor ?? null;
      // the cursor of the next page in the list's own order (an offset page answers it too)
      if (!sort.value && !opts.offsetOnly && r.next_cursor) cursors.set(at + 1, r.next_cursor);
    } catch (e) {
      if (mine !== seq) return;
      error.value = e;
      throw e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const pageCount = computed(() => (total.value === null ? null : Math.max(1, Math.ceil(total.value / limit.value))));

  return {
    items, total, loading, error, limit, page, next, sort, pageCount, raw,
    /** reloads from the first page (after a filter or the page size changed) */
    reset: () => {
      cursors = new Map([[0, null]]);
      return load(0);
    },
    /** reloads the current page (after an edit) */
    reload: () => load(page.value),
    nextPage: () => (more.value ? load(page.value + 1) : Promise.resolve()),
    prevPage: () => (page.value > 0 ? load(page.value - 1) : Promise.resolve()),
    /** page k (0-based), within the page count when it is known */
    goTo: (k: number) => {
      const last = pageCount.value === null ? k : pageCount.value - 1;
      return load(Math.max(0, Math.min(k, last)));
    },
    /** sorts by key ("key" or "-key"; null: the list's own order), from the first page */
    setSort: (s: string | null) => {
      sort.value = s;
      cursors = new Map([[0, null]]);
      return load(0);
    },
    /** el-table's @sort-change: the column's prop is the sort key */
    onSortChange: (c: SortChange) => {
      sort.value = c.prop && c.order ? (c.order === 'descending' ? '-' : '') + c.prop : null;
      cursors = new Map([[0, null]]);
      return load(0);
    },
    hasPrev: () => page.value > 0,
    hasNext: () => more.value,
  };
}

/** The list a page shows, as useCursorList makes it. */
export type CursorList<T> = ReturnType<typeof useCursorList<T>>;
