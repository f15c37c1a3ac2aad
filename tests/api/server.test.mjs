// tests/api/server.test.mjs: the server as a process: health, metrics, graceful stop under load,
// the body size limit, and an online backup while it writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, lvzhi, BIN, DEMO_PASSWORD, Client, ENGINE, createDatabase } from './lib/server.mjs';
import { assertStatus, sleep } from './lib/util.mjs';

let s;
before(async () => { s = await startServer({}); });
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

test('GET /api/v1/health → 200 with schema_version', async () => {
  const r = await fetch(`${s.url}/api/v1/health`);
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ok');
  assert.ok(Number.isInteger(j.schema_version) && j.schema_version >= 1, JSON.stringify(j));
  assert.equal(typeof j.version, 'string');
  assert.equal(j.engine, ENGINE);
  assert.match(j.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  // HEAD works as GET without a body
  const h = await fetch(`${s.url}/api/v1/health`, { method: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal(await h.text(), '');
});

test('GET /metrics: request counts by route and status, and the latency histogram', async () => {
  for (let i = 0; i < 3; i++) await (await fetch(`${s.url}/api/v1/health`)).arrayBuffer();
  await (await fetch(`${s.url}/api/v1/no-such-route`)).arrayBuffer();
  await (await fetch(`${s.url}/api/v1/members`)).arrayBuffer(); // 401
  // a request is counted just after its answer is sent, so the last one may not be in a read
  // made at once from another thread: read until it is (a second at most)
  let r, text;
  for (let i = 0; i < 20; i++) {
    r = await fetch(`${s.url}/metrics`);
    text = await r.text();
    if (/route="\/api\/v1\/members",status="401"/.test(text)) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  const count = (re) => { const m = re.exec(text); return m ? Number(m[1]) : null; };
  assert.ok(count(/^lvzhi_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} (\d+)$/m) >= 3, text);
  assert.ok(count(/^lvzhi_http_requests_total\{method="GET",route="\/api\/v1\/members",status="401"\} (\d+)$/m) >= 1, text);
  assert.ok(count(/^lvzhi_http_requests_total\{[^}]*route="unmatched"[^}]*status="404"\} (\d+)$/m) >= 1, text);
  assert.match(text, /^# TYPE lvzhi_http_requests_total counter$/m);
  assert.match(text, /^# TYPE lvzhi_http_request_duration_seconds histogram$/m);
  const buckets = [...text.matchAll(/^lvzhi_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
  assert.ok(buckets.length >= 5, 'histogram buckets');
  assert.equal(buckets.at(-1)[0], '+Inf');
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(buckets[i][1] >= buckets[i - 1][1], 'cumulative buckets');
    if (buckets[i][0] !== '+Inf') assert.ok(Number(buckets[i][0]) > Number(buckets[i - 1][0]));
  }
  const n = count(/^lvzhi_http_request_duration_seconds_count (\d+)$/m);
  assert.equal(n, buckets.at(-1)[1]);
  assert.ok(n >= 5);
  assert.ok(count(/^lvzhi_http_request_duration_seconds_sum ([\d.]+)$/m) > 0);
  assert.match(text, /^lvzhi_jobs\{status="queued"\} \d+$/m);
  // every line is a comment or a sample
  for (const line of text.split('\n').filter(Boolean)) assert.match(line, /^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{[^}]*\})? [\d.e+-]+)$/, line);
});

test('PostgreSQL: lvzhi backup refuses and names pg_dump; lvzhi check verifies the live database', { skip: ENGINE !== 'postgresql' }, async () => {
  const file = join(s.dir, 'backup.db');
  const r = spawnSync(BIN, ['backup', file, '--db', s.db], { encoding: 'utf8' });
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stderr, /pg_dump/);
  assert.ok(!existsSync(file));
  const c = spawnSync(BIN, ['check', '--db', s.db], { encoding: 'utf8' });
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stdout, /哈希链与链头完整/);
});

