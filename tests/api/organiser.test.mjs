// tests/api/organiser.test.mjs: the organiser (组织者, issue 16 "Organisers"). An organiser
// account organises ONE activity group, special committee or party of its committee: it lists
// only that body's members and their compliance, records activities for them (and is refused one
// for any other member, with nothing written), reminds them, and finds nothing else by id (404).
// The security administrator gives the role and the body; the body must exist in the account's
// committee, the role requires it and no other role takes one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, lvzhi, Client } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, listAll, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov, lanzhou, group, insiders, outsider, insider;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'secadmin', 'gansu', 'member1', 'zuzhi']) c[u] = await as(s, u);
  prov = await committeeId(c.gansu, '甘肃省政协');
  lanzhou = await committeeId(c.gansu, '兰州市政协');
  group = c.zuzhi.user.organiser_id;
  const all = await listAll(c.gansu, `/api/v1/members?committee_id=${prov}&status=active`);
  insiders = all.filter((m) => m.committee_id === prov && m.group_id === group).map((m) => m.id).sort((a, b) => a - b);
  const other = all.find((m) => m.committee_id === prov && m.group_id !== group);
  assert.ok(other, 'a provincial member of another group');
  outsider = other.id;
  insider = c.member1.user.member_id;
  assert.ok(insiders.length >= 2, `${insiders.length} members in the organiser's group`);
  assert.ok(insiders.includes(insider), "member1 is in the organiser's group");
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

let seq = 0;
const uniq = (p) => `${p}${++seq}`;
const activityBody = (extra = {}) => ({ title: uniq('界别活动组走访'), kind: 'visit', committee_id: prov,
  starts_at: '2026-05-10T09:00:00+08:00', status: 'done', people_reached: 6, ...extra });

/** A new account made by the security administrator; returns the response. */
const newUser = (body) => c.secadmin.post('/api/v1/users', { username: uniq('org-'), password: 'Secret-2026', committee_id: prov, ...body });

test('the demo organiser: its role, its body and its permissions', async () => {
  const u = c.zuzhi.user;
  assert.equal(u.role, 'organiser');
  assert.equal(u.role_label, '组织者');
  assert.equal(u.organiser_kind, 'group');
  assert.ok(u.organiser_id > 0);
  assert.match(u.organiser_name, /\S/);
  for (const p of ['member.read', 'contact.read', 'contact.self', 'contact.organise']) assert.ok(u.permissions.includes(p), p);
  for (const p of ['member.id_number', 'member.write', 'contact.write', 'stats.read', 'proposal.read', 'report.read', 'points.read', 'user.read'])
    assert.ok(!u.permissions.includes(p), `no ${p}`);
  const labels = (await c.zuzhi.get('/api/v1/labels')).json;
  assert.deepEqual(labels['user.organiser_kind'].map((l) => l.name), ['group', 'special_committee', 'party']);
  assert.equal(labels['user.role'].find((l) => l.name === 'organiser').zh, '组织者');
});

test('the organiser lists only its group\'s members, and finds no other by id', async () => {
  const mine = await listAll(c.zuzhi, '/api/v1/members?status=active');
  assert.deepEqual(mine.map((m) => m.id).sort((a, b) => a - b), insiders);
  const r = await c.zuzhi.get(`/api/v1/members?committee_id=${lanzhou}`);
  assertStatus(r, 200);
  assert.equal(r.json.total, 0, 'no member of a city committee is in its group');
  assertStatus(await c.zuzhi.get(`/api/v1/members/${insider}`), 200);
  for (const path of [`/api/v1/members/${outsider}`, `/api/v1/members/${outsider}/compliance`,
    `/api/v1/members/${outsider}/grassroots-units`])
    assertError(await c.zuzhi.get(path), 404, 'not_found');
  // the whole ID number is not its to see
  assertError(await c.zuzhi.post(`/api/v1/members/${insider}/id-number/reveal`), 403, 'forbidden');
  // the dashboard's figures count its members only
  const st = await c.zuzhi.get('/api/v1/stats/members');
  assertStatus(st, 200);
  assert.equal(st.json.total, insiders.length);
  // the committee's statistics are not its own
  assertError(await c.zuzhi.get('/api/v1/compliance/rollup'), 403, 'forbidden');
});

