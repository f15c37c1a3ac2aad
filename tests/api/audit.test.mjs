// tests/api/audit.test.mjs: the keyed audit chain through the API and `lvzhi check`: what it
// records (writes, logins, failed logins, logouts, exports), the audit administrator's search and
// export, and tampering found: an entry changed or deleted behind the server's back, and the
// newest entries deleted (a truncation, which the unkeyed chain let pass).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, as, BIN, sql, copyDatabase, Client } from './lib/server.mjs';
import { assertError, assertStatus, exportFile, newId, parseCsv, waitJob } from './lib/util.mjs';

let s, auditor, admin, gansu;

before(async () => {
  s = await startServer({});
  auditor = await as(s, 'auditor');
  admin = await as(s, 'admin');
  gansu = await as(s, 'gansu');
});

after(async () => {
  pristine?.drop();
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const check = (db) => spawnSync(BIN, ['check', '--db', db], { encoding: 'utf8' });

let tampered = 0;
let pristine = null;

/** The newest entries matching the query string q (the auditor's search). */
async function search(q) {
  const r = await auditor.get(`/api/v1/audit?limit=500&${q}`);
  assertStatus(r, 200, q);
  return r.json.items;
}

test('after several writes the chain verifies (API and lvzhi check)', async () => {
  const p = newId();
  const m = await gansu.post('/api/v1/members', { name: '审计甲', gender: 'male', committee_id: 2, id_number: p.id, birth_date: p.birth });
  assertStatus(m, 201);
  assertStatus(await gansu.patch(`/api/v1/members/${m.json.id}`, { occupation: '审计后', committee_id: 2 }), 200);
  const sec = await gansu.post('/api/v1/sectors', { name: '审计界别', committee_id: 2 });
  assertStatus(sec, 201);
  assert.equal((await gansu.del(`/api/v1/sectors/${sec.json.id}`)).status, 204);
  assertStatus(await admin.post('/api/v1/parties', { name: '审计党派' }), 201);
  assertStatus(await gansu.post('/api/v1/tokens', { name: '审计令牌' }), 201);

  const v = await auditor.get('/api/v1/audit/verify');
  assertStatus(v, 200);
  assert.equal(v.json.ok, true, v.text);
  assert.equal(v.json.problem, 'ok');
  assert.equal(v.json.first_broken, null);
  const rows = Number(sql(s.db, 'SELECT COUNT(*) FROM audit_log'));
  assert.equal(v.json.entries, rows);
  assert.ok(rows >= 8, `${rows} entries`);
  assert.deepEqual(v.json.head, { entries: rows, last_hash: v.json.last_hash });
  assert.equal(v.json.last_hash, sql(s.db, 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1'));

  const list = await auditor.get('/api/v1/audit?limit=500');
  assertStatus(list, 200);
  assert.equal(list.json.items.length, rows);
  const actions = list.json.items.map((x) => `${x.action} ${x.entity}`);
  for (const a of ['login session', 'create member', 'update member', 'create sector', 'delete sector', 'create party', 'create api_token'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  // newest first, paged by cursor
  const ids = list.json.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const p1 = await auditor.get('/api/v1/audit?limit=3');
  assert.equal(p1.json.items.length, 3);
  const p2 = await auditor.get(`/api/v1/audit?limit=3&cursor=${p1.json.next_cursor}`);
  assert.deepEqual([...p1.json.items, ...p2.json.items].map((x) => x.id), ids.slice(0, 6));

  const c = check(s.db);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stdout, /哈希链与链头完整/);
  assert.match(c.stdout, new RegExp(`审计链头：${rows} 条，最后哈希 ${v.json.last_hash}`));
});

test('logins, failed logins and logouts are entries, with the address', async () => {
  const c = await as(s, 'qilihe');
  const id = c.user.id;
  const wrong = await new Client(s.url).post('/api/v1/session', { username: 'qilihe', password: 'not-the-password-1' });
  assertError(wrong, 401, 'bad_credentials');
  const nobody = await new Client(s.url).post('/api/v1/session', { username: 'no-such-account', password: 'whatever-2026' });
  assertError(nobody, 401, 'bad_credentials');
  assert.equal((await c.del('/api/v1/session')).status, 204);

  const mine = await search('user=qilihe');
  const seq = mine.map((e) => e.action).reverse();
  assert.deepEqual(seq.filter((a) => ['login', 'login_failed', 'logout'].includes(a)), ['login', 'login_failed', 'logout'], JSON.stringify(mine));
  const login = mine.find((e) => e.action === 'login');
  assert.equal(login.entity, 'session');
  assert.equal(login.entity_id, id);
  assert.equal(login.ip, '127.0.0.1');
  const logout = mine.find((e) => e.action === 'logout');
  assert.equal(logout.entity_id, id);
  // a failed login names what was typed, and no account
  const failed = await search('action=login_failed');
  assert.ok(failed.some((e) => e.username === 'no-such-account' && e.entity_id === 0), JSON.stringify(failed));
  assert.ok(failed.every((e) => !JSON.stringify(e).includes('not-the-password-1')), 'no password in the log');
});

test('exports are entries (what was asked); lists and reads are not', async () => {
  const before = Number(sql(s.db, 'SELECT MAX(id) FROM audit_log'));
  assertStatus(await gansu.get('/api/v1/members?limit=5'), 200);
  assertStatus(await gansu.get('/api/v1/members?limit=5&format=json'), 200);
  // an export is a job: the request that starts it is the entry (an old GET URL's 303 as well);
  // the downloads of the files add none
  const csv = await fetch(`${s.url}/api/v1/members?committee_id=2&format=csv&q=${encodeURIComponent('张')}`,
    { headers: { cookie: gansu.cookie }, redirect: 'manual' });
  assert.equal(csv.status, 303);
  await exportFile(gansu, '/api/v1/proposals/export?format=xlsx');
  const pid = (await gansu.get('/api/v1/proposals?limit=1')).json.items[0].id;
  await exportFile(gansu, `/api/v1/proposals/${pid}/pdf`);
  await exportFile(gansu, '/api/v1/reports/stats/export');
  const mid = (await gansu.get('/api/v1/members?limit=1&committee_id=2')).json.items[0].id;
  await exportFile(gansu, `/api/v1/members/${mid}/duty-file?format=pdf`);

  const entries = (await search('action=export')).filter((e) => e.id > before).reverse();
  assert.deepEqual(entries.map((e) => [e.entity, e.entity_id, e.after.route]), [
    ['members', 0, 'GET /api/v1/members'],
    ['proposals', 0, 'POST /api/v1/proposals/export'],
    ['proposals', pid, 'POST /api/v1/proposals/{id}/pdf'],
    ['reports', 0, 'POST /api/v1/reports/stats/export'],
    ['members', mid, 'POST /api/v1/members/{id}/duty-file'],
  ]);
  assert.ok(entries.every((e) => e.username === 'gansu' && e.ip === '127.0.0.1'));
  assert.deepEqual(entries[0].after.query, { committee_id: '2', format: 'csv', q: '张' });
  // the list reads and the JSON list wrote nothing
  const others = (await search('user=gansu')).filter((e) => e.id > before && e.action !== 'export');
  assert.deepEqual(others, []);
});

test('the audit administrator searches by user, action, entity, time, address and text', async () => {
  const p = newId();
  const m = await gansu.post('/api/v1/members', { name: '检索乙', gender: 'male', committee_id: 2, id_number: p.id, birth_date: p.birth });
  assertStatus(m, 201);
  const byEntity = await search(`entity=member&entity_id=${m.json.id}`);
  assert.deepEqual(byEntity.map((e) => e.action), ['create']);
  const byText = await search(`q=${encodeURIComponent('检索乙')}`);
  assert.deepEqual(byText.map((e) => e.id), byEntity.map((e) => e.id));
  const mine = await search('user=gansu&action=create&entity=member');
  assert.ok(mine.length >= 2 && mine.every((e) => e.username === 'gansu' && e.action === 'create' && e.entity === 'member'));
  assert.deepEqual(await search('ip=10.9.9.9'), []);
  assert.ok((await search('ip=127.0.0.1')).length > 0);
  // time: the entry's own second is inside [from, to); the day before holds none of today's
  const at = byEntity[0].at;
  const t = new Date(at).getTime();
  const iso = (ms) => new Date(ms).toISOString();
  const inSecond = await search(`from=${encodeURIComponent(iso(t))}&to=${encodeURIComponent(iso(t + 1000))}&entity=member`);
  assert.ok(inSecond.some((e) => e.id === byEntity[0].id), 'the entry is inside its own second');
  assert.ok(inSecond.every((e) => e.at === at), 'only entries of that second (other tests may write in it too)');
  assert.deepEqual(await search(`to=${encodeURIComponent(iso(t))}&entity=member&entity_id=${m.json.id}`), []);
  const today = at.slice(0, 10);
  assert.ok((await search(`from=${today}&to=${today}&entity=member&entity_id=${m.json.id}`)).length === 1, 'to= a date takes that whole day');
  // bad filters are refused, naming the parameter
  assertError(await auditor.get('/api/v1/audit?from=yesterday'), 422, 'invalid_field', 'from');
  assertError(await auditor.get('/api/v1/audit?from=2026-03-02&to=2026-03-01'), 422, 'invalid_field', 'to');
  assertError(await auditor.get(`/api/v1/audit?q=${'字'.repeat(101)}`), 422, 'invalid_field', 'q');
  assertError(await auditor.get(`/api/v1/audit?user=${'u'.repeat(65)}`), 422, 'invalid_field', 'user');
  assertError(await auditor.get('/api/v1/audit?entity_id=abc'), 422, 'invalid_field', 'entity_id');
  assertError(await auditor.get('/api/v1/audit?format=pdf'), 422, 'invalid_field', 'format');
  assertError(await auditor.get('/api/v1/audit?q=%FF'), 422, 'invalid_field', 'q');
});

test('the audit administrator exports the log (CSV, XLSX) as a job; the export is an entry too', async () => {
  const r = await auditor.get('/api/v1/audit?format=csv&action=login');
  assertStatus(r, 202);
  const { job } = await waitJob(auditor, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const f = await auditor.request('GET', job.result_url, { raw: true });
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /text\/csv/);
  const rows = parseCsv((await f.text()).replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0], ['编号', '时间', '操作人', '操作', '对象类型', '对象编号', '所属政协编号', '地址', '修改前', '修改后', '哈希']);
  const logins = await search('action=login');
  assert.equal(rows.length - 1, logins.length);
  assert.deepEqual(rows.slice(1).map((x) => Number(x[0])), logins.map((e) => e.id));
  assert.ok(rows.slice(1).every((x) => x[3] === 'login'));
  assert.equal(job.result.rows, logins.length);

  const x = await auditor.get('/api/v1/audit?format=xlsx&user=gansu');
  assertStatus(x, 202);
  const xj = (await waitJob(auditor, x.json.job.id)).job;
  assert.equal(xj.status, 'done', JSON.stringify(xj));
  const xf = await auditor.request('GET', xj.result_url, { raw: true });
  const bytes = new Uint8Array(await xf.arrayBuffer());
  assert.equal(String.fromCharCode(bytes[0], bytes[1]), 'PK');

  const exports = await search('action=export&entity=audit');
  assert.equal(exports.length, 2);
  assert.deepEqual(exports.map((e) => e.after.query), [{ format: 'xlsx', user: 'gansu' }, { format: 'csv', action: 'login' }]);
  assert.ok(exports.every((e) => e.username === 'auditor'));
});

test('a changed entry: lvzhi check fails naming it; after a restart /audit/verify says where', async () => {
  await s.stop();
  pristine = copyDatabase(s.db, s.dir);
  tampered = Number(sql(s.db, 'SELECT MIN(id)+1 FROM audit_log'));
  sql(s.db, "UPDATE audit_log SET after_json = '{}' WHERE id = (SELECT MIN(id)+1 FROM audit_log)");
  const c = check(s.db);
  assert.notEqual(c.status, 0, c.stdout + c.stderr);
  const out = c.stdout + c.stderr;
  assert.match(out, new RegExp(`(第|#|entry )\\s*${tampered}\\b`), out);

  await s.restart();
  auditor = await as(s, 'auditor');
  const v = await auditor.get('/api/v1/audit/verify');
  assertStatus(v, 200);
  assert.equal(v.json.ok, false, v.text);
  assert.equal(v.json.problem, 'entry');
  assert.equal(v.json.first_broken, tampered);
});

test('a deleted entry in the middle breaks the chain at the entry after it', () => {
  // pristine holds the chain as it was before the change above
  const victim = Number(sql(pristine.db, 'SELECT MIN(id)+3 FROM audit_log'));
  assert.equal(check(pristine.db).status, 0);
  sql(pristine.db, `DELETE FROM audit_log WHERE id = ${victim}`);
  const c = check(pristine.db);
  assert.notEqual(c.status, 0, c.stdout);
  assert.match(c.stdout + c.stderr, new RegExp(`第\\s*${victim + 1}\\s*条`));
});

test('the newest entries deleted in the database while the server runs (a truncation) are found, and stay found', async () => {
  const t = await startServer({ contact: false, proposals: false, reports: false });
  try {
    const a = await as(t, 'auditor');
    const g = await as(t, 'gansu');
    assertStatus(await g.post('/api/v1/sectors', { name: '截断前', committee_id: 2 }), 201);
    const v0 = (await a.get('/api/v1/audit/verify')).json;
    assert.equal(v0.ok, true, JSON.stringify(v0));
    const total = v0.entries;
    // the two newest go, behind the server's back; what is left links as well as before
    sql(t.db, 'DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 2 FROM audit_log)');
    let v = (await a.get('/api/v1/audit/verify')).json;
    assert.equal(v.ok, false, JSON.stringify(v));
    assert.equal(v.problem, 'head_mismatch');
    assert.equal(v.first_broken, null);
    assert.equal(v.entries, total - 2);
    assert.equal(v.head.entries, total);
    // the server goes on writing, and the truncation keeps showing
    assertStatus(await g.post('/api/v1/sectors', { name: '截断后', committee_id: 2 }), 201);
    v = (await a.get('/api/v1/audit/verify')).json;
    assert.equal(v.problem, 'head_mismatch');
    assert.equal(v.entries, total - 1);
    assert.equal(v.head.entries, total + 1);
    const c = check(t.db);
    assert.notEqual(c.status, 0, c.stdout);
    assert.match(c.stdout, new RegExp(`链头不符.*记录 ${total - 1} 条，链头记 ${total + 1} 条`));
    // a head made to agree without the key is found as well
    sql(t.db, 'UPDATE audit_head SET entries = (SELECT COUNT(*) FROM audit_log),'
      + ' last_hash = (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)');
    v = (await a.get('/api/v1/audit/verify')).json;
    assert.equal(v.problem, 'head_forged', JSON.stringify(v));
    assert.match(check(t.db).stdout, /链头的校验值不符/);
    // and so is a head deleted
    sql(t.db, 'DELETE FROM audit_head');
    assert.equal((await a.get('/api/v1/audit/verify')).json.problem, 'head_missing');
  } finally {
    assert.equal(await t.close(), 0);
  }
});
