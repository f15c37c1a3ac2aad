/*
 * src/shared/labels.ts: the words a person reads for a stored value of an enum (a state, an
 * action, a category, a level...). The server owns one table per enum (GET /api/v1/labels:
 * {"proposal.state": [{"name", "zh", "en"}, ...], "request.category": [...], ...}) and the API,
 * the PDFs, the Word files, the exports and this app all take their words from it; the i18n
 * messages do not repeat them. Both apps load the tables once, when a session is known (the
 * routers await loadLabels() before the first page of a logged-in user); until then, or for a
 * name a table lacks, a label is the stored name itself. Any key the server sends is usable.
 */
import { ref } from 'vue';
import { api } from '@/api';
import { lang } from '@/i18n';
import type { components } from '@/openapi';

/** one value of an enum: as stored, in Chinese, in English */
export type Label = components['schemas']['Label'];
/** the whole answer of GET /api/v1/labels */
export type LabelTables = Record<string, Label[]>;

/** the tables by key, each by name; empty until loaded */
const tables = ref<Record<string, Record<string, Label>>>({});
const order = ref<LabelTables>({});
/** true once the tables are loaded */
export const labelsLoaded = ref(false);

let loading: Promise<void> | null = null;

/**
 * GET /api/v1/labels, once (a failure is forgotten, so the next call asks again). Resolves when
 * the tables are in, or failed to come: a page then shows the stored names.
 */
export function loadLabels(): Promise<void> {
  if (labelsLoaded.value) return Promise.resolve();
  if (!loading) {
    loading = api.get('/api/v1/labels', undefined, { quiet401: true }).then((all) => setLabels(all), () => {
      loading = null;
    });
  }
  return loading;
}

/** Puts the tables in (as GET /api/v1/labels answers them). */
export function setLabels(all: LabelTables) {
  const byName: Record<string, Record<string, Label>> = {};
  for (const [key, list] of Object.entries(all)) byName[key] = Object.fromEntries(list.map((l) => [l.name, l]));
  tables.value = byName;
  order.value = all;
  labelsLoaded.value = true;
}

const text = (l: Label) => (lang.value === 'en' ? l.en : l.zh);

/** Whether the table key has a label for name. */
export const hasLabel = (key: string, name: string | null | undefined): boolean => !!name && !!tables.value[key]?.[name];

/** The label of name in the table key in the current language: name itself when there is none, '' for none. */
export function label(key: string, name: string | null | undefined): string {
  if (!name) return '';
  const l = tables.value[key]?.[name];
  return l ? text(l) : name;
}

/** The labels of several names, joined as a person reads a list (、 in Chinese, ", " in English). */
export const labelList = (key: string, names: readonly string[]) => names.map((n) => label(key, n)).join(lang.value === 'en' ? ', ' : '、');

/** The stored names of the table key in its order ([] while not loaded). */
export const names = (key: string): string[] => (order.value[key] || []).map((l) => l.name);

/**
 * The values of the table key for a select box, [{value, label}]: those of `only` in its order
 * when given (a page's subset), else all of the table in its order ([] while not loaded).
 */
export const options = (key: string, only?: readonly string[]): { value: string; label: string }[] =>
  (only ?? names(key)).map((n) => ({ value: n, label: label(key, n) }));