test('the organiser sees the compliance of its group\'s members only', async () => {
  const r = await c.zuzhi.get('/api/v1/compliance?year=2026&quarter=2&limit=500');
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((i) => i.member_id), insiders);
  assert.equal(r.json.total, insiders.length);
  // another group's filter finds none of them; the staff's list of the group is the same
  const other = await c.zuzhi.get(`/api/v1/compliance?year=2026&quarter=2&group_id=${group + 1}`);
  assertStatus(other, 200);
  assert.equal(other.json.total, 0);
  const staff = await c.gansu.get(`/api/v1/compliance?committee_id=${prov}&year=2026&quarter=2&group_id=${group}&limit=500`);
  assert.deepEqual(staff.json.items.filter((i) => i.committee_id === prov).map((i) => i.member_id), insiders);
});

test('the organiser records an activity for its members; one for another member is refused whole', async () => {
  const body = activityBody({ member_ids: [insider, insiders.find((m) => m !== insider)] });
  const r = await c.zuzhi.post('/api/v1/activities', body);
  assertStatus(r, 201, 'activity for its members');
  assert.equal(r.json.organiser_kind, 'group', 'organised by its group');
  assert.equal(r.json.organiser_id, group);
  assert.equal(r.json.participant_count, 2);
  const parts = await c.zuzhi.get(`/api/v1/activities/${r.json.id}/participants`);
  assert.deepEqual(parts.json.items.map((p) => p.member_id).sort((a, b) => a - b), [...body.member_ids].sort((a, b) => a - b));
  assert.equal(parts.json.people_shared, 6, 'the people reached are shared out');
  // the member's compliance counts it
  const comp = await c.zuzhi.get(`/api/v1/members/${insider}/compliance?year=2026&quarter=2`);
  assert.equal(comp.json.quarters[1], 1);

  // a member outside the group: 422 on member_ids, naming the rule, and nothing written
  const title = uniq('越界活动');
  const bad = await c.zuzhi.post('/api/v1/activities', activityBody({ title, member_ids: [insider, outsider] }));
  const e = assertError(bad, 422, 'invalid_field', 'member_ids');
  assert.match(e.message, new RegExp(`委员 ${outsider} 不是您组织的界别活动组`));
  const found = await c.gansu.get(`/api/v1/activities?q=${encodeURIComponent(title)}`);
  assert.equal(found.json.total, 0, 'no activity was written');
  // nor seated afterwards
  assertError(await c.zuzhi.post(`/api/v1/activities/${r.json.id}/participants`, { member_id: outsider }), 422, 'invalid_field', 'member_id');
  assert.equal((await c.zuzhi.get(`/api/v1/activities/${r.json.id}/participants`)).json.total, 2);
  // another organiser, another committee: refused
  assertError(await c.zuzhi.post('/api/v1/activities', activityBody({ organiser_kind: 'group', organiser_id: group + 1 })),
    422, 'invalid_field', 'organiser_kind');
  assertError(await c.zuzhi.post('/api/v1/activities', activityBody({ committee_id: lanzhou })), 422, 'invalid_field', 'committee_id');
  // a member records no one but itself
  assertError(await c.member1.post('/api/v1/activities', activityBody({ member_ids: [insiders.find((m) => m !== insider)] })),
    422, 'invalid_field', 'member_ids');
  // member_ids is for a new activity only
  assertError(await c.zuzhi.patch(`/api/v1/activities/${r.json.id}`, { member_ids: [insider] }), 422, 'invalid_field', 'member_ids');

  // it organises its own: attendance, removal, edits
  assertStatus(await c.zuzhi.patch(`/api/v1/activities/${r.json.id}/participants/${insider}`, { attendance: 'excused' }), 200);
  assertStatus(await c.zuzhi.patch(`/api/v1/activities/${r.json.id}`, { people_reached: 8 }), 200);
  const mine = await listAll(c.zuzhi, '/api/v1/activities');
  assert.ok(mine.some((a) => a.id === r.json.id));
});

