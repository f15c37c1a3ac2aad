// tests/api/contact.test.mjs: members linking with the masses over HTTP: grassroots units and
// the members' links (the limit from the committee's settings), settings, uploaded files,
// stations and studios (members, the 六有 checklist, certification, reception days), activities
// (participants, links, what a member account may log), requests and their state machine, and
// quota compliance. Every route, every refusal, and a county refused another county's records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, listAll } from './lib/util.mjs';

let s;
const c = {};   // clients by account
const cid = {}; // committee ids
let cgMembers;  // members of 城关区 (ids)
let qlhMember;  // a member of 七里河区
let provMember; // a member of 甘肃省政协 (not member1's)
let group;      // an activity group of the province

before(async () => {
  s = await startServer({ contact: false }); // the rules at their edges, on committees without contact data yet
  for (const u of ['admin', 'auditor', 'gansu', 'lanzhou', 'chengguan', 'qilihe', 'tian', 'viewer', 'member1']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协'], ['qilihe', '七里河区政协']])
    cid[k] = await committeeId(c.admin, name);
  cgMembers = (await listAll(c.admin, `/api/v1/members?committee_id=${cid.chengguan}`)).map((m) => m.id);
  assert.ok(cgMembers.length >= 8, `${cgMembers.length} members in 城关区`);
  qlhMember = (await c.admin.get(`/api/v1/members?committee_id=${cid.qilihe}&limit=1`)).json.items[0].id;
  provMember = (await c.admin.get(`/api/v1/members?committee_id=${cid.province}&limit=5`)).json.items
    .find((m) => m.committee_id === cid.province && m.id !== c.member1.user.member_id).id;
  group = (await c.admin.get(`/api/v1/groups?committee_id=${cid.province}&limit=1`)).json.items[0];
  assert.ok(group, 'a provincial activity group');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const put = (cl, path, body) => cl.request('PUT', path, { body });
let seq = 0;
const uniq = (p) => `${p}${++seq}`;

async function unit(cl, committee, extra = {}) {
  const r = await cl.post('/api/v1/grassroots-units', { name: uniq('测试村'), kind: 'village', committee_id: committee, ...extra });
  assertStatus(r, 201, 'unit');
  return r.json;
}

async function upload(cl, name = '照片.jpg', bytes = [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3], committee) {
  const q = committee ? `?committee_id=${committee}` : '';
  const r = await cl.post(`/api/v1/files${q}`, new Uint8Array(bytes),
    { headers: { 'x-filename': encodeURIComponent(name), 'content-type': 'image/jpeg' } });
  assertStatus(r, 201, 'upload');
  return r.json;
}

async function activity(cl, body) {
  const r = await cl.post('/api/v1/activities', { title: uniq('走访'), kind: 'visit', committee_id: cid.chengguan,
    starts_at: '2026-05-10T09:00:00+08:00', ...body });
  assertStatus(r, 201, 'activity');
  return r.json;
}

// ---- grassroots units --------------------------------------------------------------------------

test('grassroots units: create, read, list with filters, change, delete; every refusal', async () => {
  const cg = c.chengguan;
  const r = await cg.post('/api/v1/grassroots-units', { name: '东岗村', kind: 'village', committee_id: cid.chengguan,
    township: '东岗街道', address: '东岗西路 1 号' });
  assertStatus(r, 201);
  assert.equal(r.json.committee_name, '城关区政协');
  assert.equal(r.json.township, '东岗街道');
  const id = r.json.id;
  assert.deepEqual((await cg.get(`/api/v1/grassroots-units/${id}`)).json, r.json);
  assertError(await cg.post('/api/v1/grassroots-units', { name: '东岗村', kind: 'village', committee_id: cid.chengguan }), 409, 'conflict');
  assertError(await cg.post('/api/v1/grassroots-units', { name: '怪单位', kind: 'castle', committee_id: cid.chengguan }), 422, 'invalid_field', 'kind');
  assertError(await cg.post('/api/v1/grassroots-units', { kind: 'school', committee_id: cid.chengguan }), 422, 'invalid_field', 'name');
  assertError(await cg.post('/api/v1/grassroots-units', { name: '无政协', kind: 'school' }), 422, 'invalid_field', 'committee_id');
  assertError(await cg.post('/api/v1/grassroots-units', { name: 'x', kind: 'school', committee_id: cid.chengguan, colour: 'red' }), 422, 'invalid_field', 'colour');
  for (const kind of ['community', 'enterprise', 'hospital', 'school', 'new_org'])
    await unit(cg, cid.chengguan, { kind, township: '雁滩街道' });
  const byKind = await cg.get(`/api/v1/grassroots-units?kind=hospital&committee_id=${cid.chengguan}`);
  assertStatus(byKind, 200);
  assert.equal(byKind.json.total, 1);
  const byTownship = await cg.get('/api/v1/grassroots-units?township=' + encodeURIComponent('雁滩街道'));
  assert.equal(byTownship.json.total, 5);
  const q = await cg.get('/api/v1/grassroots-units?q=' + encodeURIComponent('东岗'));
  assert.deepEqual(q.json.items.map((x) => x.id), [id]);
  const p = await cg.patch(`/api/v1/grassroots-units/${id}`, { address: '东岗西路 2 号' });
  assertStatus(p, 200);
  assert.equal(p.json.address, '东岗西路 2 号');
  assertError(await cg.patch(`/api/v1/grassroots-units/${id}`, { committee_id: cid.lanzhou }), 422, 'invalid_field', 'committee_id');
  // a provincial unit is seen from the county below (and so may be linked by its members)
  const prov = await unit(c.gansu, cid.province, { kind: 'enterprise' });
  assertStatus(await cg.get(`/api/v1/grassroots-units/${prov.id}`), 200);
  assert.ok((await listAll(cg, '/api/v1/grassroots-units')).some((x) => x.id === prov.id));
  assertError(await cg.patch(`/api/v1/grassroots-units/${prov.id}`, { address: '改' }), 403, 'forbidden_scope');
  // another county: nothing of 城关区
  const ql = c.qilihe;
  assertError(await ql.get(`/api/v1/grassroots-units/${id}`), 404, 'not_found');
  assertError(await ql.patch(`/api/v1/grassroots-units/${id}`, { address: '越权' }), 404, 'not_found');
  assertError(await ql.del(`/api/v1/grassroots-units/${id}`), 404, 'not_found');
  assertError(await ql.post('/api/v1/grassroots-units', { name: '越界村', kind: 'village', committee_id: cid.chengguan }), 403, 'forbidden_scope');
  assertError(await ql.get(`/api/v1/grassroots-units?committee_id=${cid.chengguan}`), 403, 'forbidden_scope');
  assert.ok(!(await listAll(ql, '/api/v1/grassroots-units')).some((x) => x.committee_id === cid.chengguan));
  // roles
  assertStatus(await c.viewer.get('/api/v1/grassroots-units'), 200);
  assertError(await c.viewer.post('/api/v1/grassroots-units', { name: 'v', kind: 'village', committee_id: cid.province }), 403, 'forbidden');
  assertError(await c.member1.post('/api/v1/grassroots-units', { name: 'm', kind: 'village', committee_id: cid.province }), 403, 'forbidden');
  assertStatus(await c.tian.post('/api/v1/grassroots-units', { name: uniq('委员工作委村'), kind: 'village', committee_id: cid.province }), 201);
  // delete: 204, then 404; a linked unit is in use
  const gone = await unit(cg, cid.chengguan);
  assert.equal((await cg.del(`/api/v1/grassroots-units/${gone.id}`)).status, 204);
  assertError(await cg.get(`/api/v1/grassroots-units/${gone.id}`), 404, 'not_found');
  const used = await unit(cg, cid.chengguan);
  assertStatus(await cg.post(`/api/v1/members/${cgMembers[7]}/grassroots-units`, { unit_id: used.id }), 201);
  assertError(await cg.del(`/api/v1/grassroots-units/${used.id}`), 409, 'in_use');
});

// ---- a member's units and the limit ------------------------------------------------------------

test('member links: 1-3 units; a fourth is refused with 409 naming the limit', async () => {
  const cg = c.chengguan;
  const m = cgMembers[0];
  const u = [];
  for (let i = 0; i < 4; i++) u.push(await unit(cg, cid.chengguan));
  const empty = await cg.get(`/api/v1/members/${m}/grassroots-units`);
  assertStatus(empty, 200);
  assert.deepEqual(empty.json.items, []);
  assert.equal(empty.json.max_units, 3);
  for (let i = 0; i < 3; i++) {
    const r = await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[i].id });
    assertStatus(r, 201);
    assert.equal(r.json.count, i + 1);
  }
  const fourth = assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[3].id }), 409, 'limit_reached', 'unit_id');
  assert.match(fourth.message, /最多联系 3 个基层单位/);
  cg.lang = 'en';
  const en = assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[3].id }), 409, 'limit_reached');
  assert.match(en.message, /at most 3 grassroots units/);
  cg.lang = null;
  assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[0].id }), 409, 'conflict');
  const list = await cg.get(`/api/v1/members/${m}/grassroots-units`);
  assert.deepEqual(list.json.items.map((x) => x.id), u.slice(0, 3).map((x) => x.id));
  assert.ok(list.json.items[0].linked_at.endsWith('+08:00'));
  // bad bodies
  assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, {}), 422, 'invalid_field', 'unit_id');
  assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: 'one' }), 422, 'invalid_field', 'unit_id');
  assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[3].id, note: 'x' }), 422, 'invalid_field', 'note');
  assertError(await cg.post(`/api/v1/members/${m}/grassroots-units`, 'not json', { headers: { 'content-type': 'application/json' } }), 400, 'bad_json');
  // unlink, then the fourth fits; unlinking again is 404
  assert.equal((await cg.del(`/api/v1/members/${m}/grassroots-units/${u[1].id}`)).status, 204);
  assertError(await cg.del(`/api/v1/members/${m}/grassroots-units/${u[1].id}`), 404, 'not_found');
  assertStatus(await cg.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[3].id }), 201);
  // a unit of another county, or none
  const ql = await unit(c.qilihe, cid.qilihe);
  assertError(await cg.post(`/api/v1/members/${cgMembers[1]}/grassroots-units`, { unit_id: ql.id }), 422, 'invalid_field', 'unit_id');
  assertError(await cg.post(`/api/v1/members/${cgMembers[1]}/grassroots-units`, { unit_id: 99999999 }), 422, 'invalid_field', 'unit_id');
  // another county sees none of it
  assertError(await c.qilihe.get(`/api/v1/members/${m}/grassroots-units`), 404, 'not_found');
  assertError(await c.qilihe.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: ql.id }), 404, 'not_found');
  assertError(await c.qilihe.del(`/api/v1/members/${m}/grassroots-units/${u[0].id}`), 404, 'not_found');
  // roles: a viewer reads only
  assertStatus(await c.viewer.get(`/api/v1/members/${provMember}/grassroots-units`), 200);
  assertError(await c.viewer.post(`/api/v1/members/${provMember}/grassroots-units`, { unit_id: u[0].id }), 403, 'forbidden');
  assertError(await c.viewer.del(`/api/v1/members/${m}/grassroots-units/${u[0].id}`), 403, 'forbidden');
});

