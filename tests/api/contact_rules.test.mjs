// tests/api/contact_rules.test.mjs: the contact rules as offices read them (issue 16), each
// test stating its rule: the quarter is judged by its own minimum and the year's 40 at the
// year's end, with a pro-rated hint, and only those behind are reminded; people reached are
// shared among the participants so that the members' figures add up to the roll-up; an
// activity's outcome is shown from both sides to those who may see it, with titles; members
// with no grassroots unit are listed; a unit may be of the kind 其他 with its name; duty at a
// reception day counts as an activity; studios are certified against 六有 and workstations
// against their own checklist, a setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, sql, Client } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, listAll, waitJob } from './lib/util.mjs';

let s;
const c = {};
const cid = {};
let cg; // members of 城关区, in id order

before(async () => {
  s = await startServer({ contact: false }); // no demo contact data: every figure here is the test's own
  for (const u of ['admin', 'auditor', 'secadmin', 'gansu', 'lanzhou', 'chengguan', 'qilihe', 'viewer', 'member1']) c[u] = await as(s, u);
  for (const [k, name] of [['province', '甘肃省政协'], ['lanzhou', '兰州市政协'], ['chengguan', '城关区政协'], ['qilihe', '七里河区政协']])
    cid[k] = await committeeId(c.admin, name);
  cg = (await listAll(c.admin, `/api/v1/members?committee_id=${cid.chengguan}&status=active`)).map((m) => m.id).sort((a, b) => a - b);
  assert.ok(cg.length >= 10, `${cg.length} active members in 城关区`);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

let seq = 0;
const uniq = (p) => `${p}${++seq}`;
const put = (cl, path, body) => cl.request('PUT', path, { body });

async function activity(cl, body) {
  const r = await cl.post('/api/v1/activities', { title: uniq('走访'), kind: 'visit', committee_id: cid.chengguan,
    starts_at: '2026-05-10T09:00:00+08:00', status: 'done', ...body });
  assertStatus(r, 201, 'activity');
  return r.json;
}

async function join(cl, id, member, attendance = 'present') {
  assertStatus(await cl.post(`/api/v1/activities/${id}/participants`, { member_id: member, attendance }), 201, 'participant');
}

/** A member account for member id (of committee), logged in. */
async function account(member, committee) {
  const username = uniq('m16-');
  assertStatus(await c.secadmin.post('/api/v1/users', { username, password: 'Secret-2026', role: 'member', committee_id: committee, member_id: member }), 201, 'user');
  return new Client(s.url).login(username, 'Secret-2026');
}

const compliance = async (m, year, quarter) => {
  const r = await c.chengguan.get(`/api/v1/members/${m}/compliance?year=${year}&quarter=${quarter}`);
  assertStatus(r, 200);
  return r.json;
};

// ---- the quarter by its own rule, the year's 40 at its end --------------------------------------

test('the quarter is judged by its own minimum, the year by 40 people at its end; mid-year a pro-rated hint, and on_track', async () => {
  const [onTrack, behind, quarterShort] = [cg[0], cg[1], cg[2]];
  // on track in Q2: one activity, 25 people (the pro-rated 20 by 30 June), the year's 40 not yet reached
  await join(c.chengguan, (await activity(c.chengguan, { people_reached: 25 })).id, onTrack);
  // behind: one activity in Q2 but 5 people
  await join(c.chengguan, (await activity(c.chengguan, { people_reached: 5 })).id, behind);
  // the year's 40 reached in Q1, but nothing in Q2
  await join(c.chengguan, (await activity(c.chengguan, { people_reached: 50, starts_at: '2026-02-10T09:00:00+08:00' })).id, quarterShort);

  const a = await compliance(onTrack, 2026, 2);
  assert.equal(a.quarter_met, true);
  assert.equal(a.people_reached, 25);
  assert.equal(a.year_met, false, 'the year is judged by 40 at its end: 25 is not the 40');
  assert.equal(a.people_short, 15, 'the way left to the 40');
  assert.equal(a.year_expected, 20, 'pro-rated: 40 × 2 / 4 by the end of the second quarter');
  assert.equal(a.year_behind, false);
  assert.equal(a.on_track, true, 'a member with its quarter done and ahead of the pace is on track');
  assert.equal('met' in a, false, 'no verdict that judges the year every quarter');

  const b = await compliance(behind, 2026, 2);
  assert.equal(b.quarter_met, true);
  assert.equal(b.year_behind, true, '5 of the pro-rated 20');
  assert.equal(b.on_track, false);

  const q = await compliance(quarterShort, 2026, 2);
  assert.equal(q.quarter_met, false, 'the quarter by its own rule: nothing in Q2');
  assert.equal(q.activities_short, 1);
  assert.equal(q.year_met, true);
  assert.equal(q.year_behind, false);
  assert.equal(q.on_track, false);

  // the expectation by each quarter's end: 10, 20, 30, 40; in the fourth quarter the whole 40
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map(async (k) => (await compliance(onTrack, 2026, k)).year_expected)), [10, 20, 30, 40]);
  const q3 = await compliance(onTrack, 2026, 3);
  assert.equal(q3.year_behind, true, '25 of the pro-rated 30');
  // a minimum of 30: ceil(30 × k / 4) = 8, 15, 23, 30
  assertStatus(await put(c.chengguan, `/api/v1/committees/${cid.chengguan}/settings`, { year_min_people: 30 }), 200);
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map(async (k) => (await compliance(onTrack, 2026, k)).year_expected)), [8, 15, 23, 30]);
  assertStatus(await put(c.chengguan, `/api/v1/committees/${cid.chengguan}/settings`, { year_min_people: null }), 200);

  // ?short=1 lists exactly those not on track
  const all = await listAll(c.chengguan, `/api/v1/compliance?committee_id=${cid.chengguan}&year=2026&quarter=2`);
  const short = await listAll(c.chengguan, `/api/v1/compliance?committee_id=${cid.chengguan}&year=2026&quarter=2&short=1`, 3);
  assert.deepEqual(short.map((i) => i.member_id), all.filter((i) => !i.on_track).map((i) => i.member_id));
  assert.ok(!short.some((i) => i.member_id === onTrack));
  assert.ok(short.some((i) => i.member_id === behind) && short.some((i) => i.member_id === quarterShort));
  for (const i of all) assert.equal(i.on_track, i.quarter_met && i.people_reached >= i.year_expected);

  // the year ended: a past year says so
  const past = await c.chengguan.get(`/api/v1/compliance?committee_id=${cid.chengguan}&year=2001&quarter=4&limit=1`);
  assert.equal(past.json.year_ended, true);
  const cstYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const current = await c.chengguan.get(`/api/v1/compliance?committee_id=${cid.chengguan}&year=${cstYear}&limit=1`);
  assert.equal(current.json.year_ended, false);
});