test('the staff seat members at once too; the organiser reads but does not change others\' activities', async () => {
  // the secretariat's activity with a member of the group: visible, not the organiser's to change
  const withOne = await c.gansu.post('/api/v1/activities', activityBody({ member_ids: [insider] }));
  assertStatus(withOne, 201);
  assert.equal(withOne.json.participant_count, 1);
  assertStatus(await c.zuzhi.get(`/api/v1/activities/${withOne.json.id}`), 200);
  assertError(await c.zuzhi.patch(`/api/v1/activities/${withOne.json.id}`, { title: 'x' }), 403, 'forbidden');
  assertError(await c.zuzhi.patch(`/api/v1/activities/${withOne.json.id}/participants/${insider}`, { attendance: 'absent' }), 403, 'forbidden');
  assertError(await c.zuzhi.del(`/api/v1/activities/${withOne.json.id}`), 403, 'forbidden');
  // an activity of other members only: not found, not listed, not on the calendar
  const others = await c.gansu.post('/api/v1/activities', activityBody({ member_ids: [outsider] }));
  assertStatus(others, 201);
  for (const path of [`/api/v1/activities/${others.json.id}`, `/api/v1/activities/${others.json.id}/participants`,
    `/api/v1/activities/${others.json.id}/links`])
    assertError(await c.zuzhi.get(path), 404, 'not_found');
  assertError(await c.zuzhi.patch(`/api/v1/activities/${others.json.id}`, { title: 'x' }), 404, 'not_found');
  const listed = await listAll(c.zuzhi, '/api/v1/activities');
  assert.ok(!listed.some((a) => a.id === others.json.id), 'not in its list');
  assert.ok(listed.some((a) => a.id === withOne.json.id), 'the one with its member is');
  const cal = await c.zuzhi.get('/api/v1/activities/calendar?from=2026-05-01&to=2026-05-31');
  assertStatus(cal, 200);
  const ids = cal.json.items.map((i) => i.id);
  assert.ok(ids.includes(withOne.json.id) && !ids.includes(others.json.id), 'the calendar shows what it sees');
});

test('requests: the organiser\'s members\' only, recorded for its members only', async () => {
  const theirs = await c.gansu.post('/api/v1/requests', { title: uniq('诉求'), category: 'health', committee_id: prov, member_id: outsider });
  assertStatus(theirs, 201);
  assertError(await c.zuzhi.get(`/api/v1/requests/${theirs.json.id}`), 404, 'not_found');
  assertError(await c.zuzhi.post('/api/v1/requests', { title: uniq('诉求'), category: 'health', committee_id: prov, member_id: outsider }),
    422, 'invalid_field', 'member_id');
  const ours = await c.zuzhi.post('/api/v1/requests', { title: uniq('诉求'), category: 'housing', committee_id: prov, member_id: insider });
  assertStatus(ours, 201);
  const list = await listAll(c.zuzhi, '/api/v1/requests');
  assert.ok(list.some((r) => r.id === ours.json.id) && !list.some((r) => r.id === theirs.json.id));
  assert.ok(list.every((r) => insiders.includes(r.member_id) || r.created_by === c.zuzhi.user.id));
});

test('the organiser reminds the members of its group who fall short, and no one else', async () => {
  const short = (await listAll(c.zuzhi, '/api/v1/compliance?year=2026&quarter=2&short=1')).map((i) => i.member_id);
  assert.ok(short.length >= 1 && short.every((m) => insiders.includes(m)));
  const r = await c.zuzhi.post('/api/v1/compliance/reminders', { year: 2026, quarter: 2 });
  assertStatus(r, 202);
  const { job } = await waitJob(c.zuzhi, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.result.short, short.length, 'the short of its group');
  // member1 is in the group: reminded if short; a member account of another group is not
  const other = uniq('m-other-');
  assertStatus(await c.secadmin.post('/api/v1/users', { username: other, password: 'Secret-2026', role: 'member', committee_id: prov, member_id: outsider }), 201);
  const r2 = await c.zuzhi.post('/api/v1/compliance/reminders', { year: 2026, quarter: 2 });
  await waitJob(c.zuzhi, r2.json.job.id);
  const o = await new Client(s.url).login(other, 'Secret-2026');
  const notes = await o.get('/api/v1/notifications');
  assertStatus(notes, 200);
  assert.ok(!(notes.json.items || []).some((n) => n.kind === 'compliance_reminder'), 'the other group\'s member is not reminded');
});

