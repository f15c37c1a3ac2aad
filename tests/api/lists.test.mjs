// tests/api/lists.test.mjs: issue 18's long lists and the defects of its walk-through, over HTTP:
// sort keys from each list's whitelist (400 bad_request naming sort otherwise, in the envelope),
// pages at an offset that agree with the cursor's pages and the total; the case number in its
// session's form; a handling unit's own assignment; when an open request is due; the verdicts of
// compliance and the standing of 我的积分 (one rule each); the audited, permission-checked reveal
// of an ID number; two 城关镇 of two counties are two places; 改期 refused (409) once an activity
// was held. Runs on SQLite, and on PostgreSQL with LVZHI_TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
const cid = {};

before(async () => {
  s = await startServer({});
  for (const u of ['admin', 'auditor', 'gansu', 'lanzhou', 'chengguan', 'viewer', 'member1', 'jiaoyu']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协']]) cid[k] = await committeeId(c.admin, name);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

let seq = 0;
const uniq = (p) => `${p}${++seq}`;

const LISTS = [
  { path: `/api/v1/members`, keys: ['id', 'name', 'term', 'birth_date'], num: 'term' },
  { path: `/api/v1/proposals`, keys: ['id', 'serial', 'title', 'status', 'submitted_at', 'deadline_at'], num: 'serial' },
  { path: `/api/v1/reports`, keys: ['id', 'title', 'status', 'submitted_at'], num: 'submitted_at' },
  { path: `/api/v1/requests`, keys: ['id', 'title', 'status', 'category', 'accepted_at', 'closed_at'], num: 'accepted_at' },
  { path: `/api/v1/activities`, keys: ['id', 'title', 'starts_at', 'status'], num: 'starts_at' },
];

test('each long list takes the sort keys of its whitelist and refuses any other with 400 in the envelope', async () => {
  for (const l of LISTS) {
    for (const k of l.keys)
      for (const key of [k, `-${k}`]) assertStatus(await c.gansu.get(`${l.path}?sort=${key}&limit=3`), 200, `${l.path} sort=${key}`);
    for (const bad of ['bogus', '-', 'id;DROP', 't.id', 'ID', '--id']) {
      const e = assertError(await c.gansu.get(`${l.path}?sort=${encodeURIComponent(bad)}`), 400, 'bad_request', 'sort');
      assert.match(e.message, /排序/, `${l.path} ${bad}: ${e.message}`);
    }
    assertError(await c.gansu.get(`${l.path}?offset=-1`), 422, 'invalid_field', 'offset');
    assertError(await c.gansu.get(`${l.path}?offset=x`), 422, 'invalid_field', 'offset');
  }
  assertStatus(await c.gansu.get('/api/v1/ranking?sort=-rank&limit=3'), 200, 'ranking -rank');
  assertStatus(await c.gansu.get('/api/v1/ranking?sort=name&limit=3'), 200, 'ranking name');
  assertError(await c.gansu.get('/api/v1/ranking?sort=total'), 400, 'bad_request', 'sort');
});

test('sorted pages run in their order, ascending and descending, and pages at offsets do not overlap', async () => {
  for (const l of LISTS) {
    const cmp = (a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
    const val = (x) => (l.num.endsWith('_at') ? (x[l.num] ? Date.parse(x[l.num]) : null) : x[l.num]);
    for (const desc of [false, true]) {
      const r = assertStatus(await c.gansu.get(`${l.path}?sort=${desc ? '-' : ''}${l.num}&limit=20`), 200);
      const v = r.json.items.map(val);
      assert.ok(v.length >= 2, `${l.path}: some items`);
      for (let i = 1; i < v.length; i++)
        assert.ok(desc ? cmp(v[i - 1], v[i]) >= 0 : cmp(v[i - 1], v[i]) <= 0, `${l.path} sort ${desc ? '-' : ''}${l.num}: ${v.join(',')}`);
      assert.equal(r.json.offset, 0);
      assert.equal(typeof r.json.total, 'number');
    }
    // two pages at offsets: disjoint, and together the first page of twice the size
    const a = (await c.gansu.get(`${l.path}?sort=-id&limit=5&offset=0`)).json;
    const b = (await c.gansu.get(`${l.path}?sort=-id&limit=5&offset=5`)).json;
    const both = (await c.gansu.get(`${l.path}?sort=-id&limit=10&offset=0`)).json;
    assert.deepEqual([...a.items, ...b.items].map((x) => x.id), both.items.map((x) => x.id), l.path);
    if (a.total > 5) assert.equal(a.next_offset, 5, `${l.path}: next_offset`);
    assert.equal(a.next_cursor, null, `${l.path}: no cursor in a sorted order`);
  }
});

test('a page at an offset in the list\'s own order is the page the cursors reach, and the total is the count', async () => {
  for (const l of LISTS) {
    const first = (await c.gansu.get(`${l.path}?limit=4`)).json;
    assert.ok(first.next_cursor, `${l.path}: more than one page`);
    const second = (await c.gansu.get(`${l.path}?limit=4&cursor=${first.next_cursor}`)).json;
    const at = (await c.gansu.get(`${l.path}?limit=4&offset=4`)).json;
    assert.deepEqual(at.items.map((x) => x.id), second.items.map((x) => x.id), `${l.path}: offset 4 = the second page`);
    assert.equal(at.offset, 4);
    assert.equal(at.total, first.total, `${l.path}: the total`);
    // the last page by offset: no next
    const lastOff = Math.max(0, first.total - 2);
    const last = (await c.gansu.get(`${l.path}?limit=4&offset=${lastOff}`)).json;
    assert.equal(last.items.length, first.total - lastOff);
    assert.equal(last.next_offset, null);
  }
  // the ranking: offset pages and its "of"
  const r1 = (await c.gansu.get('/api/v1/ranking?limit=5&offset=0')).json;
  const r2 = (await c.gansu.get('/api/v1/ranking?limit=5&offset=5')).json;
  assert.ok(r1.of > 10);
  assert.ok(r2.items[0].total <= r1.items[4].total);
  const bottomFirst = (await c.gansu.get('/api/v1/ranking?limit=5&sort=-rank')).json;
  assert.ok(bottomFirst.items[0].rank >= r1.items[4].rank, 'from the bottom');
});

test('a proposal\'s case number is written in its session\'s form; a unit sees its own assignment', async () => {
  const items = (await c.gansu.get('/api/v1/proposals?limit=200&status=filed,assigned,handling,replied,closed')).json.items;
  const numbered = items.filter((p) => p.serial);
  assert.ok(numbered.length > 0, 'numbered proposals');
  for (const p of numbered) {
    assert.match(p.case_number, /第\d+号$/, p.case_number);
    assert.ok(p.case_number.endsWith(`第${p.serial}号`), p.case_number);
    if (p.session_name) assert.ok(p.case_number.startsWith(p.session_name.replace(/^第/, '').replace(/会议$/, '')), `${p.case_number} / ${p.session_name}`);
  }
  for (const p of items.filter((x) => !x.serial)) assert.equal(p.case_number, null);
  const en = await c.gansu.get('/api/v1/proposals?limit=5&status=filed,assigned,handling,replied,closed', { headers: { 'accept-language': 'en' } });
  for (const p of en.json.items.filter((x) => x.serial)) assert.match(p.case_number, /^No\. \d+/, p.case_number);
  const mine = (await c.jiaoyu.get('/api/v1/proposals?limit=50')).json.items;
  assert.ok(mine.length > 0, 'the unit has assignments');
  for (const p of mine) {
    assert.ok(p.my_assignment, `proposal ${p.id}: the unit's assignment`);
    assert.ok(['lead', 'co', 'split'].includes(p.my_assignment.role));
    assert.ok(Date.parse(p.my_assignment.respond_by) > 0, 'respond_by');
  }
  assert.equal((await c.gansu.get('/api/v1/proposals?limit=1')).json.items[0].my_assignment, undefined, 'staff have no unit');
});

test('an open request is due request_days (60) after its acceptance; a closed one is not', async () => {
  const items = (await c.gansu.get('/api/v1/requests?limit=200')).json.items;
  const open = items.filter((r) => ['accepted', 'in_progress'].includes(r.status));
  const closed = items.filter((r) => !['accepted', 'in_progress'].includes(r.status));
  assert.ok(open.length && closed.length, `${open.length} open, ${closed.length} closed`);
  for (const r of open) assert.equal(Date.parse(r.due_at) - Date.parse(r.accepted_at), 60 * 86400_000, `request ${r.id}`);
  for (const r of closed) assert.equal(r.due_at, null);
  // a committee's own setting moves it
  const one = open[0];
  const put = (body) => c.admin.request('PUT', `/api/v1/committees/${one.committee_id}/settings`, { body });
  assertStatus(await put({ request_days: 15 }), 200, 'settings');
  const r = (await c.gansu.get(`/api/v1/requests/${one.id}`)).json;
  assert.equal(Date.parse(r.due_at) - Date.parse(r.accepted_at), 15 * 86400_000);
  assertStatus(await put({ request_days: null }), 200);
  assertError(await put({ request_days: 0 }), 422, 'invalid_field');
});

test('compliance carries one verdict so far and the year\'s; 我的积分 its standing; their words are label tables', async () => {
  const r = (await c.gansu.get(`/api/v1/compliance?committee_id=${cid.province}&year=2026&quarter=4&limit=100`)).json;
  for (const it of r.items) {
    assert.equal(typeof it.met_so_far, 'boolean');
    assert.ok(['met', 'short', 'behind', 'on_pace'].includes(it.year_status), it.year_status);
    assert.equal(it.quarters_met.length, 4);
    // a quarter over and short: never met, never 达标
    const missed = it.quarters.some((n, k) => it.quarters_met[k] === false && n < it.quarter_min);
    if (missed) {
      assert.equal(it.met_so_far, false, `member ${it.member_id}: ${it.quarters}`);
      assert.notEqual(it.year_status, 'met');
    }
  }
  const me = (await c.member1.get('/api/v1/points/me')).json;
  assert.ok(['short', 'next', 'top'].includes(me.standing), me.standing);
  assert.equal(me.standing === 'top', me.next_grade === null && me.pass.need === 0);
  if (me.quarter) assert.equal(typeof me.quarter.met_so_far, 'boolean');
  const L = (await c.gansu.get('/api/v1/labels')).json;
  assert.deepEqual(L['points.standing'].map((x) => x.zh), ['还需努力', '争取更高等次', '已是最高等次']);
  assert.deepEqual(L['compliance.year_status'].map((x) => x.name), ['met', 'short', 'behind', 'on_pace']);
  // the sectors' kinds: every kind a sector has is in the table (the console's 类别 column)
  const kinds = new Set(L['sector.kind'].map((x) => x.name));
  const sectors = (await c.gansu.get('/api/v1/sectors?limit=200')).json.items;
  assert.ok(sectors.length > 20);
  for (const x of sectors) assert.ok(kinds.has(x.kind), `sector ${x.name}: ${x.kind}`);
});

test('the member record shows the ID number masked; the reveal is permission-checked and audited', async () => {
  const m = (await c.gansu.get(`/api/v1/members?committee_id=${cid.province}&limit=20`)).json.items.find((x) => x.id_number);
  const rec = (await c.gansu.get(`/api/v1/members/${m.id}`)).json;
  assert.match(rec.id_number, /^\d{6}\*{12}$/, 'masked by default, to staff too');
  assertError(await c.viewer.post(`/api/v1/members/${m.id}/id-number/reveal`), 403, 'forbidden');
  const r = assertStatus(await c.gansu.post(`/api/v1/members/${m.id}/id-number/reveal`), 200);
  assert.match(r.json.id_number, /^\d{17}[\dX]$/);
  const audit = (await c.auditor.get(`/api/v1/audit?entity=member&entity_id=${m.id}&limit=20`)).json.items;
  assert.ok(audit.some((a) => a.action === 'reveal_id_number'), 'the reveal is in the audit log');
});

test('two 城关镇 of two counties are two places; of one county, one (the clash check and the calendar)', async () => {
  const unit = async (committee, county) => {
    const r = await c.lanzhou.post('/api/v1/grassroots-units', { name: uniq('城关镇村'), kind: 'village', committee_id: committee,
      township: '城关镇', county });
    assertStatus(r, 201, 'unit');
    assert.equal(r.json.county, county);
    return r.json.id;
  };
  const inCg = await unit(cid.chengguan, '城关区');
  const inOther = await unit(cid.lanzhou, '榆中县'); // the city's own unit, in another county
  const inCgToo = await unit(cid.lanzhou, '城关区');
  const week = '2027-03-09T09:00:00+08:00';
  const a = await c.lanzhou.post('/api/v1/activities', { title: uniq('走访'), kind: 'visit', committee_id: cid.chengguan,
    starts_at: week, grassroots_unit_id: inCg });
  assertStatus(a, 201, 'activity');
  const probe = async (u) => (await c.lanzhou.post('/api/v1/activities/clashes', { grassroots_unit_id: u, starts_at: '2027-03-11T09:00:00+08:00' })).json.clashes;
  assert.ok(!(await probe(inOther)).some((x) => x.activity.id === a.json.id), '榆中县的城关镇 is another place');
  const same = (await probe(inCgToo)).find((x) => x.activity.id === a.json.id);
  assert.ok(same, '城关区的城关镇 is the same place');
  assert.equal(same.reason, 'same_township');
  // the calendar says why
  const b = await c.lanzhou.post('/api/v1/activities', { title: uniq('调研'), kind: 'visit', committee_id: cid.lanzhou,
    starts_at: '2027-03-11T09:00:00+08:00', grassroots_unit_id: inCgToo });
  assertStatus(b, 201);
  const d = await c.lanzhou.post('/api/v1/activities', { title: uniq('调研'), kind: 'visit', committee_id: cid.lanzhou,
    starts_at: '2027-03-12T09:00:00+08:00', grassroots_unit_id: inOther });
  const cal = (await c.lanzhou.get(`/api/v1/activities/calendar?committee_id=${cid.lanzhou}&from=2027-03-08&to=2027-03-15`)).json.items;
  const ia = cal.find((x) => x.id === a.json.id);
  assert.deepEqual(ia.clashes, [{ id: b.json.id, reason: 'same_township' }]);
  assert.deepEqual(cal.find((x) => x.id === d.json.id).clash_ids, []);
});

test('改期: a planned activity not yet begun moves; a held, cancelled or begun one is refused with 409 and stays', async () => {
  const mk = async (starts, status = 'planned') => {
    const r = await c.chengguan.post('/api/v1/activities', { title: uniq('座谈'), kind: 'visit', committee_id: cid.chengguan, starts_at: starts, status });
    assertStatus(r, 201, 'activity');
    return r.json;
  };
  const future = await mk('2027-06-01T09:00:00+08:00');
  const moved = assertStatus(await c.chengguan.post(`/api/v1/activities/${future.id}/reschedule`, { starts_at: '2027-06-03T09:00:00+08:00' }), 200);
  assert.equal(Date.parse(moved.json.starts_at), Date.parse('2027-06-03T09:00:00+08:00'));
  assert.ok(Array.isArray(moved.json.clashes));
  const held = await mk('2026-03-01T09:00:00+08:00', 'done');
  const cancelled = await mk('2027-07-01T09:00:00+08:00', 'cancelled');
  const begun = await mk('2026-01-05T09:00:00+08:00', 'planned');
  for (const x of [held, cancelled, begun]) {
    assertError(await c.chengguan.post(`/api/v1/activities/${x.id}/reschedule`, { starts_at: '2027-08-01T09:00:00+08:00' }), 409, 'wrong_state');
    assert.equal((await c.chengguan.get(`/api/v1/activities/${x.id}`)).json.starts_at, x.starts_at, 'unchanged');
  }
  assertError(await c.chengguan.post(`/api/v1/activities/${future.id}/reschedule`, { title: 'x', starts_at: '2027-06-04T09:00:00+08:00' }), 422, 'invalid_field');
  assertError(await c.chengguan.post(`/api/v1/activities/${future.id}/reschedule`, {}), 422, 'invalid_field', 'starts_at');
  assertError(await c.chengguan.post(`/api/v1/activities/${future.id}/reschedule`, { starts_at: 'soon' }), 422, 'invalid_field', 'starts_at');
  assert.equal((await c.viewer.post(`/api/v1/activities/${future.id}/reschedule`, { starts_at: '2027-06-04T09:00:00+08:00' })).status, 403);
});