test('the reminder goes only to those not on track, and says which falls short', async () => {
  const [ahead, behind, noActivity] = [cg[3], cg[4], cg[5]];
  await join(c.chengguan, (await activity(c.chengguan, { people_reached: 40, starts_at: '2025-05-06T09:00:00+08:00' })).id, ahead);
  await join(c.chengguan, (await activity(c.chengguan, { people_reached: 3, starts_at: '2025-05-07T09:00:00+08:00' })).id, behind);
  const acc = { ahead: await account(ahead, cid.chengguan), behind: await account(behind, cid.chengguan), none: await account(noActivity, cid.chengguan) };
  const r = await c.chengguan.post('/api/v1/compliance/reminders', { committee_id: cid.chengguan, year: 2025, quarter: 2 });
  assertStatus(r, 202);
  const { job } = await waitJob(c.chengguan, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const notOnTrack = await listAll(c.chengguan, `/api/v1/compliance?committee_id=${cid.chengguan}&year=2025&quarter=2&short=1`);
  assert.equal(job.result.short, notOnTrack.length, 'every member not on track, no other');
  assert.ok(!notOnTrack.some((i) => i.member_id === ahead));
  const reminders = async (cl) => (await cl.get('/api/v1/notifications')).json.items.filter((i) => i.kind === 'compliance_reminder');
  assert.deepEqual(await reminders(acc.ahead), [], 'on track: its quarter done, its 40 ahead of pace — not reminded');
  const [b] = await reminders(acc.behind);
  assert.ok(b, 'behind the pace: reminded');
  assert.equal(b.title, '履职提醒：联系群众进度落后');
  assert.match(b.body, /2025年您已联系群众 3 人次，按全年不少于 40 人次的进度，到2025-06-30应达 20 人次/);
  assert.doesNotMatch(b.body, /参加履职活动/, 'its quarter is done: not told that it is not');
  const [n] = await reminders(acc.none);
  assert.equal(n.title, '履职提醒：本季度履职要求尚未完成');
  assert.match(n.body, /2025年第2季度（截至2025-06-30）您参加履职活动 0 次，每季度要求至少 1 次/);
  assert.match(n.body, /到2025-06-30应达 20 人次/);
});

// ---- people reached per participant --------------------------------------------------------------

test('people reached are shared among the present participants (remainder to the first by member id), editable, adding up to the activity and the roll-up', async () => {
  const [m1, m2, m3, m4] = [cg[6], cg[7], cg[8], cg[9]];
  const at = '2024-08-12T09:00:00+08:00'; // 2024 Q3 holds only this test's activities
  const a = await activity(c.chengguan, { people_reached: 61, starts_at: at });
  const base = `/api/v1/activities/${a.id}/participants`;
  for (const m of [m3, m1, m2]) await join(c.chengguan, a.id, m);
  await join(c.chengguan, a.id, m4, 'excused');
  const shares = async () => Object.fromEntries((await c.chengguan.get(base)).json.items.map((p) => [p.member_id, [p.people_reached, p.people_set]]));
  // 61 over three: 20 each and the one left to the first member by id; the excused one holds none
  assert.deepEqual(await shares(), { [m1]: [21, false], [m2]: [20, false], [m3]: [20, false], [m4]: [0, false] });
  const list = (await c.chengguan.get(base)).json;
  assert.equal(list.people_reached, 61);
  assert.equal(list.people_shared, 61);

  // a share by hand: the others share the rest
  assertStatus(await c.chengguan.patch(`${base}/${m2}`, { people_reached: 31 }), 200);
  assert.deepEqual(await shares(), { [m1]: [15, false], [m2]: [31, true], [m3]: [15, false], [m4]: [0, false] });
  // more than the activity reached, or a share for one not present: refused, nothing changed
  const over = assertError(await c.chengguan.patch(`${base}/${m1}`, { people_reached: 31 }), 422, 'invalid_field', 'people_reached');
  assert.match(over.message, /61/);
  assertError(await c.chengguan.patch(`${base}/${m4}`, { people_reached: 5 }), 422, 'invalid_field', 'people_reached');
  assertError(await c.chengguan.patch(`${base}/${m1}`, { people_reached: -1 }), 422, 'invalid_field', 'people_reached');
  assertError(await c.chengguan.patch(`${base}/${m1}`, { people_reached: 'x' }), 422, 'invalid_field', 'people_reached');
  assertError(await c.chengguan.patch(`${base}/${m1}`, {}), 422, 'invalid_field');
  assertError(await c.chengguan.patch(`${base}/${m1}`, { people: 3 }), 422, 'invalid_field', 'people');
  assert.deepEqual(await shares(), { [m1]: [15, false], [m2]: [31, true], [m3]: [15, false], [m4]: [0, false] });
  // every share by hand must add up to the figure
  assertStatus(await c.chengguan.patch(`${base}/${m1}`, { people_reached: 20 }), 200);
  const sum = assertError(await c.chengguan.patch(`${base}/${m3}`, { people_reached: 5 }), 422, 'invalid_field', 'people_reached');
  assert.match(sum.message, /应等于活动的 61 人次/);
  assertStatus(await c.chengguan.patch(`${base}/${m3}`, { people_reached: 10 }), 200);
  assert.deepEqual(await shares(), { [m1]: [20, true], [m2]: [31, true], [m3]: [10, true], [m4]: [0, false] });
  // null shares it out again
  assertStatus(await c.chengguan.patch(`${base}/${m3}`, { people_reached: null }), 200);
  assert.deepEqual((await shares())[m3], [10, false]);
  // one by hand leaves: the rest is shared among those present
  assertStatus(await c.chengguan.patch(`${base}/${m2}`, { attendance: 'absent' }), 200);
  assert.deepEqual(await shares(), { [m1]: [20, true], [m2]: [0, false], [m3]: [41, false], [m4]: [0, false] });
  // the activity's figure changes so that the shares by hand no longer fit: shared out again
  assertStatus(await c.chengguan.patch(`/api/v1/activities/${a.id}`, { people_reached: 11 }), 200);
  assert.deepEqual(await shares(), { [m1]: [6, false], [m2]: [0, false], [m3]: [5, false], [m4]: [0, false] });
  assertStatus(await c.chengguan.patch(`/api/v1/activities/${a.id}`, { people_reached: 60 }), 200);
  assertStatus(await c.chengguan.patch(`${base}/${m2}`, { attendance: 'present' }), 200);
  assert.deepEqual(await shares(), { [m1]: [20, false], [m2]: [20, false], [m3]: [20, false], [m4]: [0, false] });
  // the audit has the share
  assertStatus(await c.chengguan.patch(`${base}/${m3}`, { people_reached: 25 }), 200);
  const audit = (await c.auditor.get(`/api/v1/audit?entity=activity&entity_id=${a.id}&limit=100`)).json.items;
  const e = audit.find((x) => x.action === 'set_people_reached');
  assert.ok(e, audit.map((x) => x.action).join());
  assert.equal(e.after.people_reached, 25);
  assert.equal(e.after.people_set, true);
  // refusals: another county, a viewer, a member account
  assertError(await c.qilihe.patch(`${base}/${m1}`, { people_reached: 1 }), 404, 'not_found');
  assertError(await c.viewer.patch(`${base}/${m1}`, { people_reached: 1 }), 403, 'forbidden');

  // three members visiting 60 people: 60 in the members' figures, as in the roll-up
  const b = await activity(c.chengguan, { people_reached: 60, starts_at: '2024-08-20T09:00:00+08:00' });
  for (const m of [m1, m2, m3]) await join(c.chengguan, b.id, m);
  const roll = (await c.chengguan.get(`/api/v1/compliance/rollup?committee_id=${cid.chengguan}&year=2024&quarter=3`)).json.rows[0];
  const members = await listAll(c.chengguan, `/api/v1/compliance?committee_id=${cid.chengguan}&year=2024&quarter=3`);
  const theirs = members.reduce((t, i) => t + i.people_reached, 0);
  assert.equal(roll.people_reached, 120, 'the roll-up counts each activity once');
  assert.equal(theirs, roll.people_reached, 'the members\' figures add up to the roll-up');
  assert.equal(members.find((i) => i.member_id === m3).people_reached, 45);
  // the duty file lists the member's share
  const file = await c.chengguan.get(`/api/v1/members/${m3}/duty-file?from=2024&to=2024`);
  assertStatus(file, 200);
  assert.deepEqual(file.json.activities.filter((x) => x.id === a.id || x.id === b.id).map((x) => x.people_reached).sort(), [20, 25]);
});

test('duty at a reception day counts as an activity for the member on duty, with its share of the visitors', async () => {
  const [d1, d2] = [cg[0], cg[1]]; // 2023 holds nothing else of theirs
  const stn = (await c.chengguan.post('/api/v1/stations', { name: uniq('接待工作站'), kind: 'station', committee_id: cid.chengguan })).json;
  const base = `/api/v1/stations/${stn.id}/reception-days`;
  const day = await c.chengguan.post(base, { date: '2023-05-15', topic: '医保', member_ids: [d2, d1], visitors: 23 });
  assertStatus(day, 201);
  assert.deepEqual(day.json.members.map((m) => [m.id, m.people_reached]), [[d1, 12], [d2, 11]]);
  const one = await compliance(d1, 2023, 2);
  assert.deepEqual(one.quarters, [0, 1, 0, 0], 'the day on duty is the quarter\'s activity');
  assert.equal(one.quarter_met, true);
  assert.equal(one.people_reached, 12);
  const roll = (await c.chengguan.get(`/api/v1/compliance/rollup?committee_id=${cid.chengguan}&year=2023&quarter=2`)).json.rows[0];
  assert.equal(roll.people_reached, 23, 'the visitors are people reached');
  assert.equal(roll.members_active, 2);
  assert.equal(roll.members_met, 2);
  // the log changes: the shares follow
  const log = await c.chengguan.patch(`${base}/${day.json.id}`, { visitors: 7 });
  assert.deepEqual(log.json.members.map((m) => m.people_reached), [4, 3]);
  assert.equal((await compliance(d2, 2023, 2)).people_reached, 3);
  // a day not yet come counts nothing
  const next = new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10);
  const year = Number(next.slice(0, 4)), quarter = Math.floor((Number(next.slice(5, 7)) - 1) / 3) + 1;
  const before = await compliance(d1, year, quarter);
  assertStatus(await c.chengguan.post(base, { date: next, member_ids: [d1] }), 201);
  assert.deepEqual((await compliance(d1, year, quarter)).quarters, before.quarters);
});

