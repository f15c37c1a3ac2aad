// tests/api/proposal_races.test.mjs: every action of a proposal's life asked twice (or four
// times) at the same moment, from separate logged-in clients of the account allowed to take it
// (a double click, two clerks of the proposal office), is done once.
//
// Each step loads the proposal and checks its state and who may act under the row's write
// lock (src/entity/flow.c), so one request does the step (200) and the others answer 409 in
// the error envelope (wrong_state, or conflict when the state stays and the step's own guard
// refuses). For each action the test drives a fresh proposal to the state just before it and
// checks there is one of what the step makes: one timeline event, one case number and no gap in
// the session's serials, one signer's confirmation, one assignment or acceptance, one reply,
// one rating, one extension, one notification where the step notifies. The actions that raced
// before the steps took the lock (file, cosign) are raced for several rounds.
//
// Not raced: consult. A consultation (面商) is a record added each time the office meets the
// proposers, so two requests rightly make two records; there is no "once" to check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, sql } from './lib/server.mjs';
import { assertStatus, committeeId, replyLetter } from './lib/util.mjs';

const ROUNDS = 5;
const ACCOUNTS = ['member1', 'member2', 'tiban', 'jiaoyu', 'weijian'];
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

let s, prov, session, jy, wj, m1, m2, m3;
const many = {}; // many[account]: four clients, each with its own session
const c = {}; // c[account]: the first of them
let lastSerial = 0; // the case number the session gave last
let seq = 0;

