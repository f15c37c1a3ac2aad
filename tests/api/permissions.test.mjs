// tests/api/permissions.test.mjs: roles × routes, and committee scope (a county sees its own
// county, a city its counties, nobody its siblings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, lvzhi } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, csv, exportFile, listAll, newId, ROSTER_HEADER } from './lib/util.mjs';

let s;
const c = {};   // clients by account
const cid = {}; // committee ids by short name
const mid = {}; // a member id of each committee

before(async () => {
  s = await startServer({});
  for (const u of ['admin', 'secadmin', 'auditor', 'gansu', 'lanzhou', 'chengguan', 'tian', 'viewer', 'member1', 'tianshui']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协'],
    ['qilihe', '七里河区政协'], ['tianshui', '天水市政协']]) cid[k] = await committeeId(c.admin, name);
  for (const k of Object.keys(cid)) {
    const r = await c.admin.get(`/api/v1/members?committee_id=${cid[k]}&limit=500`);
    const m = r.json.items.find((x) => x.committee_id === cid[k] && x.id !== c.member1.user.member_id);
    assert.ok(m, `a member of ${k}`);
    mid[k] = m.id;
  }
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

function memberBody(committee) {
  const p = newId({ male: true });
  return { name: '权限测试', gender: 'male', committee_id: committee, id_number: p.id, birth_date: p.birth };
}

let unique = 0;
function rosterCsv(committeeName) {
  const p = newId({ male: false });
  return csv([ROSTER_HEADER, [`导入${unique++}`, '女', '汉族', p.birth, p.id, committeeName, '', '', '', '', '否', '13', '', '', '在任']]);
}

// What each role may do, by route; ok is the status of an allowed request.
const ROLES = {
  // 三员分立: the system administrator keeps the records, not the accounts nor the audit log;
  // the security administrator the accounts, no records; the audit administrator reads the log
  admin: { committee: 'province', allow: ['GET /members', 'POST /members', 'PATCH /members/{id}', 'POST /members/import', 'POST /members/{id}/id-number/reveal', 'POST /committees', 'GET /committees'] },
  secadmin: { committee: 'province', allow: ['GET /users', 'POST /users', 'GET /committees'] },
  auditor: { committee: 'province', allow: ['GET /audit', 'GET /committees'] },
  gansu: { committee: 'province', allow: ['GET /members', 'POST /members', 'PATCH /members/{id}', 'POST /members/import', 'POST /members/{id}/id-number/reveal', 'GET /users', 'POST /committees', 'GET /committees'] },
  chengguan: { committee: 'chengguan', allow: ['GET /members', 'POST /members', 'PATCH /members/{id}', 'POST /members/import', 'POST /members/{id}/id-number/reveal', 'GET /users', 'POST /committees', 'GET /committees'] },
  tian: { committee: 'province', allow: ['GET /members', 'GET /committees'] },
  viewer: { committee: 'province', allow: ['GET /members', 'GET /committees'] },
  member1: { committee: 'province', allow: ['GET /members', 'GET /committees'] },
};

const ROUTES = {
  'GET /members': (cl) => cl.get('/api/v1/members'),
  'POST /members': (cl, k) => cl.post('/api/v1/members', memberBody(cid[k])),
  'PATCH /members/{id}': (cl, k) => cl.patch(`/api/v1/members/${mid[k]}`, { occupation: '改过的职务', committee_id: cid[k] }),
  'POST /members/import': (cl, k) => cl.post('/api/v1/members/import', rosterCsv(k === 'chengguan' ? '城关区政协' : '甘肃省政协'),
    { headers: { 'content-type': 'text/csv' } }),
  'POST /members/{id}/id-number/reveal': (cl, k) => cl.post(`/api/v1/members/${mid[k]}/id-number/reveal`),
  'GET /users': (cl) => cl.get('/api/v1/users'),
  'POST /users': (cl, k) => cl.post('/api/v1/users', { username: `perm-${unique++}`, password: 'Secret-2026', role: 'viewer', committee_id: cid[k] }),
  'GET /audit': (cl) => cl.get('/api/v1/audit'),
  // a county has no level below it: its secretariat may still write committees, just not outside its scope
  'POST /committees': (cl, k) => cl.post('/api/v1/committees', k === 'chengguan'
    ? { name: `越界县${unique++}`, parent_id: cid.lanzhou, level: 'county' }
    : { name: `新县区${unique++}`, parent_id: cid.lanzhou, level: 'county' }),
  'GET /committees': (cl) => cl.get('/api/v1/committees'),
};
const OK = { 'GET /members': 200, 'POST /members': 201, 'PATCH /members/{id}': 200, 'POST /members/import': 200,
  'POST /members/{id}/id-number/reveal': 200, 'GET /users': 200,
  'POST /users': 201, 'GET /audit': 200, 'POST /committees': 201, 'GET /committees': 200 };

for (const [user, role] of Object.entries(ROLES)) {
  for (const route of Object.keys(ROUTES)) {
    const allowed = role.allow === 'all' || role.allow.includes(route);
    let want = allowed ? OK[route] : 403;
    let code = allowed ? undefined : 'forbidden';
    if (user === 'chengguan' && route === 'POST /committees') { want = 403; code = 'forbidden_scope'; }
    test(`${user}: ${route} → ${want}`, async () => {
      const r = await ROUTES[route](c[user], role.committee);
      if (want >= 400) assertError(r, want, code);
      else assertStatus(r, want, `${user} ${route}`);
    });
  }
}

test('member1: reads its own member record only; the list holds only itself', async () => {
  const m = c.member1;
  const own = m.user.member_id;
  assert.ok(own > 0);
  assertStatus(await m.get(`/api/v1/members/${own}`), 200);
  assertError(await m.get(`/api/v1/members/${mid.province}`), 404, 'not_found');
  assertError(await m.get(`/api/v1/members/${mid.chengguan}`), 404, 'not_found');
  const list = await m.get('/api/v1/members');
  assertStatus(list, 200);
  assert.deepEqual(list.json.items.map((x) => x.id), [own]);
  assert.equal(list.json.total, 1);
  const f = await m.get(`/api/v1/members?committee_id=${cid.province}&limit=500`);
  assert.deepEqual(f.json.items.map((x) => x.id), [own]);
  // not even its own record may it change
  assertError(await m.patch(`/api/v1/members/${own}`, { phone: '13900000000' }), 403, 'forbidden');
  assertError(await m.del(`/api/v1/members/${own}`), 403, 'forbidden');
  // an export is the same list
  const e = { text: await (await exportFile(m, '/api/v1/members/export?format=csv')).text() };
  assert.equal(e.text.trim().split('\r\n').length, 2, e.text);
});

test('a handling_unit account made through the API gets 403 on members, 200 on org reads', async () => {
  const units = await c.secadmin.get(`/api/v1/units?committee_id=${cid.province}`);
  const unit = units.json.items.find((u) => u.committee_id === cid.province);
  assert.ok(unit);
  // a handling-unit account must name its unit
  assertError(await c.secadmin.post('/api/v1/users', { username: 'unit-no-unit', password: 'Secret-2026', role: 'handling_unit', committee_id: cid.province }),
    422, 'invalid_field', 'unit_id');
  const r = await c.secadmin.post('/api/v1/users', { username: 'unit-office', display_name: unit.name, password: 'Secret-2026',
    role: 'handling_unit', committee_id: cid.province, unit_id: unit.id });
  assertStatus(r, 201);
  assert.equal(r.json.unit_id, unit.id);
  assert.ok(!('password' in r.json) && !('password_hash' in r.json), 'no password in the answer');
  const u = await as(s, 'unit-office', 'Secret-2026');
  assert.equal(u.user.role, 'handling_unit');
  assert.equal(u.user.unit_id, unit.id);
  assertError(await u.get('/api/v1/members'), 403, 'forbidden');
  assertError(await u.get(`/api/v1/members/${mid.province}`), 403, 'forbidden');
  assertError(await u.get('/api/v1/users'), 403, 'forbidden');
  assertStatus(await u.get('/api/v1/committees'), 200);
  assertStatus(await u.get('/api/v1/units'), 200);
  assertError(await u.post('/api/v1/units', { name: '自建单位', committee_id: cid.province }), 403, 'forbidden');
});

test('a member account must name its member', async () => {
  assertError(await c.secadmin.post('/api/v1/users', { username: 'member-nobody', password: 'Secret-2026', role: 'member', committee_id: cid.province }),
    422, 'invalid_field', 'member_id');
});

test('chengguan: 404 for members of 七里河区 and 甘肃省政协, 200 for its own', async () => {
  const cg = c.chengguan;
  assertError(await cg.get(`/api/v1/members/${mid.qilihe}`), 404, 'not_found');
  assertError(await cg.get(`/api/v1/members/${mid.province}`), 404, 'not_found');
  assertError(await cg.get(`/api/v1/members/${mid.lanzhou}`), 404, 'not_found');
  const own = await cg.get(`/api/v1/members/${mid.chengguan}`);
  assertStatus(own, 200);
  assert.equal(own.json.committee_id, cid.chengguan);
  // nor may it change or delete what it cannot see
  const before = (await c.admin.get(`/api/v1/members/${mid.qilihe}`)).json;
  assertError(await cg.patch(`/api/v1/members/${mid.qilihe}`, { occupation: '越权', committee_id: cid.qilihe }), 404, 'not_found');
  assertError(await cg.del(`/api/v1/members/${mid.qilihe}`), 404, 'not_found');
  assert.deepEqual((await c.admin.get(`/api/v1/members/${mid.qilihe}`)).json, before);
});

test('chengguan: its member list holds only 城关区 members, over every page', async () => {
  const all = await listAll(c.chengguan, '/api/v1/members', 3);
  assert.ok(all.length >= 10, `${all.length} members`);
  for (const m of all) assert.equal(m.committee_id, cid.chengguan, `member ${m.id} of committee ${m.committee_id}`);
  const ids = all.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'no member twice');
  const first = await c.chengguan.get('/api/v1/members?limit=3');
  assert.equal(first.json.total, all.length);
  // the same as the administrator's view of 城关区
  const adminView = await listAll(c.admin, `/api/v1/members?committee_id=${cid.chengguan}`);
  assert.deepEqual(ids.sort((a, b) => a - b), adminView.map((m) => m.id).sort((a, b) => a - b));
});

