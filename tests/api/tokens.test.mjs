// tests/api/tokens.test.mjs: API tokens (issue 15, defect 7). A token is revoked when its
// account's password changes or the account is disabled; it expires (90 days unless told, at
// most 365); it is read-only or read-write, and a read-only token is refused (403 token_scope)
// on every write; no token mints tokens or changes a password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, DEMO_PASSWORD, sql } from './lib/server.mjs';
import { assertError, assertStatus } from './lib/util.mjs';

let s;
before(async () => { s = await startServer({ contact: false, proposals: false, reports: false }); });
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/** A client of the API authenticated by a bearer token. */
const bearer = (token) => {
  const call = async (method, path, body) => {
    const res = await fetch(s.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b = {}) => call('POST', p, b),
    patch: (p, b) => call('PATCH', p, b),
    del: (p) => call('DELETE', p),
  };
};

async function mint(cl, body = {}) {
  const r = await cl.post('/api/v1/tokens', { name: '集成', ...body });
  assertStatus(r, 201, 'token');
  return r.json;
}

const DAY = 86400e3;

test('a token is created with a scope and an expiry: read_write and 90 days unless told, at most 365', async () => {
  const g = await as(s, 'gansu');
  const t0 = Date.now();
  const t = await mint(g);
  assert.equal(t.scope, 'read_write');
  const left = Date.parse(t.expires_at) - t0;
  assert.ok(Math.abs(left - 90 * DAY) < 120e3, `expires in ${left / DAY} days`);
  const ro = await mint(g, { scope: 'read_only', expires_in_days: 7 });
  assert.equal(ro.scope, 'read_only');
  assert.ok(Math.abs(Date.parse(ro.expires_at) - t0 - 7 * DAY) < 120e3, ro.expires_at);
  assert.ok(Math.abs(Date.parse((await mint(g, { expires_in_days: 365 })).expires_at) - t0 - 365 * DAY) < 120e3);
  // the list shows both, never the secret
  const list = (await g.get('/api/v1/tokens')).json.items;
  const listed = list.find((x) => x.id === ro.id);
  assert.equal(listed.scope, 'read_only');
  assert.equal(listed.expires_at, ro.expires_at);
  assert.ok(!JSON.stringify(list).includes(ro.token));
  // refusals
  assertError(await g.post('/api/v1/tokens', { name: 'x', expires_in_days: 366 }), 422, 'invalid_field', 'expires_in_days');
  assertError(await g.post('/api/v1/tokens', { name: 'x', expires_in_days: 0 }), 422, 'invalid_field', 'expires_in_days');
  assertError(await g.post('/api/v1/tokens', { name: 'x', expires_in_days: '30' }), 422, 'invalid_field', 'expires_in_days');
  assertError(await g.post('/api/v1/tokens', { name: 'x', scope: 'admin' }), 422, 'invalid_field', 'scope');
  assertError(await g.post('/api/v1/tokens', { name: 'x', colour: 1 }), 422, 'invalid_field', 'colour');
});

test('a read-only token reads and is refused every write (403 token_scope)', async () => {
  const g = await as(s, 'gansu');
  const ro = bearer((await mint(g, { scope: 'read_only' })).token);
  assertStatus(await ro.get('/api/v1/session'), 200);
  assertStatus(await ro.get('/api/v1/members?limit=1'), 200);
  assertError(await ro.post('/api/v1/sectors', { name: '只读令牌界别', committee_id: 2 }), 403, 'token_scope');
  assertError(await ro.patch('/api/v1/sectors/22', { name_en: 'x' }), 403, 'token_scope');
  assertError(await ro.del('/api/v1/session'), 403, 'token_scope');
  // a read-write token of the same account writes
  const rw = bearer((await mint(g)).token);
  assertStatus(await rw.post('/api/v1/sectors', { name: '读写令牌界别', committee_id: 2 }), 201);
});

test('a token may not mint tokens nor change a password (403 token_scope)', async () => {
  const g = await as(s, 'lanzhou');
  const rw = bearer((await mint(g)).token);
  assertError(await rw.post('/api/v1/tokens', { name: '令牌生令牌' }), 403, 'token_scope');
  assertError(await rw.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'Token-Changed-2026' }), 403, 'token_scope');
  // nothing changed: the password still logs in
  await as(s, 'lanzhou');
  // nor through the users' routes: the security administrator, who keeps the accounts, has no
  // tokens at all, and the system administrator's token does not reach the accounts
  const sa = await as(s, 'secadmin');
  assertError(await sa.post('/api/v1/tokens', { name: 'x' }), 403, 'forbidden');
  const a = await as(s, 'admin');
  const admin = bearer((await mint(a)).token);
  const other = (await sa.get('/api/v1/users?q=viewer')).json.items.find((u) => u.username === 'viewer');
  assertError(await admin.patch(`/api/v1/users/${other.id}`, { password: 'Token-Changed-2026', committee_id: other.committee_id }), 403, 'forbidden');
  await as(s, 'viewer');
  // it may still revoke itself
  const self = await mint(g, { name: '自我吊销' });
  assert.equal((await bearer(self.token).del(`/api/v1/tokens/${self.id}`)).status, 204);
  assertError(await bearer(self.token).get('/api/v1/session'), 401, 'unauthenticated');
});

test('a password change revokes the account\'s tokens', async () => {
  const c = await as(s, 'chengguan');
  const t = await mint(c);
  const b = bearer(t.token);
  assertStatus(await b.get('/api/v1/session'), 200);
  assert.equal((await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'Neu-Passwort-2026' })).status, 204);
  assertError(await b.get('/api/v1/session'), 401, 'unauthenticated');
  const again = await as(s, 'chengguan', 'Neu-Passwort-2026');
  assert.ok(!(await again.get('/api/v1/tokens')).json.items.some((x) => x.id === t.id), 'a revoked token is not listed');
  // so does the security administrator's reset
  const t2 = await mint(again);
  const a = await as(s, 'secadmin');
  assertStatus(await a.patch(`/api/v1/users/${again.user.id}`, { password: 'Zweites-Passwort-2026', committee_id: again.user.committee.id }), 200);
  assertError(await bearer(t2.token).get('/api/v1/session'), 401, 'unauthenticated');
});

test('disabling an account revokes its tokens: enabling it again does not bring them back', async () => {
  const a = await as(s, 'secadmin');
  const t = await as(s, 'tian');
  const tok = await mint(t);
  assertStatus(await bearer(tok.token).get('/api/v1/session'), 200);
  const body = { committee_id: t.user.committee.id };
  assertStatus(await a.patch(`/api/v1/users/${t.user.id}`, { ...body, disabled: true }), 200);
  assertError(await bearer(tok.token).get('/api/v1/session'), 401, 'unauthenticated');
  assertStatus(await a.patch(`/api/v1/users/${t.user.id}`, { ...body, disabled: false }), 200);
  await as(s, 'tian');
  assertError(await bearer(tok.token).get('/api/v1/session'), 401, 'unauthenticated');
});

test('an expired token no longer authenticates', async () => {
  const g = await as(s, 'gansu');
  const t = await mint(g, { expires_in_days: 1 });
  const b = bearer(t.token);
  assertStatus(await b.get('/api/v1/session'), 200);
  sql(s.db, `UPDATE api_tokens SET expires_at = ${Math.floor(Date.now() / 1000) - 1} WHERE id = ${t.id}`);
  assertError(await b.get('/api/v1/session'), 401, 'unauthenticated');
});