test('member1 links its own units, not another member\'s', async () => {
  const m1 = c.member1;
  const own = m1.user.member_id;
  const u = await unit(c.gansu, cid.province);
  const r = await m1.post(`/api/v1/members/${own}/grassroots-units`, { unit_id: u.id });
  assertStatus(r, 201);
  assertStatus(await m1.get(`/api/v1/members/${own}/grassroots-units`), 200);
  assertError(await m1.post(`/api/v1/members/${provMember}/grassroots-units`, { unit_id: u.id }), 404, 'not_found');
  assertError(await m1.get(`/api/v1/members/${provMember}/grassroots-units`), 404, 'not_found');
  assert.equal((await m1.del(`/api/v1/members/${own}/grassroots-units/${u.id}`)).status, 204);
});

// ---- settings ----------------------------------------------------------------------------------

test('settings: defaults, inherited from the city, own values, validation and scope', async () => {
  const d = await c.chengguan.get(`/api/v1/committees/${cid.chengguan}/settings`);
  assertStatus(d, 200);
  assert.equal(d.json.max_units, 3);
  assert.equal(d.json.quarter_min_activities, 1);
  assert.equal(d.json.year_min_people, 40);
  assert.equal(d.json.remind_days, 14);
  assert.equal(d.json.request_days, 60, "an open request is due 60 days after its acceptance");
  assert.equal(d.json.station_checklist, 215, '场地、标识、制度、档案、人员、活动');
  assert.equal(d.json.check_self_logged, 1, 'self-logged activities are checked by default (issue 18)');
  assert.deepEqual(d.json.own, { max_units: null, quarter_min_activities: null, year_min_people: null, remind_days: null, station_checklist: null,
    request_days: null, check_self_logged: null });
  // the city asks at most 2 units: 城关区 inherits it
  const p = await put(c.lanzhou, `/api/v1/committees/${cid.lanzhou}/settings`, { max_units: 2 });
  assertStatus(p, 200);
  assert.equal(p.json.own.max_units, 2);
  const inh = await c.chengguan.get(`/api/v1/committees/${cid.chengguan}/settings`);
  assert.equal(inh.json.max_units, 2);
  assert.equal(inh.json.source.max_units, cid.lanzhou);
  assert.equal(inh.json.own.max_units, null);
  const m = cgMembers[2];
  const u = [await unit(c.chengguan, cid.chengguan), await unit(c.chengguan, cid.chengguan), await unit(c.chengguan, cid.chengguan)];
  assertStatus(await c.chengguan.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[0].id }), 201);
  assertStatus(await c.chengguan.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[1].id }), 201);
  const e = assertError(await c.chengguan.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[2].id }), 409, 'limit_reached');
  assert.match(e.message, /最多联系 2 个/);
  // the county's own value wins; null hands it back to the city
  const own = await put(c.chengguan, `/api/v1/committees/${cid.chengguan}/settings`, { max_units: 3, year_min_people: 50 });
  assertStatus(own, 200);
  assert.equal(own.json.max_units, 3);
  assert.equal(own.json.source.max_units, cid.chengguan);
  assertStatus(await c.chengguan.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u[2].id }), 201);
  const back = await put(c.chengguan, `/api/v1/committees/${cid.chengguan}/settings`, { max_units: null, year_min_people: null });
  assert.equal(back.json.max_units, 2);
  assert.equal(back.json.year_min_people, 40);
  assertStatus(await put(c.lanzhou, `/api/v1/committees/${cid.lanzhou}/settings`, { max_units: null }), 200);
  // validation
  for (const [body, field] of [[{ max_units: 0 }, 'max_units'], [{ max_units: 11 }, 'max_units'], [{ max_units: '3' }, 'max_units'],
    [{ quarter_min_activities: -1 }, 'quarter_min_activities'], [{ year_min_people: 100001 }, 'year_min_people'],
    [{ year_min_people: 4.5 }, 'year_min_people'], [{ colour: 1 }, 'colour']])
    assertError(await put(c.chengguan, `/api/v1/committees/${cid.chengguan}/settings`, body), 422, 'invalid_field', field);
  // scope: a sibling county is invisible; an ancestor is visible but not writable; roles
  assertError(await c.qilihe.get(`/api/v1/committees/${cid.chengguan}/settings`), 404, 'not_found');
  assertError(await put(c.qilihe, `/api/v1/committees/${cid.chengguan}/settings`, { max_units: 1 }), 404, 'not_found');
  assertStatus(await c.qilihe.get(`/api/v1/committees/${cid.lanzhou}/settings`), 200);
  assertError(await put(c.qilihe, `/api/v1/committees/${cid.lanzhou}/settings`, { max_units: 1 }), 403, 'forbidden_scope');
  assertError(await put(c.viewer, `/api/v1/committees/${cid.province}/settings`, { max_units: 1 }), 403, 'forbidden');
  assertError(await put(c.member1, `/api/v1/committees/${cid.province}/settings`, { max_units: 1 }), 403, 'forbidden');
  assertStatus(await c.member1.get(`/api/v1/committees/${cid.province}/settings`), 200);
  assertError(await c.chengguan.get('/api/v1/committees/99999999/settings'), 404, 'not_found');
});

// ---- files -------------------------------------------------------------------------------------