test('chengguan: its export holds only 城关区 members', async () => {
  const r = { text: await (await exportFile(c.chengguan, '/api/v1/members/export?format=csv')).text() };
  const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
  assert.equal(lines.length, (await c.chengguan.get('/api/v1/members?limit=1')).json.total);
  for (const l of lines) assert.equal(l.split(',')[5], '城关区政协', l);
});

test('user accounts: rules for name and password, duplicates, a new password ends sessions', async () => {
  const a = c.secadmin;
  const base = { password: 'Secret-2026', role: 'viewer', committee_id: cid.lanzhou };
  for (const username of ['Ab', 'ab', 'with space', 'UPPER', 'x'.repeat(33), '张三'])
    assertError(await a.post('/api/v1/users', { ...base, username }), 422, 'invalid_field', 'username');
  for (const password of ['short1', 'abcdefghij', '1234567890'])
    assertError(await a.post('/api/v1/users', { ...base, username: 'rules-user', password }), 422, 'invalid_field', 'password');
  const nopw = { ...base, username: 'rules-user' };
  delete nopw.password;
  assertError(await a.post('/api/v1/users', nopw), 422, 'invalid_field', 'password');
  assertError(await a.post('/api/v1/users', { ...base, username: 'rules-user', role: 'superuser' }), 422, 'invalid_field', 'role');
  const made = await a.post('/api/v1/users', { ...base, username: 'rules-user', display_name: '规则' });
  assertStatus(made, 201);
  assertError(await a.post('/api/v1/users', { ...base, username: 'rules-user' }), 409, 'conflict');
  assertError(await a.post('/api/v1/users', { ...base, username: 'gansu' }), 409, 'conflict');
  const u = await as(s, 'rules-user', 'Secret-2026');
  // the username is fixed
  assertError(await a.patch(`/api/v1/users/${made.json.id}`, { username: 'renamed', committee_id: cid.lanzhou }), 422, 'invalid_field', 'username');
  assertStatus(await a.patch(`/api/v1/users/${made.json.id}`, { password: 'Another-2026', committee_id: cid.lanzhou }), 200);
  assertError(await u.get('/api/v1/session'), 401, 'unauthenticated');
  await as(s, 'rules-user', 'Another-2026');
  // a lanzhou-scoped viewer sees lanzhou's members only
  const v = await as(s, 'rules-user', 'Another-2026');
  assertError(await v.get(`/api/v1/members/${mid.province}`), 404, 'not_found');
  assertStatus(await v.get(`/api/v1/members/${mid.qilihe}`), 200);
});

