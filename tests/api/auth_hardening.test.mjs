// tests/api/auth_hardening.test.mjs: logins slowed per client and per account without a lock
// (issue 15, defect 5), the account managers told once, the password rules on every path, the
// password's age, the idle timeout, the last login, and one's own sessions listed and ended
// (等保 2.0 level 3). The server trusts X-Forwarded-For from 127.0.0.1, as behind the
// documented proxy, so each test's clients have addresses of their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, lvzhi, sql, DEMO_PASSWORD } from './lib/server.mjs';
import { assertError, assertStatus } from './lib/util.mjs';

let s;
before(async () => { s = await startServer({ contact: false, proposals: false, reports: false, args: ['--trusted-proxies', '127.0.0.1, ::1'] }); });
after(async () => { assert.equal(await s.close(), 0, s.logs().slice(-3000)); });

/** A login from the client at ip (behind the proxy), with a device cookie if given. */
async function loginFrom(ip, username, password, { device, ua } = {}) {
  const c = new Client(s.url);
  const headers = { 'x-forwarded-for': ip };
  if (device) headers.cookie = device;
  if (ua) headers['user-agent'] = ua;
  const r = await c.post('/api/v1/session', { username, password }, { headers });
  if (r.status === 200) {
    c.csrf = r.json.csrf_token;
    c.user = r.json.user;
  }
  return { r, c };
}

/** The device cookie ("lvzhi_device=…") a login answer set. */
function deviceCookie(r) {
  const set = r.headers.getSetCookie().find((v) => v.startsWith('lvzhi_device='));
  assert.ok(set, `no device cookie in ${r.headers.getSetCookie()}`);
  assert.match(set, /HttpOnly/i);
  assert.match(set, /SameSite=Strict/i);
  assert.match(set, /Path=\/api\/v1\/session/);
  return set.split(';')[0];
}

let secadmin;
let unique = 0;
/** A committee id by name. */
async function committee(name) {
  secadmin ??= await as(s, 'secadmin');
  const r = await secadmin.get(`/api/v1/committees?q=${encodeURIComponent(name)}&limit=5`);
  const c = r.json.items.find((x) => x.name === name);
  assert.ok(c, `committee ${name}`);
  return c.id;
}
/** A new viewer account at committee cid with a password that keeps the rules. */
async function newUser(cid) {
  secadmin ??= await as(s, 'secadmin');
  const username = `hard${unique++}`;
  const password = `Pass-${unique}-Word`;
  const r = await secadmin.post('/api/v1/users', { username, password, role: 'viewer', committee_id: cid });
  assertStatus(r, 201, 'create user');
  return { id: r.json.id, username, password };
}

test('an attacker\'s failures from one client do not stop the owner logging in from another; the client gets 429 with Retry-After', async () => {
  for (let i = 0; i < 5; i++) {
    const { r } = await loginFrom('203.0.113.66', 'tianshui', `Wrong-${i}-guess`);
    assertError(r, 401, 'bad_credentials');
  }
  // the attacker's client must wait, even with the right password: a 429, not a lock
  const { r } = await loginFrom('203.0.113.66', 'tianshui', DEMO_PASSWORD);
  const e = assertError(r, 429, 'too_many_attempts');
  const ra = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(ra) && ra > 0 && ra <= 15 * 60, `Retry-After ${r.headers.get('retry-after')}`);
  assert.equal(e.retry_after, ra);
  assert.match(e.message, /秒|分钟/);
  assert.equal(r.headers.get('set-cookie'), null);
  // asking again while told to wait does not make the wait longer
  const again = await loginFrom('203.0.113.66', 'tianshui', 'Wrong-x-guess');
  assertError(again.r, 429, 'too_many_attempts');
  assert.ok(Number(again.r.headers.get('retry-after')) <= ra);
  // the owner, from another client, logs in at once
  const owner = await loginFrom('198.51.100.7', 'tianshui', DEMO_PASSWORD);
  assertStatus(owner.r, 200, 'the owner from another client');
});