before(async () => {
  // a server of its own with four loop threads, so that the requests really run side by side
  s = await startServer({ contact: false, proposals: false, threads: 4 });
  for (const u of ACCOUNTS) {
    many[u] = await Promise.all([1, 2, 3, 4].map(() => as(s, u)));
    c[u] = many[u][0];
  }
  c.admin = await as(s, 'admin');
  prov = await committeeId(c.admin, '甘肃省政协');
  const list = (await c.tiban.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items;
  const units = Object.fromEntries(list.map((u) => [u.name, u.id]));
  jy = units['甘肃省教育厅'];
  wj = units['甘肃省卫生健康委员会'];
  assert.ok(jy && wj);
  assert.equal(c.jiaoyu.user.unit_id, jy);
  assert.equal(c.weijian.user.unit_id, wj);
  m1 = c.member1.user.member_id;
  m2 = c.member2.user.member_id;
  // a third member of the committee, without an account: a co-signer who never answers
  m3 = Number(sql(s.db, `SELECT MIN(id) FROM members WHERE committee_id = ${prov} AND status = 'active' AND id NOT IN (${m1}, ${m2})`));
  assert.ok(m3 > 0);
  const r = await c.tiban.post('/api/v1/proposal-sessions', { name: '十三届五次会议', committee_id: prov,
    year: Number(today.slice(0, 4)), opens_on: shift(-10), closes_on: shift(10) });
  assertStatus(r, 201, 'session');
  session = r.json;
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

// ---- helpers ---------------------------------------------------------------------------------

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
const get = async (id) => (await c.tiban.get(`/api/v1/proposals/${id}`)).json;

/** The same action sent by n clients of account at the same moment. */
const race = (account, id, action, body = {}, n = 2) =>
  Promise.all(many[account].slice(0, n).map((cl) => act(cl, id, action, body)));

const show = (rs) => rs.map((r) => `${r.status} ${r.text.slice(0, 160)}`).join('\n');

/**
 * Asserts one response is 200 and every other one `status` with an error code of `codes`;
 * returns the one that did the step.
 */
function once(rs, { status = 409, codes = ['wrong_state', 'conflict'] } = {}) {
  assert.deepEqual(rs.map((r) => r.status).sort((a, b) => a - b), [200, ...rs.slice(1).map(() => status)],
    `done once:\n${show(rs)}`);
  for (const r of rs.filter((x) => x.status !== 200)) {
    assert.ok(r.json && r.json.error, `error envelope expected: ${r.text}`);
    assert.ok(codes.includes(r.json.error.code), `code ${r.json.error.code} not in ${codes}: ${r.text}`);
  }
  return rs.find((r) => r.status === 200);
}

/** The timeline events of the proposal named action. */
async function events(id, action) {
  const r = await c.tiban.get(`/api/v1/proposals/${id}/timeline`);
  assertStatus(r, 200, 'timeline');
  return r.json.items.filter((e) => e.action === action);
}

/** How many of account's notifications of kind name the proposal titled title. */
async function told(account, kind, title) {
  const r = await c[account].get('/api/v1/notifications?limit=200');
  assertStatus(r, 200, 'notifications');
  return r.json.items.filter((n) => n.kind === kind && n.body.includes(`《${title}》`)).length;
}

const count = (text) => Number(sql(s.db, text));

/** A draft of member1 (kind joint with co-signers when given); returns {id, title}. */
async function draft(label, cosigners = null) {
  const title = `关于并发测试${++seq}（${label}）的提案`;
  const r = await c.member1.post('/api/v1/proposals', { title, category: '教育科技', committee_id: prov,
    facts: '事实。', analysis: '分析。', suggestions: '一是加大投入；二是完善制度。', ...(cosigners ? { kind: 'joint' } : {}) });
  assertStatus(r, 201, 'draft');
  if (cosigners)
    assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${r.json.id}/cosigners`, { body: { member_ids: cosigners } }), 200, 'cosigners');
  return { id: r.json.id, title };
}

/** A step taken once, on its own; returns the detail. */
async function step(account, id, action, body = {}, status) {
  const r = await act(c[account], id, action, body);
  assertStatus(r, 200, `${action} by ${account}`);
  if (status) assert.equal(r.json.status, status, action);
  return r.json;
}

/** Submitted (a joint proposal co-signed by member2 when joint). */
async function submitted(label, joint = false) {
  const p = await draft(label, joint ? [m2] : null);
  if (joint) {
    await step('member1', p.id, 'submit', {}, 'cosigning');
    await step('member2', p.id, 'cosign', { accept: true }, 'submitted');
  } else await step('member1', p.id, 'submit', {}, 'submitted');
  return p;
}

/** Filed, checking it took the session's next case number. */
async function filed(label, joint = false) {
  const p = await submitted(label, joint);
  const d = await step('tiban', p.id, 'file', {}, 'filed');
  assert.equal(d.serial, ++lastSerial, 'the next case number');
  return p;
}

/** Assigned to 教育厅 leading (with 卫健委 co-handling when co). */
async function assigned(label, { co = true, joint = false } = {}) {
  const p = await filed(label, joint);
  await step('tiban', p.id, 'assign', { mode: 'lead', lead_unit_id: jy, ...(co ? { co_unit_ids: [wj] } : {}) }, 'assigned');
  return p;
}

/** In handling: every assigned unit accepted. */
async function handling(label, opts = {}) {
  const p = await assigned(label, opts);
  await step('jiaoyu', p.id, 'accept');
  if (opts.co ?? true) await step('weijian', p.id, 'accept');
  assert.equal((await get(p.id)).status, 'handling');
  return p;
}

/** The lead's live assignment. */
async function leadAssignment(id) {
  return (await get(id)).assignments.find((a) => a.role === 'lead' && a.status !== 'withdrawn');
}

/** Replied: the lead alone replied and the office approved the reply. */
async function replied(label, joint = false) {
  const p = await handling(label, { co: false, joint });
  await step('jiaoyu', p.id, 'reply', { category: 'A', text: '已落实。', ...await replyLetter(c.jiaoyu) });
  await step('tiban', p.id, 'approve-reply', { assignment_id: (await leadAssignment(p.id)).id }, 'replied');
  return p;
}

// ---- review ------------------------------------------------------------------------------------

test('submit twice at once: submitted once, the office told once; a joint one invites once', async () => {
  const p = await draft('提交');
  const r = once(await race('member1', p.id, 'submit'));
  assert.equal(r.json.status, 'submitted');
  assert.equal((await events(p.id, 'submit')).length, 1, 'one submit event');
  assert.equal(await told('tiban', 'proposal_submitted', p.title), 1, 'the office told once');

  const j = await draft('联名提交', [m2]);
  const rj = once(await race('member1', j.id, 'submit'));
  assert.equal(rj.json.status, 'cosigning');
  assert.equal((await events(j.id, 'submit')).length, 1, 'one submit event');
  assert.equal(await told('member2', 'proposal_cosign', j.title), 1, 'the co-signer invited once');
  assert.equal(await told('tiban', 'proposal_submitted', j.title), 0, 'not yet for review');
});

test(`cosign four times at once, ${ROUNDS} rounds: one confirmation, co-signing ends once, the office told once`, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await draft(`联名确认第${round}轮`, [m2]);
    await step('member1', p.id, 'submit', {}, 'cosigning');
    // the last invited answers: co-signing ends, so the late ones find it submitted
    const r = once(await race('member2', p.id, 'cosign', { accept: true }, 4), { codes: ['wrong_state'] });
    assert.equal(r.json.status, 'submitted', `round ${round}`);
    assert.deepEqual(r.json.signers.map((x) => [x.member_id, x.status]), [[m1, 'confirmed'], [m2, 'confirmed']]);
    assert.equal(count(`SELECT COUNT(*) FROM proposal_signers WHERE proposal_id = ${p.id} AND status = 'confirmed'`), 2);
    assert.equal((await events(p.id, 'cosign')).length, 1, `one cosign event, round ${round}`);
    assert.equal(await told('tiban', 'proposal_submitted', p.title), 1, `the office told once, round ${round}`);
  }
});

test(`cosign four times at once while another co-signer is still invited, ${ROUNDS} rounds: one confirmation (the late ones are no longer invited: 403)`, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await draft(`联名未完第${round}轮`, [m2, m3]);
    await step('member1', p.id, 'submit', {}, 'cosigning');
    // the state stays cosigning, so the state check lets both through; the re-check of who
    // may act under the lock finds member2 confirmed already, which the API answers as it
    // answers any member who is not an invited co-signer: 403 forbidden, not 409
    const r = once(await race('member2', p.id, 'cosign', { accept: true }, 4), { status: 403, codes: ['forbidden'] });
    assert.equal(r.json.status, 'cosigning');
    assert.deepEqual(r.json.signers.map((x) => [x.member_id, x.status]).sort(),
      [[m1, 'confirmed'], [m2, 'confirmed'], [m3, 'invited']].sort());
    assert.equal((await events(p.id, 'cosign')).length, 1, `one cosign event, round ${round}`);
    assert.equal(await told('tiban', 'proposal_submitted', p.title), 0);
  }
});

test('close-cosigning twice at once by the office: submitted once, the office not told of its own step', async () => {
  const p = await draft('结束联名', [m2, m3]);
  await step('member1', p.id, 'submit', {}, 'cosigning');
  await step('member2', p.id, 'cosign', { accept: true }, 'cosigning');
  const r = once(await race('tiban', p.id, 'close-cosigning'), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'submitted');
  assert.equal((await events(p.id, 'close-cosigning')).length, 1, 'one event');
  // the office closed it itself: nobody is told of its own step (issue 18), not even once per try
  assert.equal(await told('tiban', 'proposal_submitted', p.title), 0, 'the office took the step');
});

test('withdraw twice at once: withdrawn once', async () => {
  for (const joint of [false, true]) {
    const p = joint ? await draft('撤回联名', [m2, m3]) : await submitted('撤回');
    if (joint) await step('member1', p.id, 'submit', {}, 'cosigning');
    const r = once(await race('member1', p.id, 'withdraw', { note: '不再提出' }), { codes: ['wrong_state'] });
    assert.equal(r.json.status, 'withdrawn');
    assert.equal((await events(p.id, 'withdraw')).length, 1, 'one withdraw event');
  }
});

test('return twice at once: returned once, the proposer told once', async () => {
  const p = await submitted('退回', true);
  const r = once(await race('tiban', p.id, 'return', { note: '请补充数据' }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'returned');
  assert.equal((await events(p.id, 'return')).length, 1, 'one return event');
  assert.equal(await told('member1', 'proposal_returned', p.title), 1, 'member1 told once');
  assert.equal(await told('member2', 'proposal_returned', p.title), 1, 'member2 told once');
  // and submitted again, twice at once: once
  once(await race('member1', p.id, 'submit'), { codes: ['wrong_state'] });
  assert.equal((await events(p.id, 'submit')).length, 2, 'the first submission and one more');
});

test(`file four times at once, ${ROUNDS} rounds: one case number each, the session's serials without gaps`, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await submitted(`立案第${round}轮`, round % 2 === 0);
    const r = once(await race('tiban', p.id, 'file', { note: '符合立案要求' }, 4), { codes: ['wrong_state'] });
    assert.equal(r.json.status, 'filed');
    assert.equal(r.json.serial, ++lastSerial, `round ${round}: the next case number, no gap`);
    const ev = await events(p.id, 'file');
    assert.equal(ev.length, 1, `one file event, round ${round}`);
    assert.equal(ev[0].data.serial, lastSerial);
    assert.equal(await told('member1', 'proposal_filed', p.title), 1, `the proposer told once, round ${round}`);
    if (round % 2 === 0) assert.equal(await told('member2', 'proposal_filed', p.title), 1, 'the co-signer told once');
    assert.equal(count(`SELECT next_serial FROM proposal_sessions WHERE id = ${session.id}`), lastSerial + 1,
      'the session gave out one number');
    assert.equal(count(`SELECT COUNT(*) FROM proposals WHERE session_id = ${session.id} AND serial = ${lastSerial}`), 1,
      'one proposal with the number');
  }
  // the next proposal filed on its own gets the next number
  await filed('立案之后');
  // two different proposals filed at the same moment get two consecutive numbers
  const a = await submitted('同时立案甲'), b = await submitted('同时立案乙');
  const [ra, rb] = await Promise.all([act(many.tiban[0], a.id, 'file'), act(many.tiban[1], b.id, 'file')]);
  assertStatus(ra, 200, 'file a');
  assertStatus(rb, 200, 'file b');
  assert.deepEqual([ra.json.serial, rb.json.serial].sort((x, y) => x - y), [lastSerial + 1, lastSerial + 2]);
  lastSerial += 2;
  assert.equal(count(`SELECT COUNT(DISTINCT serial) FROM proposals WHERE session_id = ${session.id} AND serial IS NOT NULL`), lastSerial);
  assert.equal(count(`SELECT MAX(serial) FROM proposals WHERE session_id = ${session.id}`), lastSerial);
});

test('merge twice at once: merged once, the proposer told once', async () => {
  const a = await submitted('并入的'), b = await submitted('并案');
  const r = once(await race('tiban', b.id, 'merge', { into: a.id, note: '同一事项' }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'merged');
  assert.equal(r.json.merged_into, a.id);
  assert.equal((await events(b.id, 'merge')).length, 1, 'one merge event');
  assert.equal(await told('member1', 'proposal_merged', b.title), 1, 'told once');
});

test('reject twice at once: not filed once, the proposer told once; convert twice at once: one report', async () => {
  const p = await submitted('不予立案');
  let r = once(await race('tiban', p.id, 'reject', { reason: 8 }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'not_filed');
  assert.equal((await events(p.id, 'reject')).length, 1, 'one reject event');
  assert.equal(await told('member1', 'proposal_not_filed', p.title), 1, 'told once');
  assert.equal(r.json.serial ?? null, null, 'no case number');

  // the state stays not_filed: the step's own guard (converted once) refuses the late one
  r = once(await race('tiban', p.id, 'convert', { to: 'report', note: '转社情民意' }), { codes: ['conflict'] });
  assert.equal(r.json.converted_to, 'report');
  assert.equal((await events(p.id, 'convert')).length, 1, 'one convert event');
  assert.equal(count(`SELECT COUNT(*) FROM reports WHERE proposal_id = ${p.id}`), 1, 'one report made');
  assert.equal(await told('member1', 'proposal_converted', p.title), 1, 'told once');
});

// ---- assignment and handling --------------------------------------------------------------------

test('assign twice at once: one set of assignments, each unit told once; again after an objection: once', async () => {
  const p = await filed('交办');
  const body = { mode: 'lead', lead_unit_id: jy, co_unit_ids: [wj] };
  let r = once(await race('tiban', p.id, 'assign', body), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'assigned');
  assert.deepEqual(r.json.assignments.map((a) => [a.unit_id, a.role, a.status]), [[jy, 'lead', 'assigned'], [wj, 'co', 'assigned']]);
  assert.equal(count(`SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ${p.id}`), 2, 'two assignments');
  assert.equal((await events(p.id, 'assign')).length, 1, 'one assign event');
  assert.equal(await told('jiaoyu', 'proposal_assigned', p.title), 1, 'the lead told once');
  assert.equal(await told('weijian', 'proposal_assigned', p.title), 1, 'the co-unit told once');

  // 卫健委 objects; the office assigns again twice at once
  await step('weijian', p.id, 'object', { reason: '职责不涉及' });
  r = once(await race('tiban', p.id, 'assign', body), { codes: ['wrong_state'] });
  assert.deepEqual(r.json.assignments.filter((a) => a.status !== 'withdrawn').map((a) => [a.unit_id, a.status]),
    [[jy, 'assigned'], [wj, 'assigned']]);
  assert.equal(count(`SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ${p.id}`), 3, 'one new assignment');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ${p.id} AND status <> 'withdrawn'`), 2);
  assert.equal((await events(p.id, 'assign')).length, 2, 'one more assign event');
  assert.equal(await told('weijian', 'proposal_assigned', p.title), 2, 'the co-unit told once more');
  assert.equal(await told('jiaoyu', 'proposal_assigned', p.title), 1, 'the lead keeps its assignment');
});

test('accept twice at once, by each unit: one acceptance each, handling begins once', async () => {
  const p = await assigned('签收');
  let r = once(await race('jiaoyu', p.id, 'accept'), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'assigned', 'the co-unit still to accept');
  assert.equal((await events(p.id, 'accept')).length, 1, 'one accept event');
  r = once(await race('weijian', p.id, 'accept'), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'handling');
  assert.equal((await events(p.id, 'accept')).length, 2, 'one accept event each');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_assignments WHERE proposal_id = ${p.id} AND status = 'accepted'`), 2);
});

test('object twice at once: one objection, the office told once', async () => {
  const p = await assigned('异议');
  const r = once(await race('weijian', p.id, 'object', { reason: '本单位职责不涉及' }), { codes: ['wrong_state'] });
  assert.equal(r.json.assignments.find((a) => a.unit_id === wj).status, 'objected');
  assert.equal((await events(p.id, 'object')).length, 1, 'one object event');
  assert.equal(await told('tiban', 'proposal_objection', p.title), 1, 'the office told once');
});

// The same views given again are refused (409 conflict): a double click tells the lead once;
// changed views may still be given.
test('view twice at once: one view, the lead told once', async () => {
  const p = await handling('会办意见');
  once(await race('weijian', p.id, 'view', { text: '建议同步完善学校卫生室' }), { codes: ['conflict'] });
  assert.equal((await events(p.id, 'view')).length, 1, 'one view event');
  assert.equal(await told('jiaoyu', 'proposal_view', p.title), 1, 'the lead told once');
});

test('reply twice at once: one reply, the office told once', async () => {
  const p = await handling('答复');
  const r = once(await race('jiaoyu', p.id, 'reply', { category: 'B', text: '已列入明年计划。', ...await replyLetter(c.jiaoyu) }), { codes: ['conflict'] });
  const lead = r.json.assignments.find((a) => a.unit_id === jy);
  assert.equal(lead.reply_status, 'submitted');
  assert.equal((await events(p.id, 'reply')).length, 1, 'one reply event');
  assert.equal(await told('tiban', 'proposal_reply', p.title), 1, 'the office told once');
});

// A unit countersigns the lead's reply once (409 conflict after).
test('countersign twice at once: one countersignature', async () => {
  const p = await handling('会签');
  await step('jiaoyu', p.id, 'reply', { category: 'B', text: '已列入明年计划。', ...await replyLetter(c.jiaoyu) });
  once(await race('weijian', p.id, 'countersign'), { codes: ['conflict'] });
  assert.equal((await events(p.id, 'countersign')).length, 1, 'one countersign event');
});

test('approve-reply twice at once: approved once, replied once, the proposers told once', async () => {
  const p = await handling('审核答复', { joint: true });
  await step('jiaoyu', p.id, 'reply', { category: 'A', text: '已落实。', ...await replyLetter(c.jiaoyu) });
  await step('weijian', p.id, 'countersign');
  const aid = (await leadAssignment(p.id)).id;
  const r = once(await race('tiban', p.id, 'approve-reply', { assignment_id: aid }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'replied');
  assert.equal((await events(p.id, 'approve-reply')).length, 1, 'one approve-reply event');
  assert.equal(await told('member1', 'proposal_replied', p.title), 1, 'member1 told once');
  assert.equal(await told('member2', 'proposal_replied', p.title), 1, 'member2 told once');
});

test('return-reply twice at once: returned once, the unit told once', async () => {
  const p = await handling('退回答复', { co: false });
  await step('jiaoyu', p.id, 'reply', { category: 'C', text: '留作参考。', ...await replyLetter(c.jiaoyu) });
  const aid = (await leadAssignment(p.id)).id;
  const r = once(await race('tiban', p.id, 'return-reply', { assignment_id: aid, note: '请补充措施' }), { codes: ['wrong_state'] });
  assert.equal(r.json.assignments.find((a) => a.id === aid).reply_status, 'returned');
  assert.equal((await events(p.id, 'return-reply')).length, 1, 'one return-reply event');
  assert.equal(await told('jiaoyu', 'proposal_reply_returned', p.title), 1, 'the unit told once');
});

test('extend twice at once: one extension request, the office told once; decide-extension twice at once: the deadline moves once', async () => {
  const p = await handling('延期');
  let r = once(await race('jiaoyu', p.id, 'extend', { days: 30, reason: '需要与财政部门协调' }), { codes: ['conflict'] });
  const mine = r.json.assignments.find((a) => a.unit_id === jy);
  assert.equal(mine.extensions.length, 1, 'one request');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_extensions WHERE assignment_id = ${mine.id}`), 1, 'one extension row');
  assert.equal((await events(p.id, 'extend')).length, 1, 'one extend event');
  assert.equal(await told('tiban', 'proposal_extension', p.title), 1, 'the office told once');

  const was = Date.parse(mine.deadline_at);
  r = once(await race('tiban', p.id, 'decide-extension', { extension_id: mine.extensions[0].id, approve: true }), { codes: ['conflict'] });
  const now = Date.parse(r.json.assignments.find((a) => a.unit_id === jy).deadline_at);
  assert.equal(now - was, 30 * 86400e3, 'thirty days once, not twice');
  assert.equal((await events(p.id, 'decide-extension')).length, 1, 'one decide-extension event');
  assert.equal(await told('jiaoyu', 'proposal_extension_decided', p.title), 1, 'the unit told once');
});

// ---- rating and closing -------------------------------------------------------------------------

test('rate twice at once: one rating (the sole proposer: closed once; a joint one: the lead decides once)', async () => {
  const p = await replied('评价');
  let r = once(await race('member1', p.id, 'rate', { rating: 'satisfied' }), { codes: ['conflict', 'wrong_state'] });
  assert.equal(r.json.status, 'closed');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${p.id}`), 1, 'one rating');
  assert.equal((await events(p.id, 'rate')).length, 1, 'one rate event');

  // a joint proposal: the lead's rating, twice at once, closes it once; the late one finds the
  // rating there under the lock (conflict)
  const j = await replied('联名评价', true);
  r = once(await race('member1', j.id, 'rate', { rating: 'basically', comment: '' }), { codes: ['conflict'] });
  assert.equal(r.json.status, 'closed', "the lead's rating decides");
  assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${j.id}`), 1, 'one rating');
  assert.equal((await events(j.id, 'rate')).length, 1, 'one rate event');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_events WHERE proposal_id = ${j.id} AND to_status = 'closed' AND from_status = 'replied'`), 1);
  // the co-signer's, twice at once after it: recorded once, still closed
  r = once(await race('member2', j.id, 'rate', { rating: 'satisfied' }), { codes: ['conflict'] });
  assert.equal(r.json.status, 'closed');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${j.id}`), 2, 'one more rating');

  // the lead's unsatisfied, twice at once: handled again once (one new round, each unit told once)
  const u = await replied('联名不满意', true);
  r = once(await race('member1', u.id, 'rate', { rating: 'unsatisfied', comment: '措施不够具体' }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'rehandling');
  assert.equal(r.json.round, 2, 'one new round');
  assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${u.id}`), 1, 'one rating');
  assert.equal((await events(u.id, 'rate')).length, 1, 'one rate event');
  assert.equal(await told('jiaoyu', 'proposal_rehandle', u.title), 1, 'the unit told once');

  // the committee waits for every signer: the lead's rating twice at once is one rating, and the
  // proposal stays replied for the co-signer
  assertStatus(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { rate_all: 1 } }), 200);
  try {
    const w = await replied('联名全体评价', true);
    r = once(await race('member1', w.id, 'rate', { rating: 'satisfied' }, 4), { codes: ['conflict'] });
    assert.equal(r.json.status, 'replied');
    assert.equal(r.json.evaluation.status, 'awaiting_signers');
    assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${w.id}`), 1, 'one rating');
    r = once(await race('member2', w.id, 'rate', { rating: 'basically' }), { codes: ['conflict', 'wrong_state'] });
    assert.equal(r.json.status, 'closed', 'the last signer rated: closed once');
    assert.equal(count(`SELECT COUNT(*) FROM proposal_ratings WHERE proposal_id = ${w.id}`), 2);
    assert.equal((await events(w.id, 'rate')).length, 2, 'one rate event each');
  } finally {
    assertStatus(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { rate_all: null } }), 200);
  }
});

test('close twice at once: closed once', async () => {
  const p = await replied('办结');
  const r = once(await race('tiban', p.id, 'close', { note: '办结' }), { codes: ['wrong_state'] });
  assert.equal(r.json.status, 'closed');
  assert.ok(r.json.closed_at);
  assert.equal((await events(p.id, 'close')).length, 1, 'one close event');
});

// ---- marks ---------------------------------------------------------------------------------------
//
// key and good set a mark (is_key with its leader, is_good with its year) rather than add
// anything: the state stays, and setting the same mark twice is the same as setting it once, so
// both requests may answer 200 (each then recorded as an event). What must hold is the end
// state: the one mark asked for, and no more events than requests that answered 200.

test('key twice at once: the same single mark', async () => {
  const p = await filed('重点');
  const rs = await race('tiban', p.id, 'key', { is_key: true, leader: '王副主席', plan: '每季度调度一次' });
  for (const r of rs) assertStatus(r, 200, 'key');
  const d = await get(p.id);
  assert.equal(d.is_key, true);
  assert.equal(d.key_leader, '王副主席');
  assert.equal(d.status, 'filed');
  assert.equal((await events(p.id, 'key')).length, rs.filter((r) => r.status === 200).length);
});

test('good twice at once: the same single mark', async () => {
  const p = await replied('优秀');
  const year = Number(today.slice(0, 4));
  const rs = await race('tiban', p.id, 'good', { is_good: true, year });
  for (const r of rs) assertStatus(r, 200, 'good');
  const d = await get(p.id);
  assert.equal(d.is_good, true);
  assert.equal(d.good_year, year);
  assert.equal(d.status, 'replied');
  assert.equal((await events(p.id, 'good')).length, rs.filter((r) => r.status === 200).length);
});
