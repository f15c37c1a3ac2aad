// tests/api/lib/server.mjs: starts a real `lvzhi serve` on a free port with demo data, and
// gives tests an HTTP client that logs in like the web app (cookie + CSRF header).
//
// The database is a SQLite file in a temporary folder, or, when LVZHI_TEST_PG_URL names a
// running PostgreSQL (scripts/pg-start), a fresh database on that server for each server
// started, dropped when it closes. With PostgreSQL the key that seals ID numbers comes from
// LVZHI_SECRET_KEY (set here for every lvzhi process this test run starts).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.LVZHI_BIN || 'build/lvzhi');
export const DEMO_PASSWORD = 'lvzhi-demo-2026';
export const PG_URL = process.env.LVZHI_TEST_PG_URL || null;
/** The engine the tests run on, as /api/v1/health names it: 'sqlite' or 'postgresql'. */
export const ENGINE = PG_URL ? 'postgresql' : 'sqlite';
if (PG_URL && !process.env.LVZHI_SECRET_KEY) process.env.LVZHI_SECRET_KEY = randomBytes(32).toString('hex');

/** The URL of database name on the server of LVZHI_TEST_PG_URL. */
function pgDatabaseUrl(name) {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs sql with psql on the database at url; returns its output, unaligned, without headers. */
export function psql(url, sql) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Runs sql on a database of the engine under test (a SQLite file or a PostgreSQL URL). */
export function sql(db, text) {
  if (ENGINE === 'postgresql') return psql(db, text);
  return execFileSync('sqlite3', [db, text], { encoding: 'utf8' }).trim();
}

/**
 * A new empty database of the engine under test: a file in dir, or a fresh database on the
 * PostgreSQL server. Returns { db (what --db takes), drop() }.
 */
export function createDatabase(dir) {
  if (ENGINE === 'sqlite') return { db: join(dir, 'lvzhi.db'), drop() {} };
  const name = `lvzhi_t${randomBytes(6).toString('hex')}`;
  psql(PG_URL, `CREATE DATABASE ${name}`);
  return {
    db: pgDatabaseUrl(name),
    drop() { psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Runs a lvzhi command synchronously; returns stdout (throws on a non-zero exit). */
export function lvzhi(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

/**
 * A copy of database db (no server may be connected to it): a file in dir with its key file
 * beside it (<db>.key, the installation key that seals ID numbers and keys the audit chain), or
 * a database made from it as a template. Returns { db, drop() }.
 */
export function copyDatabase(db, dir) {
  if (ENGINE === 'sqlite') {
    const file = join(dir, `copy-${randomBytes(4).toString('hex')}.db`);
    sql(db, `.backup '${file}'`);
    if (existsSync(`${db}.key`)) copyFileSync(`${db}.key`, `${file}.key`);
    return { db: file, drop() { rmSync(file, { force: true }); rmSync(`${file}.key`, { force: true }); } };
  }
  const name = `lvzhi_t${randomBytes(6).toString('hex')}`;
  const from = new URL(db).pathname.slice(1);
  psql(PG_URL, `CREATE DATABASE ${name} TEMPLATE ${from}`);
  return {
    db: pgDatabaseUrl(name),
    drop() { psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

/**
 * Starts one `lvzhi serve` node on database db, on a free loopback port, and waits until it
 * answers. Several nodes may share a PostgreSQL database. Returns { url, port, proc(),
 * logs(), stop(signal) (resolves to the exit code), restart() }.
 */
export async function serveNode({ db, threads = 2, args = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let proc;
  let logs = '';
  async function boot() {
    proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout.on('data', (d) => { logs += d; });
    proc.stderr.on('data', (d) => { logs += d; });
    const until = Date.now() + 15000;
    for (;;) {
      try {
        const r = await fetch(`${url}/api/v1/health`);
        if (r.ok) return;
      } catch { /* not up yet */ }
      if (proc.exitCode !== null) throw new Error(`lvzhi serve exited: ${logs}`);
      if (Date.now() > until) throw new Error(`lvzhi serve did not start: ${logs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function stop(signal = 'SIGTERM') {
    if (!proc || proc.exitCode !== null) return proc?.exitCode;
    const done = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
    proc.kill(signal);
    const code = await done;
    // db_settle's lines: a request that left a statement or a transaction open (a defect that
    // keeps an old read snapshot or the write lock) fails whichever test stops the server
    const busy = logs.split('\n').filter((l) => /left the database connection busy|was left open|left open \(no db_done\)|db_done was called twice/.test(l));
    if (busy.length) throw new Error(`a request left the database connection busy:\n${busy.join('\n')}`);
    return code;
  }
  await boot();
  return {
    url, port,
    proc: () => proc,
    logs: () => logs,
    stop,
    async restart() { await stop(); await boot(); },
  };
}

export { freePort };

/**
 * The passwords `lvzhi demo` (or `lvzhi init`) prints for the three administrators (三员分立):
 * { adminPassword ("admin", 系统管理员), securityPassword ("secadmin", 安全管理员), auditPassword
 * ("auditor", 审计管理员) }.
 */
export function demoPasswords(out) {
  const pick = (label) => new RegExp(`^${label}密码：(\\S+)$`, 'm').exec(out)?.[1] ?? null;
  return { adminPassword: pick('管理员'), securityPassword: pick('安全管理员'), auditPassword: pick('审计管理员') };
}

/** The demo's administrators and which password of startServer's result each has. */
export const OFFICERS = { admin: 'adminPassword', secadmin: 'securityPassword', auditor: 'auditPassword' };

/**
 * Starts a server on a fresh database with the demo data (seed 7 unless told; contact: false
 * leaves out the demo year of grassroots units, stations, activities and requests, proposals:
 * false the demo session of proposals).
 * Returns { url, dir, db (a file or a postgresql:// URL), adminPassword, securityPassword,
 * auditPassword, stop(), restart() }.
 */
export async function startServer({ seed = 7, scale = 0, demo = true, contact = true, proposals = true, reports = true, threads = 2, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-api-'));
  const database = createDatabase(dir);
  const { db } = database;
  let passwords = {};
  if (demo) {
    const out = lvzhi(['demo', '--db', db, '--seed', String(seed), '--scale', String(scale), '--contact', contact ? '1' : '0',
      '--proposals', proposals ? '1' : '0', '--reports', reports ? '1' : '0']);
    passwords = demoPasswords(out);
  }
  const node = await serveNode({ db, threads, args });
  const { url } = node;
  return {
    url, dir, db, ...passwords,
    logs: node.logs,
    stop: node.stop,
    restart: node.restart,
    async close() {
      const code = await node.stop();
      if (!process.env.KEEP_TMP) {
        rmSync(dir, { recursive: true, force: true });
        database.drop();
      }
      return code;
    },
  };
}

/** A client: JSON helpers that send the session cookie and, on writes, the CSRF header. */
export class Client {
  constructor(url) {
    this.url = url;
    this.cookie = null;
    this.csrf = null;
    this.lang = null;
  }

  async request(method, path, { body, headers = {}, raw = false, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.lang) h['accept-language'] = this.lang;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload = body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers: h, body: payload });
    const set = res.headers.get('set-cookie');
    if (set && set.startsWith('lvzhi_session=')) {
      const v = set.split(';')[0];
      this.cookie = v === 'lvzhi_session=' ? null : v;
    }
    if (raw) return res;
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path, o) { return this.request('GET', path, o); }
  post(path, body, o = {}) { return this.request('POST', path, { ...o, body }); }
  patch(path, body, o = {}) { return this.request('PATCH', path, { ...o, body }); }
  del(path, o) { return this.request('DELETE', path, o); }

  /** Logs in; throws unless it worked. */
  async login(username, password) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    this.user = r.json.user;
    return this;
  }
}

/** Logs a new client in as username (an administrator with its own password, see OFFICERS). */
export async function as(server, username, password = DEMO_PASSWORD) {
  const pw = OFFICERS[username] ? server[OFFICERS[username]] : password;
  return new Client(server.url).login(username, pw);
}
