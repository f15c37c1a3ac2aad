// tests/api/migrate_data.test.mjs: `lvzhi migrate-data --from FILE --to URL` moves a committee
// from its SQLite file to PostgreSQL. A SQLite demo database gets writes through a real server
// (so that the audit log, sessions, tokens and login failures have rows), is copied into a
// fresh PostgreSQL database, and a server on PostgreSQL, given the SQLite database's key file,
// then reads the same members (ID numbers, birth dates, phones unsealed), logs the same users in, accepts the same
// API token, and keeps writing with new ids. A target that already holds a committee is
// refused. Runs only with LVZHI_TEST_PG_URL (scripts/pg-start), on either pass of make test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PG_URL, DEMO_PASSWORD, Client, createDatabase, demoPasswords, freePort, psql } from './lib/server.mjs';
import { assertStatus, newId } from './lib/util.mjs';

const skip = PG_URL ? false : 'needs LVZHI_TEST_PG_URL (a PostgreSQL server, scripts/pg-start)';

// every lvzhi process here takes its key from the key file beside the SQLite database, never
// from the LVZHI_SECRET_KEY that lib/server.mjs sets for the PostgreSQL pass
const env = { ...process.env };
delete env.LVZHI_SECRET_KEY;

const TABLES = ['committees', 'sectors', 'parties', 'special_committees', 'activity_groups', 'units',
  'members', 'users', 'sessions', 'api_tokens', 'login_failures', 'audit_log', 'jobs', 'settings',
  'notifications'];

let dir, file, target, other;
let created, demoMember, token, auditEntries, adminPassword, auditPassword;
let createdWhole, demoWhole; // their whole ID numbers, as the reveal gives them

/** The whole ID number of member id through the reveal. */
async function reveal(client, id) {
  const r = await client.post(`/api/v1/members/${id}/id-number/reveal`);
  assertStatus(r, 200, `reveal ${id}`);
  return r.json.id_number;
}
const counts = {};

const sqlite = (text) => execFileSync('sqlite3', [file, text], { encoding: 'utf8' }).trim();
const run = (args) => spawnSync(BIN, args, { encoding: 'utf8', env });

/** Starts `lvzhi serve` on db with extra flags and this file's environment (lib/server.mjs's
 * serveNode takes neither); returns { url, stop() (resolves to the exit code) }. */