test('the users API: the role requires its body, the body must be of the account\'s committee, other roles take none', async () => {
  assertError(await newUser({ role: 'organiser' }), 422, 'invalid_field', 'organiser_id');
  assertError(await newUser({ role: 'organiser', organiser_kind: 'group' }), 422, 'invalid_field', 'organiser_id');
  assertError(await newUser({ role: 'organiser', organiser_id: group }), 422, 'invalid_field', 'organiser_kind');
  assertError(await newUser({ role: 'organiser', organiser_kind: 'group', organiser_id: 999999 }), 422, 'invalid_field', 'organiser_id');
  assertError(await newUser({ role: 'organiser', organiser_kind: 'club', organiser_id: group }), 422, 'invalid_field', 'organiser_kind');
  // the province's group for an account of 兰州
  const e = assertError(await newUser({ role: 'organiser', committee_id: lanzhou, organiser_kind: 'group', organiser_id: group }),
    422, 'invalid_field', 'organiser_id');
  assert.match(e.message, /须属于该账号所属的政协/);
  assertError(await newUser({ role: 'secretariat', organiser_kind: 'group', organiser_id: group }), 422, 'invalid_field', 'organiser_kind');
  const before = await c.secadmin.get('/api/v1/users?role=organiser');

  // a special committee's organiser, and a party's
  const sc = (await c.gansu.get(`/api/v1/special-committees?committee_id=${prov}&limit=500`)).json.items.find((x) => x.committee_id === prov);
  const party = (await c.gansu.get('/api/v1/parties')).json.items[0];
  const a = await newUser({ role: 'organiser', organiser_kind: 'special_committee', organiser_id: sc.id });
  assertStatus(a, 201);
  assert.equal(a.json.organiser_kind, 'special_committee');
  assert.equal(a.json.organiser_id, sc.id);
  assert.equal(a.json.organiser_name, sc.name);
  const scOrg = await new Client(s.url).login(a.json.username, 'Secret-2026');
  const scMembers = await listAll(scOrg, '/api/v1/members');
  assert.ok(scMembers.length >= 1);
  assert.ok(scMembers.every((m) => m.special_committee_id === sc.id && m.committee_id === prov));
  const b = await newUser({ role: 'organiser', organiser_kind: 'party', organiser_id: party.id });
  assertStatus(b, 201);
  const partyOrg = await new Client(s.url).login(b.json.username, 'Secret-2026');
  const pm = await listAll(partyOrg, '/api/v1/members');
  assert.ok(pm.every((m) => m.party_id === party.id && m.committee_id === prov));
  // a party organises no activity: its own activities have no organiser
  if (pm.length) {
    const act = await partyOrg.post('/api/v1/activities', activityBody({ member_ids: [pm[0].id] }));
    assertStatus(act, 201);
    assert.equal(act.json.organiser_kind, null);
    assertStatus(await partyOrg.get(`/api/v1/activities/${act.json.id}`), 200);
  }
  const after = await c.secadmin.get('/api/v1/users?role=organiser');
  assert.equal(after.json.total, before.json.total + 2);

  // the body changes by its id; another role drops it
  const other = (await c.gansu.get(`/api/v1/special-committees?committee_id=${prov}&limit=500`)).json.items.find((x) => x.committee_id === prov && x.id !== sc.id);
  const moved = await c.secadmin.patch(`/api/v1/users/${a.json.id}`, { organiser_id: other.id });
  assertStatus(moved, 200);
  assert.equal(moved.json.organiser_id, other.id);
  assertError(await c.secadmin.patch(`/api/v1/users/${a.json.id}`, { organiser_kind: null, organiser_id: null }), 422, 'invalid_field', 'organiser_id');
  const changed = await c.secadmin.patch(`/api/v1/users/${a.json.id}`, { role: 'viewer' });
  assertStatus(changed, 200);
  assert.equal(changed.json.organiser_kind, null);
  assert.equal(changed.json.organiser_id, null);
  // back to organiser without a body: refused
  assertError(await c.secadmin.patch(`/api/v1/users/${a.json.id}`, { role: 'organiser' }), 422, 'invalid_field', 'organiser_id');

  // a group an account organises cannot be deleted under it
  const g = await c.admin.post('/api/v1/groups', { name: uniq('新活动组'), committee_id: prov, lead_kind: 'federation' });
  assertStatus(g, 201);
  assertStatus(await newUser({ role: 'organiser', organiser_kind: 'group', organiser_id: g.json.id }), 201);
  assertError(await c.admin.del(`/api/v1/groups/${g.json.id}`), 409);
});

test('lvzhi user add --organises: the body is checked as through the API', async () => {
  const run = (args) => {
    try {
      return { code: 0, out: lvzhi(['user', 'add', ...args, '--db', s.db, '--password-stdin'], { input: 'Secret-2026\n' }) };
    } catch (e) {
      return { code: e.status, out: String(e.stderr) };
    }
  };
  let r = run([uniq('cli-org-'), '--role', 'organiser', '--committee', String(prov)]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /组织者账号须指定/);
  r = run([uniq('cli-org-'), '--role', 'organiser', '--committee', String(prov), '--organises', 'club:3']);
  assert.equal(r.code, 2, r.out);
  r = run([uniq('cli-org-'), '--role', 'organiser', '--committee', String(lanzhou), '--organises', `group:${group}`]);
  assert.equal(r.code, 1, r.out);
  const name = uniq('cli-org-');
  r = run([name, '--role', 'organiser', '--committee', String(prov), '--organises', `group:${group}`]);
  assert.equal(r.code, 0, r.out);
  const u = await new Client(s.url).login(name, 'Secret-2026');
  assert.equal(u.user.organiser_kind, 'group');
  assert.equal(u.user.organiser_id, group);
});
