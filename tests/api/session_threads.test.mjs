// tests/api/session_threads.test.mjs: a session is valid on every loop thread the moment its
// login has answered, right after a cold start and after (issue 17: "once after a cold start,
// one loop thread answered 401 to a session created a moment before on the other thread").
//
// Each round restarts the server (a cold start), then logs in and at once reads a member with
// the new cookie on many fresh connections side by side: SO_REUSEPORT spreads fresh
// connections over the loop threads, and the X-Request-Id's first two hex digits name the
// thread that answered, so the test also checks that every thread answered some of them. The
// same again after a logout (the session ends on every thread at once) and after the account is
// disabled and enabled (the per-thread session cache must not outlive either).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startServer, as, Client, DEMO_PASSWORD, sql } from './lib/server.mjs';
import { assertStatus, assertError } from './lib/util.mjs';

const THREADS = 4;
const ROUNDS = 6;
const READS = 24;
let s;
let memberId;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false, threads: THREADS });
  const admin = await as(s, 'gansu');
  const r = await admin.get('/api/v1/members?limit=1');
  assertStatus(r, 200);
  memberId = r.json.items[0].id;
});
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0; logs:\n${s.logs().slice(-4000)}`);
});

/** GET path with cookie on a connection of its own; resolves {status, body, thread}. */
function freshGet(path, cookie) {
  const u = new URL(s.url + path);
  return new Promise((ok, fail) => {
    const rq = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent: false,
      headers: { cookie, connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => ok({ status: res.statusCode, body, thread: parseInt(String(res.headers['x-request-id']).slice(0, 2), 16) }));
    });
    rq.on('error', fail);
    rq.end();
  });
}

/** READS reads of the member at once on fresh connections: [{status, body, thread}]. */
async function readEverywhere(cookie) {
  const rs = await Promise.all(Array.from({ length: READS }, () => freshGet(`/api/v1/members/${memberId}`, cookie)));
  return rs;
}

test('a session made a moment ago is valid on every loop thread right after a cold start', async () => {
  const threads = new Set();
  for (let round = 0; round < ROUNDS; round++) {
    await s.restart();
    // several logins at once, each read at once on every thread
    const clients = await Promise.all([1, 2, 3].map(() => new Client(s.url).login('gansu', DEMO_PASSWORD)));
    const all = await Promise.all(clients.map((c) => readEverywhere(c.cookie)));
    for (const rs of all)
      for (const r of rs) {
        threads.add(r.thread);
        assert.equal(r.status, 200, `round ${round}: thread ${r.thread} answered ${r.status} to a new session`);
      }
    // and the session ends on every thread at once
    const ended = clients[0].cookie;
    assertStatus(await clients[0].del('/api/v1/session'), 204);
    for (const r of await readEverywhere(ended))
      assert.equal(r.status, 401, `round ${round}: thread ${r.thread} honoured a session ended by logout`);
  }
  assert.equal(threads.size, THREADS, `reads reached every loop thread (${[...threads].join(', ')})`);
});

test('logging out ends the session on every loop thread at once, cached or not', async () => {
  const c = await new Client(s.url).login('gansu', DEMO_PASSWORD);
  const cookie = c.cookie;
  // warm every thread's view of the session
  for (let i = 0; i < 3; i++) (await readEverywhere(cookie)).forEach((r) => assert.equal(r.status, 200));
  assertStatus(await c.del('/api/v1/session'), 204);
  const rs = await readEverywhere(cookie);
  for (const r of rs) assert.equal(r.status, 401, `thread ${r.thread} still honoured a session ended by logout`);
});

test('a role change and disabling the account take effect on every loop thread at once', async () => {
  const sec = await as(s, 'secadmin');
  const users = await sec.get('/api/v1/users?q=gansu&limit=50');
  assertStatus(users, 200);
  const gansu = users.json.items.find((u) => u.username === 'gansu');
  assert.ok(gansu, 'the account gansu');
  const c = await new Client(s.url).login('gansu', DEMO_PASSWORD);
  const phoneOf = (r) => JSON.parse(r.body).phone;
  // warm every thread: the secretariat sees the whole phone number
  for (let i = 0; i < 3; i++)
    for (const r of await readEverywhere(c.cookie)) {
      assert.equal(r.status, 200);
      assert.ok(!phoneOf(r).includes('*'), `the whole phone: ${phoneOf(r)}`);
    }
  assertStatus(await sec.patch(`/api/v1/users/${gansu.id}`, { role: 'viewer' }), 200);
  for (const r of await readEverywhere(c.cookie)) {
    assert.equal(r.status, 200, `thread ${r.thread}`);
    assert.ok(phoneOf(r).includes('*'), `thread ${r.thread} answered with the old role: ${phoneOf(r)}`);
  }
  assertStatus(await sec.patch(`/api/v1/users/${gansu.id}`, { disabled: true }), 200);
  for (const r of await readEverywhere(c.cookie))
    assert.equal(r.status, 401, `thread ${r.thread} honoured a session of a disabled account`);
  assertStatus(await sec.patch(`/api/v1/users/${gansu.id}`, { disabled: false, role: 'secretariat' }), 200);
});

// A database error while the session is read is not "no session": answered 401, the web app
// would send its user to the login page. The session generation's table is renamed away, so
// that both the cache's confirmation and the session's own statement fail; then put back.
test('a database error while the session is read answers 503, not 401, and the session still holds after', async () => {
  const c = await as(s, 'gansu');
  assertStatus(await c.get('/api/v1/session'), 200);
  let renamed = false;
  try {
    sql(s.db, 'ALTER TABLE auth_generation RENAME TO auth_generation_away');
    renamed = true;
    for (let i = 0; i < THREADS * 2; i++) {
      const r = await c.get('/api/v1/session', { headers: { connection: 'close' } });
      assertError(r, 503, 'unavailable');
      const m = await c.get(`/api/v1/members/${memberId}`, { headers: { connection: 'close' } });
      assert.notEqual(m.status, 401, `a member read during the error is not 401: ${m.text}`);
    }
  } finally {
    if (renamed) sql(s.db, 'ALTER TABLE auth_generation_away RENAME TO auth_generation');
  }
  for (let i = 0; i < THREADS * 2; i++) {
    assertStatus(await c.get('/api/v1/session', { headers: { connection: 'close' } }), 200);
    assertStatus(await c.get(`/api/v1/members/${memberId}`, { headers: { connection: 'close' } }), 200);
  }
});