test('chengguan: other committees are out of scope (403 forbidden_scope)', async () => {
  assertError(await c.chengguan.get(`/api/v1/members?committee_id=${cid.qilihe}`), 403, 'forbidden_scope');
  assertError(await c.chengguan.get(`/api/v1/members?committee_id=${cid.province}`), 403, 'forbidden_scope');
  assertError(await c.chengguan.get(`/api/v1/members?committee_id=${cid.qilihe}&format=csv`), 403, 'forbidden_scope');
  assertError(await c.chengguan.post(`/api/v1/members/export?committee_id=${cid.qilihe}&format=csv`), 403, 'forbidden_scope');
  const count = (await c.admin.get(`/api/v1/members?committee_id=${cid.qilihe}&limit=1`)).json.total;
  assertError(await c.chengguan.post('/api/v1/members', memberBody(cid.qilihe)), 403, 'forbidden_scope');
  // moving its own member out of its scope
  assertError(await c.chengguan.patch(`/api/v1/members/${mid.chengguan}`, { committee_id: cid.qilihe }), 403, 'forbidden_scope');
  assert.equal((await c.admin.get(`/api/v1/members/${mid.chengguan}`)).json.committee_id, cid.chengguan);
  // an import for another committee imports nothing
  const r = await c.chengguan.post('/api/v1/members/import', rosterCsv('七里河区政协'), { headers: { 'content-type': 'text/csv' } });
  assertError(r, 422, 'invalid_rows');
  assert.equal((await c.admin.get(`/api/v1/members?committee_id=${cid.qilihe}&limit=1`)).json.total, count);
});

