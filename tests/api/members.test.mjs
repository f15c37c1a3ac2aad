// tests/api/members.test.mjs: the member record (every validation rule, the ID number),
// duplicates, list filters, CSV/XLSX export, roster import (all or nothing), and the audit entry
// of an update.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import {
  assertError, assertStatus, checkDigit, committeeId, csv, exportFile, listAll, newId, parseCsv, rosterRow, withBadCheck, ROSTER_HEADER,
} from './lib/util.mjs';

let s, admin, auditor, gansu;
const cid = {};
const CSV = { headers: { 'content-type': 'text/csv; charset=utf-8' } };

before(async () => {
  s = await startServer({});
  admin = await as(s, 'admin');
  auditor = await as(s, 'auditor');
  gansu = await as(s, 'gansu');
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协'], ['qilihe', '七里河区政协']])
    cid[k] = await committeeId(admin, name);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const total = async (qs = '') => (await admin.get(`/api/v1/members?limit=1${qs}`)).json.total;

/** The mask every role sees of an ID number: its first 6 digits, 12 stars. */
const masked = (id) => `${id.slice(0, 6)}${'*'.repeat(12)}`;

/** The whole ID number of member id, through the (audited) reveal. */
async function reveal(id, who = gansu) {
  const r = await who.post(`/api/v1/members/${id}/id-number/reveal`);
  assertStatus(r, 200, `reveal ${id}`);
  return r.json.id_number;
}

let n = 0;
function member(extra = {}) {
  const p = newId({ male: extra.gender !== 'female' });
  return { name: `测试委员${++n}`, gender: p.gender, committee_id: cid.province, birth_date: p.birth, id_number: p.id, ...extra };
}

test('create 201 with names of the references, get, patch, delete 204', async () => {
  const p = newId({ male: false });
  const body = {
    name: '欧阳明月', gender: 'female', ethnicity: '回族', birth_date: p.birth, id_number: p.id, committee_id: cid.province,
    sector_id: 21, party_id: 3, special_committee_id: 1, group_id: 11, is_standing: true, term: 13,
    occupation: '兰州大学教授', phone: '13912345678', status: 'active',
  };
  const r = await gansu.post('/api/v1/members', body);
  assertStatus(r, 201);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(r.json[k], k === 'id_number' ? masked(v) : v, k);
  assert.equal(r.json.birth_year, Number(p.birth.slice(0, 4)));
  assert.equal(await reveal(r.json.id), p.id);
  assert.equal(r.json.committee_name, '甘肃省政协');
  assert.equal(r.json.sector_name, '经济界');
  assert.equal(r.json.party_name, '中国民主同盟');
  assert.equal(r.json.special_committee_name, '提案委员会');
  assert.match(r.json.group_name, /第十一界别活动组/);
  const id = r.json.id;
  assert.deepEqual((await gansu.get(`/api/v1/members/${id}`)).json, r.json);
  const p2 = await gansu.patch(`/api/v1/members/${id}`, { occupation: '兰州大学副校长', is_standing: false, committee_id: cid.province });
  assertStatus(p2, 200);
  assert.equal(p2.json.occupation, '兰州大学副校长');
  assert.equal(p2.json.is_standing, false);
  assert.equal(p2.json.name, '欧阳明月');
  assert.equal(p2.json.id_number, masked(p.id));
  assert.equal(await reveal(id), p.id);
  // defaults of a minimal member
  const m = await gansu.post('/api/v1/members', { name: '简单', gender: 'male', committee_id: cid.province });
  assertStatus(m, 201);
  assert.equal(m.json.term, 1);
  assert.equal(m.json.status, 'active');
  assert.equal(m.json.is_standing, false);
  assert.equal(m.json.id_number, null);
  assert.equal(m.json.ethnicity, '汉族');
  const d = await gansu.del(`/api/v1/members/${id}`);
  assert.equal(d.status, 204);
  assertError(await gansu.get(`/api/v1/members/${id}`), 404, 'not_found');
  assertError(await gansu.del(`/api/v1/members/${id}`), 404, 'not_found');
});

test('PATCH of one field without committee_id → 200', async () => {
  const r = await gansu.post('/api/v1/members', member());
  assertStatus(r, 201);
  const p = await gansu.patch(`/api/v1/members/${r.json.id}`, { occupation: '只改职务' });
  assertStatus(p, 200, 'PATCH {occupation}');
  assert.equal(p.json.occupation, '只改职务');
  assert.equal(p.json.committee_id, cid.province);
});

test('a member in use by an account cannot be deleted (409 in_use)', async () => {
  const m1 = await as(s, 'member1');
  assertError(await admin.del(`/api/v1/members/${m1.user.member_id}`), 409, 'in_use');
  assertStatus(await admin.get(`/api/v1/members/${m1.user.member_id}`), 200);
});

test('name: empty, blank and 31 characters → 422; 30 characters is fine', async () => {
  const before = await total();
  assertError(await gansu.post('/api/v1/members', member({ name: '' })), 422, 'invalid_field', 'name');
  assertError(await gansu.post('/api/v1/members', member({ name: '  \u3000' })), 422, 'invalid_field', 'name');
  const e = assertError(await gansu.post('/api/v1/members', member({ name: '张'.repeat(31) })), 422, 'invalid_field', 'name');
  assert.match(e.message, /30/);
  assertError(await gansu.post('/api/v1/members', member({ name: 'A'.repeat(31) })), 422, 'invalid_field', 'name');
  assert.equal(await total(), before);
  const ok = await gansu.post('/api/v1/members', member({ name: '张'.repeat(30) }));
  assertStatus(ok, 201);
  assert.equal(ok.json.name, '张'.repeat(30));
  // invalid UTF-8 is refused at the edge
  const bad = await fetch(`${s.url}/api/v1/members`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: gansu.cookie, 'x-csrf-token': gansu.csrf },
    body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","gender":"male","committee_id":2}')]),
  });
  assert.ok(bad.status === 400 || bad.status === 422, `invalid UTF-8: ${bad.status}`);
  assert.equal(await total(), before + 1);
});

