// src/api.ts: the one way both apps talk to the lvzhi server.
// Same-origin fetch with the session cookie; the CSRF token from the login answer (or from
// GET /api/v1/session on page load) goes back as X-CSRF-Token on every write; Accept-Language
// follows the chosen language; errors come back as ApiError, parsed from the server's envelope
// {"error":{"code","message","field","errors":[{field,message}],"rows":[...]}}.
import { reactive } from 'vue';
import type { components, paths } from './openapi';

/** A row the roster import rejected. */
export interface BadRow {
  line: number;
  column?: number;
  column_name?: string;
  field?: string;
  message: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The logged-in user as GET/POST /api/v1/session tells it. */
export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  role: string;
  role_label?: string;
  committee: { id: number; name: string; level: string };
  permissions: string[];
  member_id: number | null;
  unit_id: number | null;
  /** an organiser's body: an activity group, special committee or party (else null) */
  organiser_kind?: 'group' | 'special_committee' | 'party' | null;
  organiser_id?: number | null;
  organiser_name?: string | null;
}

/** A paged list: {"items": [...], "next_cursor": "…" | null, "total"?: n}. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  total?: number;
  /** answered when the page was asked at an offset (?offset= or ?sort=) */
  offset?: number;
  next_offset?: number | null;
}

/** A background job (GET /api/v1/jobs/{id}). */
export interface Job {
  id: number;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  percent: number;
  stage: string;
  error: string;
  result: unknown;
  has_file: boolean;
  result_url?: string;
  result_name?: string;
  created_at?: string;
  finished_at?: string | null;
}

/** An error answer (or a network failure, status 0). */
export class ApiError extends Error {
  status: number;
  code: string;
  field?: string;
  errors: FieldError[];
  rows: BadRow[];
  body: unknown;