test('guesses from many addresses slow new clients of the account, not the owner\'s browser; the managers are told once', async () => {
  // the owner logged in from this browser before: it keeps the device cookie
  const first = await loginFrom('198.51.100.20', 'lanzhou', DEMO_PASSWORD);
  assertStatus(first.r, 200);
  const device = deviceCookie(first.r);
  // a browser that logged another account in
  const otherDevice = deviceCookie((await loginFrom('198.51.100.23', 'chengguan', DEMO_PASSWORD)).r);
  secadmin ??= await as(s, 'secadmin');
  const told = async () => (await secadmin.get('/api/v1/notifications?limit=200')).json.items
    .filter((n) => n.kind === 'login_failures' && n.title.includes('lanzhou'));
  assert.equal((await told()).length, 0);
  // one guess from each of 14 addresses: no address nor pair reaches its own limit
  let statuses = [];
  for (let i = 0; i < 14; i++) statuses.push((await loginFrom(`192.0.2.${i + 10}`, 'lanzhou', `Guess-${i}-pw`)).r.status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.ok(statuses.slice(10).every((x) => x === 429), statuses.join(' '));
  // a client the account never logged in from is slowed, whatever other device cookie it has ...
  const fresh = await loginFrom('198.51.100.21', 'lanzhou', DEMO_PASSWORD);
  assertError(fresh.r, 429, 'too_many_attempts');
  assert.ok(Number(fresh.r.headers.get('retry-after')) <= 300);
  assertError((await loginFrom('198.51.100.23', 'lanzhou', DEMO_PASSWORD, { device: otherDevice })).r, 429, 'too_many_attempts');
  // ... the owner's browser is not, from any address
  const back = await loginFrom('198.51.100.22', 'lanzhou', DEMO_PASSWORD, { device });
  assertStatus(back.r, 200, 'the owner\'s browser');
  // another account is not slowed
  assertStatus((await loginFrom('198.51.100.21', 'qilihe', DEMO_PASSWORD)).r, 200);
  // the administrators were told once, naming the account
  const notes = await told();
  assert.equal(notes.length, 1, JSON.stringify(notes));
  assert.match(notes[0].body, /lanzhou/);
  assert.match(notes[0].body, /不会锁定/);
  // more failures in the same window tell nobody again
  await loginFrom('192.0.2.99', 'lanzhou', 'Guess-again-1', { device });
  await loginFrom('192.0.2.98', 'lanzhou', 'Guess-again-2');
  assert.equal((await told()).length, 1);
});

test('a username no account can have is refused before anything is counted or kept', async () => {
  const { r } = await loginFrom('198.51.100.5', 'x'.repeat(65), 'Whatever-1');
  assertError(r, 422, 'invalid_field', 'username');
  const { r: ok } = await loginFrom('198.51.100.5', 'x'.repeat(64), 'Whatever-1');
  assertError(ok, 401, 'bad_credentials');
});

test('the password change counts a wrong current password as a failed login (429 with Retry-After)', async () => {
  const { c } = await loginFrom('198.51.100.30', 'qilihe', DEMO_PASSWORD);
  const h = { headers: { 'x-forwarded-for': '198.51.100.30' } };
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/api/v1/session/password', { current_password: `Not-mine-${i}`, new_password: 'Fresh-Pass-2026' }, h);
    assertError(r, 422, 'invalid_field', 'current_password');
  }
  const r = await c.post('/api/v1/session/password', { current_password: DEMO_PASSWORD, new_password: 'Fresh-Pass-2026' }, h);
  assertError(r, 429, 'too_many_attempts');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // nothing changed: the session lives and the old password still works elsewhere
  assertStatus(await c.get('/api/v1/session', h), 200);
  assertStatus((await loginFrom('198.51.100.31', 'qilihe', DEMO_PASSWORD)).r, 200);
});

