// tests/api/workbench.test.mjs: GET /api/v1/workbench, each role's landing page (issue 18). On the
// demo (proposals, reports and a year of contact work), for the accounts of every role — admin,
// gansu (a provincial office), lanzhou (a city's), tian (committee staff), tiban (the proposal
// office), jiaoyu and weijian (handling units), member1 and member2, viewer — every entry's count
// is the length of the list its link opens (the list API with the link's filters), a role sees
// only its entries, and the counts follow the steps of a proposal (submitted → 待审查 +1,
// invited → 待确认联名 +1, assigned → 待签收 +1, ...). The notifications: nobody is told of its own
// step, and each role is told in its own words (the office gets 单位逾期未答复, the unit 请抓紧办理).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, listAll, replyLetter, sleep, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov, units;
const ROLES = ['admin', 'gansu', 'lanzhou', 'tian', 'tiban', 'jiaoyu', 'weijian', 'member1', 'member2', 'viewer'];

before(async () => {
  s = await startServer();
  for (const u of ROLES) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  const list = (await c.gansu.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items;
  units = Object.fromEntries(list.map((u) => [u.name, u.id]));
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);

/** The caller's workbench as {key: entry}. */
async function bench(cl) {
  const r = await cl.get('/api/v1/workbench');
  assertStatus(r, 200, 'workbench');
  return Object.fromEntries(r.json.items.map((e) => [e.key, e]));
}
const count = async (cl, key) => (await bench(cl))[key]?.count;

/**
 * The length of the list a link opens, read from the API the page calls with the link's filters:
 * the proposals' and reports' lists (their total), the member's compliance (the figure the page
 * shows), the unread notifications (every one of them, paged through).
 */
async function listLength(cl, entry) {
  const url = new URL(entry.link, 'http://x');
  const q = new URLSearchParams(url.search);
  const path = url.pathname;
  if (path === '/proposals' || path === '/proposals/assigned' || path === '/proposals/review') {
    if (path === '/proposals/review') q.set('status', 'submitted');
    q.set('limit', '1');
    const r = await cl.get(`/api/v1/proposals?${q}`);
    assertStatus(r, 200, entry.key);
    return r.json.total;
  }
  if (path === '/reports/review' || path === '/reports') {
    if (path === '/reports/review') q.set('status', 'submitted');
    q.set('limit', '1');
    const r = await cl.get(`/api/v1/reports?${q}`);
    assertStatus(r, 200, entry.key);
    return r.json.total;
  }
  if (path === '/contact/calendar') {
    // the week view of today: the activities marked as clashing
    const from = weekStart();
    const to = new Date(from.getTime() + 7 * 86400e3);
    const r = await cl.get(`/api/v1/activities/calendar?from=${cst(from)}&to=${cst(to)}`);
    assertStatus(r, 200, entry.key);
    return r.json.items.filter((i) => i.clash_ids.length > 0).length;
  }
  if (path === '/contact/requests') {
    q.set('limit', '1');
    const r = await cl.get(`/api/v1/requests?${q}`);
    assertStatus(r, 200, entry.key);
    return r.json.total;
  }
  if (path === '/contact/compliance' && (q.has('short') || q.has('to_remind'))) {
    // the staff's lists: every member the list holds, paged through (the rule of each item, not
    // the count's), and the list's own total the same
    return complianceLength(cl, q);
  }
  if (path === '/contact/compliance') {
    const r = await cl.get(`/api/v1/members/${cl.user.member_id}/compliance`);
    assertStatus(r, 200, entry.key);
    return { 'contact.activities_short': r.json.activities_short, 'contact.people_short': r.json.people_short }[entry.key];
  }
  if (path === '/meetings/leaves' || path === '/meetings/mine') {
    // the leave of the meetings in scope (staff), the caller's own meetings by what waits (a member)
    q.set('limit', '1');
    const r = await cl.get(`/api/v1${path}?${q}`);
    assertStatus(r, 200, entry.key);
    return r.json.total;
  }
  if (path === '/notifications') {
    let n = 0;
    let cursor = null;
    do {
      const r = await cl.get(`/api/v1/notifications?unread=1&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      assertStatus(r, 200, entry.key);
      n += r.json.items.length;
      cursor = r.json.next_cursor;
    } while (cursor);
    return n;
  }
  throw new Error(`${entry.key}: no list known for ${entry.link}`);
}

/**
 * The members a compliance list holds (its query q, this quarter), counted item by item through
 * every page; asserts that each is not on track and that the list's total says as many.
 */
async function complianceLength(cl, q) {
  let n = 0;
  let cursor = null;
  let total = null;
  do {
    const r = await cl.get(`/api/v1/compliance?${q}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    assertStatus(r, 200, `compliance ${q}`);
    for (const it of r.json.items) assert.equal(it.on_track, false, `${it.name}: listed as not on track`);
    total ??= r.json.total;
    assert.equal(r.json.total, total, 'the total does not change from page to page');
    n += r.json.items.length;
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.equal(total, n, `compliance ${q}: the total is the number listed`);
  return n;
}

const OFFICE = ['proposal.review', 'proposal.to_assign', 'proposal.objected', 'proposal.late_accept', 'proposal.reply_check',
  'proposal.near', 'proposal.overdue'];
const UNIT = ['proposal.to_accept', 'proposal.handling', 'proposal.view_due', 'proposal.reply_returned'];
const MEMBER = ['contact.activities_short', 'contact.people_short', 'proposal.cosign', 'meeting.to_reply',
  'meeting.documents', 'meeting.votes'];
const STAFF = ['report.review', 'report.to_edit', 'contact.overdue_requests', 'contact.clashes', 'contact.members_behind',
  'contact.reminders_due', 'meeting.leave_to_decide'];

/** t as ISO 8601 in China Standard Time, for a query. */
const cst = (t) => encodeURIComponent(`${new Date(t.getTime() + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`);

/** The first instant of this CST week (Monday first), as the calendar's week view shows it. */
function weekStart() {
  const day = Math.floor((Date.now() + 8 * 3600e3) / 86400e3);
  return new Date((day - ((day + 3) % 7)) * 86400e3 - 8 * 3600e3);
}

test('each role sees its own entries, and every count is the length of the list its link opens', async () => {
  const want = {
    admin: [...OFFICE, ...STAFF],
    gansu: [...OFFICE, ...STAFF],
    lanzhou: [...OFFICE, ...STAFF],
    tian: STAFF,
    tiban: OFFICE,
    jiaoyu: UNIT,
    weijian: UNIT,
    member1: MEMBER,
    member2: MEMBER,
    viewer: [],
  };
  let nonzero = 0;
  for (const u of ROLES) {
    const b = await bench(c[u]);
    assert.deepEqual(Object.keys(b).sort(), [...want[u], 'notify.unread'].sort(), `${u}: its entries`);
    for (const e of Object.values(b)) {
      assert.equal(typeof e.label, 'string');
      assert.ok(e.label.length > 0 && /[\u4e00-\u9fff]/.test(e.label), `${u} ${e.key}: a Chinese label`);
      assert.ok(Number.isInteger(e.count) && e.count >= 0, `${u} ${e.key}: a count`);
      assert.ok(e.link.startsWith('/'), `${u} ${e.key}: a console link`);
      assert.equal(e.count, await listLength(c[u], e), `${u} ${e.key}: the count is the length of ${e.link}`);
      if (e.count) nonzero++;
    }
  }
  assert.ok(nonzero >= 8, `the demo gives work to count (${nonzero} entries above 0)`);
  // the office's queue on the demo is not empty, and a county sees only its own
  assert.ok((await bench(c.tiban))['proposal.review'].count > 0);
  assert.ok((await bench(c.lanzhou))['proposal.review'].count < (await bench(c.gansu))['proposal.review'].count);
  // a member's entries open the phone's pages too
  const m = await bench(c.member1);
  assert.equal(m['proposal.cosign'].m_link, '/proposals?cosign=pending');
  assert.equal(m['contact.activities_short'].m_link, '/compliance');
  assert.equal(m['notify.unread'].m_link, '/notifications?unread=1');
  // the menu items that carry the counts
  assert.equal((await bench(c.tiban))['proposal.review'].menu, '/proposals/review');
  assert.equal((await bench(c.jiaoyu))['proposal.to_accept'].menu, '/proposals/assigned');
  // English on request
  c.tiban.lang = 'en';
  assert.equal((await bench(c.tiban))['proposal.review'].label, 'Proposals to review');
  c.tiban.lang = null;
  // not logged in
  assert.equal((await fetch(`${s.url}/api/v1/workbench`)).status, 401);
});

test('the list filters behind the entries refuse what they do not know', async () => {
  assertError(await c.tiban.get('/api/v1/proposals?assignment=lost'), 422, 'invalid_field', 'assignment');
  assertError(await c.member1.get('/api/v1/proposals?cosign=yes'), 422, 'invalid_field', 'cosign');
  assertError(await c.tiban.post('/api/v1/proposals/export?assignment=lost'), 422, 'invalid_field', 'assignment');
  assertError(await c.gansu.get('/api/v1/requests?overdue=maybe'), 422, 'invalid_field', 'overdue');
  assertError(await c.gansu.get('/api/v1/reports?unbulletined=2'), 422, 'invalid_field', 'unbulletined');
});

test('the counts follow the steps of a proposal, for the office, the units and the members', async () => {
  const jy = units['甘肃省教育厅'], wj = units['甘肃省卫生健康委员会'];
  const m2 = c.member2.user.member_id;
  const before = { review: await count(c.tiban, 'proposal.review'), cosign: await count(c.member2, 'proposal.cosign'),
    assign: await count(c.tiban, 'proposal.to_assign') };

  // a joint proposal of member1 invites member2: 待确认联名 +1 for member2, and the list holds it
  let r = await c.member1.post('/api/v1/proposals', { title: '关于完善县域医共体建设的提案', category: '医疗卫生',
    committee_id: prov, kind: 'joint', facts: '县域医共体内部协作不畅。', analysis: '利益分配机制不健全。',
    suggestions: '一是完善医保打包付费；二是统一信息平台。' });
  assertStatus(r, 201, 'draft');
  const id = r.json.id;
  assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${id}/cosigners`, { body: { member_ids: [m2] } }), 200);
  assertStatus(await act(c.member1, id, 'submit'), 200);
  assert.equal(await count(c.member2, 'proposal.cosign'), before.cosign + 1);
  assert.ok((await c.member2.get('/api/v1/proposals?cosign=pending')).json.items.some((p) => p.id === id));
  assert.equal(await count(c.member1, 'proposal.cosign'), await listLength(c.member1, (await bench(c.member1))['proposal.cosign']));

  // member2 confirms: its invitation is answered, the proposal waits on the office (待审查 +1)
  assertStatus(await act(c.member2, id, 'cosign', { accept: true }), 200);
  assert.equal(await count(c.member2, 'proposal.cosign'), before.cosign);
  assert.equal(await count(c.tiban, 'proposal.review'), before.review + 1);

  // filed: 待交办 +1; assigned to 教育厅 (lead) and 卫健委 (co): each unit has one more to accept
  const toAccept = { jy: await count(c.jiaoyu, 'proposal.to_accept'), wj: await count(c.weijian, 'proposal.to_accept') };
  assertStatus(await act(c.tiban, id, 'file'), 200);
  assert.equal(await count(c.tiban, 'proposal.review'), before.review);
  assert.equal(await count(c.tiban, 'proposal.to_assign'), before.assign + 1);
  assertStatus(await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: jy, co_unit_ids: [wj] }), 200);
  assert.equal(await count(c.tiban, 'proposal.to_assign'), before.assign);
  assert.equal(await count(c.jiaoyu, 'proposal.to_accept'), toAccept.jy + 1);
  assert.equal(await count(c.weijian, 'proposal.to_accept'), toAccept.wj + 1);
  // the unit's list shows by when it must accept
  const row = (await c.jiaoyu.get('/api/v1/proposals?assignment=to_accept&limit=100')).json.items.find((p) => p.id === id);
  assert.ok(row, 'in 教育厅 list of what to accept');
  assert.equal(row.my_assignment.role, 'lead');
  assert.equal(row.my_assignment.status, 'assigned');
  assert.ok(Date.parse(row.my_assignment.respond_by) > Date.now(), 'a date to accept by');
  assert.equal((await c.tiban.get('/api/v1/proposals?limit=1')).json.items[0].my_assignment, undefined, 'only a unit has its own');

  // 卫健委 objects: the office has an objection to handle; assigned again, both accept
  const objected = await count(c.tiban, 'proposal.objected');
  assertStatus(await act(c.weijian, id, 'object', { reason: '本单位职责不涉及' }), 200);
  assert.equal(await count(c.tiban, 'proposal.objected'), objected + 1);
  assert.equal(await count(c.weijian, 'proposal.to_accept'), toAccept.wj);
  assertStatus(await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: jy, co_unit_ids: [wj] }), 200);
  assert.equal(await count(c.tiban, 'proposal.objected'), objected);
  const handling = await count(c.jiaoyu, 'proposal.handling');
  const views = await count(c.weijian, 'proposal.view_due');
  assertStatus(await act(c.jiaoyu, id, 'accept'), 200);
  assertStatus(await act(c.weijian, id, 'accept'), 200);
  assert.equal(await count(c.jiaoyu, 'proposal.to_accept'), toAccept.jy);
  assert.equal(await count(c.jiaoyu, 'proposal.handling'), handling + 1);
  // the co-handling unit owes its views; given, it owes none
  assert.equal(await count(c.weijian, 'proposal.view_due'), views + 1);
  assertStatus(await act(c.weijian, id, 'view', { text: '建议同步推进基层卫生人才培养' }), 200);
  assert.equal(await count(c.weijian, 'proposal.view_due'), views);

  // the lead's reply waits on the office's check; returned, it waits on the unit again
  const check = await count(c.tiban, 'proposal.reply_check');
  const returned = await count(c.jiaoyu, 'proposal.reply_returned');
  r = await act(c.jiaoyu, id, 'reply', { category: 'B', text: '已列入明年计划。', ...await replyLetter(c.jiaoyu) });
  assertStatus(r, 200);
  assert.equal(await count(c.tiban, 'proposal.reply_check'), check + 1);
  const lead = r.json.assignments.find((a) => a.role === 'lead' && a.status !== 'withdrawn');
  assertStatus(await act(c.tiban, id, 'return-reply', { assignment_id: lead.id, note: '请写明资金安排' }), 200);
  assert.equal(await count(c.tiban, 'proposal.reply_check'), check);
  assert.equal(await count(c.jiaoyu, 'proposal.reply_returned'), returned + 1);

  // every count still the length of its list
  for (const u of ['tiban', 'jiaoyu', 'weijian', 'member1', 'member2'])
    for (const e of Object.values(await bench(c[u])))
      assert.equal(e.count, await listLength(c[u], e), `${u} ${e.key} after the steps`);
});

test('the staff\'s counts: overdue requests follow the committee\'s days to close one; adopted reports wait to be edited into a bulletin', async () => {
  // the demo's year of requests: some open longer than the default 60 days
  let r;
  const over = await count(c.gansu, 'contact.overdue_requests');
  assert.ok(over > 0, 'the demo has overdue requests');
  const open = (await c.gansu.get('/api/v1/requests?status=accepted&limit=1')).json.total +
    (await c.gansu.get('/api/v1/requests?status=in_progress&limit=1')).json.total;
  assert.ok(over <= open);
  // a longer time to close one: fewer are overdue; the list follows the same setting
  const put = (days) => c.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body: { request_days: days } });
  assertStatus(await put(365), 200);
  const longer = await count(c.gansu, 'contact.overdue_requests');
  assert.ok(longer < over, `${longer} < ${over}`);
  assert.equal(longer, (await c.gansu.get('/api/v1/requests?overdue=1&limit=1')).json.total);
  assertStatus(await put(null), 200);
  assert.equal(await count(c.gansu, 'contact.overdue_requests'), over);
  // resolving one takes it off
  const one = (await c.gansu.get('/api/v1/requests?overdue=1&limit=1')).json.items[0];
  if (one.status === 'accepted') assertStatus(await c.gansu.post(`/api/v1/requests/${one.id}/start`, {}), 200);
  assertStatus(await c.gansu.post(`/api/v1/requests/${one.id}/resolve`, { resolution: '已协调解决' }), 200);
  assert.equal(await count(c.gansu, 'contact.overdue_requests'), over - 1);
  assertError(await c.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body: { request_days: 0 } }), 422, 'invalid_field', 'request_days');

  // two activities at one grassroots unit this week clash: both are counted, as the week's
  // calendar marks them
  const clashes = await count(c.gansu, 'contact.clashes');
  assert.equal(clashes, await listLength(c.gansu, (await bench(c.gansu))['contact.clashes']));
  r = await c.gansu.post('/api/v1/grassroots-units', { name: `工作台村${Date.now()}`, kind: 'village', committee_id: prov,
    township: `工作台镇${Date.now()}` });
  assertStatus(r, 201, 'unit');
  const at = (h) => new Date(weekStart().getTime() + h * 3600e3).toISOString();
  for (const h of [58, 82]) {
    assertStatus(await c.gansu.post('/api/v1/activities', { title: `同村走访${h}`, kind: 'research', committee_id: prov,
      grassroots_unit_id: r.json.id, starts_at: at(h) }), 201, 'activity');
  }
  assert.equal(await count(c.gansu, 'contact.clashes'), clashes + 2);
  assert.equal(await count(c.gansu, 'contact.clashes'), await listLength(c.gansu, (await bench(c.gansu))['contact.clashes']));

  // a report adopted: one more to edit into a bulletin; edited into one, one less
  const edit = await count(c.gansu, 'report.to_edit');
  const cand = (await c.gansu.get(`/api/v1/bulletins/candidates?committee_id=${prov}`)).json.items.length;
  assert.equal(edit, cand, 'the bulletin\'s candidates');
  const sub = (await c.gansu.get(`/api/v1/reports?status=submitted&committee_id=${prov}&limit=1`)).json.items[0];
  assertStatus(await c.gansu.post(`/api/v1/reports/${sub.id}/adopt`, {}), 200);
  assert.equal(await count(c.gansu, 'report.to_edit'), edit + 1);
  const b = await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: [sub.id] });
  assertStatus(b, 201);
  assert.equal(await count(c.gansu, 'report.to_edit'), edit);
});

test('members behind their quota and reminders to send: the counts are the lists\' lengths, by one rule, and sending clears them', async () => {
  const behind = await count(c.gansu, 'contact.members_behind');
  const due = await count(c.gansu, 'contact.reminders_due');
  assert.ok(behind > 0, 'the demo has members behind this quarter');
  assert.ok(due <= behind, `${due} reminders to send of ${behind} behind`);
  const b = await bench(c.gansu);
  assert.equal(b['contact.members_behind'].link, '/contact/compliance?short=1');
  assert.equal(b['contact.reminders_due'].link, '/contact/compliance?to_remind=1');
  assert.equal(behind, await complianceLength(c.gansu, new URLSearchParams('short=1')));
  // the whole list: the members not on track in it are the count, by the item's own verdict
  const all = await listAll(c.gansu, '/api/v1/compliance?short=0');
  assert.equal(all.filter((it) => !it.on_track).length, behind, 'the count is the list\'s members not on track');
  // a city counts its own subtree only, by the same rule
  const city = await count(c.lanzhou, 'contact.members_behind');
  assert.ok(city > 0 && city < behind, `${city} < ${behind}`);
  assert.equal(city, await complianceLength(c.lanzhou, new URLSearchParams('short=1')));
  // an organiser (界别活动组): its body's members, by the same rule
  const zuzhi = await as(s, 'zuzhi');
  const zb = await bench(zuzhi);
  assert.deepEqual(Object.keys(zb).filter((k) => k.startsWith('contact.')).sort(), ['contact.members_behind', 'contact.reminders_due']);
  assert.ok(zb['contact.members_behind'].count > 0 && zb['contact.members_behind'].count < behind, JSON.stringify(zb));
  for (const e of Object.values(zb)) if (e.key.startsWith('contact.')) assert.equal(e.count, await listLength(zuzhi, e), e.key);
  // reminders go to members with an account in use: the demo's member accounts
  const accounts = all.filter((it) => !it.on_track && [c.member1.user.member_id, c.member2.user.member_id].includes(it.member_id)).length;
  assert.equal(due, accounts, 'the reminders to send are the members behind with an account');
  // a committee asking for no activity a quarter: the members who reached the pace are on
  // track without one (the count's other way, every member's year read)
  const put = (body) => c.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body });
  assertStatus(await put({ quarter_min_activities: 0 }), 200);
  const fewer = await count(c.gansu, 'contact.members_behind');
  assert.ok(fewer < behind, `${fewer} < ${behind}`);
  assert.equal(fewer, await complianceLength(c.gansu, new URLSearchParams('short=1')));
  assertStatus(await put({ quarter_min_activities: null }), 200);
  assert.equal(await count(c.gansu, 'contact.members_behind'), behind);
  // a year's minimum nobody reaches: every member is behind, the two with accounts are to remind
  assertStatus(await put({ year_min_people: 100000 }), 200);
  const everyone = (await c.gansu.get('/api/v1/compliance?limit=1')).json.total;
  assert.equal(await count(c.gansu, 'contact.members_behind'), everyone);
  assert.equal(await count(c.gansu, 'contact.reminders_due'), 2);
  assert.equal(await complianceLength(c.gansu, new URLSearchParams('to_remind=1')), 2);
  // the staff send the reminders: none is left to send, the members still behind
  const r = await c.gansu.post('/api/v1/compliance/reminders', {});
  assertStatus(r, 202, 'reminders');
  const { job } = await waitJob(c.gansu, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.result.notified, 2, JSON.stringify(job.result));
  assert.equal(await count(c.gansu, 'contact.reminders_due'), 0);
  assert.equal(await complianceLength(c.gansu, new URLSearchParams('to_remind=1')), 0);
  assert.equal(await count(c.gansu, 'contact.members_behind'), everyone);
  assertStatus(await put({ year_min_people: null }), 200);
  assert.equal(await count(c.gansu, 'contact.members_behind'), behind);
  // bad filters are refused
  assertError(await c.gansu.get('/api/v1/compliance?to_remind=2'), 422, 'invalid_field', 'to_remind');
});

test('nobody is told of its own step: a collective report and a collective proposal', async () => {
  const party = (await c.gansu.get('/api/v1/parties?limit=1')).json.items[0];
  // gansu (the province's office) submits a collective report: the information office is told,
  // gansu itself is not; tian (committee staff of the province) is
  let r = await c.gansu.post('/api/v1/reports', { title: '关于乡村学校校车安全的情况反映', category: '社会建设', committee_id: prov,
    collective_kind: 'party', collective_id: party.id, body: '部分乡村学校校车车况较差。' });
  assertStatus(r, 201);
  const rid = r.json.id;
  assertStatus(await c.gansu.post(`/api/v1/reports/${rid}/submit`, {}), 200);
  const told = async (cl, kind, link) => (await cl.get('/api/v1/notifications?limit=200')).json.items
    .filter((n) => n.kind === kind && n.link === link).length;
  assert.equal(await told(c.tian, 'report_submitted', `/reports/${rid}`), 1, 'the other staff are told');
  assert.equal(await told(c.gansu, 'report_submitted', `/reports/${rid}`), 0, 'not the one who submitted it');
  // the office edits it: the author's account (gansu) would be told of an edit by the office,
  // but gansu made the edit itself
  assertStatus(await c.gansu.patch(`/api/v1/reports/${rid}`, { body: '部分乡村学校校车车况较差，存在安全隐患。' }), 200);
  assert.equal(await told(c.gansu, 'report_edited', `/reports/${rid}`), 0, 'no notice of one\'s own edit');

  // tiban (the proposal office) submits a collective proposal: the office is told of new
  // proposals, but not of its own
  r = await c.tiban.post('/api/v1/proposals', { title: '关于发展县域特色产业的提案', category: '经济建设', committee_id: prov,
    kind: 'collective', collective_kind: 'party', collective_id: party.id, suggestions: '培育龙头企业' });
  assertStatus(r, 201);
  const pid = r.json.id;
  assertStatus(await act(c.tiban, pid, 'submit'), 200);
  assert.equal(await told(c.tiban, 'proposal_submitted', `/proposals/${pid}`), 0, 'the office did it itself');
  // returned by the office: the office entered it, so nobody else is told and neither is it
  assertStatus(await act(c.tiban, pid, 'return', { note: '请补充具体建议' }), 200);
  assert.equal(await told(c.tiban, 'proposal_returned', `/proposals/${pid}`), 0);
  // a member's own submission still tells the office
  r = await c.member1.post('/api/v1/proposals', { title: '关于加强农村饮水工程管护的提案', category: '乡村振兴', committee_id: prov,
    facts: '部分工程无人管护。', analysis: '管护经费不足。', suggestions: '建立管护基金。' });
  assertStatus(await act(c.member1, r.json.id, 'submit'), 200);
  assert.equal(await told(c.tiban, 'proposal_submitted', `/proposals/${r.json.id}`), 1);
  assert.equal(await told(c.member1, 'proposal_submitted', `/proposals/${r.json.id}`), 0);
});

test('deadline reminders in each role\'s words: the office gets 单位逾期未答复, the unit 请抓紧办理', async () => {
  // the scheduled task runs 10 s after the start; the demo has assignments past and near their
  // deadline in the province
  assert.ok((await count(c.tiban, 'proposal.overdue')) > 0, 'the demo has overdue proposals');
  let office = [];
  for (let i = 0; i < 60 && !office.length; i++) {
    office = (await c.tiban.get('/api/v1/notifications?limit=200')).json.items.filter((n) => n.kind === 'proposal_unit_deadline');
    if (!office.length) await sleep(500);
  }
  assert.ok(office.length > 0, 'the office is reminded');
  assert.ok(office.some((n) => n.title === '单位逾期未答复'), 'overdue in the office\'s words');
  for (const n of office) {
    assert.match(n.title, /^单位(逾期未答复|答复期限将至)$/);
    assert.match(n.body, /的承办单位.+办理期限.+尚未答复，请督办。$/);
  }
  const mine = (await c.tiban.get('/api/v1/notifications?limit=200')).json.items;
  assert.ok(!mine.some((n) => n.kind === 'proposal_deadline'), 'not the unit\'s wording');
  for (const u of ['jiaoyu', 'weijian']) {
    for (const n of (await c[u].get('/api/v1/notifications?limit=200')).json.items) {
      assert.notEqual(n.kind, 'proposal_unit_deadline', `${u}: not the office's wording`);
      if (n.kind === 'proposal_deadline') assert.match(n.body, /请抓紧办理答复。$/);
    }
  }
  // the unread notices on the workbench are the list's
  const e = (await bench(c.tiban))['notify.unread'];
  assert.ok(e.count >= office.length);
  assert.equal(e.count, await listLength(c.tiban, e));
});