test('chengguan: committees it sees are its own and those above it', async () => {
  const list = await listAll(c.chengguan, '/api/v1/committees');
  const names = list.map((x) => x.name).sort();
  assert.deepEqual(names, ['兰州市政协', '全国政协', '城关区政协', '甘肃省政协'].sort());
  assertError(await c.chengguan.get(`/api/v1/committees/${cid.qilihe}`), 404, 'not_found');
  assertStatus(await c.chengguan.get(`/api/v1/committees/${cid.lanzhou}`), 200);
  // seen, not writable
  assertError(await c.chengguan.patch(`/api/v1/committees/${cid.lanzhou}`, { region: '越权' }), 403, 'forbidden_scope');
});

test('chengguan: users it reads are those of its committee only', async () => {
  const users = await listAll(c.chengguan, '/api/v1/users');
  assert.deepEqual(users.map((u) => u.username), ['chengguan']);
  assertError(await c.chengguan.get(`/api/v1/users/${c.gansu.user.id}`), 404, 'not_found');
  assertError(await c.chengguan.patch(`/api/v1/users/${c.chengguan.user.id}`, { role: 'admin' }), 403, 'forbidden');
});

test('lanzhou sees 城关区 and 七里河区 members but not 天水市 ones', async () => {
  const all = await listAll(c.lanzhou, '/api/v1/members');
  const committees = new Set(all.map((m) => m.committee_id));
  assert.ok(committees.has(cid.lanzhou));
  assert.ok(committees.has(cid.chengguan));
  assert.ok(committees.has(cid.qilihe));
  assert.ok(!committees.has(cid.tianshui));
  assert.ok(!committees.has(cid.province));
  // every committee of the list lies under 兰州市
  const tree = await listAll(c.admin, `/api/v1/committees?parent_id=${cid.lanzhou}`);
  const allowed = new Set([cid.lanzhou, ...tree.map((x) => x.id)]);
  for (const m of all) assert.ok(allowed.has(m.committee_id), `member ${m.id} of committee ${m.committee_id}`);
  assertStatus(await c.lanzhou.get(`/api/v1/members/${mid.chengguan}`), 200);
  assertStatus(await c.lanzhou.get(`/api/v1/members/${mid.qilihe}`), 200);
  assertError(await c.lanzhou.get(`/api/v1/members/${mid.tianshui}`), 404, 'not_found');
  assertError(await c.lanzhou.get(`/api/v1/members?committee_id=${cid.tianshui}`), 403, 'forbidden_scope');
  // and 天水市 sees none of 兰州市's
  assertError(await c.tianshui.get(`/api/v1/members/${mid.chengguan}`), 404, 'not_found');
});