test('backup while serving: the copy opens and passes lvzhi check', { skip: ENGINE !== 'sqlite' && 'SQLite only' }, async () => {
  const g = await as(s, 'gansu');
  const members = (await g.get('/api/v1/members?committee_id=2&limit=20')).json.items;
  let writes = 0, failures = [];
  let stop = false;
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const m = members[i % members.length];
      const r = await g.patch(`/api/v1/members/${m.id}`, { occupation: `备份中${i}`, committee_id: m.committee_id });
      if (r.status === 200) writes++; else failures.push(`${r.status} ${r.text}`);
      const c = await g.post('/api/v1/sectors', { name: `备份界别${i}`, committee_id: 2 });
      if (c.status === 201) writes++; else failures.push(`${c.status} ${c.text}`);
    }
  })();
  await sleep(150);
  const file = join(s.dir, 'backup.db');
  const res = await new Promise((ok) => execFile(BIN, ['backup', file, '--db', s.db], (err, stdout, stderr) => ok({ err, stdout, stderr })));
  await sleep(100);
  stop = true;
  await writer;
  assert.equal(res.err, null, `${res.stdout}${res.stderr}`);
  assert.ok(writes > 4, `${writes} writes during the backup`);
  assert.deepEqual(failures, []);
  assert.ok(existsSync(file));
  // the audit chain is checked with the installation's key, which the backup leaves beside the database
  const c = spawnSync(BIN, ['check', '--db', file, '--secret-key-file', `${s.db}.key`], { encoding: 'utf8' });
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const q = spawnSync('sqlite3', [file, 'PRAGMA integrity_check; SELECT COUNT(*) FROM members;'], { encoding: 'utf8' });
  assert.equal(q.status, 0, q.stderr);
  const [integrity, n] = q.stdout.trim().split('\n');
  assert.equal(integrity, 'ok');
  assert.ok(Number(n) >= 1642);
  // the live database is fine too, and a backup never overwrites a file
  assert.equal(spawnSync(BIN, ['check', '--db', s.db], { encoding: 'utf8' }).status, 0);
  const again = spawnSync(BIN, ['backup', file, '--db', s.db], { encoding: 'utf8' });
  assert.notEqual(again.status, 0, 'backup over an existing file is refused');
});

test('an encrypted backup: sealed with the backup key, nothing readable without it, restored with it', { skip: ENGINE !== 'sqlite' && 'SQLite only' }, async () => {
  const keyFile = join(s.dir, 'backup.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const file = join(s.dir, 'backup-sealed.db');
  const b = spawnSync(BIN, ['backup', file, '--db', s.db, '--backup-key-file', keyFile], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stdout + b.stderr);
  assert.match(b.stdout, /加密/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!existsSync(`${file}.plain-tmp`), 'the plain copy is gone');
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 15).toString(), 'LVZHI-SEALED-1\n');
  assert.equal(bytes.indexOf('SQLite format 3'), -1);
  assert.equal(bytes.indexOf(Buffer.from('甘肃省政协')), -1, 'no committee name readable');
  // a bad key option, and a restore without the key or with another, are refused; nothing changes
  const target = join(s.dir, 'restored.db');
  const bad = spawnSync(BIN, ['backup', join(s.dir, 'x.db'), '--db', s.db, '--backup-key', 'abc'], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /backup-key/);
  assert.ok(!existsSync(join(s.dir, 'x.db')));
  const nokey = spawnSync(BIN, ['restore', file, '--db', target], { encoding: 'utf8' });
  assert.notEqual(nokey.status, 0);
  assert.match(nokey.stderr, /加密的备份/);
  const other = spawnSync(BIN, ['restore', file, '--db', target, '--backup-key', randomBytes(32).toString('hex')], { encoding: 'utf8' });
  assert.notEqual(other.status, 0);
  assert.match(other.stderr, /密钥不对/);
  assert.ok(!existsSync(target), 'nothing restored');
  // with the key (and the installation key beside the database, as the operations guide says)
  copyFileSync(`${s.db}.key`, `${target}.key`);
  const r = spawnSync(BIN, ['restore', file, '--db', target, '--backup-key-file', keyFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(!existsSync(`${target}.restore-plain`), 'the opened copy is gone');
  const c = spawnSync(BIN, ['check', '--db', target], { encoding: 'utf8' });
  assert.equal(c.status, 0, c.stdout + c.stderr);
  const n = spawnSync('sqlite3', [target, 'SELECT COUNT(*) FROM members;'], { encoding: 'utf8' });
  assert.ok(Number(n.stdout.trim()) >= 1642, n.stdout + n.stderr);
});

test('graceful stop: SIGTERM under load exits 0; every answered request is complete', async (t) => {
  const own = await startServer({});
  const c = await as(own, 'gansu');
  const results = { ok: 0, refused: 0, incomplete: [] };
  let stopAt = 0;
  const worker = async (k) => {
    for (let i = 0; ; i++) {
      const sent = Date.now();
      let res;
      try {
        res = await fetch(`${own.url}/api/v1/members?limit=100&cursor=${(i * 7 + k) % 1000}`, {
          headers: { cookie: c.cookie }, signal: AbortSignal.timeout(5000),
        });
      } catch {
        results.refused++; // not answered at all: fine once the server stops
        if (stopAt && Date.now() > stopAt) return;
        if (!stopAt) results.incomplete.push(`request failed before the stop: ${k}/${i}`);
        continue;
      }
      try {
        const body = await res.text();
        assert.equal(res.status, 200, body);
        const j = JSON.parse(body);
        assert.ok(Array.isArray(j.items) && 'next_cursor' in j);
        assert.ok(Number(res.headers.get('content-length')) === Buffer.byteLength(body));
        results.ok++;
      } catch (e) {
        results.incomplete.push(`${k}/${i} sent ${sent - stopAt} ms after the stop: ${e.message.slice(0, 200)}`);
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, k) => worker(k));
  // under load (a busy CI machine, ASan) the first answers take a while: wait for some
  for (const until = Date.now() + 10000; results.ok <= 20 && Date.now() < until;) await sleep(50);
  await sleep(100);
  const before = results.ok;
  stopAt = Date.now();
  const code = await own.stop();
  const tookMs = Date.now() - stopAt;
  await Promise.all(workers);
  const closeCode = await own.close();
  t.diagnostic(`answered ${results.ok} (${before} before SIGTERM), not answered ${results.refused}, stop took ${tookMs} ms`);
  assert.equal(code, 0, `exit code after SIGTERM; logs:\n${own.logs().slice(-2000)}`);
  assert.equal(closeCode, 0);
  assert.ok(before > 20, `${before} requests answered before the stop`);
  assert.deepEqual(results.incomplete, []);
  assert.ok(tookMs < 10000, `stopped in ${tookMs} ms`);
  // nothing listens any more
  await assert.rejects(fetch(`${own.url}/api/v1/health`, { signal: AbortSignal.timeout(2000) }));
});

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

/** Starts `lvzhi serve` on db with extra arguments and environment; returns {url, proc, logs(), stop()}. */
async function serve(db, args = [], env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let logs = '';
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  proc.stdout.on('data', (d) => { logs += d; });
  proc.stderr.on('data', (d) => { logs += d; });
  const until = Date.now() + 15000;
  for (;;) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) break; } catch { /* not yet */ }
    if (proc.exitCode !== null) throw new Error(`serve exited: ${logs}`);
    if (Date.now() > until) throw new Error(`serve did not start: ${logs}`);
    await sleep(50);
  }
  return {
    url, proc, logs: () => logs,
    stop: () => new Promise((ok) => { if (proc.exitCode !== null) ok(proc.exitCode); else { proc.once('exit', (code, sig) => ok(code ?? sig)); proc.kill('SIGTERM'); } }),
  };
}