test('every invalid field → 422 naming it, and nothing is written', async () => {
  const lzSc = (await admin.get(`/api/v1/special-committees?committee_id=${cid.lanzhou}&limit=500`)).json.items.find((x) => x.committee_id === cid.lanzhou);
  const qlGroup = await admin.post('/api/v1/groups', { name: '七里河活动组', committee_id: cid.qilihe, lead_kind: 'federation' });
  assertStatus(qlGroup, 201);
  const cgSector = await admin.post('/api/v1/sectors', { name: '城关界别', committee_id: cid.chengguan });
  assertStatus(cgSector, 201);
  const male = newId({ male: true });
  const female = newId({ male: false });
  const future = (() => { const id17 = '62010420991231001'; return id17 + checkDigit(id17); })();
  const cases = [
    [{ gender: 'x' }, 'gender'],
    [{ gender: '男' }, 'gender'],
    [{ gender: null }, 'gender'],
    [{ birth_date: '2023-02-29', id_number: null }, 'birth_date'],
    [{ birth_date: '2001-13-01', id_number: null }, 'birth_date'],
    [{ birth_date: '2001/01/01', id_number: null }, 'birth_date'],
    [{ birth_date: 20010101, id_number: null }, 'birth_date'],
    [{ id_number: withBadCheck(male.id), birth_date: male.birth }, 'id_number', '身份证号校验位错误'],
    [{ id_number: male.id.slice(0, 17), birth_date: male.birth }, 'id_number'],
    [{ id_number: `${male.id}1`, birth_date: male.birth }, 'id_number'],
    [{ id_number: `62010A${male.id.slice(6)}`, birth_date: male.birth }, 'id_number'],
    [{ id_number: future, birth_date: null }, 'id_number'],
    [{ id_number: male.id, birth_date: '2001-02-03' === male.birth ? '2001-02-04' : '2001-02-03' }, 'birth_date', '出生日期与身份证号不一致'],
    [{ id_number: male.id, birth_date: male.birth, gender: 'female' }, 'gender', '性别与身份证号不一致'],
    [{ id_number: female.id, birth_date: female.birth, gender: 'male' }, 'gender'],
    [{ phone: 'abc' }, 'phone'],
    [{ phone: '1391234567a' }, 'phone'],
    [{ phone: '123' }, 'phone'],
    [{ term: 0 }, 'term'],
    [{ term: 100 }, 'term'],
    [{ term: '13' }, 'term'],
    [{ is_standing: 'yes' }, 'is_standing'],
    [{ status: 'retired' }, 'status'],
    [{ sector_id: 999999 }, 'sector_id'],
    [{ sector_id: 0 }, 'sector_id'],
    [{ sector_id: 'x' }, 'sector_id'],
    [{ party_id: 999999 }, 'party_id'],
    [{ special_committee_id: 999999 }, 'special_committee_id'],
    [{ group_id: 999999 }, 'group_id'],
    [{ committee_id: 999999 }, 'committee_id'],
    [{ committee_id: null }, 'committee_id'],
    [{ ethnicity: '族'.repeat(21) }, 'ethnicity'],
    [{ occupation: '职'.repeat(101) }, 'occupation'],
    [{ nickname: '小王' }, 'nickname'],
    // references of another committee than the member's path
    [{ committee_id: cid.chengguan, group_id: qlGroup.json.id }, 'group_id'],
    [{ committee_id: cid.province, special_committee_id: lzSc.id }, 'special_committee_id'],
    [{ committee_id: cid.province, sector_id: cgSector.json.id }, 'sector_id'],
  ];
  const before = await total();
  for (const [extra, field, message] of cases) {
    const body = member();
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete body[k]; else body[k] = v;
    const e = assertError(await gansu.post('/api/v1/members', body), 422, 'invalid_field', field);
    if (message) assert.equal(e.message, message, JSON.stringify(extra));
  }
  // required fields that are missing
  for (const f of ['name', 'gender', 'committee_id']) {
    const body = member();
    delete body[f];
    assertError(await gansu.post('/api/v1/members', body), 422, 'invalid_field', f);
  }
  assert.equal(await total(), before, 'no refused member was written');
  // the same references on the member's path are fine: the county member with a city special committee
  assertStatus(await admin.post('/api/v1/members', member({ committee_id: cid.chengguan, special_committee_id: lzSc.id, group_id: 11 })), 201);
  assertStatus(await admin.post('/api/v1/members', member({ birth_date: '2004-02-29', id_number: null })), 201);
});

