// tests/api/meetings.test.mjs: the meeting record (issue 19) over HTTP — created in draft by the
// provincial secretariat (gansu), its invitees added by committee, by standing members and by a
// list, the notice sent to every invitee (a notification that opens the meeting), replies, the
// steps notified → in session → closed → archived with the state checked under the lock (the
// same step twice at once has one effect), who sees what (a member not invited and another
// committee's staff get 404, a draft is hidden from its invitees), bad input refused with
// nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'lanzhou', 'member1', 'member2', 'viewer']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const base = (extra = {}) => ({
  committee_id: prov, kind: 'standing', title: '省政协常委会第五次会议', term: 13, session_no: 3,
  venue: '省政协会议中心', starts_at: '2026-12-20T09:00:00+08:00', ends_at: '2026-12-20T17:30:00+08:00', ...extra,
});

async function create(extra) {
  const r = await c.gansu.post('/api/v1/meetings', base(extra));
  assertStatus(r, 201, 'create');
  return r.json;
}

test('a meeting is created in draft with its labels; bad input is refused and nothing is written', async () => {
  const m = await create();
  assert.equal(m.status, 'draft');
  assert.equal(m.status_label, '筹备中');
  assert.equal(m.kind_label, '常委会议');
  assert.equal(m.term_label, '第十三届');
  assert.equal(m.session_label, '十三届三次会议');
  assert.equal(m.committee_name, '甘肃省政协');
  assert.deepEqual(m.actions, ['notify']);
  const before = (await c.gansu.get(`/api/v1/meetings?committee_id=${prov}&limit=1`)).json.total;
  assertError(await c.gansu.post('/api/v1/meetings', base({ kind: 'party' })), 422, 'invalid_field', 'kind');
  assertError(await c.gansu.post('/api/v1/meetings', base({ ends_at: '2026-12-20T08:00:00+08:00' })), 422,
    'invalid_field', 'ends_at');
  assertError(await c.gansu.post('/api/v1/meetings', base({ title: '' })), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post('/api/v1/meetings', base({ colour: 'red' })), 422, 'invalid_field');
  // a member and a viewer do not plan meetings; a city's office not for the province
  assertError(await c.member1.post('/api/v1/meetings', base()), 403);
  assertError(await c.viewer.post('/api/v1/meetings', base()), 403);
  assertError(await c.lanzhou.post('/api/v1/meetings', base()), 403, 'forbidden_scope');
  assert.equal((await c.gansu.get(`/api/v1/meetings?committee_id=${prov}&limit=1`)).json.total, before);
  // a notice with nobody to send it to
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 422, 'invalid_field', 'invitees');
  assert.equal((await c.gansu.get(`/api/v1/meetings/${m.id}`)).json.status, 'draft');
});

test('invitees by committee, standing members and a list; the notice reaches each; replies', async () => {
  const m = await create({ kind: 'plenary', title: '省政协全体会议' });
  // the standing members of the province
  let r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { standing: true });
  assertStatus(r, 200, 'invite standing');
  const standing = r.json.added;
  assert.ok(standing > 0, 'the demo has standing members');
  // then every member: the standing ones are not added twice
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, {});
  assertError(r, 422, 'invalid_field', 'member_ids');
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { committee_id: prov });
  assertStatus(r, 200, 'invite all');
  const members = (await c.admin.get(`/api/v1/members?committee_id=${prov}&status=active&limit=1`)).json;
  assert.equal(r.json.total, standing + r.json.added);
  // the total is every active provincial member (members of the committee itself, not below)
  const list = await c.gansu.get(`/api/v1/meetings/${m.id}/invitees?role=member&limit=1`);
  assertStatus(list, 200, 'invitees');
  assert.equal(list.json.total, r.json.total);
  assert.ok(list.json.total <= members.total);
  // an account by name as a non-voting attendee; as a member it is refused
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { user_ids: [c.lanzhou.user.id] }), 422,
    'invalid_field', 'user_ids');
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { role: 'attendee', user_ids: [c.lanzhou.user.id] });
  assertStatus(r, 200, 'attendee');
  assert.equal(r.json.added, 1);
  // a member out of the list that does not exist: nothing added
  const total = r.json.total;
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [999999] }), 422,
    'invalid_field', 'member_ids');
  assert.equal((await c.gansu.get(`/api/v1/meetings/${m.id}/invitees?limit=1`)).json.total, total);

  // a draft is the staff's: the invited member does not see it yet
  assertError(await c.member1.get(`/api/v1/meetings/${m.id}`), 404);
  assert.ok(!(await c.member1.get('/api/v1/meetings?limit=100')).json.items.some((x) => x.id === m.id));

  const unread = (await c.member1.get('/api/v1/notifications?limit=1')).json.unread;
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {});
  assertStatus(r, 200, 'notify');
  assert.equal(r.json.status, 'notified');
  const n = await c.member1.get('/api/v1/notifications?limit=5');
  assert.equal(n.json.unread, unread + 1);
  const notice = n.json.items.find((x) => x.kind === 'meeting_notice');
  assert.equal(notice.link, `/m/meetings/${m.id}`);
  assert.match(notice.body, /省政协全体会议/);
  // the attendee invited by name reads it too; the secretariat that sent it is not told
  const ln = (await c.lanzhou.get('/api/v1/notifications?limit=5')).json.items;
  assert.ok(ln.some((x) => x.kind === 'meeting_notice' && x.link === `/meetings/${m.id}`));
  assert.ok(!(await c.gansu.get('/api/v1/notifications?limit=20')).json.items.some((x) => x.kind === 'meeting_notice'));

  // the member sees it now, with its own part
  r = await c.member1.get(`/api/v1/meetings/${m.id}`);
  assertStatus(r, 200, 'member reads');
  assert.equal(r.json.mine.role, 'member');
  assert.equal(r.json.mine.reply, 'pending');
  assert.deepEqual(r.json.actions, []);
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/reply`, { reply: 'maybe' }), 422, 'invalid_field', 'reply');
  r = await c.member1.post(`/api/v1/meetings/${m.id}/reply`, { reply: 'attend' });
  assertStatus(r, 200, 'reply');
  assert.equal(r.json.mine.reply, 'attend');
  assert.equal(r.json.mine.reply_label, '参加');
  // the staff's list of who attends
  const att = await c.gansu.get(`/api/v1/meetings/${m.id}/invitees?reply=attend`);
  assert.deepEqual(att.json.items.map((x) => x.member_id), [c.member1.user.member_id]);
  // a member does not read the list of invitees nor take the steps
  assertError(await c.member1.get(`/api/v1/meetings/${m.id}/invitees`), 403);
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/open`, {}), 403);
});