/** Posts a body of n bytes; returns the status, or 'reset' if the server closed the connection without an answer. */
/**
 * Announces a POST body of n bytes (Content-Length) and returns the status the server answers.
 * A server refuses a body that is too large as soon as it has the headers, before the body, so
 * only the headers are sent: the answer cannot race with an upload the server stops reading.
 */
function postTooLarge(url, path, n, headers) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const sock = connect(Number(port), hostname);
    let got = '';
    sock.setTimeout(10000, () => sock.destroy());
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (/\r\n\r\n/.test(got)) sock.destroy();
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : `no answer (${got.slice(0, 40)})`);
    });
    sock.write([`POST ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, `Content-Length: ${n}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'));
  });
}

/** POSTs n bytes with fetch and returns the status. */
async function postSize(url, path, n, headers) {
  const r = await fetch(url + path, { method: 'POST', headers, body: Buffer.alloc(n, 0x61), signal: AbortSignal.timeout(10000) });
  await r.arrayBuffer();
  return r.status;
}

test('a body over --max-body-mb → 413 (flag and LVZHI_MAX_BODY_MB)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-api-body-'));
  const database = createDatabase(dir);
  try {
    const { db } = database;
    lvzhi(['demo', '--db', db, '--seed', '7']);
    for (const [args, env] of [[['--max-body-mb', '1'], {}], [[], { LVZHI_MAX_BODY_MB: '1' }]]) {
      const srv = await serve(db, args, env);
      try {
        const g = await new Client(srv.url).login('gansu', DEMO_PASSWORD);
        const h = { cookie: g.cookie, 'x-csrf-token': g.csrf };
        assert.equal(await postTooLarge(srv.url, '/api/v1/members/import', 2 * 1024 * 1024, { ...h, 'content-type': 'text/csv' }), 413, JSON.stringify(env));
        assert.equal(await postTooLarge(srv.url, '/api/v1/session', 3 * 1024 * 1024, { 'content-type': 'application/json' }), 413);
        // under the limit the handler answers (a CSV of one bad header line)
        const small = await postSize(srv.url, '/api/v1/members/import', 900 * 1024, { ...h, 'content-type': 'text/csv' });
        assert.equal(small, 422);
        assertStatus(await g.get('/api/v1/session'), 200, 'the server still serves');
      } finally {
        assert.equal(await srv.stop(), 0, srv.logs().slice(-2000));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    database.drop();
  }
});