test('empty optional fields: "" clears a phone; null takes the default or is refused by name, never 409', async () => {
  const r = await gansu.post('/api/v1/members', member({ phone: '' }));
  assertStatus(r, 201, 'phone ""');
  assert.equal(r.json.phone, '');
  const withPhone = await gansu.post('/api/v1/members', member({ phone: '13900001234' }));
  assertStatus(withPhone, 201);
  const cleared = await gansu.patch(`/api/v1/members/${withPhone.json.id}`, { phone: '', committee_id: cid.province });
  assertStatus(cleared, 200, 'clearing a phone');
  assert.equal(cleared.json.phone, '');
  for (const extra of [{ phone: null }, { occupation: null }, { ethnicity: null }, { term: null }, { is_standing: null }, { status: '' }, { status: null }]) {
    const x = await gansu.post('/api/v1/members', member(extra));
    const [field] = Object.keys(extra);
    assert.ok(x.status === 201 || (x.status === 422 && x.json.error.field === field), `${JSON.stringify(extra)}: ${x.status} ${x.text.slice(0, 200)}`);
  }
});

test('an ID number whose check character is X, in either case', async () => {
  let id = null;
  for (let k = 1; !id; k += 2) {
    const id17 = `62010420030315${String(k).padStart(3, '0')}`;
    if (checkDigit(id17) === 'X') id = `${id17}X`;
  }
  const r = await gansu.post('/api/v1/members', { name: '校验X', gender: 'male', committee_id: cid.province, birth_date: '2003-03-15', id_number: id.toLowerCase() });
  assertStatus(r, 201);
  assert.equal(await reveal(r.json.id), id, 'stored with an upper-case X');
  const dup = await gansu.post('/api/v1/members', { name: '校验X二', gender: 'male', committee_id: cid.province, id_number: id });
  assertError(dup, 409, 'conflict', 'id_number');
});