async function serve(db, extra = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let logs = '';
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], env });
  proc.stdout.on('data', (d) => { logs += d; });
  proc.stderr.on('data', (d) => { logs += d; });
  const until = Date.now() + 15000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`lvzhi serve exited: ${logs}`);
    if (Date.now() > until) throw new Error(`lvzhi serve did not start: ${logs}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    logs: () => logs,
    stop() {
      if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
      const done = new Promise((r) => proc.once('exit', (code, sig) => r(code ?? sig)));
      proc.kill('SIGTERM');
      return done;
    },
  };
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'lvzhi-migrate-'));
  file = join(dir, 'lvzhi.db');
  const demo = run(['demo', '--db', file, '--seed', '7']);
  assert.equal(demo.status, 0, demo.stderr);
  ({ adminPassword, auditPassword } = demoPasswords(demo.stdout));

  // writes through a server on the SQLite file
  const s = await serve(file);
  try {
    const gansu = await new Client(s.url).login('gansu', DEMO_PASSWORD);
    const admin = await new Client(s.url).login('admin', adminPassword);
    const bad = await new Client(s.url).post('/api/v1/session', { username: 'tian', password: 'wrong' });
    assert.equal(bad.status, 401);
    const p = newId({ male: false });
    const m = await gansu.post('/api/v1/members', {
      name: '迁移测试委员', gender: 'female', committee_id: 2, id_number: p.id, birth_date: p.birth,
      phone: '13912340000',
    });
    assertStatus(m, 201);
    assertStatus(await gansu.patch(`/api/v1/members/${m.json.id}`, { occupation: '迁移前的职业', committee_id: 2 }), 200);
    assertStatus(await admin.post('/api/v1/parties', { name: '迁移测试党派' }), 201);
    const sec = await gansu.post('/api/v1/sectors', { name: '迁移测试界别', committee_id: 2 });
    assertStatus(sec, 201);
    const t = await gansu.post('/api/v1/tokens', { name: '迁移令牌' });
    assertStatus(t, 201);
    token = t.json.token;
    created = (await gansu.get(`/api/v1/members/${m.json.id}`)).json;
    assert.equal(created.phone, '13912340000');
    createdWhole = await reveal(gansu, m.json.id);
    assert.equal(createdWhole, p.id);
    // a demo member with an ID number, as gansu sees it (birth date and phone opened)
    const first = Number(sqlite('SELECT MIN(id) FROM members WHERE id_number_enc IS NOT NULL'));
    demoMember = (await gansu.get(`/api/v1/members/${first}`)).json;
    assert.match(demoMember.birth_date, /^\d{4}-\d\d-\d\d$/);
    demoWhole = await reveal(gansu, first);
    assert.match(demoWhole, /^\d{17}[\dX]$/);
    const auditor = await new Client(s.url).login('auditor', auditPassword);
    auditEntries = (await auditor.get('/api/v1/audit/verify')).json.entries;
    assert.ok(auditEntries >= 6, `${auditEntries} audit entries`);
  } finally {
    assert.equal(await s.stop(), 0, s.logs().slice(-2000));
  }
  for (const t of TABLES) counts[t] = Number(sqlite(`SELECT COUNT(*) FROM ${t}`));
  target = createDatabase(dir);
  other = createDatabase(dir);
});

after(() => {
  if (skip) return;
  target?.drop();
  other?.drop();
  if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

test('migrate-data copies every table, prints the counts and verifies the audit chain', { skip }, () => {
  const r = run(['migrate-data', '--from', file, '--to', target.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const t of TABLES) {
    const m = new RegExp(`^${t}\\s+(\\d+)\\s+(\\d+)\\s+一致$`, 'm').exec(r.stdout);
    assert.ok(m, `a line for ${t} in:\n${r.stdout}`);
    assert.equal(Number(m[1]), counts[t], `${t} in the source`);
    assert.equal(Number(m[2]), counts[t], `${t} in the target`);
  }
  assert.ok(counts.audit_log > 0 && counts.sessions > 0 && counts.api_tokens > 0 && counts.login_failures > 0,
    JSON.stringify(counts));
  assert.match(r.stdout, new RegExp(`审计日志：${auditEntries} 条记录，哈希链在目标数据库上完整`));
  assert.match(r.stdout, /\.key/); // says which key file the PostgreSQL nodes need
  // the rows themselves, not only their number: ids and sealed bytes kept
  for (const t of TABLES)
    assert.equal(Number(psql(target.db, `SELECT COUNT(*) FROM ${t}`)), counts[t], t);
  assert.equal(psql(target.db, "SELECT encode(id_number_enc, 'hex') FROM members WHERE id = " + created.id),
    sqlite(`SELECT lower(hex(id_number_enc)) FROM members WHERE id = ${created.id}`));
  assert.equal(psql(target.db, 'SELECT COUNT(*) FROM sectors WHERE committee_id IS NULL'),
    sqlite('SELECT COUNT(*) FROM sectors WHERE committee_id IS NULL'));
});

test('lvzhi check passes on the PostgreSQL copy', { skip }, () => {
  // the audit chain is keyed: checked with the installation's key, as the nodes are given it
  const c = run(['check', '--db', target.db, '--secret-key-file', `${file}.key`]);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stdout, new RegExp(`${auditEntries} 条记录（启用密钥前的 0 条），哈希链与链头完整`));
});

test('a server on PostgreSQL with the key file: same members, logins, token; new ids follow', { skip }, async () => {
  const s = await serve(target.db, ['--secret-key-file', `${file}.key`]);
  try {
    const gansu = await new Client(s.url).login('gansu', DEMO_PASSWORD);
    const m = await gansu.get(`/api/v1/members/${created.id}`);
    assertStatus(m, 200);
    assert.deepEqual(m.json, created);
    const d = await gansu.get(`/api/v1/members/${demoMember.id}`);
    assert.deepEqual(d.json, demoMember);
    // the sealed numbers open with the same key
    assert.equal(await reveal(gansu, created.id), createdWhole);
    assert.equal(await reveal(gansu, demoMember.id), demoWhole);
    await new Client(s.url).login('member1', DEMO_PASSWORD);

    const b = await fetch(`${s.url}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(b.status, 200);
    assert.equal((await b.json()).user.username, 'gansu');

    // the identity sequences were moved past the copied ids
    const p = newId();
    const n = await gansu.post('/api/v1/members', {
      name: '迁移后委员', gender: 'male', committee_id: 2, id_number: p.id, birth_date: p.birth,
    });
    assertStatus(n, 201);
    assert.ok(n.json.id > created.id, `${n.json.id} after ${created.id}`);
    const sec = await gansu.post('/api/v1/sectors', { name: '迁移后界别', committee_id: 2 });
    assertStatus(sec, 201);
    // the same ID number is still known (keyed hash with the same key)
    const dup = await gansu.post('/api/v1/members', {
      name: '重复', gender: 'female', committee_id: 2, id_number: createdWhole, birth_date: created.birth_date,
    });
    assert.equal(dup.status, 409, dup.text);

    const auditor = await new Client(s.url).login('auditor', auditPassword);
    const v = await auditor.get('/api/v1/audit/verify');
    assertStatus(v, 200);
    assert.equal(v.json.ok, true, v.text);
    assert.ok(v.json.entries > auditEntries, v.text);
  } finally {
    assert.equal(await s.stop(), 0, s.logs().slice(-2000));
  }
  const c = run(['check', '--db', target.db, '--secret-key-file', `${file}.key`]);
  assert.equal(c.status, 0, c.stdout + c.stderr);
});