test('files: upload and download; empty body, bad names, scope', async () => {
  const cg = c.chengguan;
  const bytes = [0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255];
  const f = await upload(cg, '六有 场地照片（一）.png', bytes);
  assert.equal(f.filename, '六有 场地照片（一）.png');
  assert.equal(f.size, bytes.length);
  assert.equal(f.content_type, 'image/jpeg');
  assert.equal(f.committee_id, cid.chengguan);
  assert.equal(f.url, `/api/v1/files/${f.id}`);
  assert.match(f.sha256, /^[0-9a-f]{64}$/);
  const res = await cg.request('GET', f.url, { raw: true });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]*\.png"; filename\*=UTF-8''%E5%85%AD%E6%9C%89/);
  assert.deepEqual([...new Uint8Array(await res.arrayBuffer())], bytes);
  // the province above sees it; a sibling county does not
  assertStatus(await c.gansu.get(f.url), 200);
  assertError(await c.qilihe.get(f.url), 404, 'not_found');
  assertError(await cg.get('/api/v1/files/99999999'), 404, 'not_found');
  // an upload for a committee below the uploader's
  const down = await upload(c.gansu, 'a.jpg', [1], cid.chengguan);
  assert.equal(down.committee_id, cid.chengguan);
  assertStatus(await cg.get(down.url), 200);
  // refusals
  const hdr = (name) => ({ headers: { 'x-filename': name, 'content-type': 'text/plain' } });
  assertError(await cg.post('/api/v1/files', '', hdr('a.txt')), 400, 'empty_body');
  assertError(await cg.post('/api/v1/files', 'x', hdr('a%0Ab.txt')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('a%00b.txt')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('a%7Fb.txt')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('..%2Fpasswd')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('%E4%B8')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('bad%zz')), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', hdr('a'.repeat(256))), 422, 'invalid_field', 'filename');
  assertError(await cg.post('/api/v1/files', 'x', { headers: { 'content-type': 'text/plain' } }), 422, 'invalid_field', 'filename');
  assertError(await cg.post(`/api/v1/files?committee_id=${cid.qilihe}`, 'x', hdr('a.txt')), 403, 'forbidden_scope');
  assertError(await cg.post('/api/v1/files?committee_id=abc', 'x', hdr('a.txt')), 422, 'invalid_field', 'committee_id');
  assertError(await cg.post('/api/v1/files?committee_id=99999999', 'x', hdr('a.txt')), 422, 'invalid_field', 'committee_id');
  assertError(await c.viewer.post('/api/v1/files', 'x', hdr('a.txt')), 403, 'forbidden');
  assertError(await cg.post('/api/v1/files', 'x', { ...hdr('a.txt'), csrf: false }), 403, 'csrf_failed');
  // a member uploads its photos
  const mine = await upload(c.member1, 'm.jpg');
  assert.equal(mine.committee_id, c.member1.user.committee.id);
  assertStatus(await c.member1.get(mine.url), 200);
});

// ---- stations and studios ----------------------------------------------------------------------

test('stations: registry, kinds, members, checklist, certification and its refusals', async () => {
  const cg = c.chengguan;
  const place = await unit(cg, cid.chengguan);
  const r = await cg.post('/api/v1/stations', { name: '城关区医药卫生界委员工作室', kind: 'studio', committee_id: cid.chengguan,
    grassroots_unit_id: place.id, specialty: '基层医疗' });
  assertStatus(r, 201);
  assert.equal(r.json.cert_status, 'none');
  assert.equal(r.json.grassroots_unit_name, place.name);
  assert.equal(r.json.certified_at, null);
  const id = r.json.id;
  const st = await cg.post('/api/v1/stations', { name: '东岗街道委员工作站', kind: 'station', committee_id: cid.chengguan });
  assertStatus(st, 201);
  assertError(await cg.post('/api/v1/stations', { name: 'x', kind: 'office', committee_id: cid.chengguan }), 422, 'invalid_field', 'kind');
  assertError(await cg.post('/api/v1/stations', { name: '城关区医药卫生界委员工作室', kind: 'studio', committee_id: cid.chengguan }), 409, 'conflict');
  // certification is an action: a cert_status in the body is ignored
  const ro = await cg.post('/api/v1/stations', { name: uniq('自称已认定'), kind: 'studio', committee_id: cid.chengguan, cert_status: 'certified' });
  assertStatus(ro, 201);
  assert.equal(ro.json.cert_status, 'none');
  assert.equal((await cg.del(`/api/v1/stations/${ro.json.id}`)).status, 204);
  const studios = await cg.get('/api/v1/stations?kind=studio');
  assert.ok(studios.json.items.every((x) => x.kind === 'studio'));
  assert.ok(studios.json.items.some((x) => x.id === id));
  assert.ok(!studios.json.items.some((x) => x.id === st.json.id));
  const none = await cg.get('/api/v1/stations?cert_status=certified');
  assert.ok(!none.json.items.some((x) => x.id === id));
  assertError(await cg.patch(`/api/v1/stations/${id}`, { kind: 'station' }), 422, 'invalid_field', 'kind');
  assertStatus(await cg.patch(`/api/v1/stations/${id}`, { specialty: '基层医疗与养老' }), 200);
  const qlPlace = await unit(c.qilihe, cid.qilihe);
  assertError(await cg.patch(`/api/v1/stations/${id}`, { grassroots_unit_id: qlPlace.id }), 422, 'invalid_field', 'grassroots_unit_id');

  // members attached
  assertStatus(await cg.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[0], role: 'lead' }), 201);
  const two = await cg.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[1] });
  assertStatus(two, 201);
  assert.deepEqual(two.json.items.map((x) => [x.member_id, x.role]), [[cgMembers[0], 'lead'], [cgMembers[1], 'member']]);
  assertError(await cg.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[1] }), 409, 'conflict');
  assertError(await cg.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[2], role: 'boss' }), 422, 'invalid_field', 'role');
  assertError(await cg.post(`/api/v1/stations/${id}/members`, { member_id: qlhMember }), 422, 'invalid_field', 'member_id');
  assertError(await cg.post(`/api/v1/stations/${id}/members`, {}), 422, 'invalid_field', 'member_id');
  assertError(await cg.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[2], x: 1 }), 422, 'invalid_field', 'x');
  // a provincial member may join a county's studio (the province staff sees both)
  assertStatus(await c.gansu.post(`/api/v1/stations/${id}/members`, { member_id: provMember }), 201);
  assert.equal((await cg.del(`/api/v1/stations/${id}/members/${provMember}`)).status, 204);
  assertError(await cg.del(`/api/v1/stations/${id}/members/${provMember}`), 404, 'not_found');
  assert.equal((await cg.get(`/api/v1/stations/${id}/members`)).json.items.length, 2);
  assert.equal((await cg.get(`/api/v1/stations/${id}`)).json.member_count, 2);

  // the checklist and certification
  const empty = await cg.get(`/api/v1/stations/${id}/checklist`);
  assertStatus(empty, 200);
  assert.deepEqual(empty.json.items.map((x) => x.item), ['site', 'signage', 'rules', 'specialty', 'archive', 'results']);
  assert.deepEqual(empty.json.items.map((x) => x.label), ['场地', '标识', '制度', '特色', '档案', '成果']);
  assert.equal(empty.json.complete, false);
  const cert0 = assertError(await cg.post(`/api/v1/stations/${id}/certify`), 409, 'checklist_incomplete');
  assert.match(cert0.message, /场地、标识、制度、特色、档案、成果/);
  assert.deepEqual(cert0.errors.map((x) => x.field), ['site', 'signage', 'rules', 'specialty', 'archive', 'results']);
  const photo = await upload(cg, '场地.jpg');
  for (const item of ['site', 'signage', 'rules', 'specialty', 'archive']) {
    const p = await put(cg, `/api/v1/stations/${id}/checklist/${item}`, { note: `${item} 说明`, file_ids: [photo.id] });
    assertStatus(p, 200);
  }
  const cert1 = assertError(await cg.post(`/api/v1/stations/${id}/certify`), 409, 'checklist_incomplete');
  assert.match(cert1.message, /成果/);
  assert.doesNotMatch(cert1.message, /场地/);
  // refusals of an item
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/garden`, { note: 'x' }), 422, 'invalid_field', 'item');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { file_ids: [99999999] }), 422, 'invalid_field', 'file_ids');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { file_ids: 'x' }), 422, 'invalid_field', 'file_ids');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { file_ids: [photo.id, photo.id] }), 422, 'invalid_field', 'file_ids');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { note: 5 }), 422, 'invalid_field', 'note');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { colour: 5 }), 422, 'invalid_field', 'colour');
  const provFile = await upload(c.gansu, '省里的.jpg'); // of the province: 城关区 users could not see it
  assertError(await put(c.gansu, `/api/v1/stations/${id}/checklist/results`, { file_ids: [provFile.id] }), 422, 'invalid_field', 'file_ids');
  const qlFile = await upload(c.qilihe, '七里河.jpg');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/results`, { file_ids: [qlFile.id] }), 422, 'invalid_field', 'file_ids');
  const done = await put(cg, `/api/v1/stations/${id}/checklist/results`, { note: '成果汇编', file_ids: [photo.id] });
  assertStatus(done, 200);
  assert.equal(done.json.complete, true);
  assert.equal(done.json.items[5].files[0].filename, '场地.jpg');
  const cert = await cg.post(`/api/v1/stations/${id}/certify`);
  assertStatus(cert, 200);
  assert.equal(cert.json.cert_status, 'certified');
  assert.equal(cert.json.certified_by, c.chengguan.user.id);
  assert.equal(cert.json.certified_by_name, c.chengguan.user.display_name);
  assert.match(cert.json.certified_at, /\+08:00$/);
  assertError(await cg.post(`/api/v1/stations/${id}/certify`), 409, 'already_certified');
  assertError(await put(cg, `/api/v1/stations/${id}/checklist/site`, { file_ids: [] }), 409, 'certified', 'file_ids');
  assertStatus(await put(cg, `/api/v1/stations/${id}/checklist/site`, { note: '新说明' }), 200);
  assert.ok((await cg.get('/api/v1/stations?cert_status=certified')).json.items.some((x) => x.id === id));
  // revocation
  assertError(await cg.post(`/api/v1/stations/${id}/revoke`, {}), 422, 'invalid_field', 'reason');
  assertError(await cg.post(`/api/v1/stations/${id}/revoke`, { reason: 7 }), 422, 'invalid_field', 'reason');
  const rev = await cg.post(`/api/v1/stations/${id}/revoke`, { reason: '场地已撤并' });
  assertStatus(rev, 200);
  assert.equal(rev.json.cert_status, 'revoked');
  assert.equal(rev.json.revoke_reason, '场地已撤并');
  assert.equal(rev.json.revoked_by, c.chengguan.user.id);
  assertError(await cg.post(`/api/v1/stations/${id}/revoke`, { reason: '再撤' }), 409, 'not_certified');
  // the audit log has both
  const audit = await c.auditor.get(`/api/v1/audit?entity=station&entity_id=${id}&limit=100`);
  const actions = audit.json.items.map((x) => x.action);
  for (const a of ['create', 'update', 'add_member', 'remove_member', 'update_checklist', 'certify', 'revoke'])
    assert.ok(actions.includes(a), `audit ${a}: ${actions}`);
  // certified again by the province's committee staff
  const recert = await c.tian.post(`/api/v1/stations/${id}/certify`);
  assertStatus(recert, 200);
  assert.equal(recert.json.revoke_reason, '');

  // another county, and roles
  const ql = c.qilihe;
  for (const [m, p] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/members'], ['GET', '/checklist'], ['POST', '/certify'],
    ['GET', '/reception-days']])
    assertError(await ql.request(m, `/api/v1/stations/${id}${p}`, m === 'PATCH' ? { body: { name: 'x' } } : {}), 404, 'not_found');
  assertError(await ql.post(`/api/v1/stations/${id}/members`, { member_id: qlhMember }), 404, 'not_found');
  assertError(await put(ql, `/api/v1/stations/${id}/checklist/site`, { note: 'x' }), 404, 'not_found');
  assertError(await ql.post(`/api/v1/stations/${id}/revoke`, { reason: 'x' }), 404, 'not_found');
  assertError(await ql.del(`/api/v1/stations/${id}/members/${cgMembers[0]}`), 404, 'not_found');
  assertStatus(await c.viewer.get(`/api/v1/stations/${id}/checklist`), 200);
  assertError(await c.viewer.post(`/api/v1/stations/${id}/certify`), 403, 'forbidden');
  assertError(await c.viewer.post(`/api/v1/stations/${id}/revoke`, { reason: 'x' }), 403, 'forbidden');
  assertError(await put(c.viewer, `/api/v1/stations/${id}/checklist/site`, { note: 'x' }), 403, 'forbidden');
  assertError(await c.viewer.post(`/api/v1/stations/${id}/members`, { member_id: cgMembers[3] }), 403, 'forbidden');
  assertError(await c.member1.post('/api/v1/stations', { name: 'm', kind: 'studio', committee_id: cid.province }), 403, 'forbidden');
  // a station without reception days or references can go
  assert.equal((await cg.del(`/api/v1/stations/${st.json.id}`)).status, 204);
});