test('the steps in order; the same step twice at once has one effect; closed meetings do not change', async () => {
  const m = await create({ title: '并发测试会议' });
  await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [c.member2.user.member_id] });
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {}), 409, 'wrong_state');
  const both = await Promise.all([0, 1].map(() => c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {})));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  const notices = (await c.member2.get('/api/v1/notifications?limit=50')).json.items
    .filter((x) => x.kind === 'meeting_notice' && x.link === `/m/meetings/${m.id}`);
  assert.equal(notices.length, 1, 'one notice, not two');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {}), 200, 'open');
  // no invitee is removed once it opened
  const inv = (await c.gansu.get(`/api/v1/meetings/${m.id}/invitees`)).json.items[0];
  assertError(await c.gansu.del(`/api/v1/meetings/${m.id}/invitees/${inv.id}`), 409, 'wrong_state');
  const closes = await Promise.all([0, 1].map(() => c.gansu.post(`/api/v1/meetings/${m.id}/close`, {})));
  assert.deepEqual(closes.map((r) => r.status).sort(), [200, 409]);
  assertError(await c.gansu.patch(`/api/v1/meetings/${m.id}`, { venue: '别处' }), 409, 'wrong_state');
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [c.member1.user.member_id] }),
    409, 'wrong_state');
  assertError(await c.member2.post(`/api/v1/meetings/${m.id}/reply`, { reply: 'attend' }), 409, 'wrong_state');
  let r = await c.gansu.post(`/api/v1/meetings/${m.id}/archive`, {});
  assertStatus(r, 200, 'archive');
  assert.equal(r.json.status_label, '已归档');
  assertError(await c.gansu.del(`/api/v1/meetings/${m.id}`), 409, 'wrong_state');
  const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items;
  assert.deepEqual(tl.map((e) => e.action), ['create', 'invite', 'notify', 'open', 'close', 'archive']);
  assert.deepEqual(tl.map((e) => e.action_label), ['创建', '添加参会人员', '发出通知', '开会', '闭会', '归档']);
});

test('who sees a meeting: invitees and staff in scope; others get 404; a draft is deleted', async () => {
  const m = await create({ title: '可见性测试' });
  await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [c.member2.user.member_id] });
  await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {});
  assertStatus(await c.member2.get(`/api/v1/meetings/${m.id}`), 200, 'invitee');
  assertError(await c.member1.get(`/api/v1/meetings/${m.id}`), 404);
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/reply`, { reply: 'attend' }), 404);
  assertError(await c.lanzhou.get(`/api/v1/meetings/${m.id}`), 404);
  assertStatus(await c.viewer.get(`/api/v1/meetings/${m.id}`), 200, 'viewer in scope');
  const d = await create({ title: '待删除' });
  assertError(await c.member1.del(`/api/v1/meetings/${d.id}`), 403);
  assert.equal((await c.gansu.del(`/api/v1/meetings/${d.id}`)).status, 204);
  assertError(await c.gansu.get(`/api/v1/meetings/${d.id}`), 404);
  // the words a meeting shows are those of the label tables the app reads
  const L = (await c.member2.get('/api/v1/labels')).json;
  const entry = (t, name) => t.find((x) => x.name === name);
  const mm = (await c.member2.get(`/api/v1/meetings/${m.id}`)).json;
  assert.equal(mm.kind_label, entry(L['meeting.kind'], mm.kind).zh);
  assert.equal(mm.status_label, entry(L['meeting.state'], mm.status).zh);
  assert.equal(entry(L['meeting.action'], 'close').zh, '闭会');
  assert.ok(entry(L['meeting.confirm'], 'close').zh.includes('确定闭会'));
});