test('a target that already holds a committee is refused, and left alone', { skip }, () => {
  const before = psql(target.db, 'SELECT COUNT(*) FROM members');
  const r = run(['migrate-data', '--from', file, '--to', target.db]);
  assert.notEqual(r.status, 0, r.stdout);
  assert.match(r.stderr, /目标数据库已有 \d+ 个政协的数据，拒绝迁移/);
  assert.equal(psql(target.db, 'SELECT COUNT(*) FROM members'), before);
});

test('bad arguments: no --to, a missing file, a SQLite target', { skip }, () => {
  let r = run(['migrate-data', '--from', file]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /用法/);
  r = run(['migrate-data', '--from', join(dir, 'nope.db'), '--to', other.db]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /找不到源数据库文件/);
  r = run(['migrate-data', '--from', file, '--to', join(dir, 'other.db')]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /PostgreSQL/);
  // nothing was written to the unused target, not even its schema
  assert.equal(psql(other.db, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'committees'"), '0');
});

test('a source whose audit chain is broken is refused, naming the entry', { skip }, () => {
  const copy = join(dir, 'tampered.db');
  sqlite(`VACUUM INTO '${copy}'`);
  const victim = Number(execFileSync('sqlite3', [copy, 'SELECT MIN(id)+1 FROM audit_log'], { encoding: 'utf8' }));
  execFileSync('sqlite3', [copy, `UPDATE audit_log SET ip = '10.0.0.1' WHERE id = ${victim}`]);
  const r = run(['migrate-data', '--from', copy, '--to', other.db, '--secret-key-file', `${file}.key`]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`审计日志哈希链在第 ${victim} 条记录处断开`));
  assert.equal(psql(other.db, 'SELECT COUNT(*) FROM committees'), '0');
});
