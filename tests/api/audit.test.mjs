// tests/api/audit.test.mjs: the hash-chained audit log: verify through the API and with
// `lvzhi check`, and both notice an entry changed behind the server's back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, as, BIN, sql, copyDatabase } from './lib/server.mjs';
import { assertStatus, newId } from './lib/util.mjs';

let s, admin, gansu;

before(async () => {
  s = await startServer({});
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

  const v = await admin.get('/api/v1/audit/verify');
  assertStatus(v, 200);
  assert.equal(v.json.ok, true, v.text);
  assert.equal(v.json.first_broken, null);
  const rows = Number(sql(s.db, 'SELECT COUNT(*) FROM audit_log'));
  assert.equal(v.json.entries, rows);
  assert.ok(rows >= 8, `${rows} entries`);

  const list = await admin.get('/api/v1/audit?limit=500');
  assertStatus(list, 200);
  assert.equal(list.json.items.length, rows);
  const actions = list.json.items.map((x) => `${x.action} ${x.entity}`);
  for (const a of ['login session', 'create member', 'update member', 'create sector', 'delete sector', 'create party', 'create api_token'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  // newest first, paged by cursor
  const ids = list.json.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const p1 = await admin.get('/api/v1/audit?limit=3');
  assert.equal(p1.json.items.length, 3);
  const p2 = await admin.get(`/api/v1/audit?limit=3&cursor=${p1.json.next_cursor}`);
  assert.deepEqual([...p1.json.items, ...p2.json.items].map((x) => x.id), ids.slice(0, 6));

  const c = check(s.db);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stdout, /哈希链完整/);
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
  admin = await as(s, 'admin');
  const v = await admin.get('/api/v1/audit/verify');
  assertStatus(v, 200);
  assert.equal(v.json.ok, false, v.text);
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
