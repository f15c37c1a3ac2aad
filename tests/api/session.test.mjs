// tests/api/session.test.mjs: logging in and out, cookies and CSRF, login limits, bearer tokens,
// password changes, language, security headers, 404/405. (The limits per client and account,
// the password rules and age, idle sessions and the list of sessions: auth_hardening.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, Client, as, DEMO_PASSWORD, ENGINE } from './lib/server.mjs';
import { assertError, assertStatus } from './lib/util.mjs';

let s;
before(async () => { s = await startServer({}); });
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const post = (path, body, headers = {}) =>
  fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

test('login answers user and csrf_token and sets an HttpOnly SameSite=Strict cookie', async () => {
  const r = await post('/api/v1/session', JSON.stringify({ username: 'gansu', password: DEMO_PASSWORD }));
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.user.username, 'gansu');
  assert.equal(j.user.role, 'secretariat');
  assert.equal(j.user.committee.name, '甘肃省政协');
  assert.ok(Array.isArray(j.user.permissions) && j.user.permissions.includes('member.write'));
  assert.equal(typeof j.csrf_token, 'string');
  assert.ok(j.csrf_token.length >= 20);
  assert.ok(!('password_hash' in j.user) && !('password' in j.user));
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^lvzhi_session=[^;]{20,};/);
  assert.match(cookie, /;\s*HttpOnly/i);
  assert.match(cookie, /;\s*SameSite=Strict/i);
  assert.match(cookie, /;\s*Path=\//);
  // the session works and tells the same CSRF token back
  const c = new Client(s.url);
  c.cookie = cookie.split(';')[0];
  const me = await c.get('/api/v1/session');
  assertStatus(me, 200);
  assert.equal(me.json.user.username, 'gansu');
  assert.equal(me.json.csrf_token, j.csrf_token);
});

test('wrong password → 401 bad_credentials; unknown user the same', async () => {
  let r = await new Client(s.url).post('/api/v1/session', { username: 'lanzhou', password: 'wrong-password-1' });
  assertError(r, 401, 'bad_credentials');
  assert.equal(r.headers.get('set-cookie'), null);
  r = await new Client(s.url).post('/api/v1/session', { username: 'nobody-here', password: 'wrong-password-1' });
  assertError(r, 401, 'bad_credentials');
});

test('missing or empty login fields → 422 invalid_field naming the field', async () => {
  const c = new Client(s.url);
  assertError(await c.post('/api/v1/session', { password: 'x' }), 422, 'invalid_field', 'username');
  assertError(await c.post('/api/v1/session', { username: 'gansu' }), 422, 'invalid_field', 'password');
  assertError(await c.post('/api/v1/session', { username: '', password: 'x' }), 422, 'invalid_field', 'username');
  assertError(await c.post('/api/v1/session', { username: 'gansu', password: '' }), 422, 'invalid_field', 'password');
  assertError(await c.post('/api/v1/session', { username: 5, password: 'x' }), 422, 'invalid_field');
  assertError(await c.post('/api/v1/session', {}), 422, 'invalid_field');
});

test('malformed JSON → 400 bad_json with line and column', async () => {
  const r = await post('/api/v1/session', '{\n  "username": "gansu",\n  "password": }');
  assert.equal(r.status, 400);
  const j = await r.json();
  assert.equal(j.error.code, 'bad_json');
  assert.equal(j.error.line, 3);
  assert.equal(typeof j.error.column, 'number');
  assert.ok(j.error.column > 0);
  assert.match(j.error.message, /3/);
  // a JSON value that is not an object, and an empty body
  let r2 = await post('/api/v1/session', '["gansu"]');
  assert.equal(r2.status, 400);
  assert.equal((await r2.json()).error.code, 'bad_json');
  r2 = await post('/api/v1/session', '{"username":"gansu","username":"admin","password":"x"}');
  assert.equal(r2.status, 400, 'duplicate keys');
  assert.equal((await r2.json()).error.code, 'bad_json');
  r2 = await post('/api/v1/session', '');
  assert.equal(r2.status, 400);
  assert.equal((await r2.json()).error.code, 'bad_json');
});