test('ID numbers: masked for every role; whole only through the reveal of member.id_number roles', async () => {
  const id = mid.province;
  const r0 = await c.gansu.post(`/api/v1/members/${id}/id-number/reveal`);
  assertStatus(r0, 200);
  const full = r0.json.id_number;
  assert.match(full, /^\d{17}[\dX]$/);
  for (const u of ['admin', 'gansu', 'viewer', 'tian']) {
    const r = await c[u].get(`/api/v1/members/${id}`);
    assertStatus(r, 200);
    assert.equal(r.json.id_number, `${full.slice(0, 6)}${'*'.repeat(12)}`, `${u}: ${r.json.id_number}`);
    const list = await c[u].get(`/api/v1/members?committee_id=${cid.province}&limit=500`);
    assert.ok(list.json.items.every((m) => m.id_number === null || /^\d{6}\*{12}$/.test(m.id_number)), u);
  }
  for (const u of ['viewer', 'tian', 'member1'])
    assertError(await c[u].post(`/api/v1/members/${u === 'member1' ? c.member1.user.member_id : id}/id-number/reveal`), 403, 'forbidden');
  // in scope only: 兰州市 reveals its counties' members, not 天水市's
  assertStatus(await c.lanzhou.post(`/api/v1/members/${mid.chengguan}/id-number/reveal`), 200);
  assertError(await c.lanzhou.post(`/api/v1/members/${mid.tianshui}/id-number/reveal`), 404, 'not_found');
  const own = await c.member1.get(`/api/v1/members/${c.member1.user.member_id}`);
  assert.ok(own.json.id_number === null || /^\d{6}\*{12}$/.test(own.json.id_number));
  // a viewer's export is masked as well, and it may not ask for the whole numbers
  const e = { text: await (await exportFile(c.viewer, `/api/v1/members/export?committee_id=${cid.province}&format=csv`)).text() };
  assert.ok(!e.text.includes(full), 'the viewer export does not hold a whole ID number');
  assert.ok(e.text.includes(`${full.slice(0, 6)}${'*'.repeat(12)}`));
  assertError(await c.viewer.post(`/api/v1/members/export?committee_id=${cid.province}&format=csv&id_numbers=whole`), 403, 'forbidden');
  assertError(await c.viewer.get(`/api/v1/members?committee_id=${cid.province}&format=csv&id_numbers=whole`), 403, 'forbidden');
});

test('a committee\'s statistics, roll-ups, rankings and assessments (stats.read): staff and viewer read them; a member gets 403 on every one', async () => {
  const rs = routes().filter((r) => r.perm === 'stats.read');
  assert.ok(rs.length >= 10, `${rs.length} stats.read routes`);
  for (const r of rs) refused(await send(c.member1, r), `member1 ${r.method} ${r.pattern}`);
  const year = new Date().getFullYear();
  for (const u of ['gansu', 'tian', 'viewer', 'chengguan']) {
    for (const path of ['/api/v1/proposals/stats', '/api/v1/reports/stats', '/api/v1/points/stats', '/api/v1/ranking',
      '/api/v1/assessments', '/api/v1/compliance/rollup']) {
      assertStatus(await c[u].get(`${path}?year=${year}`), 200, `${u} ${path}`);
    }
  }
  assert.ok(!c.member1.user.permissions.includes('stats.read'));
  assert.ok(c.viewer.user.permissions.includes('stats.read'));
  // a member still reads its own figures
  assertStatus(await c.member1.get(`/api/v1/members/${c.member1.user.member_id}/compliance`), 200);
  assertStatus(await c.member1.get(`/api/v1/ranking/members/${c.member1.user.member_id}?year=${year}`), 200);
});

