// tests/api/coordination.test.mjs: weekly coordination and the quota reports over HTTP, on the
// full demo (a year of activities, stations, requests): the clash check (same unit or township
// in one CST week, a member booked twice) on its own and in the answers of creating, moving and
// adding a participant; the calendar with its clash ids; the short-only compliance list; the
// reminder job and the notification it leaves; the level-by-level roll-up checked against the
// database, and its XLSX. Every refusal, and what a county and a member account may not do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, sql } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, waitJob } from './lib/util.mjs';

let s;
const c = {};
const cid = {};
let cgMembers;
let seq = 0;
const uniq = (p) => `${p}${++seq}`;

before(async () => {
  s = await startServer({});
  for (const u of ['admin', 'gansu', 'lanzhou', 'chengguan', 'qilihe', 'viewer', 'member1']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协'], ['qilihe', '七里河区政协']])
    cid[k] = await committeeId(c.admin, name);
  cgMembers = (await c.admin.get(`/api/v1/members?committee_id=${cid.chengguan}&limit=20`)).json.items
    .filter((m) => m.committee_id === cid.chengguan).map((m) => m.id);
  assert.ok(cgMembers.length >= 6, `${cgMembers.length} members in 城关区`);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

async function unit(cl, committee, township) {
  const r = await cl.post('/api/v1/grassroots-units', { name: uniq('统筹村'), kind: 'village', committee_id: committee, township });
  assertStatus(r, 201, 'unit');
  return r.json;
}

async function activity(cl, body) {
  const r = await cl.post('/api/v1/activities', { title: uniq('调研'), kind: 'research', committee_id: cid.chengguan, ...body });
  assertStatus(r, 201, 'activity');
  return r.json;
}

const check = (cl, body) => cl.post('/api/v1/activities/clashes', body);
const reasons = (r) => r.json.clashes.map((x) => `${x.reason}:${x.activity.id}`).sort();

// The week of Monday 2027-03-08 (CST) lies beyond the demo's planned four weeks.
test('clash check: same unit in one CST week, not across Monday 00:00; township; member booked twice', async () => {
  const cg = c.chengguan;
  const town = uniq('雁滩街道');
  const u = await unit(cg, cid.chengguan, town);
  const u2 = await unit(cg, cid.chengguan, town);
  const far = await unit(c.qilihe, cid.qilihe, town); // the same name in another county
  const m = cgMembers[0];
  const a = await activity(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-10T09:00:00+08:00', ends_at: '2027-03-10T11:00:00+08:00' });
  assert.deepEqual(a.clashes, [], 'the first visit of the week clashes with nothing');
  assertStatus(await cg.post(`/api/v1/activities/${a.id}/participants`, { member_id: m }), 201);

  let r = await check(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-14T23:59:59+08:00' });
  assertStatus(r, 200);
  assert.deepEqual(reasons(r), [`same_unit:${a.id}`], 'Sunday 23:59:59 CST is the same week');
  assert.equal(r.json.week_starts_at, '2027-03-08T00:00:00+08:00');
  assert.equal(r.json.week_ends_at, '2027-03-15T00:00:00+08:00');
  const x = r.json.clashes[0].activity;
  assert.equal(x.title, a.title);
  assert.equal(x.committee_name, '城关区政协');
  assert.equal(x.unit_name, u.name);
  assert.equal(x.township, town);
  assert.equal(x.starts_at, '2027-03-10T09:00:00+08:00');
  r = await check(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-15T00:00:00+08:00' });
  assert.deepEqual(r.json.clashes, [], 'Monday 00:00 CST starts a new week');
  r = await check(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-14T16:00:00Z' });
  assert.deepEqual(r.json.clashes, [], '16:00Z on Sunday is Monday 00:00 in Beijing');
  r = await check(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-07T23:59:59+08:00' });
  assert.deepEqual(r.json.clashes, [], 'the Sunday before is the week before');

  r = await check(cg, { grassroots_unit_id: u2.id, starts_at: '2027-03-12T09:00:00+08:00' });
  assert.deepEqual(reasons(r), [`same_township:${a.id}`], 'another unit of the same township');
  r = await check(c.qilihe, { grassroots_unit_id: far.id, starts_at: '2027-03-12T09:00:00+08:00' });
  assert.deepEqual(r.json.clashes, [], 'a township of the same name in another county');

  r = await check(cg, { starts_at: '2027-03-10T10:00:00+08:00', ends_at: '2027-03-10T12:00:00+08:00', member_ids: [m, cgMembers[1]] });
  assert.deepEqual(reasons(r), [`member_busy:${a.id}`]);
  assert.equal(r.json.clashes[0].member_id, m);
  assert.ok(r.json.clashes[0].member_name);
  r = await check(cg, { starts_at: '2027-03-10T11:00:00+08:00', member_ids: [m] });
  assert.deepEqual(r.json.clashes, [], 'starting when the other ends is no clash');
  r = await check(cg, { starts_at: '2027-03-10T07:30:00+08:00', member_ids: [m] });
  assert.deepEqual(reasons(r), [`member_busy:${a.id}`], 'no end given: two hours are assumed');
  r = await check(cg, { starts_at: '2027-03-10T07:00:00+08:00', member_ids: [m] });
  assert.deepEqual(r.json.clashes, [], '07:00 + 2 h ends when the visit starts');

  // the activity itself is never its own clash; a cancelled one clashes with nothing
  r = await check(cg, { id: a.id });
  assert.deepEqual(r.json.clashes, []);
  const b = await activity(cg, { grassroots_unit_id: u.id, starts_at: '2027-03-11T14:00:00+08:00' });
  assert.deepEqual(b.clashes.map((y) => `${y.reason}:${y.activity.id}`), [`same_unit:${a.id}`], 'create answers with its clashes');
  assertStatus(await cg.request('PATCH', `/api/v1/activities/${a.id}`, { body: { status: 'cancelled' } }), 200);
  r = await check(cg, { id: b.id });
  assert.deepEqual(r.json.clashes, [], 'the cancelled visit no longer clashes');
  assertStatus(await cg.request('PATCH', `/api/v1/activities/${a.id}`, { body: { status: 'planned' } }), 200);

  // moving: with id, what is not given is the stored value
  r = await check(cg, { id: b.id, starts_at: '2027-03-17T09:00:00+08:00' });
  assert.deepEqual(r.json.clashes, [], 'moved to the next week');
  const moved = await cg.request('PATCH', `/api/v1/activities/${b.id}`, { body: { starts_at: '2027-03-17T09:00:00+08:00' } });
  assertStatus(moved, 200);
  assert.deepEqual(moved.json.clashes, []);
  const back = await cg.request('PATCH', `/api/v1/activities/${b.id}`, { body: { starts_at: '2027-03-09T09:00:00+08:00' } });
  assert.deepEqual(back.json.clashes.map((y) => y.activity.id), [a.id], 'moved back: the clash is named');

  // adding a participant booked elsewhere at the time
  const p = await cg.post(`/api/v1/activities/${b.id}/participants`, { member_id: m });
  assertStatus(p, 201);
  assert.ok(p.json.items.some((i) => i.member_id === m));
  assert.deepEqual(p.json.clashes, [], '09:00-11:00 on the 9th does not overlap the 10th');
  const d = await activity(cg, { starts_at: '2027-03-10T10:30:00+08:00' });
  const p2 = await cg.post(`/api/v1/activities/${d.id}/participants`, { member_id: m });
  assert.deepEqual(p2.json.clashes.map((y) => `${y.reason}:${y.activity.id}:${y.member_id}`), [`member_busy:${a.id}:${m}`]);
  // excused: no longer busy
  assertStatus(await cg.request('PATCH', `/api/v1/activities/${a.id}/participants/${m}`, { body: { attendance: 'excused' } }), 200);
  r = await check(cg, { id: d.id });
  assert.deepEqual(r.json.clashes, [], 'an excused member is not busy');
});

test('clash check refusals', async () => {
  const cg = c.chengguan;
  assertError(await check(cg, {}), 422, 'invalid_field', 'starts_at');
  assertError(await check(cg, { starts_at: '2027-03-10 09:00' }), 422, 'invalid_field', 'starts_at');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', ends_at: 'soon' }), 422, 'invalid_field', 'ends_at');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', member_ids: 'all' }), 422, 'invalid_field', 'member_ids');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', member_ids: [1, -2] }), 422, 'invalid_field', 'member_ids');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', member_ids: Array.from({ length: 501 }, (_, i) => i + 1) }), 422, 'invalid_field', 'member_ids');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', grassroots_unit_id: 'x' }), 422, 'invalid_field', 'grassroots_unit_id');
  assertError(await check(cg, { starts_at: '2027-03-10T09:00:00+08:00', colour: 1 }), 422, 'invalid_field', 'colour');
  assertError(await cg.request('POST', '/api/v1/activities/clashes', { body: 'nope', headers: { 'content-type': 'application/json' } }), 400, 'bad_json');
  const other = await activity(c.qilihe, { committee_id: cid.qilihe, starts_at: '2027-03-10T09:00:00+08:00' });
  assertError(await check(cg, { id: other.id }), 404, 'not_found');
  assertError(await check(c.viewer, { starts_at: '2027-03-10T09:00:00+08:00' }), 403, 'forbidden');
  for (const [method, path] of [['POST', '/api/v1/activities/clashes'], ['GET', '/api/v1/activities/calendar'],
    ['GET', '/api/v1/compliance/rollup'], ['GET', '/api/v1/compliance/rollup/export'], ['POST', '/api/v1/compliance/reminders']]) {
    const r = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    assert.equal(r.status, 401, `${method} ${path} without a session`);
  }
});

test('calendar: the range, in time order, with symmetric clash ids; refusals; a member sees its own', async () => {
  const cg = c.chengguan;
  const u = await unit(cg, cid.chengguan, uniq('东岗街道'));
  const a = await activity(cg, { grassroots_unit_id: u.id, starts_at: '2027-04-13T09:00:00+08:00' });
  const b = await activity(cg, { grassroots_unit_id: u.id, starts_at: '2027-04-15T09:00:00+08:00' });
  const e = await activity(cg, { grassroots_unit_id: u.id, starts_at: '2027-04-20T09:00:00+08:00' }); // next week
  const r = await cg.get(`/api/v1/activities/calendar?from=2027-04-12&to=2027-04-25`);
  assertStatus(r, 200);
  const byId = Object.fromEntries(r.json.items.map((i) => [i.id, i]));
  for (const x of [a, b, e]) assert.ok(byId[x.id], `activity ${x.id} in the calendar`);
  assert.deepEqual(byId[a.id].clash_ids, [b.id]);
  assert.deepEqual(byId[b.id].clash_ids, [a.id]);
  assert.deepEqual(byId[e.id].clash_ids, []);
  assert.equal(byId[a.id].unit_name, u.name);
  assert.equal(byId[a.id].committee_name, '城关区政协');
  const times = r.json.items.map((i) => Date.parse(i.starts_at));
  assert.deepEqual(times, [...times].sort((x, y) => x - y), 'in time order');
  assert.equal(r.json.from, '2027-04-12T00:00:00+08:00');
  assert.equal(r.json.to, '2027-04-26T00:00:00+08:00', 'to is a whole day');
  // the city sees the county's activities; the other county does not
  const city = await c.lanzhou.get(`/api/v1/activities/calendar?from=2027-04-12&to=2027-04-25`);
  assert.ok(city.json.items.some((i) => i.id === a.id));
  const q = await c.qilihe.get(`/api/v1/activities/calendar?from=2027-04-12&to=2027-04-25`);
  assert.ok(!q.json.items.some((i) => i.id === a.id));
  assertError(await c.qilihe.get(`/api/v1/activities/calendar?committee_id=${cid.chengguan}&from=2027-04-12&to=2027-04-25`), 403, 'forbidden_scope');
  assertError(await cg.get('/api/v1/activities/calendar?from=2027-01-01&to=2027-03-31'), 422, 'invalid_field', 'to');
  assertError(await cg.get('/api/v1/activities/calendar?from=2027-04-12'), 422, 'invalid_field', 'to');
  assertError(await cg.get('/api/v1/activities/calendar?to=2027-04-12'), 422, 'invalid_field', 'from');
  assertError(await cg.get('/api/v1/activities/calendar?from=2027-04-20&to=2027-04-12'), 422, 'invalid_field', 'to');
  assertError(await cg.get('/api/v1/activities/calendar?from=April&to=2027-04-12'), 422, 'invalid_field', 'from');
  assertError(await cg.get('/api/v1/activities/calendar?from=2027-04-12&to=2027-04-20&committee_id=x'), 422, 'invalid_field', 'committee_id');
  // member1 sees only what it recorded or takes part in
  const now = new Date();
  const from = new Date(now.getTime() - 60 * 86400e3).toISOString().slice(0, 10);
  const to = new Date(now.getTime() + 1 * 86400e3).toISOString().slice(0, 10);
  const mine = await c.member1.get(`/api/v1/activities/calendar?from=${from}&to=${to}`);
  assertStatus(mine, 200);
  for (const i of mine.json.items) {
    const parts = (await c.gansu.get(`/api/v1/activities/${i.id}/participants`)).json.items;
    assert.ok(parts.some((p) => p.member_id === c.member1.user.member_id), `member1 takes part in ${i.id}`);
  }
  assertStatus(await c.viewer.get(`/api/v1/activities/calendar?from=2027-04-12&to=2027-04-25`), 200);
});

test('compliance ?short=1 lists exactly the members falling short, page by page', async () => {
  const full = [];
  let cursor = '';
  for (;;) {
    const r = await c.gansu.get(`/api/v1/compliance?committee_id=${cid.lanzhou}&year=2026&quarter=2&limit=500${cursor}`);
    assertStatus(r, 200);
    full.push(...r.json.items);
    if (!r.json.next_cursor) break;
    cursor = `&cursor=${r.json.next_cursor}`;
  }
  const want = full.filter((i) => !i.on_track).map((i) => i.member_id);
  assert.ok(want.length > 0 && want.length < full.length, `some short (${want.length}) and some not of ${full.length}`);
  const got = [];
  cursor = '';
  for (let pages = 0; pages < 100; pages++) {
    const r = await c.gansu.get(`/api/v1/compliance?committee_id=${cid.lanzhou}&year=2026&quarter=2&short=1&limit=7${cursor}`);
    assertStatus(r, 200);
    assert.equal(r.json.short, true);
    assert.ok(r.json.items.length <= 7);
    for (const i of r.json.items) {
      assert.equal(i.on_track, false);
      assert.equal(i.activities_short, i.quarter_met ? 0 : i.quarter_min - i.activities);
    }
    got.push(...r.json.items.map((i) => i.member_id));
    if (!r.json.next_cursor) break;
    cursor = `&cursor=${r.json.next_cursor}`;
  }
  assert.deepEqual(got, want);
  assertError(await c.chengguan.get('/api/v1/compliance?short=maybe'), 422, 'invalid_field', 'short');
  // a group's compliance: only its members
  const grp = (await c.gansu.get(`/api/v1/groups?committee_id=${cid.province}&limit=1`)).json.items[0];
  const inGroup = (await c.gansu.get(`/api/v1/members?committee_id=${cid.province}&group_id=${grp.id}&limit=500`)).json;
  const g = await c.gansu.get(`/api/v1/compliance?committee_id=${cid.province}&group_id=${grp.id}&limit=500`);
  assertStatus(g, 200);
  assert.equal(g.json.total, inGroup.items.filter((m) => m.status === 'active').length);
  assert.deepEqual(g.json.items.map((i) => i.member_id).sort((a, b) => a - b),
    inGroup.items.filter((m) => m.status === 'active').map((m) => m.id).sort((a, b) => a - b));
  assertError(await c.gansu.get('/api/v1/compliance?group_id=x'), 422, 'invalid_field', 'group_id');
});

test('reminders: a job reminds the members falling short, once a day; the member reads it', async () => {
  // 2025 Q1 lies before the demo's year: every member falls short
  const r = await c.gansu.post('/api/v1/compliance/reminders', { committee_id: cid.province, year: 2025, quarter: 1 });
  assertStatus(r, 202);
  assert.equal(r.json.job.kind, 'compliance_remind');
  const { job } = await waitJob(c.gansu, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const members = Number(sql(s.db, `SELECT COUNT(*) FROM members m JOIN committees c ON c.id = m.committee_id WHERE c.level <> 'national' AND m.status = 'active'`));
  const withAccount = Number(sql(s.db, `SELECT COUNT(DISTINCT u.member_id) FROM users u JOIN members m ON m.id = u.member_id JOIN committees c ON c.id = m.committee_id WHERE c.level <> 'national' AND u.disabled = 0 AND m.status = 'active'`));
  assert.equal(job.result.short, members);
  assert.equal(job.result.notified, withAccount);
  assert.equal(job.result.already, 0);
  assert.equal(job.result.without_account, members - withAccount);
  const n = await c.member1.get('/api/v1/notifications');
  const mine = n.json.items.filter((i) => i.kind === 'compliance_reminder');
  assert.equal(mine.length, 1);
  assert.match(mine[0].body, /2025年第1季度（截至2025-03-31）/);
  assert.match(mine[0].body, /至少 1 次/);
  assert.equal(mine[0].link, '/m/compliance');
  // again at once: nobody is reminded twice in a day
  const again = await c.gansu.post('/api/v1/compliance/reminders', { committee_id: cid.province, year: 2025, quarter: 1 });
  const j2 = (await waitJob(c.gansu, again.json.job.id)).job;
  assert.equal(j2.result.notified, 0);
  assert.equal(j2.result.already, withAccount);
  assert.equal((await c.member1.get('/api/v1/notifications')).json.items.filter((i) => i.kind === 'compliance_reminder').length, 1);
  // refusals
  assertError(await c.chengguan.post('/api/v1/compliance/reminders', { committee_id: cid.province, year: 2025, quarter: 1 }), 403, 'forbidden_scope');
  assertError(await c.member1.post('/api/v1/compliance/reminders', { year: 2025, quarter: 1 }), 403, 'forbidden');
  assertError(await c.viewer.post('/api/v1/compliance/reminders', { year: 2025, quarter: 1 }), 403, 'forbidden');
  assertError(await c.gansu.post('/api/v1/compliance/reminders', { year: 1999, quarter: 1 }), 422, 'invalid_field', 'year');
  assertError(await c.gansu.post('/api/v1/compliance/reminders', { year: 2025, quarter: 5 }), 422, 'invalid_field', 'quarter');
  assertError(await c.gansu.post('/api/v1/compliance/reminders', { year: '2025' }), 422, 'invalid_field', 'year');
  assertError(await c.gansu.post('/api/v1/compliance/reminders', { committee_id: 999999 }), 422, 'invalid_field', 'committee_id');
  assertError(await c.gansu.post('/api/v1/compliance/reminders', { all: true }), 422, 'invalid_field', 'all');
});

const NUMERIC = ['members', 'members_active', 'members_met', 'activities', 'participations', 'people_reached',
  'requests_total', 'requests_solved', 'stations', 'stations_certified', 'studios', 'studios_certified', 'reception_days'];

test('roll-up: level by level, total = own + children, figures as the database has them', async () => {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  for (const quarter of [0, 1, 4]) {
    const r = await c.gansu.get(`/api/v1/compliance/rollup?committee_id=${cid.province}&year=${year}${quarter ? `&quarter=${quarter}` : ''}`);
    assertStatus(r, 200);
    const { rows } = r.json;
    assert.equal(r.json.quarter, quarter);
    assert.equal(rows[0].scope, 'total');
    assert.equal(rows[1].scope, 'own');
    assert.equal(rows[0].committee_id, cid.province);
    const children = rows.slice(2);
    assert.equal(children.length, 14, 'fourteen cities');
    assert.ok(children.every((x) => x.scope === 'child' && x.level === 'city'));
    for (const k of NUMERIC)
      assert.equal(rows[0][k], rows[1][k] + children.reduce((t, x) => t + x[k], 0), `${k}: total = own + children`);
    for (const k of Object.keys(rows[0].requests_solved_by_category))
      assert.equal(rows[0].requests_solved_by_category[k], rows[1].requests_solved_by_category[k] + children.reduce((t, x) => t + x.requests_solved_by_category[k], 0));
    const from = Date.parse(r.json.from) / 1000, to = Date.parse(r.json.to) / 1000;
    const q = (text) => Number(sql(s.db, text));
    const inProvince = `committee_id IN (SELECT id FROM committees WHERE level <> 'national')`;
    assert.equal(rows[0].activities, q(`SELECT COUNT(*) FROM activities WHERE ${inProvince} AND status = 'done' AND starts_at >= ${from} AND starts_at < ${to}`));
    // people reached: each activity once, and the visitors of the reception days that have come
    const d0 = r.json.from.slice(0, 10), d1 = r.json.to.slice(0, 10);
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const acts = `${inProvince} AND status = 'done' AND starts_at >= ${from} AND starts_at < ${to}`;
    assert.equal(rows[0].people_reached, q(`SELECT COALESCE(SUM(people_reached), 0) FROM activities WHERE ${acts}`)
      + q(`SELECT COALESCE(SUM(visitors), 0) FROM reception_days WHERE ${inProvince} AND date >= '${d0}' AND date < '${d1}' AND date <= '${today}'`));
    // the members' shares add up to each activity's figure where a member was present (the demo's data too)
    assert.equal(q(`SELECT COALESCE(SUM(p.people_reached), 0) FROM activity_participants p JOIN activities a ON a.id = p.activity_id
      WHERE a.committee_id IN (SELECT id FROM committees WHERE level <> 'national') AND a.status = 'done'
      AND a.starts_at >= ${from} AND a.starts_at < ${to} AND p.attendance = 'present'`),
    q(`SELECT COALESCE(SUM(people_reached), 0) FROM activities WHERE ${acts}
      AND EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = activities.id AND p.attendance = 'present')`));
    assert.equal(rows[0].requests_solved, q(`SELECT COUNT(*) FROM requests WHERE ${inProvince} AND status = 'resolved' AND closed_at >= ${from} AND closed_at < ${to}`));
    assert.equal(rows[0].stations_certified, q(`SELECT COUNT(*) FROM stations WHERE ${inProvince} AND kind = 'station' AND cert_status = 'certified'`));
    assert.equal(rows[0].members, q(`SELECT COUNT(*) FROM members WHERE ${inProvince} AND status = 'active'`));
    const kinds = Object.values(r.json.activities_by_kind).reduce((t, x) => t + x, 0);
    assert.equal(kinds, rows[0].activities, 'activities by kind add up');
    if (quarter === 0) {
      assert.ok(rows[0].activities > 500, `a year of demo activity: ${rows[0].activities}`);
      assert.ok(rows[0].members_met > 0 && rows[0].members_met < rows[0].members);
      assert.ok(rows[0].requests_avg_days > 0);
    }
    // drill down: a city's own roll-up is its row here
    const city = children.find((x) => x.committee_id === cid.lanzhou);
    const down = await c.gansu.get(`/api/v1/compliance/rollup?committee_id=${cid.lanzhou}&year=${year}${quarter ? `&quarter=${quarter}` : ''}`);
    for (const k of NUMERIC) assert.equal(down.json.rows[0][k], city[k], `兰州 ${k}`);
    assert.ok(down.json.rows.slice(2).some((x) => x.committee_id === cid.chengguan));
  }
  const empty = await c.gansu.get(`/api/v1/compliance/rollup?year=2001&quarter=1`);
  assertStatus(empty, 200);
  assert.equal(empty.json.rows[0].activities, 0);
  assert.equal(empty.json.rows[0].committee_id, cid.province, 'the caller\'s committee by default');
  assertError(await c.gansu.get('/api/v1/compliance/rollup?quarter=5'), 422, 'invalid_field', 'quarter');
  assertError(await c.gansu.get('/api/v1/compliance/rollup?year=abc'), 422, 'invalid_field', 'year');
  assertError(await c.gansu.get('/api/v1/compliance/rollup?year=1999'), 422, 'invalid_field', 'year');
  assertError(await c.gansu.get('/api/v1/compliance/rollup?committee_id=0'), 422, 'invalid_field', 'committee_id');
  assertError(await c.chengguan.get(`/api/v1/compliance/rollup?committee_id=${cid.province}`), 403, 'forbidden_scope');
  assertError(await c.member1.get('/api/v1/compliance/rollup'), 403, 'forbidden');
  assertStatus(await c.viewer.get('/api/v1/compliance/rollup'), 200);
});

test('roll-up export: an XLSX file with the same parameters (a job); refusals in the envelope', async () => {
  const r = await exportFile(c.gansu, `/api/v1/compliance/rollup/export?committee_id=${cid.lanzhou}&year=2026&quarter=3`);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  assert.match(decodeURIComponent(r.headers.get('content-disposition') || ''), /联系群众统计-2026年第3季度\.xlsx/);
  const b = Buffer.from(await r.arrayBuffer());
  assert.equal(b.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(b.length > 3000);
  // refused at once, before any job, on the new and the old URL
  for (const m of ['post', 'get']) {
    assertError(await c.gansu[m]('/api/v1/compliance/rollup/export?quarter=9'), 422, 'invalid_field', 'quarter');
    assertError(await c.qilihe[m](`/api/v1/compliance/rollup/export?committee_id=${cid.lanzhou}`), 403, 'forbidden_scope');
    assertError(await c.member1[m]('/api/v1/compliance/rollup/export'), 403, 'forbidden');
  }
});
