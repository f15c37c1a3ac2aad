// tests/api/meeting_leave.test.mjs: a meeting's invitees' side (issue 19, part A) over HTTP, on
// both engines — leave (请假): a member invited asks with a reason while the meeting is notified or
// in session, one open request at a time (409 for a second; after a refusal or a withdrawal it may
// ask again), withdraws it while it waits; the province's staff approve or refuse it with a note
// (the same decision twice at once has one effect), the member is told, the staff are told of a
// new request, the timeline and the labels; the seat plan (自动排座 by sector or by name, by hand,
// a seat someone holds is 409) and its chart as a PDF job; my meetings (GET /api/v1/meetings/mine)
// with the filters the workbench's entries open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, pdfText } from './lib/util.mjs';

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

/** A standing-committee meeting of the province inviting member1 and member2, notified. */
async function meeting(title, { notify = true } = {}) {
  let r = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title, venue: '省政协会议中心',
    starts_at: '2026-12-22T09:00:00+08:00', ends_at: '2026-12-22T17:30:00+08:00',
  });
  assertStatus(r, 201, 'create');
  const m = r.json;
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`,
    { member_ids: [c.member1.user.member_id, c.member2.user.member_id] });
  assertStatus(r, 200, 'invite');
  if (notify) assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 200, 'notify');
  return m;
}

const notes = async (cl, kind) => (await cl.get('/api/v1/notifications?limit=100')).json.items.filter((n) => n.kind === kind);

test('leave: asked with a reason, one open at a time, approved by staff; the member and the staff are told', async () => {
  const m = await meeting('请假测试会议');
  const L = `/api/v1/meetings/${m.id}/leaves`;
  // bad input and the wrong people: nothing is written
  assertError(await c.member1.post(L, {}), 422, 'invalid_field', 'reason');
  assertError(await c.member1.post(L, { reason: '' }), 422, 'invalid_field', 'reason');
  assertError(await c.member1.post(L, { reason: 'x'.repeat(501) }), 422, 'invalid_field', 'reason');
  assertError(await c.member1.post(L, { reason: '出差', days: 2 }), 422, 'invalid_field');
  assertError(await c.gansu.post(L, { reason: '出差' }), 403);
  assertError(await c.viewer.post(L, { reason: '出差' }), 403);
  assert.equal((await c.gansu.get(L)).json.total, 0);

  const staffBefore = (await notes(c.gansu, 'meeting_leave')).length;
  // twice at once: one request, the second 409
  const both = await Promise.all([0, 1].map(() => c.member1.post(L, { reason: '赴京参加全国政协专题调研' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  const leave = both.find((r) => r.status === 201).json;
  assert.equal(leave.status, 'requested');
  assert.equal(leave.status_label, '待审批');
  assert.equal(leave.member_id, c.member1.user.member_id);
  assert.equal(leave.reason, '赴京参加全国政协专题调研');
  assertError(await c.member1.post(L, { reason: '再请一次' }), 409, 'conflict');
  // the staff are told of it; the member reads its own, the staff every one
  const sn = await notes(c.gansu, 'meeting_leave');
  assert.equal(sn.length, staffBefore + 1);
  assert.equal(sn[0].link, `/meetings/${m.id}?tab=leave`);
  assert.match(sn[0].body, /请假测试会议/);
  assert.equal((await c.member1.get(L)).json.total, 1);
  assert.equal((await c.member2.get(L)).json.total, 0, 'member2 does not read member1 leave');
  assert.equal((await c.gansu.get(`${L}?status=requested`)).json.total, 1);
  assertError(await c.gansu.get(`${L}?status=maybe`), 422, 'invalid_field', 'status');
  const d = (await c.member1.get(`/api/v1/meetings/${m.id}`)).json;
  assert.equal(d.mine.leave, 'requested');
  assert.equal(d.counts.leave_requested, 1);

  // a member neither decides nor withdraws another's; staff do not withdraw it
  assertError(await c.member1.post(`${L}/${leave.id}/approve`, {}), 403);
  assertError(await c.member2.post(`${L}/${leave.id}/withdraw`, {}), 404);
  assertError(await c.gansu.post(`${L}/${leave.id}/withdraw`, {}), 403);
  assertError(await c.gansu.post(`${L}/${leave.id}/refuse`, {}), 422, 'invalid_field', 'note');
  assertError(await c.gansu.post(`${L}/999999/approve`, {}), 404);

  // approve and refuse at once: one wins, the other finds it decided (409)
  const memberBefore = (await notes(c.member1, 'meeting_leave_decided')).length;
  const race = await Promise.all([
    c.gansu.post(`${L}/${leave.id}/approve`, { note: '同意' }),
    c.gansu.post(`${L}/${leave.id}/approve`, { note: '同意' }),
    c.gansu.post(`${L}/${leave.id}/refuse`, { note: '会议重要，请安排参加' }),
  ]);
  assert.deepEqual(race.map((r) => r.status).sort(), [200, 409, 409]);
  for (const r of race.filter((x) => x.status === 409)) assert.equal(r.json.error.code, 'wrong_state');
  const won = race.find((r) => r.status === 200).json;
  const mn = await notes(c.member1, 'meeting_leave_decided');
  assert.equal(mn.length, memberBefore + 1, 'the member is told once');
  assert.equal(mn[0].link, `/m/meetings/${m.id}`);
  assert.equal(mn[0].title, won.status === 'approved' ? '请假已批准' : '请假未获批准');
  // the timeline has the request and the one decision
  const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items;
  const leaveEvents = tl.filter((e) => e.action.startsWith('leave_'));
  assert.deepEqual(leaveEvents.map((e) => e.action),
    ['leave_request', won.status === 'approved' ? 'leave_approve' : 'leave_refuse']);
  assert.equal(leaveEvents[0].action_label, '请假');
  // the state's words are the label table's
  const labels = (await c.member1.get('/api/v1/labels')).json['meeting.leave_state'];
  assert.equal(labels.find((x) => x.name === won.status).zh, won.status_label);
  assert.deepEqual(labels.map((x) => x.name), ['requested', 'approved', 'refused', 'withdrawn']);
  // a decided request is not withdrawn
  assertError(await c.member1.post(`${L}/${leave.id}/withdraw`, {}), 409, 'wrong_state');
});

test('leave: refused then asked again, withdrawn; approved is final; none once the meeting closed', async () => {
  const m = await meeting('请假规则会议');
  const L = `/api/v1/meetings/${m.id}/leaves`;
  let r = await c.member2.post(L, { reason: '身体不适' });
  assertStatus(r, 201, 'ask');
  const first = r.json;
  r = await c.gansu.post(`${L}/${first.id}/refuse`, { note: '请提供证明' });
  assertStatus(r, 200, 'refuse');
  assert.equal(r.json.status, 'refused');
  assert.equal(r.json.status_label, '不予准假');
  assert.equal(r.json.note, '请提供证明');
  assert.equal(r.json.decided_by_name.length > 0, true);
  // after a refusal the member may ask again (the rule of meeting_leave.c)
  r = await c.member2.post(L, { reason: '身体不适，已附医院证明' });
  assertStatus(r, 201, 'ask again');
  const second = r.json;
  // and withdraw it while it waits; twice at once: one effect
  const w = await Promise.all([0, 1].map(() => c.member2.post(`${L}/${second.id}/withdraw`, {})));
  assert.deepEqual(w.map((x) => x.status).sort(), [200, 409]);
  assert.equal((await c.member2.get(L)).json.items.find((x) => x.id === second.id).status, 'withdrawn');
  assertError(await c.gansu.post(`${L}/${second.id}/approve`, {}), 409, 'wrong_state');
  // a third, approved: then no other request (the leave stands)
  r = await c.member2.post(L, { reason: '临时公务' });
  assertStatus(r, 201, 'third');
  assertStatus(await c.gansu.post(`${L}/${r.json.id}/approve`, {}), 200, 'approve');
  assertError(await c.member2.post(L, { reason: '再请' }), 409, 'conflict');
  assert.deepEqual((await c.member2.get(L)).json.items.map((x) => x.status), ['approved', 'withdrawn', 'refused']);
  assert.equal((await c.member2.get(`/api/v1/meetings/${m.id}`)).json.mine.leave, 'approved');
  // in session a member still asks; once closed nobody asks or decides
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {}), 200, 'open');
  r = await c.member1.post(L, { reason: '会中临时请假' });
  assertStatus(r, 201, 'in session');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/close`, {}), 200, 'close');
  assertError(await c.gansu.post(`${L}/${r.json.id}/approve`, {}), 409, 'wrong_state');
  assertError(await c.member1.post(`${L}/${r.json.id}/withdraw`, {}), 409, 'wrong_state');
  assertError(await c.member1.post(L, { reason: '会后' }), 409, 'wrong_state');
  // a draft takes no leave (its invitees do not see it: 404)
  const d = await meeting('筹备中的会议', { notify: false });
  assertError(await c.member1.post(`/api/v1/meetings/${d.id}/leaves`, { reason: '出差' }), 404);
  // a member not invited: 404
  const o = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'other', title: '未邀请的会议',
    starts_at: '2026-12-23T09:00:00+08:00', ends_at: '2026-12-23T12:00:00+08:00',
  });
  await c.gansu.post(`/api/v1/meetings/${o.json.id}/invitees`, { member_ids: [c.member2.user.member_id] });
  await c.gansu.post(`/api/v1/meetings/${o.json.id}/notify`, {});
  assertError(await c.member1.post(`/api/v1/meetings/${o.json.id}/leaves`, { reason: '出差' }), 404);
  // another committee's staff neither see nor decide
  assertError(await c.lanzhou.get(L), 404);
});