test('password rules on the API: length, three classes, not the user name; the message says which rule', async () => {
  secadmin ??= await as(s, 'secadmin');
  const cid = await committee('兰州市政协');
  const base = { role: 'viewer', committee_id: cid };
  const cases = [
    ['Ab1-x', /8/],
    ['abcdefgh1', /三类/],
    ['ABCDEF-GH', /三类/],
    ['Rules-user-2026', /用户名/],
    ['2026-RULES-USER!', /用户名/],
  ];
  for (const [password, msg] of cases) {
    const e = assertError(await secadmin.post('/api/v1/users', { ...base, username: 'rules-user', password }), 422, 'invalid_field', 'password');
    assert.match(e.message, msg, `${password}: ${e.message}`);
  }
  secadmin.lang = 'en';
  const en = assertError(await secadmin.post('/api/v1/users', { ...base, username: 'rules-user', password: 'abcdefgh1' }), 422, 'invalid_field', 'password');
  assert.match(en.message, /three/);
  secadmin.lang = null;
  assert.equal((await secadmin.get('/api/v1/users?q=rules-user')).json.total, 0, 'nothing created');
  // a reset by the administrator keeps the rules too
  const u = await newUser(cid);
  assertError(await secadmin.patch(`/api/v1/users/${u.id}`, { password: 'lowercase-only', committee_id: cid }), 422, 'invalid_field', 'password');
  assertError(await secadmin.patch(`/api/v1/users/${u.id}`, { password: `Is-${u.username}-2026`, committee_id: cid }), 422, 'invalid_field', 'password');
  assertStatus((await loginFrom('198.51.100.40', u.username, u.password)).r, 200, 'the old password still works');
  // and one's own change: the rules, and not the same password again
  const { c } = await loginFrom('198.51.100.41', u.username, u.password);
  const h = { headers: { 'x-forwarded-for': '198.51.100.41' } };
  let e = assertError(await c.post('/api/v1/session/password', { current_password: u.password, new_password: 'abcdefgh' }, h), 422, 'invalid_field', 'new_password');
  assert.match(e.message, /三类/);
  e = assertError(await c.post('/api/v1/session/password', { current_password: u.password, new_password: `X-${u.username}-9` }, h), 422, 'invalid_field', 'new_password');
  assert.match(e.message, /用户名/);
  e = assertError(await c.post('/api/v1/session/password', { current_password: u.password, new_password: u.password }, h), 422, 'invalid_field', 'new_password');
  assert.match(e.message, /相同/);
  assertStatus(await c.get('/api/v1/session', h), 200, 'refused changes changed nothing');
});

test('password rules on the command line: user add and user passwd refuse a weak password, saying why', async () => {
  const run = (args, input) => {
    try {
      return { code: 0, out: lvzhi([...args, '--db', s.db], { input }) };
    } catch (e) {
      return { code: e.status, out: String(e.stdout), err: String(e.stderr) };
    }
  };
  let r = run(['user', 'add', 'cli-weak', '--role', 'viewer', '--password-stdin'], 'weakpassword\n');
  assert.equal(r.code, 1, r.out);
  assert.match(r.err, /三类/);
  r = run(['user', 'add', 'cli-weak', '--role', 'viewer', '--password-stdin'], 'Cli-Weak-2026\n');
  assert.equal(r.code, 1, r.out);
  assert.match(r.err, /用户名/);
  r = run(['user', 'add', 'cli-strong', '--role', 'viewer', '--password-stdin'], 'Strong-Pass-2026\n');
  assert.equal(r.code, 0, r.err);
  assertStatus((await loginFrom('198.51.100.50', 'cli-strong', 'Strong-Pass-2026')).r, 200);
  r = run(['user', 'passwd', 'cli-strong', '--password-stdin'], 'short1A\n');
  assert.equal(r.code, 1, r.out);
  assert.match(r.err, /8/);
  assertStatus((await loginFrom('198.51.100.50', 'cli-strong', 'Strong-Pass-2026')).r, 200, 'unchanged');
  // a generated password keeps the rules
  r = run(['user', 'passwd', 'cli-strong']);
  assert.equal(r.code, 0, r.err);
  const pw = /：(\S+)\s*$/.exec(r.out)[1];
  assertStatus((await loginFrom('198.51.100.50', 'cli-strong', pw)).r, 200);
});