test('audit log: only the audit administrator reads it', async () => {
  for (const u of ['admin', 'secadmin', 'gansu', 'lanzhou', 'tian', 'viewer', 'member1']) {
    assertError(await c[u].get('/api/v1/audit'), 403, 'forbidden');
    assertError(await c[u].get('/api/v1/audit/verify'), 403, 'forbidden');
    assertError(await c[u].get('/api/v1/audit?format=csv'), 403, 'forbidden');
  }
  assertStatus(await c.auditor.get('/api/v1/audit/verify'), 200);
});

// ---- 三员分立: three administrators, each with its own duties and none of the others' ----

/** Every route as `lvzhi routes` lists it: { method, path (ids as 1), perm }. */
function routes() {
  return lvzhi(['routes']).trim().split('\n').map((l) => l.trim().split(/\s+/))
    .map(([method, pattern, perm]) => ({ method, pattern, perm, path: pattern.replace(/\{[a-z_]+\}/g, '1') }));
}

/** Asserts the router's refusal (403 forbidden), naming the route when it is not. */
function refused(res, what) {
  assert.equal(res.status, 403, `${what}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.json?.error?.code, 'forbidden', `${what}: ${res.text.slice(0, 300)}`);
}

async function send(cl, r) {
  const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}';
  return cl.request(r.method, r.path, { body, headers: body ? { 'content-type': 'application/json' } : {} });
}

// What each administrator may not reach at all: the router refuses before anything else.
const NOT_THEIRS = {
  // the accounts and the audit log
  admin: ['user.read', 'user.write', 'audit.read'],
  // the records of the platform, the organisation's writes, the audit log
  secadmin: ['org.write', 'member.read', 'member.write', 'member.import', 'member.id_number', 'audit.read', 'job.read',
    'token.write', 'contact.read', 'contact.write', 'contact.self', 'file.write', 'proposal.read', 'proposal.submit',
    'proposal.review', 'proposal.handle', 'points.read', 'points.write', 'points.self', 'report.read', 'report.submit',
    'report.review', 'bulletin.read', 'stats.read', 'contact.organise'],
};

for (const [who, perms] of Object.entries(NOT_THEIRS)) {
  test(`${who}: 403 on every route of ${perms.length} permissions not its own`, async () => {
    const rs = routes().filter((r) => perms.includes(r.perm));
    assert.ok(rs.length >= (who === 'admin' ? 7 : 100), `${rs.length} routes`);
    for (const r of rs) refused(await send(c[who], r), `${who} ${r.method} ${r.pattern}`);
  });
}

test('auditor: every write is refused (403) but its own session and notifications; reads only the audit log', async () => {
  // its own sessions, password and the read marks of its own notifications are all it may change
  const OWN = new Set(['DELETE /api/v1/session', 'POST /api/v1/session/password', 'DELETE /api/v1/sessions/{id}',
    'POST /api/v1/sessions/revoke-others', 'POST /api/v1/notifications/test',
    'POST /api/v1/notifications/read-all', 'POST /api/v1/notifications/{id}/read']);
  const writes = routes().filter((r) => !['GET', 'HEAD'].includes(r.method) && r.perm !== 'public' && !OWN.has(`${r.method} ${r.pattern}`));
  assert.ok(writes.length > 100, `${writes.length} writes`);
  for (const r of writes) refused(await send(c.auditor, r), `${r.method} ${r.pattern}`);
  const reads = routes().filter((r) => r.method === 'GET' && !['public', 'login', 'org.read', 'audit.read', 'job.read'].includes(r.perm));
  for (const r of reads) refused(await send(c.auditor, r), `${r.method} ${r.pattern}`);
  assertStatus(await c.auditor.get('/api/v1/audit'), 200);
  assertStatus(await c.auditor.get('/api/v1/audit/verify'), 200);
  assert.deepEqual(c.auditor.user.permissions.sort(), ['audit.read', 'job.read', 'login', 'org.read']);
  assert.equal(c.auditor.user.role, 'audit_admin');
  assert.equal(c.auditor.user.role_label, '审计管理员');
});

test('secadmin: keeps accounts, but gives no one an administrator\'s role and cannot change its own', async () => {
  const sa = c.secadmin;
  assert.equal(sa.user.role, 'security_admin');
  const base = { password: 'Secret-2026', committee_id: cid.province };
  for (const role of ['admin', 'security_admin', 'audit_admin'])
    assertError(await sa.post('/api/v1/users', { ...base, username: `officer-${role.replace('_', '-')}`, role }), 403, 'forbidden', 'role');
  const officer = (name) => listAll(sa, `/api/v1/users?q=${name}`).then((l) => l.find((u) => u.username === name));
  const self = await officer('secadmin');
  const auditor = await officer('auditor');
  const admin = await officer('admin');
  // not its own role, nor its own account at all through the API
  for (const role of ['audit_admin', 'admin', 'viewer'])
    assertError(await sa.patch(`/api/v1/users/${self.id}`, { role, committee_id: self.committee_id }), 403, 'forbidden', 'role');
  // nor the other administrators': no password reset, no role, no disabling, no deleting
  for (const u of [auditor, admin]) {
    assertError(await sa.patch(`/api/v1/users/${u.id}`, { password: 'Taken-Over-2026', committee_id: u.committee_id }), 403, 'forbidden');
    assertError(await sa.patch(`/api/v1/users/${u.id}`, { role: 'viewer', committee_id: u.committee_id }), 403, 'forbidden');
    assertError(await sa.patch(`/api/v1/users/${u.id}`, { disabled: true, committee_id: u.committee_id }), 403, 'forbidden');
    assertError(await sa.del(`/api/v1/users/${u.id}`), 403, 'forbidden');
  }
  await as(s, 'auditor'); // its password is still its own
  // an ordinary account: made, its role changed, its password reset — each in the audit chain
  const made = await sa.post('/api/v1/users', { ...base, username: 'role-change', role: 'viewer' });
  assertStatus(made, 201);
  assertStatus(await sa.patch(`/api/v1/users/${made.json.id}`, { role: 'secretariat', committee_id: cid.province }), 200);
  assertStatus(await sa.patch(`/api/v1/users/${made.json.id}`, { password: 'Reset-Pass-2026', committee_id: cid.province }), 200);
  const log = (await c.auditor.get(`/api/v1/audit?entity=user&entity_id=${made.json.id}&limit=10`)).json.items;
  const change = log.find((e) => e.action === 'update' && e.before?.role === 'viewer');
  assert.ok(change, JSON.stringify(log));
  assert.equal(change.after.role, 'secretariat');
  assert.equal(change.username, 'secadmin');
  assert.ok(log.some((e) => e.action === 'create' && e.after?.role === 'viewer'));
  assert.ok(log.every((e) => !JSON.stringify(e).includes('Reset-Pass-2026')), 'no password in the log');
});

test('admin: no accounts, no audit log, and none of the audit administrator\'s jobs', async () => {
  const r = await c.auditor.get('/api/v1/audit?format=csv');
  assertStatus(r, 202);
  assertError(await c.admin.get(`/api/v1/jobs/${r.json.job.id}`), 404, 'not_found');
  assertError(await c.admin.get(`/api/v1/jobs/${r.json.job.id}/result`), 404, 'not_found');
  assertError(await c.admin.get('/api/v1/users'), 403, 'forbidden');
  assertError(await c.admin.post('/api/v1/users', { username: 'by-admin', password: 'Secret-2026', role: 'viewer', committee_id: cid.province }), 403, 'forbidden');
  assertError(await c.admin.get('/api/v1/audit'), 403, 'forbidden');
  assert.ok(!c.admin.user.permissions.includes('user.write') && !c.admin.user.permissions.includes('audit.read'));
});