test('a duplicate ID number → 409, on create and on patch; nothing changes', async () => {
  const fb = member();
  const first = await gansu.post('/api/v1/members', fb);
  assertStatus(first, 201);
  const before = await total();
  const again = { ...member(), id_number: fb.id_number, birth_date: first.json.birth_date, gender: first.json.gender };
  const e = assertError(await gansu.post('/api/v1/members', again), 409, 'conflict');
  assert.equal(e.field, 'id_number');
  assert.match(e.message, /身份证号/);
  // another committee does not make it unique
  assertError(await admin.post('/api/v1/members', { ...again, committee_id: cid.qilihe }), 409, 'conflict');
  assert.equal(await total(), before);
  const second = await gansu.post('/api/v1/members', member());
  assertStatus(second, 201);
  const orig = (await gansu.get(`/api/v1/members/${second.json.id}`)).json;
  assertError(await gansu.patch(`/api/v1/members/${second.json.id}`, {
    id_number: fb.id_number, birth_date: first.json.birth_date, gender: first.json.gender, committee_id: cid.province,
  }), 409, 'conflict');
  assert.deepEqual((await gansu.get(`/api/v1/members/${second.json.id}`)).json, orig);
});

test('PATCH gender or birth date alone must still agree with the stored ID number', async () => {
  const p = newId({ male: true });
  const r = await gansu.post('/api/v1/members', { name: '一致性', gender: 'male', committee_id: cid.province, birth_date: p.birth, id_number: p.id });
  assertStatus(r, 201);
  const id = r.json.id;
  // committee_id is sent along so that only the rule under test decides
  assertError(await gansu.patch(`/api/v1/members/${id}`, { gender: 'female', committee_id: cid.province }), 422, 'invalid_field', 'gender');
  assertError(await gansu.patch(`/api/v1/members/${id}`, { birth_date: '1999-09-09', committee_id: cid.province }), 422, 'invalid_field', 'birth_date');
  const now = (await gansu.get(`/api/v1/members/${id}`)).json;
  assert.equal(now.gender, 'male');
  assert.equal(now.birth_date, p.birth);
});

test('an ID number can be removed and set again', async () => {
  const body = member();
  const r = await gansu.post('/api/v1/members', body);
  assertStatus(r, 201);
  const idn = body.id_number;
  const cleared = await gansu.patch(`/api/v1/members/${r.json.id}`, { id_number: null, committee_id: cid.province });
  assertStatus(cleared, 200);
  assert.equal(cleared.json.id_number, null);
  // the number is free again
  const other = await gansu.post('/api/v1/members', { name: '接用号码', gender: r.json.gender, birth_date: r.json.birth_date, committee_id: cid.province, id_number: idn });
  assertStatus(other, 201);
});

test('the id of a deleted member is not given to a new one', async () => {
  const a = await gansu.post('/api/v1/members', member());
  assertStatus(a, 201);
  assert.equal((await gansu.del(`/api/v1/members/${a.json.id}`)).status, 204);
  const b = await gansu.post('/api/v1/members', member());
  assertStatus(b, 201);
  assert.ok(b.json.id > a.json.id, `deleted member ${a.json.id}, new member got id ${b.json.id}: its audit history and any link to the old id now point to another person`);
});

test('list filters: sector_id, group_id, is_standing, gender, party_id, special_committee_id, term, status, q', async () => {
  const all = await listAll(admin, '/api/v1/members');
  assert.equal(all.length, await total());
  const checks = [
    ['sector_id=21', (m) => m.sector_id === 21],
    ['group_id=11', (m) => m.group_id === 11],
    ['is_standing=true', (m) => m.is_standing === true],
    ['is_standing=false', (m) => m.is_standing === false],
    ['gender=female', (m) => m.gender === 'female'],
    ['party_id=1', (m) => m.party_id === 1],
    ['special_committee_id=1', (m) => m.special_committee_id === 1],
    ['term=13', (m) => m.term === 13],
    ['status=active', (m) => m.status === 'active'],
    [`q=${encodeURIComponent('王')}`, (m) => m.name.includes('王')],
    [`gender=female&sector_id=21&q=${encodeURIComponent('王')}`, (m) => m.gender === 'female' && m.sector_id === 21 && m.name.includes('王')],
    // committee_id is the committee and those under it: every demo member is under 甘肃省政协
    [`committee_id=${cid.province}&is_standing=true`, (m) => m.is_standing],
  ];
  for (const [qs, pred] of checks) {
    const got = await listAll(admin, `/api/v1/members?${qs}`);
    const want = all.filter(pred).map((m) => m.id);
    assert.ok(want.length > 0 || qs.includes('&'), `the demo has members for ${qs}`);
    assert.deepEqual(got.map((m) => m.id), want, qs);
    assert.equal((await admin.get(`/api/v1/members?${qs}&limit=1`)).json.total, want.length, `total of ${qs}`);
  }
  // % and _ are literal, and quotes are just text
  assert.equal((await admin.get(`/api/v1/members?q=${encodeURIComponent("' OR '1'='1")}&limit=1`)).json.total, 0);
  assert.equal((await admin.get(`/api/v1/members?q=${encodeURIComponent('%')}&limit=1`)).json.total, 0);
  for (const qs of ['sector_id=abc', 'is_standing=maybe', 'term=x', 'group_id=1.5'])
    assertError(await admin.get(`/api/v1/members?${qs}`), 422, 'invalid_field', qs.split('=')[0]);
  assertError(await admin.get('/api/v1/members?format=pdf'), 422, 'invalid_field', 'format');
  assertError(await admin.post('/api/v1/members/export?format=json'), 422, 'invalid_field', 'format');
  assertError(await admin.post('/api/v1/members/export?sector_id=abc&format=csv'), 422, 'invalid_field', 'sector_id');
});