test('an expired password lets the user log in only to change it', async () => {
  const cid = await committee('秦州区政协');
  const u = await newUser(cid);
  secadmin ??= await as(s, 'secadmin');
  // no expiry by default
  const set = await secadmin.get(`/api/v1/committees/${cid}/security-settings`);
  assertStatus(set, 200);
  assert.equal(set.json.password_max_age_days, 0);
  assert.equal(set.json.session_idle_minutes, 30);
  assertError(await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { password_max_age_days: -1 } }), 422, 'invalid_field', 'password_max_age_days');
  assertStatus(await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { password_max_age_days: 30 } }), 200);
  // a password set 29 days ago is fine; one set 31 days ago has expired
  sql(s.db, `UPDATE users SET password_changed_at = password_changed_at - 29 * 86400 WHERE id = ${u.id}`);
  let { r, c } = await loginFrom('198.51.100.60', u.username, u.password);
  assertStatus(r, 200);
  assert.equal(r.json.must_change_password, false);
  assert.ok(Date.parse(r.json.password_expires_at) > Date.now());
  sql(s.db, `UPDATE users SET password_changed_at = password_changed_at - 2 * 86400 WHERE id = ${u.id}`);
  ({ r, c } = await loginFrom('198.51.100.60', u.username, u.password));
  assertStatus(r, 200);
  assert.equal(r.json.must_change_password, true);
  assert.ok(Date.parse(r.json.password_expires_at) <= Date.now());
  const h = { headers: { 'x-forwarded-for': '198.51.100.60' } };
  // everything else answers 403 password_expired until it is changed
  const e = assertError(await c.get('/api/v1/members?limit=1', h), 403, 'password_expired');
  assert.match(e.message, /修改密码/);
  assertError(await c.get('/api/v1/committees', h), 403, 'password_expired');
  // what it needs to change it still works
  const me = await c.get('/api/v1/session', h);
  assertStatus(me, 200);
  assert.equal(me.json.must_change_password, true);
  assertStatus(await c.get('/api/v1/labels', h), 200);
  assertStatus(await c.get('/api/v1/sessions', h), 200);
  assertStatus(await c.post('/api/v1/session/password', { current_password: u.password, new_password: 'Renewed-Pass-2026' }, h), 204);
  ({ r, c } = await loginFrom('198.51.100.60', u.username, 'Renewed-Pass-2026'));
  assertStatus(r, 200);
  assert.equal(r.json.must_change_password, false);
  assertStatus(await c.get('/api/v1/members?limit=1', h), 200);
  assertStatus(await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { password_max_age_days: null } }), 200);
});

test('a session idle for its timeout ends (30 minutes by default, a setting)', async () => {
  const cid = await committee('麦积区政协');
  const u = await newUser(cid);
  const h = { headers: { 'x-forwarded-for': '198.51.100.70' } };
  const sessionId = async (c) => (await c.get('/api/v1/sessions', h)).json.items.find((x) => x.current).id;
  const idleFor = (id, seconds) => sql(s.db, `UPDATE sessions SET last_seen_at = last_seen_at - ${seconds} WHERE id = ${id}`);
  // the default: 29 minutes idle is fine (and the request counts as activity), 31 are not
  let { r, c } = await loginFrom('198.51.100.70', u.username, u.password);
  assert.equal(r.json.idle_timeout_minutes, 30);
  let id = await sessionId(c);
  idleFor(id, 29 * 60);
  assertStatus(await c.get('/api/v1/session', h), 200);
  idleFor(id, 29 * 60);
  assertStatus(await c.get('/api/v1/session', h), 200, 'the last request restarted the clock');
  idleFor(id, 31 * 60);
  assertError(await c.get('/api/v1/session', h), 401, 'unauthenticated');
  // a committee's own timeout applies to the sessions begun after it
  assertStatus(await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { session_idle_minutes: 5 } }), 200);
  ({ r, c } = await loginFrom('198.51.100.70', u.username, u.password));
  assert.equal(r.json.idle_timeout_minutes, 5);
  id = await sessionId(c);
  idleFor(id, 4 * 60);
  assertStatus(await c.get('/api/v1/members?limit=1', h), 200);
  idleFor(id, 6 * 60);
  assertError(await c.get('/api/v1/members?limit=1', h), 401, 'unauthenticated');
  assertStatus(await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { session_idle_minutes: null } }), 200);
});

