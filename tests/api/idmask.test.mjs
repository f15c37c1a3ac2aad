// tests/api/idmask.test.mjs: ID numbers, birth dates and phone numbers (issue 15, defect 1 and
// "data sealed at rest"). Per role: what a list, a record, an export and the reveal give; the
// reveal and the export of whole numbers recorded in the audit log; and the database itself,
// read without the key (the SQLite file's bytes, every PostgreSQL row as text), holds none of the
// demo members' numbers. Runs on SQLite, and on PostgreSQL with LVZHI_TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import zlib from 'node:zlib';
import { startServer, as, sql, psql, lvzhi, ENGINE } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, listAll, newId, parseCsv } from './lib/util.mjs';

let s;
const c = {};
const cid = {};
let someone; // a provincial demo member (not member1's)

// The mask keeps the address code (6 digits) and stars the 12 that would rebuild the number with
// the birth date: 620102************.
const MASK = /^\d{6}\*{12}$/;
const WHOLE = /^\d{17}[\dX]$/;
const ROLES_WITH_ID = ['admin', 'gansu'];              // secretariat and administrator: member.id_number
const ROLES_WITHOUT_ID = ['viewer', 'tian', 'tiban'];  // read-only, committee staff, proposal office

before(async () => {
  s = await startServer({});
  for (const u of ['admin', 'auditor', 'gansu', 'lanzhou', 'tianshui', 'tian', 'tiban', 'viewer', 'member1']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['tianshui', '天水市政协'], ['chengguan', '城关区政协']]) cid[k] = await committeeId(c.admin, name);
  const page = (await c.admin.get(`/api/v1/members?committee_id=${cid.province}&limit=50`)).json.items;
  someone = page.find((m) => m.committee_id === cid.province && m.id !== c.member1.user.member_id && m.id_number);
  assert.ok(someone, 'a provincial demo member with an ID number');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/** The whole ID number of member id, through the reveal (as gansu unless told). */
async function reveal(id, who = c.gansu) {
  const r = await who.post(`/api/v1/members/${id}/id-number/reveal`);
  assertStatus(r, 200, `reveal ${id}`);
  return r.json.id_number;
}

/** The newest audit entries (the audit administrator reads them) of entity [and id]. */
async function auditOf(entity, id) {
  const r = await c.auditor.get(`/api/v1/audit?entity=${entity}${id ? `&entity_id=${id}` : ''}&limit=50`);
  assertStatus(r, 200, 'GET /audit');
  return r.json.items;
}

test('lists show every role the mask, administrator included, and a birth date only to roles with member.id_number', async () => {
  for (const u of [...ROLES_WITH_ID, ...ROLES_WITHOUT_ID]) {
    const items = (await c[u].get(`/api/v1/members?committee_id=${cid.province}&limit=200`)).json.items;
    assert.ok(items.length > 50, `${u} lists the province's members`);
    for (const m of items) {
      assert.ok(m.id_number === null || MASK.test(m.id_number), `${u}: member ${m.id} listed with ${m.id_number}`);
      assert.ok(m.phone === '' || m.phone.includes('****'), `${u}: member ${m.id} listed with phone ${m.phone}`);
      assert.equal(typeof m.birth_year, 'number', `${u}: member ${m.id} has a birth year`);
      if (ROLES_WITH_ID.includes(u)) assert.match(m.birth_date, /^\d{4}-\d\d-\d\d$/, `${u}: member ${m.id}`);
      else assert.ok(!('birth_date' in m), `${u} gets no birth date: member ${m.id} has ${m.birth_date}`);
      if (m.birth_date) assert.equal(Number(m.birth_date.slice(0, 4)), m.birth_year);
    }
  }
  // a member account lists only itself: masked, no birth date, its birth year
  const own = (await c.member1.get('/api/v1/members')).json.items;
  assert.equal(own.length, 1);
  assert.ok(own[0].id_number === null || MASK.test(own[0].id_number));
  assert.ok(!('birth_date' in own[0]));
});

test('one record: the mask by default for every role; the birth date only with member.id_number; phones whole to those who contact members', async () => {
  const whole = await reveal(someone.id);
  assert.match(whole, WHOLE);
  for (const u of ['admin', 'gansu', 'viewer', 'tian', 'tiban']) {
    const r = await c[u].get(`/api/v1/members/${someone.id}`);
    assertStatus(r, 200, u);
    assert.match(r.json.id_number, MASK, `${u}: ${r.json.id_number}`);
    assert.equal(r.json.id_number, `${whole.slice(0, 6)}${'*'.repeat(12)}`);
    assert.equal(r.json.birth_year, Number(whole.slice(6, 10)));
    if (ROLES_WITH_ID.includes(u)) assert.equal(r.json.birth_date, `${whole.slice(6, 10)}-${whole.slice(10, 12)}-${whole.slice(12, 14)}`);
    else assert.ok(!('birth_date' in r.json), `${u} gets no birth date: ${r.json.birth_date}`);
    // the secretariat keeps the roster, committee staff and the proposals office contact members
    if (u === 'viewer') assert.match(r.json.phone, /^\d{3}\*{4}\d{4}$/, `viewer: ${r.json.phone}`);
    else assert.match(r.json.phone, /^1\d{10}$/, `${u}: ${r.json.phone}`);
  }
  // a member account: its own phone whole, its own number masked, its birth year only
  const me = await c.member1.get(`/api/v1/members/${c.member1.user.member_id}`);
  assertStatus(me, 200);
  assert.match(me.json.phone, /^1\d{10}$/);
  assert.ok(me.json.id_number === null || MASK.test(me.json.id_number));
  assert.ok(!('birth_date' in me.json));
  assert.equal(typeof me.json.birth_year, 'number');
});

test('create and update answer with the mask; what was written is what the reveal gives', async () => {
  const p = newId({ male: false });
  const r = await c.gansu.post('/api/v1/members', { name: '脱敏甲', gender: 'female', committee_id: cid.province, birth_date: p.birth, id_number: p.id, phone: '13712345678' });
  assertStatus(r, 201);
  assert.equal(r.json.id_number, `620104${'*'.repeat(12)}`);
  assert.equal(r.json.birth_date, p.birth);
  assert.equal(r.json.birth_year, Number(p.birth.slice(0, 4)));
  assert.equal(r.json.phone, '13712345678');
  assert.equal(await reveal(r.json.id), p.id);
  const u = await c.gansu.patch(`/api/v1/members/${r.json.id}`, { phone: '0931-8123456' });
  assertStatus(u, 200);
  assert.equal(u.json.phone, '0931-8123456');
  assert.equal(u.json.id_number, r.json.id_number);
  const listed = (await c.gansu.get(`/api/v1/members?q=${encodeURIComponent('脱敏甲')}`)).json.items;
  assert.deepEqual(listed.map((m) => m.phone), ['093*-***3456']);
  // the audit images hold the masks and no birth date
  const [entry] = await auditOf('member', r.json.id);
  assert.equal(entry.action, 'update');
  for (const img of [entry.before, entry.after]) {
    assert.match(img.id_number, MASK);
    assert.ok(!('birth_date' in img), JSON.stringify(img));
    assert.ok(img.phone.includes('*'), img.phone);
  }
});

test('reveal: member.id_number roles only (403), in their scope (404), recorded in the audit log', async () => {
  for (const u of [...ROLES_WITHOUT_ID, 'member1']) {
    const target = u === 'member1' ? c.member1.user.member_id : someone.id;
    assertError(await c[u].post(`/api/v1/members/${target}/id-number/reveal`), 403, 'forbidden');
  }
  // 天水市's secretariat holds the permission, but not for a provincial member
  assertError(await c.tianshui.post(`/api/v1/members/${someone.id}/id-number/reveal`), 404, 'not_found');
  assertError(await c.gansu.post('/api/v1/members/99999999/id-number/reveal'), 404, 'not_found');
  // without the CSRF header a cookie session cannot reveal
  const noCsrf = await c.gansu.request('POST', `/api/v1/members/${someone.id}/id-number/reveal`, { csrf: false });
  assertError(noCsrf, 403);
  const before = (await auditOf('member', someone.id)).filter((e) => e.action === 'reveal_id_number').length;
  const whole = await reveal(someone.id);
  const admin = await reveal(someone.id, c.admin);
  assert.equal(admin, whole);
  const entries = (await auditOf('member', someone.id)).filter((e) => e.action === 'reveal_id_number');
  assert.equal(entries.length, before + 2, 'each reveal is one audit entry');
  assert.deepEqual(entries.slice(0, 2).map((e) => e.username), ['admin', 'gansu']);
  assert.ok(JSON.stringify(entries).indexOf(whole) < 0, 'the audit entry does not hold the number');
  const v = await c.auditor.get('/api/v1/audit/verify');
  assert.equal(v.json.ok, true);
  // a member without an ID number: null, nothing recorded
  const none = await c.gansu.post('/api/v1/members', { name: '无证号', gender: 'male', committee_id: cid.province });
  assertStatus(none, 201);
  const r = await c.gansu.post(`/api/v1/members/${none.json.id}/id-number/reveal`);
  assertStatus(r, 200);
  assert.equal(r.json.id_number, null);
  assert.equal((await auditOf('member', none.json.id)).filter((e) => e.action === 'reveal_id_number').length, 0);
});

/** The text of every XML part of an XLSX file (deflated entries inflated). */
function xlsxText(buf) {
  const out = [];
  for (let p = 0; p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50;) {
    const method = buf.readUInt16LE(p + 8), csize = buf.readUInt32LE(p + 18);
    const nlen = buf.readUInt16LE(p + 26), xlen = buf.readUInt16LE(p + 28);
    const start = p + 30 + nlen + xlen;
    const raw = buf.subarray(start, start + csize);
    out.push((method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8'));
    p = start + csize;
  }
  return out.join('\n');
}

test('exports: masked by default; whole numbers only when a member.id_number role asks, recorded; 403 for others', async () => {
  const q = `committee_id=${cid.chengguan}`;
  const listed = await listAll(c.admin, `/api/v1/members?${q}`);
  const wholes = new Map();
  for (const m of listed.filter((x) => x.id_number).slice(0, 5)) wholes.set(m.id, await reveal(m.id));
  assert.ok(wholes.size > 0);
  const rowsOf = (text) => parseCsv(text).slice(1).filter((row) => row.length > 1);
  // masked for everyone unless asked
  for (const u of ['admin', 'gansu', 'viewer', 'tian']) {
    // (an export is a job: POST, then the job's file)
    const r = { text: await (await exportFile(c[u], `/api/v1/members/export?${q}&format=csv`)).text() };
    for (const w of wholes.values()) assert.ok(!r.text.includes(w), `${u}: the export holds ${w}`);
    const rows = rowsOf(r.text);
    assert.equal(rows.length, listed.length);
    for (const row of rows) {
      assert.ok(row[4] === '' || MASK.test(row[4]), `${u}: ${row[4]}`);
      // the birth date column: the date with member.id_number, the year without
      assert.match(row[3], ROLES_WITH_ID.includes(u) ? /^\d{4}-\d\d-\d\d$/ : /^\d{4}$/, `${u}: ${row[3]}`);
      assert.match(row[13], u === 'viewer' ? /^(\d{3}\*{4}\d{4})?$/ : /^(1\d{10})?$/, `${u}: phone ${row[13]}`);
    }
  }
  // others may not ask for them
  for (const u of [...ROLES_WITHOUT_ID, 'member1']) {
    assertError(await c[u].post(`/api/v1/members/export?${q}&format=csv&id_numbers=whole`), 403, 'forbidden', 'id_numbers');
    assertError(await c[u].get(`/api/v1/members?${q}&format=csv&id_numbers=whole`), 403, 'forbidden', 'id_numbers');
  }
  assertError(await c.gansu.post(`/api/v1/members/export?${q}&format=csv&id_numbers=all`), 422, 'invalid_field', 'id_numbers');
  assertError(await c.gansu.get(`/api/v1/members?${q}&id_numbers=whole`), 422, 'invalid_field', 'id_numbers');
  const count = async () => (await auditOf('member')).filter((e) => e.action === 'export_id_numbers').length;
  const before = await count();
  const r = await exportFile(c.gansu, `/api/v1/members/export?${q}&format=csv&id_numbers=whole`);
  const rows = rowsOf(await r.text());
  assert.equal(rows.length, listed.length);
  for (const [id, w] of wholes) assert.ok(rows.some((row) => row[4] === w), `member ${id}: ${w} in the whole export`);
  for (const row of rows) assert.ok(row[4] === '' || WHOLE.test(row[4]), row[4]);
  const x = await exportFile(c.admin, `/api/v1/members/export?${q}&format=xlsx&id_numbers=whole`);
  const xml = xlsxText(Buffer.from(await x.arrayBuffer()));
  for (const w of wholes.values()) assert.ok(xml.includes(w), `${w} in the whole XLSX`);
  const entries = (await auditOf('member')).filter((e) => e.action === 'export_id_numbers');
  assert.equal(entries.length, before + 2, 'each export of whole numbers is one audit entry');
  // each names the job that writes the file, recorded when the job was queued
  assert.deepEqual(entries.slice(0, 2).map((e) => [e.username, e.after.format, e.after.job_id]),
    [['admin', 'xlsx', x.job.id], ['gansu', 'csv', r.job.id]]);
  assert.ok([x, r].every((f) => f.job.result.rows === listed.length), 'the rows written'); 
});

test('lvzhi export members: masked unless --id-numbers whole, which is recorded; refused for a role without member.id_number', () => {
  const args = ['export', 'members', '--db', s.db, '--committee', String(cid.chengguan)];
  const masked = parseCsv(lvzhi(args)).slice(1).filter((row) => row.length > 1);
  assert.ok(masked.length > 5);
  assert.ok(masked.every((row) => row[4] === '' || MASK.test(row[4])), 'masked by default');
  const whole = parseCsv(lvzhi([...args, '--id-numbers', 'whole', '--as', 'gansu'])).slice(1).filter((row) => row.length > 1);
  assert.equal(whole.length, masked.length);
  assert.ok(whole.every((row) => row[4] === '' || WHOLE.test(row[4])), 'whole when asked');
  assert.throws(() => lvzhi([...args, '--id-numbers', 'whole', '--as', 'viewer']), /不能导出完整的身份证号/);
  assert.throws(() => lvzhi([...args, '--id-numbers', 'all']), /--id-numbers/);
  return auditOf('member').then((items) => {
    const e = items.find((x) => x.action === 'export_id_numbers' && x.username === 'gansu' && x.ip === 'cli');
    assert.ok(e, JSON.stringify(items.slice(0, 3)));
    assert.equal(e.after.rows, whole.length);
  });
});

test("requests: the requester's phone masked in lists, whole on the record for the staff who handle it", async () => {
  const m = (await c.admin.get(`/api/v1/members?committee_id=${cid.province}&limit=5`)).json.items.find((x) => x.committee_id === cid.province);
  const r = await c.tian.post('/api/v1/requests', {
    title: '电话脱敏', category: 'other', committee_id: cid.province, requester_name: '李大姐', requester_phone: '13698765432', member_id: m.id,
  });
  assertStatus(r, 201);
  assert.equal(r.json.requester_phone, '13698765432');
  for (const u of ['tian', 'gansu', 'viewer', 'tiban']) {
    const list = (await c[u].get(`/api/v1/requests?q=${encodeURIComponent('电话脱敏')}`)).json.items;
    assert.deepEqual(list.map((x) => x.requester_phone), ['136****5432'], u);
    const one = await c[u].get(`/api/v1/requests/${r.json.id}`);
    assertStatus(one, 200, u);
    assert.equal(one.json.requester_phone, ['tian', 'gansu'].includes(u) ? '13698765432' : '136****5432', u);
  }
  const [entry] = await auditOf('request', r.json.id);
  assert.equal(entry.after.requester_phone, '136****5432');
});

/** Every row of every table of the database as text (PostgreSQL), or the SQLite file's bytes. */
function rawDatabase() {
  if (ENGINE === 'sqlite') {
    let text = '';
    for (const f of [s.db, `${s.db}-wal`]) if (existsSync(f)) text += readFileSync(f).toString('latin1');
    return text;
  }
  const tables = psql(s.db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split('\n');
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', s.db, '-c',
    tables.map((t) => `SELECT x::text FROM "${t}" x`).join(' UNION ALL ')],
  { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

test('the database read without the key holds no ID number, birth date or phone of the demo members', async () => {
  // the numbers as a role allowed to see them gets them: a whole export
  const r = { text: await (await exportFile(c.admin, `/api/v1/members/export?committee_id=${cid.province}&format=csv&id_numbers=whole`)).text() };
  // (the demo's members all have both; the few this file made may lack one)
  const people = parseCsv(r.text).slice(1).filter((row) => row.length > 1)
    .map((row) => ({ birth: row[3], id: row[4], phone: row[13] }))
    .filter((p) => WHOLE.test(p.id) && /^1\d{10}$/.test(p.phone));
  assert.ok(people.length > 1600, `${people.length} demo members`);
  const byId = new Map();
  for (const m of await listAll(c.admin, `/api/v1/members?committee_id=${cid.province}`)) byId.set(m.id, m.birth_date);
  const whole = rawDatabase();
  assert.ok(whole.length > 100000, 'the database was read');
  // every run of 8 or more digits (or X) it holds, the places a number could be; the hex hashes
  // (the audit chain's, the tokens') are taken out first: their digit runs match an 8-digit
  // phone suffix by chance once the log holds a few thousand entries
  const raw = (whole.replace(/[0-9a-f]{40,}/g, ' ').match(/[\dX]{8,}/g) || []).join('|');
  for (const p of people) {
    // the whole number, and the 12 digits the mask hides (birth date, sequence, check)
    assert.ok(!raw.includes(p.id), `ID number ${p.id} in the database`);
    assert.ok(!raw.includes(p.id.slice(6)), `the hidden digits of ${p.id} in the database`);
    // the phone, and its 8 digits after the prefix the mask shows
    assert.ok(!raw.includes(p.phone), `phone ${p.phone} in the database`);
    assert.ok(!raw.includes(p.phone.slice(3)), `the hidden digits of ${p.phone} in the database`);
  }
  // no member's row holds its birth date, in either form (dates of other records may well
  // coincide with one, so each row is checked against its own)
  const rows = sql(s.db, 'SELECT id, name, gender, birth_year, id_number_mask, phone_mask, occupation FROM members ORDER BY id').split('\n');
  let checked = 0;
  for (const line of rows) {
    const id = Number(line.split('|')[0]);
    const birth = byId.get(id);
    if (!birth) continue;
    assert.ok(!line.includes(birth) && !line.includes(birth.replaceAll('-', '')), `member ${id}'s row holds its birth date ${birth}: ${line}`);
    checked++;
  }
  assert.ok(checked > 1000);
  // and no column of members is named for what is no longer kept in clear
  const cols = ENGINE === 'sqlite'
    ? sql(s.db, "SELECT name FROM pragma_table_info('members')").split('\n')
    : psql(s.db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'members'").split('\n');
  for (const gone of ['birth_date', 'phone']) assert.ok(!cols.includes(gone), `members.${gone} is gone: ${cols}`);
});