test('CSV export: BOM, Chinese header, one line per member of the filter, committee names', async () => {
  const want = await listAll(gansu, `/api/v1/members?committee_id=${cid.chengguan}`);
  const r = await exportFile(gansu, `/api/v1/members/export?committee_id=${cid.chengguan}&format=csv`);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition') || '', /attachment/);
  const bytes = new Uint8Array(await r.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = new TextDecoder().decode(bytes);
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], ROSTER_HEADER);
  assert.equal(rows.length - 1, want.length);
  const col = (h) => ROSTER_HEADER.indexOf(h);
  for (const row of rows.slice(1)) {
    assert.equal(row.length, ROSTER_HEADER.length);
    assert.equal(row[col('所属政协')], '城关区政协');
    assert.ok(['男', '女'].includes(row[col('性别')]), row[col('性别')]);
  }
  assert.deepEqual(rows.slice(1).map((x) => x[0]).sort(), want.map((m) => m.name).sort());
  // masked unless whole numbers are asked for (idmask.test.mjs tests who may and the audit)
  assert.ok(rows.slice(1).every((x) => x[col('身份证号')] === '' || /^\d{6}\*{12}$/.test(x[col('身份证号')])));
  const whole = parseCsv(await (await exportFile(gansu, `/api/v1/members/export?committee_id=${cid.chengguan}&format=csv&id_numbers=whole`)).text());
  assert.ok(whole.slice(1).some((x) => /^\d{17}[\dX]$/.test(x[col('身份证号')])));
  // a filter narrows the file
  const f = await exportFile(gansu, `/api/v1/members/export?committee_id=${cid.lanzhou}&gender=female&format=csv`);
  const frows = parseCsv(await f.text()).slice(1);
  assert.equal(frows.length, (await listAll(gansu, `/api/v1/members?committee_id=${cid.lanzhou}&gender=female`)).length);
  assert.ok(frows.length > 0 && frows.every((x) => x[col('性别')] === '女'));
  const names = new Set(frows.map((x) => x[col('所属政协')]));
  assert.ok(names.has('兰州市政协') || names.has('城关区政协'));
});