test('the last login\'s time and address are told after logging in and by GET /session', async () => {
  const cid = await committee('城关区政协');
  const u = await newUser(cid);
  let { r } = await loginFrom('198.51.100.81', u.username, u.password);
  assertStatus(r, 200);
  assert.equal(r.json.last_login, null, 'the first login has none');
  const t1 = Date.now();
  await new Promise((ok) => setTimeout(ok, 1100));
  let c;
  ({ r, c } = await loginFrom('198.51.100.82', u.username, u.password));
  assert.equal(r.json.last_login.ip, '198.51.100.81');
  assert.ok(Math.abs(Date.parse(r.json.last_login.at) - t1) < 3000, r.json.last_login.at);
  const me = await c.get('/api/v1/session', { headers: { 'x-forwarded-for': '198.51.100.82' } });
  assert.deepEqual(me.json.last_login, r.json.last_login);
});

test('one\'s sessions are listed and can be ended, one or all the others; nobody else\'s', async () => {
  const cid = await committee('七里河区政协');
  const u = await newUser(cid);
  const a = await loginFrom('198.51.100.91', u.username, u.password, { ua: 'Browser-A/1.0' });
  const b = await loginFrom('198.51.100.92', u.username, u.password, { ua: 'Browser-B/2.0' });
  const ha = { headers: { 'x-forwarded-for': '198.51.100.91' } };
  const list = await a.c.get('/api/v1/sessions', ha);
  assertStatus(list, 200);
  assert.equal(list.json.items.length, 2);
  const mine = list.json.items.find((x) => x.current);
  const theirs = list.json.items.find((x) => !x.current);
  assert.equal(mine.ip, '198.51.100.91');
  assert.equal(mine.user_agent, 'Browser-A/1.0');
  assert.equal(theirs.ip, '198.51.100.92');
  assert.equal(theirs.user_agent, 'Browser-B/2.0');
  for (const k of ['created_at', 'last_seen_at', 'expires_at', 'idle_expires_at']) assert.ok(Date.parse(mine[k]), k);
  assert.ok(!JSON.stringify(list.json).includes(a.c.cookie.split('=')[1]), 'no token in the list');
  // another account cannot see or end them
  const other = await loginFrom('198.51.100.93', 'chengguan', DEMO_PASSWORD);
  assertError(await other.c.del(`/api/v1/sessions/${theirs.id}`, { headers: { 'x-forwarded-for': '198.51.100.93' } }), 404, 'not_found');
  assert.ok(!(await other.c.get('/api/v1/sessions')).json.items.some((x) => x.id === theirs.id));
  assertStatus(await b.c.get('/api/v1/session'), 200);
  // A ends B: B's cookie no longer opens anything
  assertStatus(await a.c.del(`/api/v1/sessions/${theirs.id}`, ha), 204);
  assertError(await b.c.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await a.c.del(`/api/v1/sessions/${theirs.id}`, ha), 404, 'not_found');
  assertStatus(await a.c.get('/api/v1/session', ha), 200);
  // log out the others: C and D end, A stays
  const c2 = await loginFrom('198.51.100.94', u.username, u.password);
  const d2 = await loginFrom('198.51.100.95', u.username, u.password);
  const out = await a.c.post('/api/v1/sessions/revoke-others', undefined, ha);
  assertStatus(out, 200);
  assert.equal(out.json.revoked, 2);
  assertError(await c2.c.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await d2.c.get('/api/v1/session'), 401, 'unauthenticated');
  assertStatus(await a.c.get('/api/v1/session', ha), 200);
  assert.equal((await a.c.get('/api/v1/sessions', ha)).json.items.length, 1);
  // ending one's own current session logs out
  const cookie = a.c.cookie;
  const r = await a.c.del(`/api/v1/sessions/${mine.id}`, ha);
  assertStatus(r, 204);
  assert.match(r.headers.get('set-cookie'), /^lvzhi_session=;.*Max-Age=0/);
  a.c.cookie = cookie;
  assertError(await a.c.get('/api/v1/session', ha), 401, 'unauthenticated');
  // the audit log has the ends
  const log = await (await as(s, 'auditor')).get('/api/v1/audit?entity=session&limit=100');
  assert.ok(log.json.items.some((x) => x.action === 'revoke' && x.entity_id === theirs.id), 'revoke audited');
});