test('reception days: schedule with members on duty, log, read, delete; refusals', async () => {
  const cg = c.chengguan;
  const stn = (await cg.post('/api/v1/stations', { name: uniq('接待工作站'), kind: 'station', committee_id: cid.chengguan })).json;
  const other = (await cg.post('/api/v1/stations', { name: uniq('另一工作站'), kind: 'station', committee_id: cid.chengguan })).json;
  const base = `/api/v1/stations/${stn.id}/reception-days`;
  const r = await cg.post(base, { date: '2026-04-15', topic: '医保报销', member_ids: [cgMembers[0], cgMembers[1]] });
  assertStatus(r, 201);
  assert.equal(r.json.station_id, stn.id);
  assert.equal(r.json.committee_id, cid.chengguan);
  assert.deepEqual(r.json.member_ids, [cgMembers[0], cgMembers[1]].sort((a, b) => a - b));
  assert.equal(r.json.visitors, 0);
  const day = r.json.id;
  const log = await cg.patch(`${base}/${day}`, { visitors: 23, notes: '接待群众 23 人，收集诉求 5 件', member_ids: [cgMembers[0]] });
  assertStatus(log, 200);
  assert.equal(log.json.visitors, 23);
  assert.deepEqual(log.json.member_ids, [cgMembers[0]]);
  assert.equal(log.json.members[0].name.length > 0, true);
  assert.deepEqual((await cg.get(`${base}/${day}`)).json, log.json);
  await cg.post(base, { date: '2026-05-15' });
  const list = await cg.get(base);
  assertStatus(list, 200);
  assert.equal(list.json.total, 2);
  assert.equal((await cg.get(`${base}?date=2026-05-15`)).json.total, 1);
  assert.equal((await cg.get(`/api/v1/stations/${other.id}/reception-days`)).json.total, 0);
  // refusals
  assertError(await cg.post(base, { date: '2026-02-30' }), 422, 'invalid_field', 'date');
  assertError(await cg.post(base, { topic: 'x' }), 422, 'invalid_field', 'date');
  assertError(await cg.post(base, { date: '2026-04-16', member_ids: [qlhMember] }), 422, 'invalid_field', 'member_ids');
  assertError(await cg.post(base, { date: '2026-04-16', member_ids: 'all' }), 422, 'invalid_field', 'member_ids');
  assertError(await cg.post(base, { date: '2026-04-16', member_ids: [cgMembers[0], cgMembers[0]] }), 422, 'invalid_field', 'member_ids');
  assertError(await cg.post(base, { date: '2026-04-16', visitors: -1 }), 422, 'invalid_field', 'visitors');
  assertError(await cg.post(base, { date: '2026-04-16', station_id: other.id }), 422, 'invalid_field', 'station_id');
  assertError(await cg.post(base, { date: '2026-04-16', committee_id: cid.lanzhou }), 403, 'forbidden_scope');
  assertError(await c.gansu.post(base, { date: '2026-04-16', committee_id: cid.lanzhou }), 422, 'invalid_field', 'station_id');
  assertError(await cg.patch(`${base}/${day}`, { station_id: other.id }), 422, 'invalid_field', 'station_id');
  assertError(await cg.get(`/api/v1/stations/${other.id}/reception-days/${day}`), 404, 'not_found');
  assertError(await cg.patch(`/api/v1/stations/${other.id}/reception-days/${day}`, { visitors: 1 }), 404, 'not_found');
  assertError(await cg.del(`/api/v1/stations/${other.id}/reception-days/${day}`), 404, 'not_found');
  for (const [m, p] of [['GET', ''], ['GET', `/${day}`], ['PATCH', `/${day}`], ['DELETE', `/${day}`]])
    assertError(await c.qilihe.request(m, base + p, m === 'PATCH' ? { body: { visitors: 1 } } : {}), 404, 'not_found');
  assertError(await c.qilihe.post(base, { date: '2026-04-16' }), 404, 'not_found');
  assertError(await c.viewer.post(base, { date: '2026-04-16' }), 403, 'forbidden');
  assertError(await c.viewer.patch(`${base}/${day}`, { visitors: 1 }), 403, 'forbidden');
  // a request that came from the reception keeps the day from deletion
  const req = await cg.post('/api/v1/requests', { title: '医保报销难', category: 'health', committee_id: cid.chengguan, reception_day_id: day });
  assertStatus(req, 201);
  assertError(await cg.del(`${base}/${day}`), 409, 'in_use');
  assertError(await cg.del(`/api/v1/stations/${stn.id}`), 409, 'in_use');
  assert.equal((await cg.del(`/api/v1/requests/${req.json.id}`)).status, 204);
  assert.equal((await cg.del(`${base}/${day}`)).status, 204);
  assertError(await cg.get(`${base}/${day}`), 404, 'not_found');
});

// ---- activities --------------------------------------------------------------------------------

