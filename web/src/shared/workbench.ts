// src/shared/workbench.ts: the caller's workbench (GET /api/v1/workbench): what waits on the
// user now, each entry a count and the filtered list it stands for. The console's landing page,
// its side-menu badges and the phone's home read the same store. It is loaded once, then again
// only when something happened: a live notification or a change of the unread count arrives on
// the event stream (shared/notifications.ts), or the user took a step (the console reloads it
// after a navigation, which follows every action page), a moment later and once for a burst.
import { reactive, watch } from 'vue';
import { api } from '@/api';
import type { components } from '@/openapi';
import { notices, onNotice } from './notifications';
import { t, te } from '@/i18n';

export type WorkbenchEntry = components['schemas']['WorkbenchEntry'];

export const workbench = reactive({
  loaded: false,
  items: [] as WorkbenchEntry[],
  error: null as unknown,
});

let timer: ReturnType<typeof setTimeout> | null = null;
let pending: Promise<void> | null = null;

/** Loads the workbench now. */
export async function loadWorkbench(): Promise<void> {
  if (pending) return pending;
  pending = (async () => {
    try {
      const r = await api.get('/api/v1/workbench');
      workbench.items = r.items;
      workbench.loaded = true;
      workbench.error = null;
    } catch (e) {
      workbench.error = e;
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/** Loads it again a moment from now (several events in a row load it once). */
export function refreshWorkbench(delayMs = 300) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    loadWorkbench().catch(() => {});
  }, delayMs);
}

let listening = false;
/** Keeps the workbench fresh from the event stream (idempotent). */
export function followWorkbench() {
  if (listening) return;
  listening = true;
  onNotice(() => refreshWorkbench());
  watch(() => notices.unread, () => refreshWorkbench());
}

/** Forgets the workbench (logout). */
export function clearWorkbench() {
  workbench.items = [];
  workbench.loaded = false;
}

/** The label of an entry in the current language: the web's words for its key, else the server's. */
export function entryLabel(e: WorkbenchEntry): string {
  const key = `workbench.${e.key}`;
  return te(key) ? t(key) : e.label;
}

/** The sum of the counts the menu item at path carries. */
export function menuCount(path: string): number {
  return workbench.items.filter((e) => e.menu === path).reduce((n, e) => n + e.count, 0);
}