// ---- outcome links from both sides -----------------------------------------------------------------

test('an outcome names the activities it came from, to those who may see them; links show titles', async () => {
  const m1 = c.member1.user.member_id;
  const own = (await c.member1.get('/api/v1/proposals?limit=50')).json.items;
  assert.ok(own.length > 0, 'member1 reads some proposals');
  const proposal = own[0];
  const act = await activity(c.gansu, { committee_id: cid.province, title: '走访兰州新区企业', starts_at: '2026-03-03T09:00:00+08:00' });
  const link = await c.gansu.post(`/api/v1/activities/${act.id}/links`, { kind: 'proposal', target_id: proposal.id, note: '形成提案' });
  assertStatus(link, 201);
  assert.equal(link.json.title, proposal.title, 'the link shows the title, not only an id');
  const links = (await c.gansu.get(`/api/v1/activities/${act.id}/links`)).json.items;
  assert.equal(links[0].title, proposal.title);
  assert.equal(links[0].kind_label, '提案');
  // the proposal names the activity
  const detail = (await c.gansu.get(`/api/v1/proposals/${proposal.id}`)).json;
  assert.deepEqual(detail.linked_from.map((x) => [x.kind, x.id, x.title, x.note]), [['activity', act.id, '走访兰州新区企业', '形成提案']]);
  assert.equal(detail.linked_from[0].at, '2026-03-03T09:00:00+08:00');
  // member1 reads the proposal but not an activity it had no part in: not named to it
  assert.deepEqual((await c.member1.get(`/api/v1/proposals/${proposal.id}`)).json.linked_from, []);
  await join(c.gansu, act.id, m1);
  assert.deepEqual((await c.member1.get(`/api/v1/proposals/${proposal.id}`)).json.linked_from.map((x) => x.id), [act.id]);

  // a city proposal linked from a provincial activity: the city's staff read the proposal, not the activity
  const cityProposal = (await c.lanzhou.get(`/api/v1/proposals?committee_id=${cid.lanzhou}&limit=1`)).json.items[0];
  assertStatus(await c.gansu.post(`/api/v1/activities/${act.id}/links`, { kind: 'proposal', target_id: cityProposal.id }), 201);
  assert.deepEqual((await c.gansu.get(`/api/v1/proposals/${cityProposal.id}`)).json.linked_from.map((x) => x.id), [act.id]);
  assert.deepEqual((await c.lanzhou.get(`/api/v1/proposals/${cityProposal.id}`)).json.linked_from, []);

  // a report names it too
  const report = (await c.member1.get('/api/v1/reports?mine=1&limit=1')).json.items[0]
    ?? (await c.gansu.get(`/api/v1/reports?committee_id=${cid.province}&limit=1`)).json.items[0];
  assert.ok(report, 'a report to link');
  assertStatus(await c.gansu.post(`/api/v1/activities/${act.id}/links`, { kind: 'report', target_id: report.id }), 201);
  const rd = (await c.gansu.get(`/api/v1/reports/${report.id}`)).json;
  assert.deepEqual(rd.linked_from.map((x) => [x.kind, x.id, x.activity_kind]), [['activity', act.id, 'visit']]);

  // a reader who may not read the target sees no title: a county's staff on a county activity linked to the city's proposal
  const county = await activity(c.lanzhou, { title: uniq('城关调研') });
  assertStatus(await c.lanzhou.post(`/api/v1/activities/${county.id}/links`, { kind: 'proposal', target_id: cityProposal.id }), 201);
  const seen = (await c.chengguan.get(`/api/v1/activities/${county.id}/links`)).json.items;
  assert.equal(seen[0].title, null);
  assert.equal(seen[0].target_id, cityProposal.id);
  // removing the link removes it from the proposal's side
  const cl = (await c.lanzhou.get(`/api/v1/activities/${county.id}/links`)).json.items[0];
  assert.equal(cl.title, cityProposal.title);
  assert.deepEqual((await c.lanzhou.get(`/api/v1/proposals/${cityProposal.id}`)).json.linked_from.map((x) => x.id), [county.id]);
  assert.equal((await c.lanzhou.del(`/api/v1/activities/${county.id}/links/${cl.id}`)).status, 204);
  assert.deepEqual((await c.lanzhou.get(`/api/v1/proposals/${cityProposal.id}`)).json.linked_from, []);
});