test('the workbench: leave to decide and notices to confirm are the totals of the lists they open', async () => {
  const wb = async (cl) => Object.fromEntries((await cl.get('/api/v1/workbench')).json.items.map((e) => [e.key, e]));
  const m = await meeting('工作台测试会议');
  let g = await wb(c.gansu);
  const requested = (await c.gansu.get('/api/v1/meetings/leaves?status=requested&limit=1')).json.total;
  assert.equal(g['meeting.leave_to_decide'].count, requested);
  assert.equal(g['meeting.leave_to_decide'].link, '/meetings/leaves?status=requested');
  let w1 = await wb(c.member1);
  const toReply = w1['meeting.to_reply'].count;
  const mine = (await c.member1.get('/api/v1/meetings/mine?todo=reply')).json;
  assert.equal(mine.total, toReply);
  assert.ok(mine.items.some((x) => x.id === m.id && x.reply === 'pending' && x.reply_label === '未回复'));
  assert.equal(w1['meeting.to_reply'].m_link, '/meetings?todo=reply');
  // asking for leave takes the notice off the list to confirm, and puts one on the staff's
  const r = await c.member1.post(`/api/v1/meetings/${m.id}/leaves`, { reason: '出差' });
  assertStatus(r, 201, 'ask');
  assert.equal((await wb(c.member1))['meeting.to_reply'].count, toReply - 1);
  assert.equal((await wb(c.gansu))['meeting.leave_to_decide'].count, requested + 1);
  assert.equal((await wb(c.lanzhou))['meeting.leave_to_decide'].count,
    (await c.lanzhou.get('/api/v1/meetings/leaves?status=requested&limit=1')).json.total, 'a city counts its own');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/leaves/${r.json.id}/approve`, {}), 200, 'approve');
  assert.equal((await wb(c.gansu))['meeting.leave_to_decide'].count, requested);
  // member2 confirms: one fewer to confirm
  w1 = await wb(c.member2);
  assertStatus(await c.member2.post(`/api/v1/meetings/${m.id}/reply`, { reply: 'attend' }), 200, 'reply');
  assert.equal((await wb(c.member2))['meeting.to_reply'].count, w1['meeting.to_reply'].count - 1);
  // the lists' filters refuse what they do not know; a member does not read the staff's
  assertError(await c.member1.get('/api/v1/meetings/mine?todo=later'), 422, 'invalid_field', 'todo');
  assertError(await c.member1.get('/api/v1/meetings/leaves'), 403);
  g = await wb(c.member1);
  assert.equal(g['meeting.documents'].count, (await c.member1.get('/api/v1/meetings/mine?todo=documents')).json.total);
  assert.equal(g['meeting.votes'].count, (await c.member1.get('/api/v1/meetings/mine?todo=votes')).json.total);
});

test('seats: automatic by sector or name, by hand, a taken seat is 409, and the chart PDF', async () => {
  const m = await meeting('座位测试会议', { notify: false });
  const S = `/api/v1/meetings/${m.id}/seats`;
  // the standing members of the province too
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { standing: true }), 200, 'standing');
  await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { role: 'staff', user_ids: [c.lanzhou.user.id] });
  const people = (await c.gansu.get(`/api/v1/meetings/${m.id}/invitees?limit=1000`)).json.items.filter((i) => i.role !== 'staff');
  const n = people.length;
  assert.ok(n >= 3);
  // no hall yet; then one too small; bad input
  assertError(await c.gansu.post(S + '/auto', {}), 422, 'invalid_field', 'rows');
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/seat-chart`), 409, 'wrong_state');
  assertError(await c.gansu.post(S + '/auto', { rows: 1, cols: n - 1 }), 422, 'invalid_field', 'rows');
  assertError(await c.gansu.post(S + '/auto', { by: 'age', rows: 5, cols: 5 }), 422, 'invalid_field', 'by');
  assertError(await c.gansu.post(S + '/auto', { rows: 0, cols: 5 }), 422, 'invalid_field', 'rows');
  assertError(await c.member1.post(S + '/auto', { rows: 5, cols: 5 }), 403);
  // by sector: every member and attendee seated once, row after row, staff not seated
  const cols = 4, rows = Math.ceil(n / cols) + 1;
  let r = await c.gansu.post(S + '/auto', { by: 'sector', rows, cols });
  assertStatus(r, 200, 'auto');
  let plan = r.json;
  assert.equal(plan.rows, rows);
  assert.equal(plan.cols, cols);
  assert.equal(plan.seated.length, n);
  assert.equal(plan.unseated.length, 0);
  assert.deepEqual(plan.seated.map((x) => (x.row - 1) * cols + x.no - 1), [...Array(n).keys()], 'front rows first');
  // members of one sector sit together: each sector's seats are one run
  const runs = plan.seated.map((x) => x.sector).filter((v, k, a) => k === 0 || a[k - 1] !== v);
  assert.equal(new Set(runs).size, runs.length, 'a sector is not split');
  // by name: sorted by the names
  r = await c.gansu.post(S + '/auto', { by: 'name' });
  plan = r.json;
  const names = plan.seated.map((x) => x.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // by hand: the first two swap; a seat someone holds is 409; outside the hall 422
  const [a, b] = plan.seated;
  r = await c.gansu.request('PUT', S, { body: { seats: [{ invitee_id: a.invitee_id, row: b.row, no: b.no },
    { invitee_id: b.invitee_id, row: a.row, no: a.no }] } });
  assertStatus(r, 200, 'swap');
  assert.equal(r.json.seated[0].invitee_id, b.invitee_id);
  const third = r.json.seated[2];
  assertError(await c.gansu.request('PUT', S, { body: { seats: [{ invitee_id: a.invitee_id, row: third.row, no: third.no }] } }),
    409, 'conflict', 'seats');
  assertError(await c.gansu.request('PUT', S, { body: { seats: [{ invitee_id: a.invitee_id, row: rows + 1, no: 1 }] } }),
    422, 'invalid_field', 'seats');
  assertError(await c.gansu.request('PUT', S, { body: { seats: [{ invitee_id: 999999, row: 1, no: 1 }] } }),
    422, 'invalid_field', 'seats');
  assertError(await c.gansu.request('PUT', S, { body: { seats: [] } }), 422, 'invalid_field', 'seats');
  // nothing changed by the refused ones
  assert.deepEqual((await c.gansu.get(S)).json.seated.map((x) => x.invitee_id), r.json.seated.map((x) => x.invitee_id));
  // the last row is free: move one there, and clear another's seat
  r = await c.gansu.request('PUT', S, { body: { seats: [{ invitee_id: a.invitee_id, row: rows, no: cols },
    { invitee_id: third.invitee_id, row: null, no: null }] } });
  assertStatus(r, 200, 'move');
  assert.equal(r.json.unseated.length, 1);
  assert.equal(r.json.unseated[0].invitee_id, third.invitee_id);
  // the member sees its own seat in the meeting
  await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {});
  const own = r.json.seated.find((x) => x.name === c.member1.user.display_name) ||
    r.json.seated.find((x) => people.find((p) => p.id === x.invitee_id)?.member_id === c.member1.user.member_id);
  const mine = (await c.member1.get(`/api/v1/meetings/${m.id}`)).json.mine;
  if (own) assert.deepEqual([mine.seat_row, mine.seat_no], [own.row, own.no]);
  // the chart: a job whose PDF holds the title, the grid and the list
  const res = await exportFile(c.gansu, `/api/v1/meetings/${m.id}/seat-chart`);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const text = await pdfText(Buffer.from(await res.arrayBuffer()));
  assert.ok(text.includes('座位测试会议座位图'), 'the title');
  assert.ok(text.includes(`会场共${rows}排，每排${cols}座；已安排${n - 1}人，未安排1人`), 'the summary');
  assert.ok(text.includes('座次表'));
  for (const x of r.json.seated.slice(0, 5)) assert.ok(text.includes(x.name), `${x.name} on the chart`);
  assert.ok(text.includes(`第${rows}排第${cols}座`), 'the moved seat in the list');
  // a member does not print it; the timeline holds the seating
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/seat-chart`), 403);
  const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items.filter((e) => e.action === 'seat');
  assert.equal(tl.length, 4);
  assert.equal(tl[0].action_label, '排座');
  // closed: seats do not change
  await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {});
  await c.gansu.post(`/api/v1/meetings/${m.id}/close`, {});
  assertError(await c.gansu.post(S + '/auto', {}), 409, 'wrong_state');
});
