// tests/api/lib/server.mjs: starts a real `lvzhi serve` on a free port with demo data, and
// gives tests an HTTP client that logs in like the web app (cookie + CSRF header).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.LVZHI_BIN || 'build/lvzhi');
export const DEMO_PASSWORD = 'lvzhi-demo-2026';

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
 * Starts a server on a fresh database with the demo data (seed 7 unless told).
 * Returns { url, dir, db, adminPassword, stop(), restart() }.
 */
export async function startServer({ seed = 7, scale = 0, demo = true, threads = 2 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-api-'));
  const db = join(dir, 'lvzhi.db');
  let adminPassword = null;
  if (demo) {
    const out = lvzhi(['demo', '--db', db, '--seed', String(seed), '--scale', String(scale)]);
    adminPassword = /管理员密码：(\S+)/.exec(out)[1];
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let proc;
  let logs = '';
  async function boot() {
    proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(threads)], {
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
    return done;
  }
  await boot();
  return {
    url, dir, db, adminPassword,
    logs: () => logs,
    stop,
    async restart() { await stop(); await boot(); },
    async close() {
      const code = await stop();
      if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
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

/** Logs a new client in as username. */
export async function as(server, username, password = DEMO_PASSWORD) {
  const pw = username === 'admin' ? server.adminPassword : password;
  return new Client(server.url).login(username, pw);
}