test('a body that is not JSON by content type → 415', async () => {
  const r = await fetch(`${s.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ username: 'gansu', password: DEMO_PASSWORD }),
  });
  assert.equal(r.status, 415);
  assert.equal((await r.json()).error.code, 'unsupported_media_type');
  assert.equal(r.headers.get('set-cookie'), null);
});

test('GET /session without a cookie → 401 unauthenticated; a made-up cookie too', async () => {
  assertError(await new Client(s.url).get('/api/v1/session'), 401, 'unauthenticated');
  const c = new Client(s.url);
  c.cookie = 'lvzhi_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await c.get('/api/v1/members'), 401, 'unauthenticated');
});

test('a cookie write without X-CSRF-Token → 403 csrf_failed and nothing changes; a wrong token too', async () => {
  const g = await as(s, 'gansu');
  const before = await g.get('/api/v1/sectors/21');
  assertStatus(before, 200);
  let r = await g.patch('/api/v1/sectors/21', { name_en: 'Changed' }, { csrf: false });
  assertError(r, 403, 'csrf_failed');
  r = await g.patch('/api/v1/sectors/21', { name_en: 'Changed' }, { csrf: false, headers: { 'x-csrf-token': 'not-the-token' } });
  assertError(r, 403, 'csrf_failed');
  r = await g.post('/api/v1/sectors', { name: '无令牌界别', committee_id: 2 }, { csrf: false });
  assertError(r, 403, 'csrf_failed');
  const tokensBefore = (await g.get('/api/v1/tokens')).json.items.length;
  r = await g.post('/api/v1/tokens', { name: 'no csrf' }, { csrf: false });
  assertError(r, 403, 'csrf_failed');
  // another session's token does not do either
  const other = await as(s, 'gansu');
  r = await g.patch('/api/v1/sectors/21', { name_en: 'Changed' }, { csrf: false, headers: { 'x-csrf-token': other.csrf } });
  assertError(r, 403, 'csrf_failed');
  // logging out is a write too
  r = await g.del('/api/v1/session', { csrf: false });
  assertError(r, 403, 'csrf_failed');
  assertStatus(await g.get('/api/v1/session'), 200, 'still logged in');
  const after = await g.get('/api/v1/sectors/21');
  assert.deepEqual(after.json, before.json);
  assert.equal((await g.get('/api/v1/sectors?q=无令牌界别')).json.total, 0);
  assert.equal((await g.get('/api/v1/tokens')).json.items.length, tokensBefore);
});

test('logout → 204, clears the cookie, and the old cookie no longer works', async () => {
  const c = await as(s, 'tian');
  const old = c.cookie;
  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 204);
  assert.match(r.headers.get('set-cookie'), /^lvzhi_session=;.*Max-Age=0/);
  const again = new Client(s.url);
  again.cookie = old;
  assertError(await again.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await again.get('/api/v1/members'), 401, 'unauthenticated');
});

test('5 wrong passwords for one account from one client → that client\'s 6th attempt, even right, is 429 with Retry-After', async () => {
  const c = new Client(s.url);
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/api/v1/session', { username: 'tianshui', password: `wrong-${i}-pass` });
    assertError(r, 401, 'bad_credentials');
  }
  const r = await c.post('/api/v1/session', { username: 'tianshui', password: DEMO_PASSWORD });
  assertError(r, 429, 'too_many_attempts');
  const ra = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(ra) && ra > 0 && ra <= 15 * 60, `Retry-After ${r.headers.get('retry-after')}`);
  assert.equal(r.json.error.retry_after, ra);
  assert.equal(r.headers.get('set-cookie'), null);
  // the wait is per client and account: this client logs another account in (other clients
  // logging in to this account: auth_hardening.test.mjs, which tells clients apart by address)
  await as(s, 'qilihe');
});

test('bearer tokens: create (lvz_…), use without CSRF, list, revoke → 401', async () => {
  const g = await as(s, 'gansu');
  const r = await g.post('/api/v1/tokens', { name: '集成测试' });
  assert.ok(r.status === 201 || r.status === 200, `${r.status} ${r.text}`);
  assert.match(r.json.token, /^lvz_[A-Za-z0-9_-]{30,}$/);
  assert.equal(r.json.name, '集成测试');
  const tid = r.json.id;
  const list = await g.get('/api/v1/tokens');
  assertStatus(list, 200);
  const listed = list.json.items.find((t) => t.id === tid);
  assert.ok(listed, 'the new token is listed');
  assert.ok(!JSON.stringify(list.json).includes(r.json.token), 'the list never shows the secret');

  const bearer = (method, path, body) => fetch(s.url + path, {
    method,
    headers: { authorization: `Bearer ${r.json.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  let b = await bearer('GET', '/api/v1/session');
  assert.equal(b.status, 200);
  const me = await b.json();
  assert.equal(me.user.username, 'gansu');
  assert.equal(me.csrf_token, null);
  // a write needs no CSRF header with a bearer token
  b = await bearer('PATCH', '/api/v1/sectors/22', { name_en: 'Agriculture (token)' });
  assert.equal(b.status, 403, 'gansu may not change a national sector');
  b = await bearer('POST', '/api/v1/sectors', { name: '令牌界别', committee_id: 2 });
  assert.equal(b.status, 201, await b.text());
  // lower-case scheme works too
  b = await fetch(`${s.url}/api/v1/session`, { headers: { authorization: `bearer ${r.json.token}` } });
  assert.equal(b.status, 200);
  // a made-up token does not
  b = await fetch(`${s.url}/api/v1/session`, { headers: { authorization: 'Bearer lvz_notarealtoken' } });
  assert.equal(b.status, 401);
  assert.equal((await b.json()).error.code, 'unauthenticated');

  // another user cannot revoke it
  const l = await as(s, 'lanzhou');
  assertError(await l.del(`/api/v1/tokens/${tid}`), 404, 'not_found');
  assert.equal((await bearer('GET', '/api/v1/session')).status, 200);

  const d = await g.del(`/api/v1/tokens/${tid}`);
  assert.equal(d.status, 204);
  b = await bearer('GET', '/api/v1/session');
  assert.equal(b.status, 401);
  assert.equal((await b.json()).error.code, 'unauthenticated');
  assert.ok(!(await g.get('/api/v1/tokens')).json.items.some((t) => t.id === tid));
  // revoking again: gone
  assertError(await g.del(`/api/v1/tokens/${tid}`), 404, 'not_found');
  // a token needs a name
  assertError(await g.post('/api/v1/tokens', {}), 422, 'invalid_field', 'name');
  assertError(await g.post('/api/v1/tokens', { name: 'x'.repeat(61) }), 422, 'invalid_field', 'name');
});

test('viewer and member accounts may not make API tokens (403)', async () => {
  const m = await as(s, 'member1');
  assertError(await m.post('/api/v1/tokens', { name: 'x' }), 403, 'forbidden');
});

test('password change: wrong current → 422; then the old password fails and the new one works', async () => {
  const c = await as(s, 'chengguan');
  const cookie = c.cookie;
  let r = await c.post('/api/v1/session/password', { current_password: 'not-my-password1', new_password: 'Neu-Passwort-2026' });
  assertError(r, 422, 'invalid_field', 'current_password');
  r = await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'short' });
  assertError(r, 422, 'invalid_field', 'new_password');
  r = await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD });
  assertError(r, 422, 'invalid_field');
  // the refused attempts changed nothing
  assertStatus(await c.get('/api/v1/session'), 200);
  r = await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'Neu-Passwort-2026' });
  assert.ok(r.status === 204 || r.status === 200, `${r.status} ${r.text}`);
  // every session of the account ends, this one included
  const old = new Client(s.url);
  old.cookie = cookie;
  assertError(await old.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await new Client(s.url).post('/api/v1/session', { username: 'chengguan', password: DEMO_PASSWORD }), 401, 'bad_credentials');
  const again = await as(s, 'chengguan', 'Neu-Passwort-2026');
  assert.equal(again.user.username, 'chengguan');
});

