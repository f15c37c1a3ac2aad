// tests/api/edge.test.mjs: the server's edge, as an attacker or a careless client meets it:
// request framing (Content-Length twice, or with Transfer-Encoding), NUL in a path, query
// parameters that are not text, media types, the answers h2o gives itself (413, 400, 417) in
// the error envelope, a second server on a port in use, and the modes of the files lvzhi writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, lvzhi, BIN, DEMO_PASSWORD, Client, ENGINE, createDatabase } from './lib/server.mjs';
import { assertError, assertStatus } from './lib/util.mjs';

let s, gansu;
before(async () => {
  s = await startServer({});
  gansu = await as(s, 'gansu');
});
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/**
 * Writes raw bytes to the server on one connection and reads until the server closes it (or
 * 3 s pass). Returns { text (latin1), closed (the server ended the connection), responses (the
 * parsed status lines and bodies, in order) }.
 */
function raw(bytes) {
  const { hostname, port } = new URL(s.url);
  return new Promise((resolve) => {
    const sock = connect(Number(port), hostname);
    const chunks = [];
    let closed = false;
    const timer = setTimeout(() => sock.destroy(), 3000);
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => { closed = true; });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      const buf = Buffer.concat(chunks);
      const responses = [];
      let at = 0;
      while (at < buf.length) {
        const head = buf.indexOf('\r\n\r\n', at);
        if (head < 0) break;
        const h = buf.subarray(at, head).toString('latin1');
        const len = Number(/\r\ncontent-length: *(\d+)/i.exec(h)?.[1] ?? 0);
        const body = buf.subarray(head + 4, head + 4 + len).toString('utf8');
        responses.push({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(h)?.[1]), head: h, body, json: (() => { try { return JSON.parse(body); } catch { return null; } })() });
        at = head + 4 + len;
      }
      resolve({ text: buf.toString('latin1'), closed, responses });
    });
    sock.write(bytes);
  });
}

const NEXT = 'GET /api/v1/health HTTP/1.1\r\nHost: a\r\n\r\n';

test('Content-Length twice → 400 bad_request in the envelope, the connection closed, the rest never runs', async () => {
  const body = `hello${NEXT}`;
  for (const lengths of [[5, body.length], [body.length, 5], [5, 5]]) {
    const r = await raw(`POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n`
      + lengths.map((n) => `Content-Length: ${n}\r\n`).join('') + `\r\n${body}`);
    assert.equal(r.responses.length, 1, `one answer only, for ${lengths}: ${r.text}`);
    const [a] = r.responses;
    assert.equal(a.status, 400, r.text);
    assert.equal(a.json?.error?.code, 'bad_request', r.text);
    assert.match(a.json.error.message, /Content-Length/);
    assert.match(a.head, /\r\nconnection: close/i, r.text);
    assert.ok(r.closed, 'the server closes the connection');
  }
});