test('XLSX export: spreadsheetml, a zip file', async () => {
  const r = await exportFile(gansu, `/api/v1/members/export?committee_id=${cid.chengguan}&format=xlsx`);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const b = Buffer.from(await r.arrayBuffer());
  assert.equal(b.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(b.length > 1000);
  assert.match(r.headers.get('content-disposition') || '', /xlsx/);
});

test('import template: BOM, the header row, and it imports as it is', async () => {
  const r = await gansu.request('GET', '/api/v1/members/import-template', { raw: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.toString('utf8'));
  assert.deepEqual(rows[0], ROSTER_HEADER);
  const before = await total();
  const imp = await gansu.post('/api/v1/members/import', new Uint8Array(bytes), CSV);
  assertStatus(imp, 200, 'template import');
  assert.equal(imp.json.imported, rows.length - 1);
  assert.equal(await total(), before + rows.length - 1);
});

test('import: a good file of 3 rows → 200 imported 3, and the members exist', async () => {
  const rows = [rosterRow({ name: '导入甲' }), rosterRow({ name: '导入乙', male: false, committee: '城关区政协', sector: '教育界' }),
    rosterRow({ name: '导入丙', committee: '七里河区政协', phone: '13800001111' })];
  rows[0][ROSTER_HEADER.indexOf('常委')] = '是';
  rows[0][ROSTER_HEADER.indexOf('党派')] = '民盟';
  const before = await total();
  const r = await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV);
  assertStatus(r, 200);
  assert.equal(r.json.imported, 3);
  assert.equal(await total(), before + 3);
  const get = async (name) => {
    const l = await gansu.get(`/api/v1/members?q=${encodeURIComponent(name)}`);
    assert.equal(l.json.total, 1, name);
    return l.json.items[0];
  };
  const a = await get('导入甲');
  assert.equal(a.gender, 'male');
  assert.equal(a.committee_id, cid.province);
  assert.equal(a.is_standing, true);
  assert.equal(a.party_name, '中国民主同盟');
  assert.equal(a.sector_name, '经济界');
  assert.equal(a.term, 13);
  assert.equal(a.status, 'active');
  assert.equal(await reveal(a.id), rows[0][4]);
  const b = await get('导入乙');
  assert.equal(b.gender, 'female');
  assert.equal(b.committee_id, cid.chengguan);
  assert.equal(b.sector_name, '教育界');
  const c = await get('导入丙');
  assert.equal(c.committee_id, cid.qilihe);
  assert.equal(c.phone, '138****1111', 'lists show the phone masked');
  assert.equal((await gansu.get(`/api/v1/members/${c.id}`)).json.phone, '13800001111');
});

test('import: one bad row (gender, line 4) → 422 invalid_rows naming line, column and 性别; nothing imported', async () => {
  const rows = [1, 2, 3, 4, 5].map((i) => rosterRow({ name: `坏文件${i}` }));
  rows[2][1] = '未知';
  const before = await total();
  const r = await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV);
  const e = assertError(r, 422, 'invalid_rows');
  assert.equal(e.rows.length, 1, JSON.stringify(e.rows));
  const [row] = e.rows;
  assert.equal(row.line, 4);
  assert.equal(row.column, 2);
  assert.equal(row.column_name, '性别');
  assert.equal(row.field, 'gender');
  assert.ok(row.message.length > 0);
  assert.equal(await total(), before, 'no member of the file was created');
  assert.equal((await gansu.get(`/api/v1/members?q=${encodeURIComponent('坏文件')}`)).json.total, 0);
});

test('import: every bad row is listed (phone, check digit, committee, duplicate in the file)', async () => {
  const rows = [1, 2, 3, 4, 5, 6].map((i) => rosterRow({ name: `多错${i}` }));
  rows[0][13] = '电话号码';                  // line 2, column 14 手机号
  rows[2][4] = withBadCheck(rows[2][4]);     // line 4, column 5 身份证号
  rows[3][5] = '不存在的政协';                // line 5, column 6 所属政协
  rows[5][4] = rows[4][4];                    // line 7 repeats line 6's ID number
  rows[5][3] = rows[4][3];
  const before = await total();
  const e = assertError(await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV), 422, 'invalid_rows');
  const by = Object.fromEntries(e.rows.map((x) => [x.line, x]));
  assert.equal(by[2]?.column, 14, JSON.stringify(e.rows));
  assert.equal(by[2].column_name, '手机号');
  assert.equal(by[4]?.column, 5, JSON.stringify(e.rows));
  assert.equal(by[4].column_name, '身份证号');
  assert.equal(by[4].message, '身份证号校验位错误');
  assert.equal(by[5]?.column, 6, JSON.stringify(e.rows));
  assert.equal(by[5].column_name, '所属政协');
  assert.match(by[5].message, /不存在的政协/);
  assert.equal(by[7]?.column, 5, JSON.stringify(e.rows));
  assert.ok(!by[3] && !by[6], 'good rows are not listed');
  assert.equal(await total(), before);
});

test('import: an ID number that an existing member has → 422 naming the row', async () => {
  const existing = (await gansu.get(`/api/v1/members?committee_id=${cid.province}&limit=1`)).json.items[0];
  const rows = [rosterRow({ name: '撞号一' }), rosterRow({ name: '撞号二', male: existing.gender === 'male' })];
  rows[1][4] = existing.id_number;
  rows[1][3] = existing.birth_date;
  const before = await total();
  const e = assertError(await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, ...rows]), CSV), 422, 'invalid_rows');
  assert.equal(e.rows.length, 1, JSON.stringify(e.rows));
  assert.equal(e.rows[0].line, 3);
  assert.equal(e.rows[0].column, 5);
  assert.equal(await total(), before);
});