// ---- grassroots units ------------------------------------------------------------------------------

test('members linked to no grassroots unit are listed (the rule is 1–3); linking one takes a member off the list', async () => {
  const list = async () => listAll(c.chengguan, `/api/v1/compliance?committee_id=${cid.chengguan}&no_units=1`, 7);
  const none = await list();
  const want = Number(sql(s.db, `SELECT COUNT(*) FROM members m WHERE m.committee_id = ${cid.chengguan} AND m.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM member_grassroots_units g WHERE g.member_id = m.id)`));
  assert.equal(none.length, want);
  assert.ok(none.length > 0);
  assert.ok(none.every((i) => i.units === 0));
  const page = await c.chengguan.get(`/api/v1/compliance?committee_id=${cid.chengguan}&no_units=1&limit=1`);
  assert.equal(page.json.total, want);
  assert.equal(page.json.no_units, true);
  const m = none[0].member_id;
  const u = await c.chengguan.post('/api/v1/grassroots-units', { name: uniq('东岗村'), kind: 'village', committee_id: cid.chengguan });
  assertStatus(await c.chengguan.post(`/api/v1/members/${m}/grassroots-units`, { unit_id: u.json.id }), 201);
  const after = await list();
  assert.equal(after.length, want - 1);
  assert.ok(!after.some((i) => i.member_id === m));
  assert.equal((await compliance(m, 2026, 1)).units, 1);
  assertError(await c.chengguan.get('/api/v1/compliance?no_units=maybe'), 422, 'invalid_field', 'no_units');
});