  constructor(status: number, body: unknown, fallback: string) {
    const env = (body && typeof body === 'object' && (body as { error?: unknown }).error) as
      | { code?: string; message?: string; field?: string; errors?: FieldError[]; rows?: BadRow[] }
      | undefined;
    super(env?.message || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = env?.code || (status === 0 ? 'network' : `http_${status}`);
    this.field = env?.field || undefined;
    this.errors = Array.isArray(env?.errors) ? env!.errors! : [];
    if (!this.errors.length && this.field) this.errors = [{ field: this.field, message: this.message }];
    this.rows = Array.isArray(env?.rows) ? env!.rows! : [];
    this.body = body;
  }

  /** The messages by field name (the first message of each field). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (e.field && !(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

/** What logging in and GET /api/v1/session answer (the user, the CSRF token, the last login, ...). */
export type SessionState = components['schemas']['SessionState'];

/**
 * The session: who is logged in and the CSRF token for writes, whether the password must be
 * changed before anything else, the account's login before this one. Shared by the whole app.
 */
export const session = reactive({
  user: null as SessionUser | null,
  csrf: '',
  loaded: false,
  mustChangePassword: false,
  lastLogin: null as { at: string; ip: string } | null,
  passwordExpiresAt: null as string | null,
  idleMinutes: null as number | null,
});

function keepSession(r: SessionState | null) {
  session.user = (r?.user as SessionUser | undefined) ?? null;
  session.csrf = r?.csrf_token ?? '';
  session.mustChangePassword = !!r?.must_change_password;
  session.lastLogin = r?.last_login ?? null;
  session.passwordExpiresAt = r?.password_expires_at ?? null;
  session.idleMinutes = r?.idle_timeout_minutes ?? null;
}

interface Hooks {
  /** Called on a 401 (not for the login request itself). */
  unauthorized?: (e: ApiError) => void;
  /** Called on a 403 password_expired: the app sends the user to change the password. */
  passwordExpired?: () => void;
  /** Translates the client's own messages ("error.network", "error.upload"). */
  text?: (key: string) => string;
  /** Called after a write (not GET) succeeded: the workbench counts what may have changed. */
  written?: (method: string, path: string) => void;
}
const hooks: Hooks = {};
let language = 'zh-CN';

/** Installs what the app does on 401 (go to the login page). */
export function configureApi(h: Hooks) {
  Object.assign(hooks, h);
}

/** The language sent as Accept-Language ('zh-CN' or 'en'). */
export function setApiLanguage(lang: string) {
  language = lang;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** path + ?query, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** content-type of a body given as string, Blob or ArrayBuffer */
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** do not call the 401 hook (used by the login page and the first session check) */
  quiet401?: boolean;
}

function headersFor(method: string, extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...extra };
  if (method !== 'GET' && method !== 'HEAD' && session.csrf) h['X-CSRF-Token'] = session.csrf;
  return h;
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Performs a request; resolves with the Response (any status) or throws ApiError(0) offline. */
export async function rawRequest(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const extra: Record<string, string> = { ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    if (typeof opts.body === 'string' || opts.body instanceof Blob || opts.body instanceof ArrayBuffer ||
        ArrayBuffer.isView(opts.body)) {
      body = opts.body as BodyInit;
      if (opts.contentType) extra['Content-Type'] = opts.contentType;
    } else {
      body = JSON.stringify(opts.body);
      extra['Content-Type'] = 'application/json';
    }
  }
  try {
    return await fetch(withQuery(path, opts.query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, extra),
      body,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, null, hooks.text ? hooks.text('error.network') : 'Cannot reach the server');
  }
}

/** Turns a non-2xx Response into an ApiError (and runs the 401 hook). */
export async function errorOf(res: Response, opts: RequestOptions = {}): Promise<ApiError> {
  const body = await parse(res);
  const e = new ApiError(res.status, body, `HTTP ${res.status}`);
  if (res.status === 401 && !opts.quiet401) {
    keepSession(null);
    hooks.unauthorized?.(e);
  }
  // the password expired meanwhile (another tab saw it first): only the change is open
  if (res.status === 403 && e.code === 'password_expired' && session.user) {
    session.mustChangePassword = true;
    hooks.passwordExpired?.();
  }
  return e;
}

/** A JSON request: resolves with the parsed answer, rejects with ApiError. */
export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await rawRequest(method, path, opts);
  if (!res.ok) throw await errorOf(res, opts);
  if (method !== 'GET') hooks.written?.(method, path);
  return (await parse(res)) as T;
}

/* ---- the answers the OpenAPI file describes (src/openapi.d.ts, generated from docs/api/openapi.yaml) ---- */

/** a path pattern as a caller writes it: {…id} as a number, another {param} as any text */
type Concrete<K extends string> = K extends `${infer A}{${infer N}}${infer B}`
  ? `${A}${N extends `${string}id` ? number : string}${Concrete<B>}` : K;
/** the patterns of the file that a path matches */
type PatternOf<P extends string> = { [K in keyof paths & string]: P extends Concrete<K> ? K : never }[keyof paths & string];
/** the JSON of GET's 200 answer on a pattern */
type GetJson<K extends keyof paths> = paths[K] extends { get: { responses: { 200: { content: { 'application/json': infer R } } } } } ? R : unknown;
/** what GET path answers, as the OpenAPI file says; unknown for a path it does not describe */
export type GetAnswer<P extends string> = [PatternOf<P>] extends [never] ? unknown : GetJson<PatternOf<P>>;

/**
 * GET: a path the OpenAPI file describes (a literal or a template such as `/api/v1/reports/${id}`)
 * answers the type the file gives; api.get<T>(path) names a type where the file has none.
 */
function get<P extends string>(path: P, query?: Query, opts?: RequestOptions): Promise<GetAnswer<P>>;
function get<T>(path: string, query?: Query, opts?: RequestOptions): Promise<T>;
function get(path: string, query?: Query, opts: RequestOptions = {}): Promise<unknown> {
  return request('GET', path, { ...opts, query });
}

export const api = {
  get,
  post: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', path, { ...opts, body }),
  patch: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...opts, body }),
  put: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('PUT', path, { ...opts, body }),
  del: <T = unknown>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
};