test('import: an unknown header → error naming line 1 and its column', async () => {
  const header = [...ROSTER_HEADER, '备注'];
  const row = [...rosterRow({ name: '表头错' }), '无'];
  const before = await total();
  const e = assertError(await gansu.post('/api/v1/members/import', csv([header, row]), CSV), 422, 'invalid_rows');
  assert.equal(e.rows.length, 1, JSON.stringify(e.rows));
  assert.equal(e.rows[0].line, 1);
  assert.equal(e.rows[0].column, 16);
  assert.match(e.rows[0].message, /备注/);
  assert.ok(e.rows[0].column_name === '备注' || e.rows[0].column_name === '', `column_name of an unknown column: ${e.rows[0].column_name}`);
  // a missing required column
  const e2 = assertError(await gansu.post('/api/v1/members/import', csv([['姓名', '所属政协'], ['缺性别', '甘肃省政协']]), CSV), 422, 'invalid_rows');
  assert.ok(e2.rows.some((x) => x.line === 1 && /性别/.test(x.message)), JSON.stringify(e2.rows));
  assert.equal(await total(), before);
});

test('import: malformed CSV (cell count, open quote) → 422 naming the line', async () => {
  const good = rosterRow({ name: '格式一' });
  let text = csv([ROSTER_HEADER, good]) + '格式二,男,汉族\r\n';
  let e = assertError(await gansu.post('/api/v1/members/import', text, CSV), 422, 'invalid_rows');
  assert.ok(e.rows.some((x) => x.line === 3), JSON.stringify(e.rows));
  text = csv([ROSTER_HEADER, good]) + '"格式三,男\r\n';
  e = assertError(await gansu.post('/api/v1/members/import', text, CSV), 422, 'invalid_rows');
  assert.ok(e.rows.some((x) => x.line === 3), JSON.stringify(e.rows));
  assert.equal((await gansu.get(`/api/v1/members?q=${encodeURIComponent('格式')}`)).json.total, 0);
});

test('import: a quoted field with a comma and a newline imports exactly; later lines keep their numbers', async () => {
  const a = rosterRow({ name: '引号甲' });
  a[12] = '兰州大学, 教授\n兼"文学院"院长';
  const b = rosterRow({ name: '引号乙' });
  const r = await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, a, b]), CSV);
  assertStatus(r, 200);
  assert.equal(r.json.imported, 2);
  const m = (await gansu.get(`/api/v1/members?q=${encodeURIComponent('引号甲')}`)).json.items[0];
  assert.equal(m.occupation, '兰州大学, 教授\n兼"文学院"院长');
  // the same file with a bad row after the two-line record: the physical line is named
  const c = rosterRow({ name: '引号丙' });
  const d = rosterRow({ name: '引号丁' });
  c[12] = '第一行\n第二行';
  d[1] = '男女';
  const e = assertError(await gansu.post('/api/v1/members/import', csv([ROSTER_HEADER, c, d]), CSV), 422, 'invalid_rows');
  assert.equal(e.rows[0].line, 4, JSON.stringify(e.rows));
});

test('import: wrong content type → 415, an empty body → 400', async () => {
  const text = csv([ROSTER_HEADER, rosterRow({ name: '类型错' })]);
  assertError(await gansu.post('/api/v1/members/import', text, { headers: { 'content-type': 'application/json' } }), 415, 'unsupported_media_type');
  assertError(await gansu.post('/api/v1/members/import', text, { headers: { 'content-type': 'application/vnd.ms-excel' } }), 415, 'unsupported_media_type');
  const r = await gansu.post('/api/v1/members/import', '', CSV);
  assert.equal(r.status, 400, r.text);
  assert.ok(r.json?.error?.code, r.text);
  assert.equal((await gansu.get(`/api/v1/members?q=${encodeURIComponent('类型错')}`)).json.total, 0);
});

