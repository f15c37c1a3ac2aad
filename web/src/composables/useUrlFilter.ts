/*
 * src/composables/useUrlFilter.ts: a page's filters kept in the URL's query, so that a reload, a
 * link and the browser's back and forward show the list as it was. Each filter is declared once
 * with how it reads from the query and writes back (`param.*`); the page gets one reactive object
 * of them, and every change is written to the URL (router.replace: no new history entry) and
 * handed to `onChange`, typed text a moment after the typing stops.
 *
 *   const filter = useUrlFilter({ q: param.text(), committee_id: param.id(() => selectedCommitteeId.value),
 *     year: param.int(thisYear) }, { onChange: reload, debounce: ['q'] });
 */
import { reactive, watch } from 'vue';
import { useRoute, useRouter, type LocationQueryValue } from 'vue-router';

/** one filter: its value from the query's text (undefined when absent) and its text back (undefined: left out) */
export interface UrlParam<T> {
  read(raw: string | undefined): T;
  write(value: T): string | undefined;
}

type Spec = Record<string, UrlParam<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type UrlFilter<S extends Spec> = { -readonly [K in keyof S]: S[K] extends UrlParam<infer T> ? T : never };

export const param = {
  /** text; empty or absent is null; written when not empty */
  text: (): UrlParam<string | null> => ({
    read: (s) => (s == null || s === '' ? null : s),
    write: (v) => (v == null || v === '' ? undefined : String(v)),
  }),
  /** an id; absent or not a number gives fallback(); written when set */
  id: (fallback: () => number | null = () => null): UrlParam<number | null> => ({
    read: (s) => Number(s) || fallback(),
    write: (v) => (v ? String(v) : undefined),
  }),
  /** a number or none (a year to filter by); written when set */
  num: (): UrlParam<number | null> => ({
    read: (s) => Number(s) || null,
    write: (v) => (v ? String(v) : undefined),
  }),
  /** a number always written (a year, a quarter); absent, 0 or not a number gives fallback() */
  int: (fallback: () => number): UrlParam<number> => ({
    read: (s) => Number(s) || fallback(),
    write: (v) => String(v),
  }),
  /** a switch: on is written as 1, off left out */
  flag: (): UrlParam<boolean> => ({
    read: (s) => s === '1',
    write: (v) => (v ? '1' : undefined),
  }),
  /** one of some words, the first when absent or unknown; the first is left out unless always */
  oneOf: <T extends string>(values: readonly T[], opts: { always?: boolean } = {}): UrlParam<T> => ({
    read: (s) => (values.includes(s as T) ? (s as T) : values[0]),
    write: (v) => (opts.always || v !== values[0] ? v : undefined),
  }),
  /** a day YYYY-MM-DD, fallback() when absent or malformed; always written */
  day: (fallback: () => string): UrlParam<string> => ({
    read: (s) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : fallback()),
    write: (v) => v,
  }),
  /** a filter of the page that the URL does not keep */
  local: <T>(initial: T): UrlParam<T> => ({ read: () => initial, write: () => undefined }),
};

export interface UrlFilterOptions<F> {
  /** called after each change (and at once with immediate) */
  onChange?: (now: F, before: F | undefined) => void;
  /** the keys typed into (a search box): a change of them waits 300 ms; with it, onChange always runs a tick later */
  debounce?: (keyof F)[];
  /** write the URL and run onChange once at the start, right after the page's setup */
  immediate?: boolean;
  /** keep the query's other keys (those this page does not declare) */
  keepOthers?: boolean;
  /** the query to write, when it is not each filter's own text (one filter that stands for others) */
  write?: (f: F) => Record<string, string | undefined>;
}

/** the text of a query value (the first of a repeated key) */
export const queryText = (v: LocationQueryValue | LocationQueryValue[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? undefined;

/** The filters of spec, read from the current route's query and written back on every change. */
export function useUrlFilter<S extends Spec>(spec: S, opts: UrlFilterOptions<UrlFilter<S>> = {}): UrlFilter<S> {
  const route = useRoute();
  const router = useRouter();
  const keys = Object.keys(spec) as (keyof S & string)[];
  const initial = {} as Record<string, unknown>;
  for (const k of keys) initial[k] = spec[k].read(queryText(route.query[k]));
  const filter = reactive(initial) as UrlFilter<S>;

  /** the filters as the URL's query */
  function toQuery(): Record<string, string | undefined> {
    if (opts.write) return opts.write(filter);
    const q: Record<string, string | undefined> = {};
    for (const k of keys) {
      const s = spec[k].write(filter[k]);
      if (s !== undefined) q[k] = s;
    }
    return q;
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  function changed(now: UrlFilter<S>, before: UrlFilter<S> | undefined) {
    const q = toQuery();
    if (opts.keepOthers) router.replace({ query: { ...route.query, ...q } });
    else router.replace({ query: q });
    const run = opts.onChange;
    if (!run) return;
    if (!opts.debounce) return run(now, before);
    if (timer) clearTimeout(timer);
    const typed = !!before && opts.debounce.some((k) => now[k] !== before[k]);
    timer = setTimeout(() => run(now, before), typed ? 300 : 0);
  }
  watch(() => ({ ...filter }) as UrlFilter<S>, changed);
  // after the setup, when what onChange calls is defined
  if (opts.immediate) Promise.resolve().then(() => changed({ ...filter }, undefined));
  return filter;
}