test('a grassroots unit of the kind 其他 names its kind; the listed kinds have no such name', async () => {
  const cgc = c.chengguan;
  const r = await cgc.post('/api/v1/grassroots-units', { name: uniq('雁滩社工站'), kind: 'other', kind_name: '社会组织', committee_id: cid.chengguan });
  assertStatus(r, 201);
  assert.equal(r.json.kind, 'other');
  assert.equal(r.json.kind_name, '社会组织');
  assert.equal(r.json.kind_label, '社会组织');
  assertError(await cgc.post('/api/v1/grassroots-units', { name: uniq('无名'), kind: 'other', committee_id: cid.chengguan }), 422, 'invalid_field', 'kind_name');
  assertError(await cgc.post('/api/v1/grassroots-units', { name: uniq('无名'), kind: 'other', kind_name: '', committee_id: cid.chengguan }), 422, 'invalid_field', 'kind_name');
  assertError(await cgc.post('/api/v1/grassroots-units', { name: uniq('村'), kind: 'village', kind_name: '社会组织', committee_id: cid.chengguan }), 422, 'invalid_field', 'kind_name');
  // changing the kind: the name goes with it, unless one is given
  assertError(await cgc.patch(`/api/v1/grassroots-units/${r.json.id}`, { kind: 'community', kind_name: '社会组织' }), 422, 'invalid_field', 'kind_name');
  assertError(await cgc.patch(`/api/v1/grassroots-units/${r.json.id}`, { kind_name: '' }), 422, 'invalid_field', 'kind_name');
  const ch = await cgc.patch(`/api/v1/grassroots-units/${r.json.id}`, { kind: 'community' });
  assertStatus(ch, 200);
  assert.equal(ch.json.kind_name, '');
  assert.equal(ch.json.kind_label, '社区');
  const back = await cgc.patch(`/api/v1/grassroots-units/${r.json.id}`, { kind: 'other', kind_name: '宗教活动场所' });
  assertStatus(back, 200);
  assert.equal(back.json.kind_label, '宗教活动场所');
  const audit = (await c.auditor.get(`/api/v1/audit?entity=grassroots_unit&entity_id=${r.json.id}&limit=10`)).json.items;
  assert.ok(audit.some((x) => x.action === 'update' && x.before?.kind_name === '社会组织' && x.after?.kind_name === ''));
  assert.ok((await cgc.get('/api/v1/labels')).json['grassroots_unit.kind'].some((x) => x.name === 'other' && x.zh === '其他'));
  const others = (await cgc.get('/api/v1/grassroots-units?kind=other')).json.items;
  assert.ok(others.every((x) => x.kind === 'other'));
});