async function roundTrip(tag, bodies) {
  const made = [];
  for (const b of bodies) {
    const body = member({ committee_id: cid.qilihe, ...b });
    const r = await gansu.post('/api/v1/members', body);
    assertStatus(r, 201);
    made.push({ ...r.json, whole: body.id_number });
  }
  // a file that imports again carries the whole numbers
  const exp = { text: await (await exportFile(gansu, `/api/v1/members/export?committee_id=${cid.qilihe}&q=${encodeURIComponent(tag)}&format=csv&id_numbers=whole`)).text() };
  assert.equal(parseCsv(exp.text).length, bodies.length + 1);
  for (const m of made) assert.equal((await gansu.del(`/api/v1/members/${m.id}`)).status, 204);
  const imp = await gansu.post('/api/v1/members/import', exp.text, CSV);
  assertStatus(imp, 200, 'the exported file imports again');
  assert.equal(imp.json.imported, bodies.length);
  const back = await listAll(gansu, `/api/v1/members?q=${encodeURIComponent(tag)}`);
  const keys = ['name', 'gender', 'ethnicity', 'birth_date', 'id_number', 'committee_id', 'sector_id', 'party_id', 'special_committee_id',
    'group_id', 'is_standing', 'term', 'occupation', 'phone', 'status'];
  for (const [i, m] of made.entries()) {
    const found = back.find((x) => x.name === m.name);
    assert.ok(found, m.name);
    const b = (await gansu.get(`/api/v1/members/${found.id}`)).json;
    for (const k of keys) assert.deepEqual(b[k], m[k], `${m.name}.${k}`);
    assert.equal(await reveal(b.id), made[i].whole, `${m.name}: the whole number`);
  }
}

test('export then import again gives the same members', async () => {
  await roundTrip('往返', [
    { name: '往返甲', occupation: '公司, 经理', phone: '13900002222', sector_id: 21, party_id: 3, group_id: 11, is_standing: true, term: 12 },
    { name: '往返乙', occupation: '说"是"的人', status: 'suspended', gender: 'female' },
    { name: '往返丙', occupation: '多行\n职务', ethnicity: '藏族', status: 'resigned' },
  ]);
});

test('export then import again keeps cells that begin with + - = @ (the spreadsheet guard)', async () => {
  await roundTrip('守护', [
    { name: '守护甲', phone: '+8613900003333' },
    { name: '守护乙', occupation: '=SUM(A1)' },
    { name: '守护丙', occupation: '-退休' },
  ]);
});

test('audit: an update is logged with the record before and after', async () => {
  const r = await gansu.post('/api/v1/members', member({ occupation: '旧职务' }));
  assertStatus(r, 201);
  const id = r.json.id;
  assertStatus(await gansu.patch(`/api/v1/members/${id}`, { occupation: '新职务', committee_id: cid.province }), 200);
  const a = await auditor.get(`/api/v1/audit?entity=member&entity_id=${id}`);
  assertStatus(a, 200);
  const [upd, crt] = a.json.items;
  assert.equal(upd.action, 'update');
  assert.equal(crt.action, 'create');
  assert.equal(crt.after.name, r.json.name);
  assert.equal(upd.username, 'gansu');
  assert.equal(upd.entity, 'member');
  assert.equal(upd.entity_id, id);
  assert.equal(upd.committee_id, cid.province);
  assert.equal(upd.before.occupation, '旧职务');
  assert.equal(upd.after.occupation, '新职务');
  assert.equal(upd.before.name, r.json.name);
  assert.equal(crt.before, null);
  assert.equal(crt.after.occupation, '旧职务');
  assert.match(upd.at, /^\d{4}-\d\d-\d\dT/);
  // a delete keeps the last state
  assert.equal((await gansu.del(`/api/v1/members/${id}`)).status, 204);
  const d = (await auditor.get(`/api/v1/audit?entity=member&entity_id=${id}&limit=1`)).json.items[0];
  assert.equal(d.action, 'delete');
  assert.equal(d.before.occupation, '新职务');
  assert.equal(d.after, null);
});

test('audit: ID numbers in the audit log are masked', async () => {
  const body = member();
  const r = await gansu.post('/api/v1/members', body);
  assertStatus(r, 201);
  assertStatus(await gansu.patch(`/api/v1/members/${r.json.id}`, { occupation: '审计', committee_id: cid.province }), 200);
  const a = await auditor.get(`/api/v1/audit?entity=member&entity_id=${r.json.id}`);
  const text = JSON.stringify(a.json);
  assert.ok(!text.includes(body.id_number), `the audit log holds the whole ID number ${body.id_number}`);
  assert.ok(a.json.items.every((x) => !x.after || x.after.id_number === null || x.after.id_number.includes('********')));
});