/** Every item of a paged list, following next_cursor (for short lists such as committees). */
export async function listAll<T>(path: string, query: Query = {}, limit = 500): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit, cursor });
    out.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return out;
}

/* ---- session ---- */

/** GET /api/v1/session: who is logged in (null when nobody), keeps the CSRF token. */
export async function loadSession(): Promise<SessionUser | null> {
  try {
    keepSession(await api.get('/api/v1/session', undefined, { quiet401: true }));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      session.loaded = true;
      throw e;
    }
    keepSession(null);
  }
  session.loaded = true;
  return session.user;
}

/** POST /api/v1/session (session.lastLogin then tells the account's login before this one). */
export async function login(username: string, password: string): Promise<SessionUser> {
  const r = await api.post<SessionState>('/api/v1/session', { username, password }, { quiet401: true });
  keepSession(r);
  session.loaded = true;
  return r.user as SessionUser;
}

/** DELETE /api/v1/session (ignores a session that is already gone). */
export async function logout(): Promise<void> {
  try {
    await api.del('/api/v1/session', { quiet401: true });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
  keepSession(null);
}

/** Whether the logged-in user holds a permission such as "member.write". */
export function can(permission?: string | string[]): boolean {
  if (!permission) return true;
  const perms = session.user?.permissions || [];
  return Array.isArray(permission) ? permission.every((p) => perms.includes(p)) : perms.includes(permission);
}

/* ---- files ---- */

/** The file name of a Content-Disposition header (filename* first). */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') || '';
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd);
  return plain && plain[1] !== 'export' ? plain[1] : fallback;
}

/** Saves a Blob as a file the browser downloads. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * GET a small file the server answers at once (a rule set's JSON) and hand it to the browser.
 * Resolves {name}. Documents and exports are jobs instead: startExport.
 */
export async function download(path: string, query: Query, fallbackName: string): Promise<{ name: string }> {
  const res = await rawRequest('GET', path, { query });
  if (!res.ok) throw await errorOf(res);
  const name = fileNameOf(res, fallbackName);
  saveBlob(await res.blob(), name);
  return { name };
}

/**
 * Starts an export, the one way every document and export is made: POST path?query answers
 * 202 {"job"}; the job's progress is GET /api/v1/jobs/{id} (components/JobProgress.vue) and its
 * file GET /api/v1/jobs/{id}/result (components/ExportDialog.vue does all of it).
 */
export async function startExport(path: string, query: Query = {}): Promise<Job> {
  const r = await request<{ job: Job }>('POST', path, { query });
  return r.job;
}

/** Hands the file at url (same origin; named by its Content-Disposition) to the browser. */
export function downloadUrl(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * POSTs bytes with upload progress (XMLHttpRequest, because fetch cannot report it), with
 * extra request headers if given (X-Filename for POST /api/v1/files).
 * Resolves {status, body}; rejects with ApiError on an error status.
 */
export function upload(path: string, data: Blob, contentType: string,
  onProgress?: (percent: number) => void, extraHeaders?: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    const h = headersFor('POST', { 'Content-Type': contentType, ...extraHeaders });
    for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.round((ev.loaded * 100) / ev.total));
    };
    xhr.onerror = () => reject(new ApiError(0, null, hooks.text ? hooks.text('error.upload') : 'Upload failed'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ status: xhr.status, body });
      const e = new ApiError(xhr.status, body, `HTTP ${xhr.status}`);
      if (xhr.status === 401) {
        keepSession(null);
        hooks.unauthorized?.(e);
      }
      reject(e);
    };
    xhr.send(data);
  });
}