test('activities: create with place, organiser and photos; list filters; change; delete; refusals', async () => {
  const cg = c.chengguan;
  const place = await unit(cg, cid.chengguan, { township: '东岗街道' });
  const studio = (await cg.post('/api/v1/stations', { name: uniq('组织工作室'), kind: 'studio', committee_id: cid.chengguan })).json;
  const photo = await upload(cg, '走访.jpg');
  const a = await activity(cg, { title: '走访东岗村困难群众', kind: 'visit', grassroots_unit_id: place.id,
    organiser_kind: 'studio', organiser_id: studio.id, starts_at: '2026-03-31T15:30:00Z', ends_at: '2026-04-01T01:00:00+08:00',
    people_reached: 25, content: '了解就医困难', photo_file_ids: [photo.id], status: 'planned' });
  assert.equal(a.starts_at, '2026-03-31T23:30:00+08:00');
  assert.equal(a.ends_at, '2026-04-01T01:00:00+08:00');
  assert.equal(a.kind_label, '走访');
  assert.equal(a.grassroots_unit_name, place.name);
  assert.equal(a.township, '东岗街道');
  assert.equal(a.organiser_name, studio.name);
  assert.deepEqual(a.photo_file_ids, [photo.id]);
  assert.equal(a.photos[0].url, photo.url);
  assert.equal(a.created_by, c.chengguan.user.id);
  assert.equal(a.participant_count, 0);
  assertStatus(await cg.get(`/api/v1/activities/${a.id}`), 200);
  // a provincial group organises a research visit to the county's village
  const research = await activity(c.gansu, { kind: 'research', committee_id: cid.province, organiser_kind: 'group', organiser_id: group.id,
    grassroots_unit_id: place.id, starts_at: '2026-06-01T09:00:00+08:00' });
  assert.equal(research.organiser_name, group.name);
  // change: done, times, photos cleared
  const p = await cg.patch(`/api/v1/activities/${a.id}`, { status: 'done', ends_at: null, photo_file_ids: [] });
  assertStatus(p, 200);
  assert.equal(p.json.status, 'done');
  assert.equal(p.json.ends_at, null);
  assert.equal(p.json.starts_at, '2026-03-31T23:30:00+08:00');
  assert.deepEqual(p.json.photos, []);
  assertError(await cg.patch(`/api/v1/activities/${a.id}`, { ends_at: '2026-03-31T23:00:00+08:00' }), 422, 'invalid_field', 'ends_at');
  assertError(await cg.patch(`/api/v1/activities/${a.id}`, { starts_at: null }), 422, 'invalid_field', 'starts_at');
  // refusals
  const bad = async (body, field) => assertError(await cg.post('/api/v1/activities',
    { title: 'x', kind: 'visit', committee_id: cid.chengguan, starts_at: '2026-05-01T09:00:00+08:00', ...body }), 422, 'invalid_field', field);
  await bad({ starts_at: undefined }, 'starts_at');
  await bad({ starts_at: '2026-05-01' }, 'starts_at');
  await bad({ starts_at: '2026-05-01T09:00:00' }, 'starts_at');
  await bad({ starts_at: '1999-12-31T09:00:00+08:00' }, 'starts_at');
  await bad({ starts_at: 1746061200 }, 'starts_at');
  await bad({ ends_at: '2026-05-01T08:59:59+08:00' }, 'ends_at');
  await bad({ kind: 'party' }, 'kind');
  await bad({ title: '' }, 'title');
  await bad({ people_reached: -1 }, 'people_reached');
  await bad({ status: 'maybe' }, 'status');
  await bad({ organiser_kind: 'group' }, 'organiser_id');
  await bad({ organiser_id: group.id }, 'organiser_kind');
  await bad({ organiser_kind: 'studio', organiser_id: 99999999 }, 'organiser_id');
  await bad({ organiser_kind: 'station', organiser_id: studio.id }, 'organiser_id'); // a studio, not a station
  await bad({ grassroots_unit_id: (await unit(c.qilihe, cid.qilihe)).id }, 'grassroots_unit_id');
  await bad({ photo_file_ids: [(await upload(c.qilihe, 'q.jpg')).id] }, 'photo_file_ids');
  await bad({ photo_file_ids: 'x' }, 'photo_file_ids');
  await bad({ colour: 1 }, 'colour');
  // list filters
  const b = await activity(cg, { kind: 'lecture', starts_at: '2026-07-01T09:00:00+08:00', status: 'done' });
  assert.ok((await listAll(cg, '/api/v1/activities?kind=lecture')).every((x) => x.kind === 'lecture'));
  const f = await listAll(cg, '/api/v1/activities?from=2026-03-31&to=2026-03-31');
  assert.deepEqual(f.map((x) => x.id), [a.id]);
  assert.deepEqual((await listAll(cg, '/api/v1/activities?from=2026-04-01&to=2026-04-01')).map((x) => x.id), []);
  assert.deepEqual((await listAll(cg, '/api/v1/activities?from=2026-03-31T23:30:00%2B08:00&to=2026-03-31T23:30:01%2B08:00')).map((x) => x.id), [a.id]);
  // by place: the province sees its research visit and the county's visit; the county only its own
  assert.deepEqual((await listAll(c.gansu, `/api/v1/activities?grassroots_unit_id=${place.id}`)).map((x) => x.id), [a.id, research.id]);
  assert.deepEqual((await listAll(cg, `/api/v1/activities?grassroots_unit_id=${place.id}`)).map((x) => x.id), [a.id]);
  assert.ok((await listAll(cg, '/api/v1/activities?status=done')).every((x) => x.status === 'done'));
  assert.ok((await listAll(cg, '/api/v1/activities?q=' + encodeURIComponent('困难群众'))).some((x) => x.id === a.id));
  assert.deepEqual((await listAll(cg, `/api/v1/activities?organiser_kind=studio&organiser_id=${studio.id}`)).map((x) => x.id), [a.id]);
  assertError(await cg.get('/api/v1/activities?from=yesterday'), 422, 'invalid_field', 'from');
  assertError(await cg.get('/api/v1/activities?member_id=x'), 422, 'invalid_field', 'member_id');
  assertError(await cg.get('/api/v1/activities?organiser_id=x'), 422, 'invalid_field', 'organiser_id');
  assertError(await cg.get('/api/v1/activities?limit=0'), 422, 'invalid_field', 'limit');
  assertError(await cg.get(`/api/v1/activities?committee_id=${cid.qilihe}`), 403, 'forbidden_scope');
  // paging
  const p1 = await cg.get('/api/v1/activities?limit=1');
  assert.equal(p1.json.items.length, 1);
  assert.ok(p1.json.next_cursor);
  assert.ok(p1.json.total >= 2);
  // delete
  assert.equal((await cg.del(`/api/v1/activities/${b.id}`)).status, 204);
  assertError(await cg.get(`/api/v1/activities/${b.id}`), 404, 'not_found');
  // another county
  const ql = c.qilihe;
  assertError(await ql.get(`/api/v1/activities/${a.id}`), 404, 'not_found');
  assertError(await ql.patch(`/api/v1/activities/${a.id}`, { title: '越权' }), 404, 'not_found');
  assertError(await ql.del(`/api/v1/activities/${a.id}`), 404, 'not_found');
  assertError(await ql.post('/api/v1/activities', { title: '越界', kind: 'visit', committee_id: cid.chengguan, starts_at: '2026-05-01T09:00:00+08:00' }), 403, 'forbidden_scope');
  assert.ok(!(await listAll(ql, '/api/v1/activities')).some((x) => x.committee_id === cid.chengguan));
  assertError(await c.viewer.post('/api/v1/activities', { title: 'v', kind: 'visit', committee_id: cid.province, starts_at: '2026-05-01T09:00:00+08:00' }), 403, 'forbidden');
  assertStatus(await c.viewer.get(`/api/v1/activities/${a.id}`), 200);
});

