// tests/api/checks.test.mjs: points earned only once the office has looked (issue 18). A member's
// self-logged activity (contact.check_self_logged, on by default) earns nothing until staff approve
// it through its workflow step (the same approval sent twice at once: one 200, one 409; returned
// with a note, sent again, approved); with the setting off it earns at once. A report earns its
// submission's points when the office accepts it for review (受理), not on the submit; once only.
// A recompute afterwards writes nothing: syncing record by record and recomputing agree. The
// irreversible steps carry their question in GET /api/v1/labels (<flow>.confirm), which the web
// app asks before taking them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov;
const year = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4));

before(async () => {
  s = await startServer({ proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'qilihe', 'member1', 'member2']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/** member1's ledger entries of one source record this year. */
async function entries(kind, id) {
  const r = await c.member1.get(`/api/v1/points?member_id=${c.member1.user.member_id}&year=${year}`);
  assertStatus(r, 200, 'ledger');
  return r.json.items.filter((e) => e.source_kind === kind && e.source_id === id);
}

/** An activity member1 logs itself, held earlier today. */
async function logActivity(title) {
  const starts = new Date(Date.now() - 3 * 3600e3).toISOString();
  const r = await c.member1.post('/api/v1/activities', { title, kind: 'visit', committee_id: prov, starts_at: starts,
    status: 'done', people_reached: 6, content: '走访社区，听取群众意见。' });
  assertStatus(r, 201, 'self-logged activity');
  return r.json;
}

test('a self-logged activity earns points only once staff approve it; one approval of two at once', async () => {
  const a = await logActivity('走访七里河社区');
  assert.equal(a.check?.status, 'pending', JSON.stringify(a.check));
  assert.equal(a.check.status_label, '待审核');
  assert.deepEqual(await entries('activity', a.id), [], 'no points before the check');
  // the staff's queue holds it; the member may not approve its own
  const q = await c.gansu.get(`/api/v1/activity-checks?committee_id=${prov}`);
  assertStatus(q, 200);
  const item = q.json.items.find((x) => x.id === a.id);
  assert.ok(item, 'in the queue');
  assert.equal(item.title, '走访七里河社区');
  assert.equal(item.logged_by, c.member1.user.display_name);
  assertError(await c.member1.get(`/api/v1/activity-checks?committee_id=${prov}`), 403, 'forbidden');
  assertError(await c.member1.post(`/api/v1/activities/${a.id}/approve`, {}), 403, 'forbidden');
  assertError(await c.qilihe.post(`/api/v1/activities/${a.id}/approve`, {}), 404, 'not_found');
  const d = (await c.gansu.get(`/api/v1/activities/${a.id}`)).json;
  assert.deepEqual(d.check.actions.sort(), ['approve', 'return']);

  // the same approval twice at once: one effect
  const both = await Promise.all([1, 2].map(() => c.gansu.post(`/api/v1/activities/${a.id}/approve`, {})));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map((r) => r.text).join('\n'));
  assertError(both.find((r) => r.status === 409), 409, 'wrong_state');
  const ok = both.find((r) => r.status === 200).json;
  assert.equal(ok.check.status, 'approved');
  const e = await entries('activity', a.id);
  assert.equal(e.length, 1, 'one entry after the approval');
  assert.equal(e[0].event, 'activity.visit');
  assert.ok(e[0].points > 0);
  const audit = (await as(s, 'auditor')).get(`/api/v1/audit?entity=activity_check&entity_id=${a.id}&limit=10`);
  assert.deepEqual((await audit).json.items.map((x) => x.action), ['activity_check.approve']);
  assert.ok((await c.member1.get('/api/v1/notifications')).json.items.some((x) => x.kind === 'activity_approved'));
});

test('returned with a note, sent again, approved; with the setting off points come at once', async () => {
  const a = await logActivity('参加社区议事会');
  assertError(await c.gansu.post(`/api/v1/activities/${a.id}/return`, {}), 422, 'invalid_field', 'note');
  let r = await c.gansu.post(`/api/v1/activities/${a.id}/return`, { note: '请补充参加群众人数' });
  assertStatus(r, 200);
  assert.equal(r.json.check.status, 'returned');
  assertError(await c.gansu.post(`/api/v1/activities/${a.id}/approve`, {}), 409, 'wrong_state');
  assertError(await c.member2.post(`/api/v1/activities/${a.id}/resubmit`, {}), 404);
  // the member reads the note, corrects the activity (the phone's form) and sends it again
  let mine = (await c.member1.get(`/api/v1/activities/${a.id}`)).json;
  assert.equal(mine.check.note, '请补充参加群众人数');
  assert.deepEqual(mine.check.actions, ['resubmit']);
  r = await c.member1.request('PATCH', `/api/v1/activities/${a.id}`, { body: { people_reached: 12 } });
  assertStatus(r, 200, 'the member corrects its returned activity');
  assert.equal(r.json.check.status, 'returned', 'a correction alone does not send it again');
  r = await c.member1.post(`/api/v1/activities/${a.id}/resubmit`, { note: '已补充人数' });
  assertStatus(r, 200);
  assert.equal(r.json.check.status, 'pending');
  mine = (await c.gansu.get(`/api/v1/activities/${a.id}`)).json;
  assert.equal(mine.people_reached, 12);
  assert.equal(mine.check.note, '已补充人数');
  assert.deepEqual(await entries('activity', a.id), []);
  assertStatus(await c.gansu.post(`/api/v1/activities/${a.id}/approve`, { note: '已核实' }), 200);
  assert.equal((await entries('activity', a.id)).length, 1);

  // staff's own entries and, with the setting off, members' ones earn at once
  assertStatus(await c.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body: { check_self_logged: 0 } }), 200);
  const b = await logActivity('走访企业');
  assert.equal(b.check, null);
  assert.equal((await entries('activity', b.id)).length, 1);
  assertStatus(await c.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body: { check_self_logged: 1 } }), 200);
  assertError(await c.gansu.post(`/api/v1/activities/${b.id}/approve`, {}), 404, 'not_found');

  // a recompute finds the ledger as the steps left it: nothing to write
  r = await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year });
  assertStatus(r, 202);
  const { job } = await waitJob(c.gansu, r.json.job.id, 120000);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.deepEqual(job.result.written, { inserted: 0, updated: 0, deleted: 0, totals: 0 }, JSON.stringify(job.result));
  assert.equal((await entries('activity', a.id)).length, 1);
  assert.equal((await entries('activity', b.id)).length, 1);
});

