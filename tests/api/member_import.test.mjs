// tests/api/member_import.test.mjs: what a roster import writes (issue 17: the import checks every
// row, then writes them all with one prepared INSERT carrying the sealed columns, in one
// transaction). Beside members.test.mjs and jobs.test.mjs (the messages, the job): a bad row in
// the middle changes nothing (no member, no audit entry); the sealed columns open to what the file
// gave (the ID number with its x upper-cased, the birth date, the phone); blank cells take the
// defaults a create takes; the audit entry names the count, the id range and the file's SHA-256;
// importing the same file again is refused row by row (every ID number is taken) and changes
// nothing; the same ID number twice in a file names the first line, whatever the database holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, csv, newId, rosterRow, withBadCheck, ROSTER_HEADER } from './lib/util.mjs';

let s, gansu, auditor;
const CSV = { headers: { 'content-type': 'text/csv' } };
const col = (h) => ROSTER_HEADER.indexOf(h);

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  gansu = await as(s, 'gansu');
  auditor = await as(s, 'auditor');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const total = async () => (await gansu.get('/api/v1/members?limit=1')).json.total;
const named = async (q) => (await gansu.get(`/api/v1/members?q=${encodeURIComponent(q)}&limit=500`)).json.items;
const imports = async () => (await auditor.get('/api/v1/audit?limit=500&action=import')).json.items
  .filter((e) => e.action === 'import');

test('a bad row in the middle of a file: 422 naming it, and nothing of the file is written (members, audit)', async () => {
  const rows = [1, 2, 3, 4, 5, 6, 7].map((i) => rosterRow({ name: `中间坏行${i}`, phone: `1390000100${i}` }));
  rows[3][col('身份证号')] = withBadCheck(rows[3][col('身份证号')]); // line 5
  const before = await total();
  const audits = (await imports()).length;
  const e = assertError(await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV), 422, 'invalid_rows');
  assert.deepEqual(e.rows.map((x) => [x.line, x.column, x.field]), [[5, 5, 'id_number']]);
  assert.equal(await total(), before, 'no member written');
  assert.equal((await named('中间坏行')).length, 0);
  assert.equal((await imports()).length, audits, 'no audit entry for a refused file');
  // the rows before and after the bad one were good: the same file without it imports them all
  rows.splice(3, 1);
  const r = await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV);
  assertStatus(r, 200);
  assert.equal(r.json.imported, 6);
  assert.equal((await named('中间坏行')).length, 6);
});

test('the sealed columns open to what the file gave; blank cells take the defaults of a create', async () => {
  const p = newId({ male: true });
  // an ID number ending in x is stored with X (find one by trying birth dates)
  let x = null;
  for (let i = 0; i < 336 && !x; i++) {
    const q = newId({ male: false, birth: `2006-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}` });
    if (q.id.endsWith('X')) x = q;
  }
  assert.ok(x, 'an ID number ending in X');
  const a = rosterRow({ name: '封存甲', phone: '13912345678' });
  a[col('身份证号')] = p.id;
  a[col('出生日期')] = p.birth;
  const b = ['封存乙', '女', '', x.birth, `${x.id.slice(0, 17)}x`, '甘肃省政协', '', '', '', '', '', '',
    '', '0931-8123456', ''];
  const before = await total();
  const r = await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, a, b]), CSV);
  assertStatus(r, 200);
  assert.equal(r.json.imported, 2);
  assert.equal(await total(), before + 2);
  const [ma] = await named('封存甲');
  const [mb] = await named('封存乙');
  const fa = (await gansu.get(`/api/v1/members/${ma.id}`)).json;
  assert.equal(fa.phone, '13912345678');
  assert.equal(fa.birth_date, p.birth);
  assert.equal(fa.id_number, `${p.id.slice(0, 6)}${'*'.repeat(12)}`);
  assert.equal(ma.phone, '139****5678', 'lists show the mask');
  assert.equal((await gansu.post(`/api/v1/members/${ma.id}/id-number/reveal`)).json.id_number, p.id);
  const fb = (await gansu.get(`/api/v1/members/${mb.id}`)).json;
  assert.equal(fb.phone, '0931-8123456');
  assert.equal(fb.ethnicity, '汉族');
  assert.equal(fb.status, 'active');
  assert.equal(fb.term, 1);
  assert.equal(fb.is_standing, false);
  assert.equal(fb.occupation, '');
  assert.equal(fb.birth_date, x.birth);
  assert.equal((await gansu.post(`/api/v1/members/${mb.id}/id-number/reveal`)).json.id_number, x.id,
    'a lower-case x is stored upper-case');
  // a member created through the API with the same ID number is refused: the keyed hash is there
  assertError(await gansu.post('/api/v1/members', { name: '重号', gender: 'male', committee_id: ma.committee_id,
    id_number: p.id, birth_date: p.birth }), 409, 'conflict', 'id_number');
});

test('the audit entry of an import: count, first and last id, the file\'s SHA-256', async () => {
  const rows = [1, 2, 3].map((i) => rosterRow({ name: `审计导入${i}` }));
  const text = csv([ROSTER_HEADER, ...rows]);
  const r = await gansu.post('/api/v1/members/import', text, CSV);
  assertStatus(r, 200);
  const ids = (await named('审计导入')).map((m) => m.id).sort((p, q) => p - q);
  assert.equal(ids.length, 3);
  const entry = (await imports())[0];
  assert.equal(entry.entity, 'member');
  assert.equal(entry.after.count, 3);
  assert.equal(entry.after.first_id, ids[0]);
  assert.equal(entry.after.last_id, ids[2]);
  assert.equal(entry.after.file_sha256, createHash('sha256').update(text).digest('hex'));
  // the file's order is the ids' order
  for (let i = 0; i < 3; i++)
    assert.equal((await named(`审计导入${i + 1}`))[0].id, ids[i]);
});

test('the same file again: every row refused (its ID number is taken), nothing changed', async () => {
  const rows = [1, 2, 3, 4].map((i) => rosterRow({ name: `再导入${i}` }));
  const text = csv([ROSTER_HEADER, ...rows]);
  assertStatus(await gansu.post('/api/v1/members/import', text, CSV), 200);
  const before = await total();
  const audits = (await imports()).length;
  const e = assertError(await gansu.post('/api/v1/members/import', text, CSV), 422, 'invalid_rows');
  assert.deepEqual(e.rows.map((x) => [x.line, x.field]), [[2, 'id_number'], [3, 'id_number'], [4, 'id_number'], [5, 'id_number']]);
  assert.equal(await total(), before);
  assert.equal((await imports()).length, audits);
});

test('an ID number twice in a file: the second names the first line, once; nothing written', async () => {
  const rows = [1, 2, 3].map((i) => rosterRow({ name: `文件内重号${i}` }));
  rows[2][col('身份证号')] = rows[0][col('身份证号')];
  rows[2][col('出生日期')] = rows[0][col('出生日期')];
  rows[2][col('性别')] = rows[0][col('性别')];
  const e = assertError(await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV), 422, 'invalid_rows');
  assert.deepEqual(e.rows.map((x) => [x.line, x.column, x.message]), [[4, 5, '身份证号与第 2 行重复']]);
  assert.equal((await named('文件内重号')).length, 0);
});