test('participants and attendance; links to outcomes', async () => {
  const cg = c.chengguan;
  const a = await activity(cg, { kind: 'deliberation', status: 'done' });
  const base = `/api/v1/activities/${a.id}/participants`;
  assertStatus(await cg.post(base, { member_id: cgMembers[3] }), 201);
  const two = await cg.post(base, { member_id: cgMembers[4], attendance: 'excused' });
  assertStatus(two, 201);
  assert.deepEqual(two.json.items.map((x) => [x.member_id, x.attendance]), [[cgMembers[3], 'present'], [cgMembers[4], 'excused']]);
  assertStatus(await c.gansu.post(base, { member_id: provMember }), 201); // a provincial member at a county activity
  assertError(await cg.post(base, { member_id: cgMembers[3] }), 409, 'conflict');
  assertError(await cg.post(base, { member_id: cgMembers[5], attendance: 'late' }), 422, 'invalid_field', 'attendance');
  assertError(await cg.post(base, { member_id: qlhMember }), 422, 'invalid_field', 'member_id');
  assertError(await cg.post(base, { member_id: provMember + 1e7 }), 422, 'invalid_field', 'member_id');
  assertError(await cg.post(base, { attendance: 'present' }), 422, 'invalid_field', 'member_id');
  const set = await cg.patch(`${base}/${cgMembers[4]}`, { attendance: 'absent' });
  assertStatus(set, 200);
  assert.equal(set.json.items.find((x) => x.member_id === cgMembers[4]).attendance, 'absent');
  assertError(await cg.patch(`${base}/${cgMembers[4]}`, { attendance: 'gone' }), 422, 'invalid_field', 'attendance');
  assertError(await cg.patch(`${base}/${cgMembers[6]}`, { attendance: 'present' }), 404, 'not_found');
  assertError(await cg.patch(`${base}/${cgMembers[4]}`, { member_id: 1 }), 422, 'invalid_field', 'member_id');
  assert.equal((await cg.del(`${base}/${cgMembers[4]}`)).status, 204);
  assertError(await cg.del(`${base}/${cgMembers[4]}`), 404, 'not_found');
  assert.equal((await cg.get(base)).json.total, 2);
  assert.equal((await cg.get(`/api/v1/activities/${a.id}`)).json.participant_count, 2);
  // the member filter of the list
  assert.deepEqual((await listAll(cg, `/api/v1/activities?member_id=${cgMembers[3]}`)).map((x) => x.id), [a.id]);
  // links to outcomes: each names a record that exists and that whoever links it may read
  const links = `/api/v1/activities/${a.id}/links`;
  const cityProposal = (await c.lanzhou.get(`/api/v1/proposals?committee_id=${cid.lanzhou}&limit=1`)).json.items[0].id;
  const provProposal = (await c.gansu.get(`/api/v1/proposals?committee_id=${cid.province}&limit=1`)).json.items[0].id;
  const speech = await cg.post('/api/v1/points/records', { committee_id: cid.chengguan, member_id: cgMembers[3], kind: 'speech',
    title: '关于社区医疗的发言', held_on: '2026-03-20' });
  assertStatus(speech, 201);
  const meeting = await cg.post('/api/v1/points/records', { committee_id: cid.chengguan, member_id: cgMembers[3], kind: 'meeting',
    title: '常委会', held_on: '2026-03-21' });
  assertStatus(meeting, 201);
  // the county's staff do not see the city's proposal: refused with the words of a missing one
  const hidden = await cg.post(links, { kind: 'proposal', target_id: cityProposal });
  assertError(hidden, 422, 'invalid_field', 'target_id');
  const missing = await cg.post(links, { kind: 'proposal', target_id: 1e9 });
  assertError(missing, 422, 'invalid_field', 'target_id');
  assert.equal(hidden.json.error.message, missing.json.error.message);
  assertError(await c.lanzhou.post(links, { kind: 'proposal', target_id: provProposal }), 422, 'invalid_field', 'target_id');
  assertError(await cg.post(links, { kind: 'speech', target_id: meeting.json.id }), 422, 'invalid_field', 'target_id'); // a meeting is no speech
  assertError(await cg.post(links, { kind: 'report', target_id: speech.json.id + 1e6 }), 422, 'invalid_field', 'target_id');
  const l = await c.lanzhou.post(links, { kind: 'proposal', target_id: cityProposal, note: '形成提案《关于社区医疗的建议》' });
  assertStatus(l, 201);
  assert.equal(l.json.kind, 'proposal');
  assert.equal(l.json.target_id, cityProposal);
  assertStatus(await cg.post(links, { kind: 'speech', target_id: speech.json.id }), 201);
  assertError(await c.lanzhou.post(links, { kind: 'proposal', target_id: cityProposal }), 409, 'conflict');
  assertError(await cg.post(links, { kind: 'poem', target_id: 1 }), 422, 'invalid_field', 'kind');
  assertError(await cg.post(links, { kind: 'report', target_id: 0 }), 422, 'invalid_field', 'target_id');
  assertError(await cg.post(links, { kind: 'report' }), 422, 'invalid_field', 'target_id');
  assertError(await cg.post(links, { target_id: 4 }), 422, 'invalid_field', 'kind');
  assertError(await cg.post(links, { kind: 'report', target_id: 4, extra: 1 }), 422, 'invalid_field', 'extra');
  assert.deepEqual((await cg.get(links)).json.items.map((x) => x.kind), ['proposal', 'speech']);
  assert.equal((await cg.del(`${links}/${l.json.id}`)).status, 204);
  assertError(await cg.del(`${links}/${l.json.id}`), 404, 'not_found');
  // another county, roles
  const ql = c.qilihe;
  assertError(await ql.get(base), 404, 'not_found');
  assertError(await ql.post(base, { member_id: qlhMember }), 404, 'not_found');
  assertError(await ql.patch(`${base}/${cgMembers[3]}`, { attendance: 'absent' }), 404, 'not_found');
  assertError(await ql.del(`${base}/${cgMembers[3]}`), 404, 'not_found');
  assertError(await ql.get(links), 404, 'not_found');
  assertError(await ql.post(links, { kind: 'report', target_id: 9 }), 404, 'not_found');
  assertError(await c.viewer.post(base, { member_id: cgMembers[5] }), 403, 'forbidden');
  assertError(await c.viewer.post(links, { kind: 'report', target_id: 9 }), 403, 'forbidden');
  assertStatus(await c.viewer.get(links), 200);
});

test('member1 logs its own contact, sees only its own, cannot touch others', async () => {
  const m1 = c.member1;
  const own = m1.user.member_id;
  const home = m1.user.committee.id;
  const photo = await upload(m1, '入户.jpg');
  const r = await m1.post('/api/v1/activities', { title: '入户走访困难家庭', kind: 'visit', committee_id: home,
    starts_at: '2026-03-31T23:30:00+08:00', people_reached: 6, status: 'done', content: '了解就业困难', photo_file_ids: [photo.id] });
  assertStatus(r, 201);
  assert.equal(r.json.participant_count, 1);
  const parts = await m1.get(`/api/v1/activities/${r.json.id}/participants`);
  assertStatus(parts, 200);
  assert.deepEqual(parts.json.items.map((x) => [x.member_id, x.attendance]), [[own, 'present']]);
  for (const kind of ['consultation', 'practical_help', 'guidance', 'duty_report'])
    assertStatus(await m1.post('/api/v1/activities', { title: kind, kind, committee_id: home, starts_at: '2026-04-02T10:00:00+08:00' }), 201);
  // only the five contact forms, in its own committee, without an organiser
  const e = assertError(await m1.post('/api/v1/activities', { title: '调研', kind: 'research', committee_id: home, starts_at: '2026-04-02T10:00:00+08:00' }), 422, 'invalid_field', 'kind');
  assert.match(e.message, /五种联系群众形式/);
  assertError(await m1.post('/api/v1/activities', { title: 'x', kind: 'visit', committee_id: home, starts_at: '2026-04-02T10:00:00+08:00',
    organiser_kind: 'group', organiser_id: group.id }), 422, 'invalid_field', 'organiser_kind');
  assertError(await m1.post('/api/v1/activities', { title: 'x', kind: 'visit', committee_id: cid.lanzhou, starts_at: '2026-04-02T10:00:00+08:00' }), 422, 'invalid_field', 'committee_id');
  assertError(await m1.post('/api/v1/activities', { title: 'x', kind: 'visit', committee_id: cid.chengguan, starts_at: '2026-04-02T10:00:00+08:00' }), 422, 'invalid_field', 'committee_id');
  // its list holds its own only; a staff activity of its committee is invisible until it takes part
  const staff = await activity(c.gansu, { committee_id: cid.province, kind: 'research' });
  const mine = await listAll(m1, '/api/v1/activities');
  assert.equal(mine.length, 5);
  assert.ok(mine.every((x) => x.created_by === m1.user.id));
  assertError(await m1.get(`/api/v1/activities/${staff.id}`), 404, 'not_found');
  assertStatus(await c.gansu.post(`/api/v1/activities/${staff.id}/participants`, { member_id: own }), 201);
  assertStatus(await m1.get(`/api/v1/activities/${staff.id}`), 200);
  assert.equal((await listAll(m1, '/api/v1/activities')).length, 6);
  // it changes and deletes only what it recorded
  assertStatus(await m1.patch(`/api/v1/activities/${r.json.id}`, { people_reached: 8 }), 200);
  assertError(await m1.patch(`/api/v1/activities/${r.json.id}`, { kind: 'lecture' }), 422, 'invalid_field', 'kind');
  assertError(await m1.patch(`/api/v1/activities/${staff.id}`, { title: '改' }), 403, 'forbidden');
  assertError(await m1.del(`/api/v1/activities/${staff.id}`), 403, 'forbidden');
  assertError(await m1.post(`/api/v1/activities/${r.json.id}/participants`, { member_id: provMember }), 403, 'forbidden');
  assertError(await m1.patch(`/api/v1/activities/${r.json.id}/participants/${own}`, { attendance: 'absent' }), 403, 'forbidden');
  assertError(await m1.del(`/api/v1/activities/${r.json.id}/participants/${own}`), 403, 'forbidden');
  // it links its own report, not another member's
  const myReport = await m1.post('/api/v1/reports', { title: '关于困难家庭就业帮扶的情况反映', category: '社会建设', committee_id: home,
    body: '入户走访中了解到就业困难。\n' });
  assertStatus(myReport, 201);
  const other = (await c.gansu.get(`/api/v1/reports?committee_id=${cid.province}&limit=50`)).json.items
    .find((x) => x.member_id && x.member_id !== own);
  assert.ok(other, 'a report of another member');
  assertError(await m1.post(`/api/v1/activities/${r.json.id}/links`, { kind: 'report', target_id: other.id }), 422, 'invalid_field', 'target_id');
  const link = await m1.post(`/api/v1/activities/${r.json.id}/links`, { kind: 'report', target_id: myReport.json.id });
  assertStatus(link, 201);
  assert.equal((await m1.del(`/api/v1/activities/${r.json.id}/links/${link.json.id}`)).status, 204);
  const gone = (await m1.post('/api/v1/activities', { title: '误录', kind: 'visit', committee_id: home, starts_at: '2026-04-03T10:00:00+08:00' })).json;
  assert.equal((await m1.del(`/api/v1/activities/${gone.id}`)).status, 204);
  // staff see the member's contact
  assertStatus(await c.gansu.get(`/api/v1/activities/${r.json.id}`), 200);
  // its compliance counts it: 6 + 8 people reached... only done activities count
  const comp = await m1.get('/api/v1/compliance?year=2026&quarter=1');
  assertStatus(comp, 200);
  assert.equal(comp.json.items.length, 1);
  assert.equal(comp.json.items[0].member_id, own);
  assert.equal(comp.json.items[0].quarters[0], 1);
  assert.equal(comp.json.items[0].people_reached, 8);
});

