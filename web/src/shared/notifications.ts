// src/shared/notifications.ts: the bell's data. Loads GET /api/v1/notifications, then listens
// to GET /api/v1/events (Server-Sent Events, same origin, cookie auth): `notification` brings
// a new item, `unread` the unread count. Reconnects when the stream drops, with a growing pause.
import { reactive } from 'vue';
import { api, ApiError } from '@/api';

export interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export const notices = reactive({
  /** false when the server has no notifications yet (404): the bell hides */
  available: false,
  items: [] as Notice[],
  unread: 0,
  connected: false,
  more: null as string | null,
});

let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryMs = 1000;
let running = false;
const listeners = new Set<(n: Notice) => void>();

/** Calls fn for every notification that arrives live; returns the unsubscribe function. */
export function onNotice(fn: (n: Notice) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function refresh(): Promise<boolean> {
  try {
    const r = await api.get('/api/v1/notifications', { limit: 20 });
    notices.items = r.items;
    notices.unread = r.unread ?? r.items.filter((n) => !n.read_at).length;
    notices.more = r.next_cursor;
    notices.available = true;
    return true;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) notices.available = false;
    // the session ended: stop until the next login starts the bell again
    if (e instanceof ApiError && e.status === 401) stopNotifications();
    return false;
  }
}

function open() {
  if (!running || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.addEventListener('open', () => {
    notices.connected = true;
    retryMs = 1000;
  });
  source.addEventListener('notification', (ev) => {
    let n: Notice;
    try {
      n = JSON.parse((ev as MessageEvent).data);
    } catch {
      return;
    }
    if (!notices.items.some((x) => x.id === n.id)) {
      notices.items = [n, ...notices.items].slice(0, 50);
      if (!n.read_at) notices.unread += 1;
      for (const fn of listeners) fn(n);
    }
  });
  source.addEventListener('unread', (ev) => {
    try {
      const u = JSON.parse((ev as MessageEvent).data);
      if (typeof u.unread === 'number') notices.unread = u.unread;
    } catch { /* ignore a bad event */ }
  });
  source.addEventListener('error', () => {
    notices.connected = false;
    // CONNECTING: the browser retries by itself. CLOSED (an error status, e.g. after the
    // session ended or the server restarted): we retry, slower each time, and catch up.
    if (source && source.readyState === EventSource.CLOSED) {
      source.close();
      source = null;
      schedule();
    }
  });
}

function schedule() {
  if (!running || retryTimer) return;
  retryTimer = setTimeout(async () => {
    retryTimer = null;
    if (!running) return;
    if (await refresh()) open();
    else schedule();
  }, retryMs);
  retryMs = Math.min(retryMs * 2, 60_000);
}

/** Starts the bell for the logged-in user (idempotent). */
export async function startNotifications() {
  if (running) return;
  running = true;
  retryMs = 1000;
  if (await refresh()) open();
  else if (notices.available) schedule();
}

/** Stops the stream (logout). */
export function stopNotifications() {
  running = false;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = null;
  notices.items = [];
  notices.unread = 0;
  notices.connected = false;
}

/** Loads the next page of older notifications. */
export async function loadMoreNotices() {
  if (!notices.more) return;
  const r = await api.get('/api/v1/notifications', { limit: 20, cursor: notices.more });
  const seen = new Set(notices.items.map((n) => n.id));
  notices.items = [...notices.items, ...r.items.filter((n) => !seen.has(n.id))];
  notices.more = r.next_cursor;
}

/** POST /api/v1/notifications/{id}/read. */
export async function markRead(n: Notice) {
  if (n.read_at) return;
  await api.post(`/api/v1/notifications/${n.id}/read`);
  const now = new Date().toISOString();
  notices.items = notices.items.map((x) => (x.id === n.id ? { ...x, read_at: now } : x));
  notices.unread = Math.max(0, notices.unread - 1);
}

/** POST /api/v1/notifications/read-all. */
export async function markAllRead() {
  await api.post('/api/v1/notifications/read-all');
  const now = new Date().toISOString();
  notices.items = notices.items.map((x) => (x.read_at ? x : { ...x, read_at: now }));
  notices.unread = 0;
}

/**
 * Marks a notification read and follows its link in the console: a console path through the
 * router (push), a phone page or a download by a full load; links elsewhere are not followed.
 * A failure to mark it goes to onError and the link is still followed.
 */
export async function openNotice(n: Notice, push: (path: string) => unknown, onError: (e: unknown) => void) {
  try {
    await markRead(n);
  } catch (e) {
    onError(e);
  }
  if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) {
    if (n.link.startsWith('/m/') || n.link.startsWith('/api/')) window.location.href = n.link;
    else push(n.link);
  }
}