// ---- checklists -----------------------------------------------------------------------------------

test('studios are certified against 六有; workstations against their own checklist, a committee setting', async () => {
  const cgc = c.chengguan;
  const up = await cgc.post('/api/v1/files', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]),
    { headers: { 'x-filename': encodeURIComponent('证明.jpg'), 'content-type': 'image/jpeg' } });
  assertStatus(up, 201);
  const file = up.json.id;
  const studio = (await cgc.post('/api/v1/stations', { name: uniq('委员工作室'), kind: 'studio', committee_id: cid.chengguan })).json;
  const station = (await cgc.post('/api/v1/stations', { name: uniq('委员工作站'), kind: 'station', committee_id: cid.chengguan })).json;
  const sc = (await cgc.get(`/api/v1/stations/${studio.id}/checklist`)).json;
  assert.equal(sc.standard, 'liuyou');
  assert.deepEqual(sc.items.map((x) => x.item), ['site', 'signage', 'rules', 'specialty', 'archive', 'results']);
  const wc = (await cgc.get(`/api/v1/stations/${station.id}/checklist`)).json;
  assert.equal(wc.standard, 'station');
  assert.deepEqual(wc.items.map((x) => x.item), ['site', 'signage', 'rules', 'archive', 'staff', 'activities']);
  assert.deepEqual(wc.items.map((x) => x.label), ['场地', '标识', '制度', '档案', '人员', '活动']);
  // an item of the other checklist is refused
  assertError(await put(cgc, `/api/v1/stations/${studio.id}/checklist/staff`, { file_ids: [file] }), 422, 'invalid_field', 'item');
  const wrong = assertError(await put(cgc, `/api/v1/stations/${station.id}/checklist/results`, { file_ids: [file] }), 422, 'invalid_field', 'item');
  assert.match(wrong.message, /staff（人员）/);
  // a workstation is certified when its own items have evidence
  for (const item of ['site', 'signage', 'rules', 'archive', 'staff'])
    assertStatus(await put(cgc, `/api/v1/stations/${station.id}/checklist/${item}`, { file_ids: [file] }), 200);
  const inc = assertError(await cgc.post(`/api/v1/stations/${station.id}/certify`), 409, 'checklist_incomplete');
  assert.deepEqual(inc.errors.map((x) => x.field), ['activities']);
  assert.match(inc.message, /认定清单材料不全.*活动/);
  assertStatus(await put(cgc, `/api/v1/stations/${station.id}/checklist/activities`, { file_ids: [file] }), 200);
  assert.equal((await cgc.post(`/api/v1/stations/${station.id}/certify`)).json.cert_status, 'certified');
  // the committee sets the workstations' checklist: 场地、标识、制度 (bits 0, 1, 2)
  const set = await put(cgc, `/api/v1/committees/${cid.chengguan}/settings`, { station_checklist: 7 });
  assertStatus(set, 200);
  const other = (await cgc.post('/api/v1/stations', { name: uniq('委员工作站'), kind: 'station', committee_id: cid.chengguan })).json;
  assert.deepEqual((await cgc.get(`/api/v1/stations/${other.id}/checklist`)).json.items.map((x) => x.item), ['site', 'signage', 'rules']);
  for (const item of ['site', 'signage', 'rules'])
    assertStatus(await put(cgc, `/api/v1/stations/${other.id}/checklist/${item}`, { file_ids: [file] }), 200);
  assertStatus(await cgc.post(`/api/v1/stations/${other.id}/certify`), 200);
  // the studios keep 六有 whatever the setting
  assert.equal((await cgc.get(`/api/v1/stations/${studio.id}/checklist`)).json.items.length, 6);
  const st = assertError(await cgc.post(`/api/v1/stations/${studio.id}/certify`), 409, 'checklist_incomplete');
  assert.match(st.message, /“六有”材料不全/);
  for (const bad of [0, 256, 'all'])
    assertError(await put(cgc, `/api/v1/committees/${cid.chengguan}/settings`, { station_checklist: bad }), 422, 'invalid_field', 'station_checklist');
  assertStatus(await put(cgc, `/api/v1/committees/${cid.chengguan}/settings`, { station_checklist: null }), 200);
  assert.ok((await cgc.get('/api/v1/labels')).json['station.checklist_item'].some((x) => x.name === 'staff' && x.zh === '人员'));
});