// ---- requests ----------------------------------------------------------------------------------

test('requests: record, state machine, audit; refusals', async () => {
  const cg = c.chengguan;
  const a = await activity(cg, { kind: 'practical_help' });
  const r = await cg.post('/api/v1/requests', { title: '小区加装电梯', category: 'housing', committee_id: cid.chengguan,
    description: '老旧小区六层无电梯', requester_name: '王大爷', requester_phone: '0931-1234567', member_id: cgMembers[0], activity_id: a.id,
    accepted_at: '2026-04-02T09:00:00+08:00' });
  assertStatus(r, 201);
  assert.equal(r.json.status, 'accepted');
  assert.equal(r.json.status_label, '已受理');
  assert.equal(r.json.category_label, '住房');
  assert.equal(r.json.accepted_at, '2026-04-02T09:00:00+08:00');
  assert.equal(r.json.closed_at, null);
  assert.equal(r.json.member_name.length > 0, true);
  const id = r.json.id;
  const act = (action, body) => cg.post(`/api/v1/requests/${id}/${action}`, body);
  const w = assertError(await act('resolve', { resolution: '办好了' }), 409, 'wrong_state');
  assert.match(w.message, /受理/);
  const st = await cg.post(`/api/v1/requests/${id}/start`);
  assertStatus(st, 200);
  assert.equal(st.json.status, 'in_progress');
  assertError(await cg.post(`/api/v1/requests/${id}/start`), 409, 'wrong_state');
  assertError(await act('resolve', {}), 422, 'invalid_field', 'resolution');
  assertError(await act('resolve', { resolution: '' }), 422, 'invalid_field', 'resolution');
  assertError(await act('resolve', { resolution: 5 }), 422, 'invalid_field', 'resolution');
  assertError(await act('resolve', { resolution: 'x', other: 1 }), 422, 'invalid_field', 'other');
  const done = await act('resolve', { resolution: '已协调街道立项加装' });
  assertStatus(done, 200);
  assert.equal(done.json.status, 'resolved');
  assert.equal(done.json.resolution, '已协调街道立项加装');
  assert.match(done.json.closed_at, /\+08:00$/);
  assert.ok(done.json.duration_seconds > 0);
  for (const x of ['start', 'resolve', 'transfer', 'answer'])
    assertError(x === 'start' ? await cg.post(`/api/v1/requests/${id}/start`) : await act(x, { resolution: 'again' }), 409, 'wrong_state');
  // transfer and answer straight from accepted
  const t = (await cg.post('/api/v1/requests', { title: '道路积水', category: 'transport', committee_id: cid.chengguan })).json;
  const tr = await cg.post(`/api/v1/requests/${t.id}/transfer`, { resolution: '已转区住建局办理' });
  assertStatus(tr, 200);
  assert.equal(tr.json.status, 'transferred');
  const q = (await cg.post('/api/v1/requests', { title: '政策咨询', category: 'employment', committee_id: cid.chengguan })).json;
  assertStatus(await cg.post(`/api/v1/requests/${q.id}/start`), 200);
  const an = await cg.post(`/api/v1/requests/${q.id}/answer`, { resolution: '已解释就业补贴政策' });
  assertStatus(an, 200);
  assert.equal(an.json.status_label, '已答复');
  // the audit log holds each action with the record before and after
  const audit = await c.auditor.get(`/api/v1/audit?entity=request&entity_id=${id}&limit=50`);
  const acts = audit.json.items.map((x) => x.action);
  assert.deepEqual(acts, ['resolve', 'start', 'create']);
  const resolved = audit.json.items[0];
  assert.equal(resolved.before.status, 'in_progress');
  assert.equal(resolved.after.status, 'resolved');
  assert.equal((await c.auditor.get('/api/v1/audit/verify')).json.ok, true);
  // list filters
  assert.ok((await listAll(cg, '/api/v1/requests?status=resolved')).every((x) => x.status === 'resolved'));
  assert.ok((await listAll(cg, '/api/v1/requests?category=transport')).some((x) => x.id === t.id));
  assert.deepEqual((await listAll(cg, `/api/v1/requests?member_id=${cgMembers[0]}`)).map((x) => x.id), [id]);
  assertError(await cg.get('/api/v1/requests?member_id=abc'), 422, 'invalid_field', 'member_id');
  // field refusals
  const bad = async (body, field) => assertError(await cg.post('/api/v1/requests',
    { title: 'x', category: 'health', committee_id: cid.chengguan, ...body }), 422, 'invalid_field', field);
  await bad({ category: 'weather' }, 'category');
  await bad({ title: '' }, 'title');
  await bad({ requester_phone: 'call me' }, 'requester_phone');
  await bad({ activity_id: a.id, reception_day_id: 1 }, 'reception_day_id');
  await bad({ activity_id: 99999999 }, 'activity_id');
  await bad({ reception_day_id: 99999999 }, 'reception_day_id');
  await bad({ member_id: qlhMember }, 'member_id');
  await bad({ accepted_at: 'yesterday' }, 'accepted_at');
  const ro = await cg.post('/api/v1/requests', { title: '只读字段', category: 'other', committee_id: cid.chengguan, status: 'resolved' });
  assertStatus(ro, 201);
  assert.equal(ro.json.status, 'accepted', 'status is set by actions only');
  // patch, delete
  const p = await cg.patch(`/api/v1/requests/${t.id}`, { description: '补充：积水深 30 厘米' });
  assertStatus(p, 200);
  assert.equal(p.json.status, 'transferred');
  assertError(await cg.post('/api/v1/requests/99999999/start'), 404, 'not_found');
  // another county, roles
  const ql = c.qilihe;
  assertError(await ql.get(`/api/v1/requests/${id}`), 404, 'not_found');
  assertError(await ql.patch(`/api/v1/requests/${id}`, { title: 'x' }), 404, 'not_found');
  assertError(await ql.del(`/api/v1/requests/${id}`), 404, 'not_found');
  for (const x of ['start', 'resolve', 'transfer', 'answer'])
    assertError(await ql.post(`/api/v1/requests/${t.id}/${x}`, x === 'start' ? undefined : { resolution: 'x' }), 404, 'not_found');
  assertError(await ql.post('/api/v1/requests', { title: 'x', category: 'health', committee_id: cid.chengguan }), 403, 'forbidden_scope');
  assert.ok(!(await listAll(ql, '/api/v1/requests')).some((x) => x.committee_id === cid.chengguan));
  assertError(await c.viewer.post('/api/v1/requests', { title: 'x', category: 'health', committee_id: cid.province }), 403, 'forbidden');
  assertError(await c.viewer.post(`/api/v1/requests/${q.id}/start`), 403, 'forbidden');
  assertStatus(await c.viewer.get(`/api/v1/requests/${id}`), 200);
  assert.equal((await cg.del(`/api/v1/requests/${ro.json.id}`)).status, 204);
  assertError(await cg.get(`/api/v1/requests/${ro.json.id}`), 404, 'not_found');
  // an activity a request came from cannot be deleted
  assertError(await cg.del(`/api/v1/activities/${a.id}`), 409, 'in_use');
});