test('a password change whose transaction cannot begin → 500 internal, and nothing is written',
  { skip: ENGINE !== 'sqlite' && 'holds the SQLite file\'s write lock' }, async () => {
    const c = await as(s, 'member2');
    // another process holds the write lock longer than the server's busy timeout (5 s)
    const lock = spawn('sqlite3', [s.db], { stdio: ['pipe', 'pipe', 'inherit'] });
    const locked = new Promise((ok) => {
      let out = '';
      lock.stdout.on('data', (d) => { out += d; if (out.includes('locked')) ok(); });
    });
    lock.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
    await locked;
    let r;
    try {
      r = await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'Neu-Passwort-2026' });
    } finally {
      const exited = new Promise((ok) => lock.once('exit', ok));
      lock.stdin.end('ROLLBACK;\n');
      await exited;
    }
    assertError(r, 500, 'internal');
    // nothing changed: the session lives, the old password works, the new one does not
    assertStatus(await c.get('/api/v1/session'), 200);
    assertError(await new Client(s.url).post('/api/v1/session', { username: 'member2', password: 'Neu-Passwort-2026' }), 401, 'bad_credentials');
    assert.equal((await as(s, 'member2')).user.username, 'member2');
  });

test('a disabled account cannot log in and its sessions end', async () => {
  const a = await as(s, 'secadmin'); // the security administrator keeps the accounts
  const q = await as(s, 'qilihe');
  const users = await a.get('/api/v1/users?q=qilihe');
  const id = users.json.items.find((u) => u.username === 'qilihe').id;
  const cid = users.json.items.find((u) => u.username === 'qilihe').committee_id;
  const token = (await q.post('/api/v1/tokens', { name: 'before disabling' })).json.token;
  assert.match(token, /^lvz_/);
  // committee_id is sent along: a PATCH without it is refused for another reason (see members.test.mjs)
  assertStatus(await a.patch(`/api/v1/users/${id}`, { disabled: true, committee_id: cid }), 200);
  assertError(await q.get('/api/v1/session'), 401, 'unauthenticated');
  const b = await fetch(`${s.url}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(b.status, 401, 'the bearer token of a disabled account no longer works');
  assertError(await new Client(s.url).post('/api/v1/session', { username: 'qilihe', password: DEMO_PASSWORD }), 401, 'bad_credentials');
  assertStatus(await a.patch(`/api/v1/users/${id}`, { disabled: false, committee_id: cid }), 200);
  await as(s, 'qilihe');
  // nobody disables themselves (nor changes an administrator's account through the API at all)
  const self = a.user.id;
  assertError(await a.patch(`/api/v1/users/${self}`, { disabled: true, committee_id: a.user.committee.id }), 403, 'forbidden');
});

test('Accept-Language: en gives English messages; Chinese is the default', async () => {
  const en = new Client(s.url);
  en.lang = 'en-US,en;q=0.9';
  let r = await en.post('/api/v1/session', { username: 'viewer', password: 'bad-password-9' });
  assertError(r, 401, 'bad_credentials');
  assert.match(r.json.error.message, /^[\x20-\x7e]+$/, r.json.error.message);
  assert.match(r.json.error.message, /password/i);
  r = await new Client(s.url).post('/api/v1/session', { username: 'viewer', password: 'bad-password-9' });
  assert.match(r.json.error.message, /[\u4e00-\u9fff]/);
  r = await en.get('/api/v1/members');
  assertError(r, 401, 'unauthenticated');
  assert.match(r.json.error.message, /log in/i);
  r = await en.get('/api/v1/no-such-thing');
  assertError(r, 404, 'not_found');
  assert.match(r.json.error.message, /^[\x20-\x7e]+$/);
  // field errors too
  const g = await as(s, 'gansu');
  g.lang = 'en';
  r = await g.post('/api/v1/members', { name: '', gender: 'male', committee_id: 2 });
  assertError(r, 422, 'invalid_field', 'name');
  assert.match(r.json.error.message, /^[\x20-\x7e]+$/, r.json.error.message);
  assert.ok(r.json.error.errors.every((e) => /^[\x20-\x7e]+$/.test(e.message)), JSON.stringify(r.json.error.errors));
});

test('security headers on answers, errors included; a fresh x-request-id each time', async () => {
  const ids = new Set();
  for (const path of ['/api/v1/health', '/api/v1/members', '/api/v1/nope', '/metrics']) {
    const r = await fetch(s.url + path);
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, `CSP on ${path}`);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'self'/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(r.headers.get('referrer-policy'), `referrer-policy on ${path}`);
    const rid = r.headers.get('x-request-id');
    assert.ok(rid && rid.length >= 8, `x-request-id on ${path}`);
    ids.add(rid);
    await r.arrayBuffer();
  }
  assert.equal(ids.size, 4, 'request ids differ');
  const r = await fetch(`${s.url}/api/v1/health`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('unknown path → 404 and wrong method → 405 with Allow, both in the error envelope', async () => {
  const c = await as(s, 'viewer');
  let r = await c.get('/api/v1/does-not-exist');
  assertError(r, 404, 'not_found');
  r = await c.get('/api/v1/members/abc');
  assertError(r, 404, 'not_found');
  r = await c.get('/api/v1/members/0');
  assertError(r, 404, 'not_found');
  r = await c.request('PUT', '/api/v1/session');
  assertError(r, 405, 'method_not_allowed');
  const allow = r.headers.get('allow').split(/,\s*/).sort();
  assert.deepEqual(allow, ['DELETE', 'GET', 'POST']);
  r = await c.request('PUT', '/api/v1/members/1');
  assertError(r, 405, 'method_not_allowed');
  assert.deepEqual(r.headers.get('allow').split(/,\s*/).sort(), ['DELETE', 'GET', 'PATCH']);
  r = await new Client(s.url).request('DELETE', '/api/v1/health');
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
});

// last: it locks this address out of logging in
test('20 failed logins from one address → even another account with the right password gets 429', async () => {
  const c = new Client(s.url);
  let locked = false;
  for (let i = 0; i < 20 && !locked; i++) {
    const r = await c.post('/api/v1/session', { username: `ghost-${i}`, password: 'nope-nope-1' });
    assert.ok(r.status === 401 || r.status === 429, `${r.status} ${r.text}`);
    locked = r.status === 429;
  }
  const r = await c.post('/api/v1/session', { username: 'gansu', password: DEMO_PASSWORD });
  assertError(r, 429, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});