test('Content-Length with Transfer-Encoding → 400 bad_request, closed; Transfer-Encoding twice too', async () => {
  const heads = [
    'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n',
    'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n',
    'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n',
  ];
  for (const h of heads) {
    const r = await raw(`POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n${h}\r\n`
      + `0\r\n\r\n${NEXT}`);
    assert.equal(r.responses.length, 1, `one answer only: ${r.text}`);
    assert.equal(r.responses[0].status, 400, r.text);
    assert.equal(r.responses[0].json?.error?.code, 'bad_request', r.text);
    assert.ok(r.closed, 'the server closes the connection');
  }
  // one Content-Length, and chunked alone, still serve and keep the connection
  const ok = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: a\r\n\r\n${NEXT.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')}`);
  assert.deepEqual(ok.responses.map((x) => x.status), [200, 200], ok.text);
  const login = JSON.stringify({ username: 'gansu', password: DEMO_PASSWORD });
  const chunked = await raw(`POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
    + `${Buffer.byteLength(login).toString(16)}\r\n${login}\r\n0\r\n\r\n`);
  assert.equal(chunked.responses[0]?.status, 200, chunked.text);
});

test("h2o's own refusals answer in the envelope: 413 body_too_large, 400 bad_request, 417 expectation_failed", async () => {
  const cases = [
    [`POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`, 413, 'body_too_large'],
    ['POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n', 400, 'bad_request'],
    ['POST /api/v1/session HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n', 400, 'bad_request'],
    ['POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'bad_request'],
    ['POST /api/v1/session HTTP/1.1\r\nHost: a\r\nExpect: nothing\r\nContent-Length: 2\r\n\r\n{}', 417, 'expectation_failed'],
  ];
  for (const [req, status, code] of cases) {
    const r = await raw(req);
    const a = r.responses[0];
    assert.equal(a?.status, status, r.text);
    assert.match(a.head, /\r\ncontent-type: application\/json; charset=utf-8/i, r.text);
    assert.equal(a.json?.error?.code, code, r.text);
    assert.match(a.json.error.message, /\p{Script=Han}/u, 'a Chinese message by default');
  }
  const en = await raw(`POST /api/v1/session HTTP/1.1\r\nHost: a\r\nAccept-Language: en\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
  assert.match(en.responses[0].json.error.message, /larger than allowed/, en.text);
});

test('%00 in a path → 400 bad_request in the envelope, never the route without it', async () => {
  for (const path of ['/api/v1/health%00', '/api/v1/health%00x', '/api/v1/proposals%00.json', '/index.html%00.js']) {
    const r = await gansu.get(path);
    assertError(r, 400, 'bad_request');
  }
  assertStatus(await gansu.get('/api/v1/health'), 200);
});

test('a query parameter that is not UTF-8 text → 422 invalid_field naming it, its bytes not echoed', async () => {
  const cases = [
    ['/api/v1/proposals?status=%FF', 'status'],
    ['/api/v1/proposals?status=filed,%C3', 'status'],
    ['/api/v1/reports?status=%E4%B8', 'status'],
    ['/api/v1/reports?q=%C0%AF', 'q'],
    ['/api/v1/members?q=a%00b', 'q'],
    ['/api/v1/proposals?limit=%FF', 'limit'],
  ];
  for (const [path, field] of cases) {
    const r = await gansu.get(path);
    assertError(r, 422, 'invalid_field', field);
    assert.ok(!r.text.includes('\ufffd'), `no replacement character: ${r.text}`);
    assert.doesNotMatch(r.text, /\\u0000/, r.text);
  }
  // a name that is not text: refused without a field
  const r = await gansu.get('/api/v1/proposals?%FF=1');
  assertError(r, 422, 'invalid_field');
  assert.equal(r.json.error.field, undefined);
  // Chinese text still works, and an unknown status is still named
  assertStatus(await gansu.get(`/api/v1/proposals?q=${encodeURIComponent('教育')}`), 200);
  const unknown = await gansu.get(`/api/v1/proposals?status=${encodeURIComponent('不存在')}`);
  assertError(unknown, 422, 'invalid_field', 'status');
  assert.match(unknown.json.error.message, /不存在/);
});

test('only application/json (with parameters) is JSON: application/jsonx and others → 415', async () => {
  const login = { username: 'gansu', password: DEMO_PASSWORD };
  for (const ct of ['application/jsonx', 'application/json-seq', 'text/json', 'application/jso']) {
    const c = new Client(s.url);
    assertError(await c.post('/api/v1/session', login, { headers: { 'content-type': ct } }), 415, 'unsupported_media_type');
  }
  for (const ct of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
    const c = new Client(s.url);
    assertStatus(await c.post('/api/v1/session', login, { headers: { 'content-type': ct } }), 200, ct);
  }
  // a roster is text/csv or text/plain, not text/csvx
  const r = await gansu.post('/api/v1/members/import', '姓名\n', { headers: { 'content-type': 'text/csvx' } });
  assertError(r, 415, 'unsupported_media_type');
});

test('a second lvzhi serve on a port in use refuses to start, with a Chinese message; the first serves on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-api-port-'));
  const database = createDatabase(dir);
  try {
    lvzhi(['init', '--db', database.db]);
    const { port } = new URL(s.url);
    const r = spawnSync(BIN, ['serve', '--db', database.db, '--listen', `127.0.0.1:${port}`, '--threads', '2'],
      { encoding: 'utf8', timeout: 15000 });
    assert.equal(r.signal, null, `it exits by itself: ${r.stdout}${r.stderr}`);
    assert.notEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /127\.0\.0\.1:\d+ 已被其他进程占用/);
    // every request still reaches the first server's database
    for (let i = 0; i < 20; i++) assertStatus(await gansu.get('/api/v1/session'), 200);
    await new Client(s.url).login('gansu', DEMO_PASSWORD);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    database.drop();
  }
});

test('init, demo and backup write the database, its key and the backup for the owner only (0600)', { skip: ENGINE !== 'sqlite' && 'SQLite only' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-api-mode-'));
  try {
    const mode = (f) => (statSync(f).mode & 0o777).toString(8);
    lvzhi(['init', '--db', join(dir, 'init.db')]);
    lvzhi(['demo', '--db', join(dir, 'demo.db'), '--seed', '7', '--contact', '0', '--proposals', '0', '--reports', '0']);
    lvzhi(['backup', join(dir, 'backup.db'), '--db', join(dir, 'demo.db')]);
    lvzhi(['restore', join(dir, 'backup.db'), '--db', join(dir, 'restored.db')]);
    for (const f of ['init.db', 'init.db.key', 'demo.db', 'demo.db.key', 'backup.db', 'restored.db'])
      assert.equal(mode(join(dir, f)), '600', f);
    for (const f of ['init.db-wal', 'init.db-shm', 'demo.db-wal', 'demo.db-shm'])
      if (existsSync(join(dir, f))) assert.equal(mode(join(dir, f)), '600', f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