test('member1 records and handles its own requests only', async () => {
  const m1 = c.member1;
  const own = m1.user.member_id;
  const home = m1.user.committee.id;
  const r = await m1.post('/api/v1/requests', { title: '老人就医难', category: 'elderly_care', committee_id: home });
  assertStatus(r, 201);
  assert.equal(r.json.member_id, own, 'taken by the member itself');
  assertError(await m1.post('/api/v1/requests', { title: 'x', category: 'health', committee_id: home, member_id: provMember }), 422, 'invalid_field', 'member_id');
  assertError(await m1.post('/api/v1/requests', { title: 'x', category: 'health', committee_id: cid.lanzhou }), 422, 'invalid_field', 'committee_id');
  const staff = (await c.gansu.post('/api/v1/requests', { title: '他人的诉求', category: 'health', committee_id: cid.province, member_id: provMember })).json;
  assertError(await m1.get(`/api/v1/requests/${staff.id}`), 404, 'not_found');
  assertError(await m1.post(`/api/v1/requests/${staff.id}/start`), 404, 'not_found');
  const list = await listAll(m1, '/api/v1/requests');
  assert.deepEqual(list.map((x) => x.id), [r.json.id]);
  assertStatus(await m1.post(`/api/v1/requests/${r.json.id}/start`), 200);
  assertStatus(await m1.post(`/api/v1/requests/${r.json.id}/resolve`, { resolution: '已联系社区医院上门' }), 200);
  assertStatus(await m1.patch(`/api/v1/requests/${r.json.id}`, { description: '补充说明' }), 200);
  assertError(await m1.del(`/api/v1/requests/${r.json.id}`), 403, 'forbidden');
  // an activity of its own may be the source; a staff one it cannot see may not
  const mine = (await m1.post('/api/v1/activities', { title: '帮办', kind: 'practical_help', committee_id: home, starts_at: '2026-08-01T10:00:00+08:00' })).json;
  assertStatus(await m1.post('/api/v1/requests', { title: '来自活动', category: 'other', committee_id: home, activity_id: mine.id }), 201);
  const hidden = await activity(c.gansu, { committee_id: cid.province, kind: 'research' });
  assertError(await m1.post('/api/v1/requests', { title: 'x', category: 'other', committee_id: home, activity_id: hidden.id }), 422, 'invalid_field', 'activity_id');
});

// ---- compliance --------------------------------------------------------------------------------

test('compliance: quarter edges in CST, the 40th person, paging, one member, refusals', async () => {
  const cg = c.chengguan;
  const m = cgMembers[8];
  const q1 = await activity(cg, { starts_at: '2026-03-31T23:30:00+08:00', people_reached: 30, status: 'done' });
  const q2 = await activity(cg, { starts_at: '2026-04-01T00:00:00+08:00', people_reached: 9, status: 'done' });
  const planned = await activity(cg, { starts_at: '2026-02-01T10:00:00+08:00', people_reached: 100, status: 'planned' });
  const excused = await activity(cg, { starts_at: '2026-02-02T10:00:00+08:00', people_reached: 100, status: 'done' });
  for (const x of [q1, q2, planned]) assertStatus(await cg.post(`/api/v1/activities/${x.id}/participants`, { member_id: m }), 201);
  assertStatus(await cg.post(`/api/v1/activities/${excused.id}/participants`, { member_id: m, attendance: 'excused' }), 201);
  const one = await cg.get(`/api/v1/members/${m}/compliance?year=2026&quarter=1`);
  assertStatus(one, 200);
  assert.deepEqual(one.json.quarters, [1, 1, 0, 0]);
  assert.equal(one.json.activities, 1);
  assert.equal(one.json.people_reached, 39);
  assert.equal(one.json.year_met, false);
  assert.equal(one.json.people_short, 1);
  assert.equal(one.json.quarter_met, true);
  assert.equal(one.json.year_expected, 10);
  assert.equal(one.json.on_track, true, 'the quarter met and ahead of the pro-rated 10: on track, though not yet 40');
  assert.equal(one.json.quarter_starts_at, '2026-01-01T00:00:00+08:00');
  assert.equal(one.json.quarter_ends_at, '2026-04-01T00:00:00+08:00');
  // the 40th person
  const more = await activity(cg, { starts_at: '2026-09-30T23:59:59+08:00', people_reached: 1, status: 'done' });
  assertStatus(await cg.post(`/api/v1/activities/${more.id}/participants`, { member_id: m }), 201);
  const forty = (await cg.get(`/api/v1/members/${m}/compliance?year=2026&quarter=3`)).json;
  assert.equal(forty.people_reached, 40);
  assert.equal(forty.year_met, true);
  assert.deepEqual(forty.quarters, [1, 1, 1, 0]);
  assert.equal(forty.on_track, true);
  // the whole county, paged
  const all = await listAll(cg, `/api/v1/compliance?committee_id=${cid.chengguan}&year=2026&quarter=1`, 3);
  const active = (await listAll(c.admin, `/api/v1/members?committee_id=${cid.chengguan}&status=active`)).map((x) => x.id);
  assert.deepEqual(all.map((x) => x.member_id), active.sort((x, y) => x - y));
  assert.ok(all.every((x) => x.committee_id === cid.chengguan && typeof x.on_track === 'boolean' && x.quarters.length === 4));
  const row = all.find((x) => x.member_id === m);
  assert.equal(row.people_reached, 40);
  const page = await cg.get(`/api/v1/compliance?committee_id=${cid.chengguan}&year=2026&quarter=1&limit=2`);
  assert.equal(page.json.total, active.length);
  assert.equal(page.json.items.length, 2);
  // the settings of the member's committee
  assertStatus(await put(cg, `/api/v1/committees/${cid.chengguan}/settings`, { year_min_people: 41 }), 200);
  const stricter = (await cg.get(`/api/v1/members/${m}/compliance?year=2026&quarter=3`)).json;
  assert.equal(stricter.year_min, 41);
  assert.equal(stricter.year_met, false);
  assertStatus(await put(cg, `/api/v1/committees/${cid.chengguan}/settings`, { year_min_people: null }), 200);
  // the province sees the county below it; defaults for year and quarter
  const prov = await c.gansu.get(`/api/v1/compliance?committee_id=${cid.chengguan}&year=2026`);
  assertStatus(prov, 200);
  assert.equal(prov.json.quarter, 4, 'a past or current year: Q4 unless this quarter');
  assertStatus(await c.viewer.get('/api/v1/compliance?limit=5'), 200);
  assertStatus(await c.tian.get(`/api/v1/members/${m}/compliance`), 200);
  // refusals
  assertError(await cg.get('/api/v1/compliance?year=1999'), 422, 'invalid_field', 'year');
  assertError(await cg.get('/api/v1/compliance?year=twenty'), 422, 'invalid_field', 'year');
  assertError(await cg.get('/api/v1/compliance?quarter=5'), 422, 'invalid_field', 'quarter');
  assertError(await cg.get('/api/v1/compliance?quarter=0'), 422, 'invalid_field', 'quarter');
  assertError(await cg.get('/api/v1/compliance?limit=501'), 422, 'invalid_field', 'limit');
  assertError(await cg.get('/api/v1/compliance?cursor=x'), 422, 'invalid_field', 'cursor');
  assertError(await cg.get('/api/v1/compliance?committee_id=x'), 422, 'invalid_field', 'committee_id');
  assertError(await cg.get('/api/v1/compliance?committee_id=99999999'), 422, 'invalid_field', 'committee_id');
  assertError(await cg.get(`/api/v1/compliance?committee_id=${cid.qilihe}`), 403, 'forbidden_scope');
  assertError(await cg.get(`/api/v1/compliance?committee_id=${cid.lanzhou}`), 403, 'forbidden_scope');
  assertError(await c.qilihe.get(`/api/v1/members/${m}/compliance`), 404, 'not_found');
  assertError(await c.member1.get(`/api/v1/members/${m}/compliance`), 404, 'not_found');
  assertStatus(await c.member1.get(`/api/v1/members/${c.member1.user.member_id}/compliance`), 200);
  assertError(await cg.get(`/api/v1/members/${m}/compliance?quarter=9`), 422, 'invalid_field', 'quarter');
});

test('not logged in: 401 on every contact route family', async () => {
  const anon = { get: (p) => fetch(s.url + p) };
  for (const p of ['/api/v1/grassroots-units', '/api/v1/stations', '/api/v1/activities', '/api/v1/requests', '/api/v1/compliance',
    `/api/v1/members/${cgMembers[0]}/grassroots-units`, `/api/v1/committees/${cid.province}/settings`, '/api/v1/files/1']) {
    const r = await anon.get(p);
    assert.equal(r.status, 401, p);
  }
  const up = await fetch(s.url + '/api/v1/files', { method: 'POST', body: 'x', headers: { 'x-filename': 'a.txt' } });
  assert.equal(up.status, 401);
});