test('a report earns its points when the office accepts it for review, not on the submit, once', async () => {
  const mk = async (title) => {
    const r = await c.member1.post('/api/v1/reports', { title, category: '社会建设', committee_id: prov, body: `${title}：情况和建议。` });
    assertStatus(r, 201, 'report');
    assertStatus(await c.member1.post(`/api/v1/reports/${r.json.id}/submit`, {}), 200, 'submit');
    return r.json.id;
  };
  const id = await mk('关于社区养老服务的建议');
  assert.deepEqual(await entries('report', id), [], 'nothing on the submit click');
  let d = (await c.gansu.get(`/api/v1/reports/${id}`)).json;
  assert.ok(d.actions.includes('accept'), JSON.stringify(d.actions));
  assert.equal(d.accepted_at, null, 'not accepted yet');
  assert.equal((await c.member1.get(`/api/v1/reports/${id}`)).json.accepted_at, null);
  const t0 = Date.now() - 1000;
  assertError(await c.member1.post(`/api/v1/reports/${id}/accept`, {}), 403, 'forbidden');
  const both = await Promise.all([1, 2].map(() => c.gansu.post(`/api/v1/reports/${id}/accept`, {})));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409], both.map((r) => r.text).join('\n'));
  const e = await entries('report', id);
  assert.deepEqual(e.map((x) => x.event), ['report.submitted']);
  d = (await c.gansu.get(`/api/v1/reports/${id}`)).json;
  assert.equal(d.status, 'submitted', 'accepting keeps it under review');
  assert.ok(!d.actions.includes('accept'), 'accepted once');
  // the author reads when it was accepted (受理), a CST time of the accept
  const mine = (await c.member1.get(`/api/v1/reports/${id}`)).json;
  assert.match(mine.accepted_at, /\+08:00$/);
  assert.ok(Date.parse(mine.accepted_at) >= t0 && Date.parse(mine.accepted_at) <= Date.now() + 1000, mine.accepted_at);
  assert.equal(d.accepted_at, mine.accepted_at);
  const tl = (await c.gansu.get(`/api/v1/reports/${id}/timeline`)).json.items.map((x) => x.action);
  assert.deepEqual(tl.slice(-2), ['submit', 'accept']);
  // a return before acceptance earns nothing; adopting accepts it
  const r2 = await mk('关于背街小巷照明的建议');
  assertStatus(await c.gansu.post(`/api/v1/reports/${r2}/return`, { note: '请补充位置' }), 200);
  assert.deepEqual(await entries('report', r2), []);
  assertStatus(await c.member1.post(`/api/v1/reports/${r2}/submit`, {}), 200);
  assertStatus(await c.gansu.post(`/api/v1/reports/${r2}/adopt`, {}), 200);
  assert.deepEqual((await entries('report', r2)).map((x) => x.event).sort(), ['report.adopted', 'report.submitted']);
});

test('the irreversible steps carry their question for the app to ask', async () => {
  const L = (await c.member1.get('/api/v1/labels')).json;
  for (const [key, names] of Object.entries({
    'proposal.confirm': ['file', 'merge', 'reject', 'approve-reply', 'close', 'withdraw'],
    'report.confirm': ['adopt', 'reject', 'merge'], 'bulletin.confirm': ['send'], 'digest.confirm': ['issue'],
    'activity_check.confirm': ['approve'],
  })) {
    assert.deepEqual(L[key].map((x) => x.name).sort(), [...names].sort(), key);
    for (const x of L[key]) assert.ok(/确定/.test(x.zh) && x.en.endsWith('?'), `${key}.${x.name}: ${JSON.stringify(x)}`);
  }
  assert.equal(L['proposal.confirm'].find((x) => x.name === 'approve-reply').zh, '审核通过后答复将送达提案人，不能撤回。确定审核通过吗？');
  assert.equal(L['request.confirm'], undefined, 'a flow without irreversible steps has no table');
});
