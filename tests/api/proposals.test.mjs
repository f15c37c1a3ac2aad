// tests/api/proposals.test.mjs: a joint proposal from draft to a re-handled, rated reply with
// the accounts of the people who do each step — member1 (first proposer), member2 (co-signer),
// tiban (the proposal office), jiaoyu (lead unit) and weijian (co-handling unit) — checking at
// every step the state, what each may see and do, the refusals (409 naming the current state,
// 403, 422), the timeline and the audit log; then review outcomes, extensions, supervision,
// statistics, search and the XLSX export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, replyLetter } from './lib/util.mjs';

let s;
const c = {};
let prov, units, session;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  s = await startServer({ contact: false, proposals: false }); // the life of proposals on a clean slate
  for (const u of ['admin', 'auditor', 'gansu', 'qilihe', 'viewer', 'member1', 'member2', 'tiban', 'jiaoyu', 'weijian'])
    c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  const list = (await c.gansu.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items;
  units = Object.fromEntries(list.map((u) => [u.name, u.id]));
  assert.ok(units['甘肃省教育厅'] && units['甘肃省卫生健康委员会']);
  const r = await c.tiban.post('/api/v1/proposal-sessions', { name: '十三届五次会议', committee_id: prov,
    year: Number(today.slice(0, 4)), opens_on: shift(-10), closes_on: shift(10) });
  assertStatus(r, 201, 'session');
  session = r.json;
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
const get = async (cl, id) => (await cl.get(`/api/v1/proposals/${id}`)).json;

async function draft(cl, extra = {}) {
  const r = await cl.post('/api/v1/proposals', { title: '关于加强农村寄宿制学校建设的提案', category: '教育科技',
    committee_id: prov, facts: '我省农村寄宿制学校宿舍紧张，生活教师不足。', analysis: '投入不足，编制不够。',
    suggestions: '一是加大投入；二是核定生活教师编制；三是改善食堂条件。', ...extra });
  assertStatus(r, 201, 'draft');
  return r.json;
}

test('a joint proposal: draft, co-signing, review, assignment with an objection, handling, an unsatisfied rating, handling again, closed', async () => {
  const m1 = c.member1.user.member_id, m2 = c.member2.user.member_id;
  const p = await draft(c.member1, { kind: 'joint' });
  assert.equal(p.status, 'draft');
  assert.equal(p.status_label, '草稿');
  assert.equal(p.proposer_id, m1);
  assert.deepEqual(p.signers.map((x) => [x.member_id, x.role, x.status]), [[m1, 'first', 'confirmed']]);
  assert.ok(p.actions.includes('submit') && p.actions.includes('withdraw'));
  const id = p.id;

  // a member finds its co-signers by name without reading the roster
  const cand = await c.member1.get(`/api/v1/proposals/cosigner-candidates?q=${encodeURIComponent(c.member2.user.display_name)}`);
  assertStatus(cand, 200);
  assert.ok(cand.json.items.some((x) => x.id === m2), JSON.stringify(cand.json));
  assert.ok(!cand.json.items.some((x) => x.id === m1), 'not oneself');
  assertError(await c.member1.get('/api/v1/proposals/cosigner-candidates'), 422, 'invalid_field', 'q');
  assertError(await c.jiaoyu.get('/api/v1/proposals/cosigner-candidates?q=王'), 403, 'forbidden');
  // co-signers: only the author, only members of the committee, not the proposer
  assertError(await c.member2.request('PUT', `/api/v1/proposals/${id}/cosigners`, { body: { member_ids: [m2] } }), 404, 'not_found');
  assertError(await c.member1.request('PUT', `/api/v1/proposals/${id}/cosigners`, { body: { member_ids: [m1] } }), 422, 'invalid_field', 'member_ids');
  assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${id}/cosigners`, { body: { member_ids: [m2] } }), 200);
  // the invited co-signer sees the draft
  assertStatus(await c.member2.get(`/api/v1/proposals/${id}`), 200);

  let r = await act(c.member1, id, 'submit');
  assertStatus(r, 200);
  assert.equal(r.json.status, 'cosigning');
  assert.ok(r.json.cosign_deadline);
  assert.equal(r.json.session_id, session.id, 'within the session window');
  assert.equal(r.json.interim, false);
  assertError(await act(c.tiban, id, 'file'), 409, 'wrong_state');
  assertError(await act(c.member1, id, 'cosign', { accept: true }), 403, 'forbidden');
  const n2 = (await c.member2.get('/api/v1/notifications')).json.items.find((x) => x.kind === 'proposal_cosign');
  assert.ok(n2, 'member2 is invited in the app');
  assert.equal(n2.link, `/m/proposals/${id}`, 'a member opens it on the phone pages');
  assertError(await act(c.member2, id, 'cosign', { accept: 'yes' }), 422, 'invalid_field', 'accept');
  r = await act(c.member2, id, 'cosign', { accept: true });
  assert.equal(r.json.status, 'submitted', 'everyone answered: co-signing closes');
  assert.deepEqual(r.json.signers.map((x) => x.status), ['confirmed', 'confirmed']);

  // review: a unit does not see it yet; the county does not see a provincial proposal
  assertError(await c.jiaoyu.get(`/api/v1/proposals/${id}`), 404, 'not_found');
  assertError(await c.qilihe.get(`/api/v1/proposals/${id}`), 404, 'not_found');
  assertError(await act(c.member1, id, 'file'), 403, 'forbidden');
  r = await act(c.tiban, id, 'file', { note: '符合立案要求' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'filed');
  assert.equal(r.json.serial, 1);
  const again = await act(c.tiban, id, 'file');
  assertError(again, 409, 'wrong_state');
  assert.match(again.json.error.message, /已立案/);

  // assignment: lead 教育厅 with 卫健委 co-handling; 卫健委 objects, is assigned again, accepts
  const jy = units['甘肃省教育厅'], wj = units['甘肃省卫生健康委员会'];
  assertError(await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: jy, co_unit_ids: [jy] }), 422, 'invalid_field', 'co_unit_ids');
  assertError(await act(c.tiban, id, 'assign', { mode: 'split', unit_ids: [jy] }), 422, 'invalid_field', 'unit_ids');
  assertError(await act(c.tiban, id, 'assign', { mode: 'somehow' }), 422, 'invalid_field', 'mode');
  r = await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: jy, co_unit_ids: [wj] });
  assert.equal(r.json.status, 'assigned');
  assert.ok(!r.json.actions.includes('assign'), 'no re-assignment offered while no unit objects');
  assert.deepEqual(r.json.assignments.map((a) => [a.unit_id, a.role, a.status]), [[jy, 'lead', 'assigned'], [wj, 'co', 'assigned']]);
  const deadline = Date.parse(r.json.deadline_at);
  assert.ok(deadline > Date.now() + 85 * 86400e3 && deadline < Date.now() + 93 * 86400e3, 'three months');
  assertStatus(await c.jiaoyu.get(`/api/v1/proposals/${id}`), 200);
  assert.deepEqual((await c.jiaoyu.get('/api/v1/proposals')).json.items.map((x) => x.id), [id], 'a unit lists its assignments only');
  assertError(await act(c.weijian, id, 'object', {}), 422, 'invalid_field', 'reason');
  r = await act(c.weijian, id, 'object', { reason: '本单位职责不涉及寄宿制学校建设' });
  assert.equal(r.json.status, 'assigned');
  assertError(await act(c.weijian, id, 'accept'), 409, 'wrong_state');
  assert.ok((await c.tiban.get('/api/v1/notifications')).json.items.some((x) => x.kind === 'proposal_objection'));
  r = await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: jy, co_unit_ids: [wj] });
  assert.deepEqual(r.json.assignments.filter((a) => a.status !== 'withdrawn').map((a) => [a.unit_id, a.status]), [[jy, 'assigned'], [wj, 'assigned']]);
  r = await act(c.jiaoyu, id, 'accept');
  assert.equal(r.json.status, 'assigned', 'one unit still to accept');
  r = await act(c.weijian, id, 'accept');
  assert.equal(r.json.status, 'handling');

  // handling: the co-handler's view, the lead's reply, countersigning, the office's check
  assertError(await act(c.jiaoyu, id, 'view', { text: 'x' }), 403, 'forbidden');
  assertStatus(await act(c.weijian, id, 'view', { text: '建议同步完善学校卫生室' }), 200);
  assertError(await act(c.weijian, id, 'reply', { category: 'A', text: 'x' }), 403, 'forbidden');
  assertError(await act(c.jiaoyu, id, 'reply', { category: 'D', text: '答复' }), 422, 'invalid_field', 'category');
  assert.ok(!(await get(c.weijian, id)).actions.includes('countersign'), 'nothing to countersign before the reply');
  r = await act(c.jiaoyu, id, 'reply', { category: 'B', text: '已列入明年计划，分步实施。', ...await replyLetter(c.jiaoyu) });
  assert.ok(!r.json.actions.includes('reply'), 'replied: no second reply offered');
  const lead = r.json.assignments.find((a) => a.role === 'lead' && a.status !== 'withdrawn');
  assert.equal(lead.reply_status, 'submitted');
  assertError(await act(c.tiban, id, 'approve-reply', { assignment_id: lead.id }), 409, 'not_countersigned');
  assertStatus(await act(c.weijian, id, 'countersign'), 200);
  r = await act(c.tiban, id, 'approve-reply', { assignment_id: lead.id });
  assert.equal(r.json.status, 'replied');
  assert.ok((await c.member2.get('/api/v1/notifications')).json.items.some((x) => x.kind === 'proposal_replied'));

  // the lead proposer's unsatisfied rating sends it back; in the new round the lead's rating
  // closes it and the co-signer's is recorded after
  assertError(await act(c.member1, id, 'rate', { rating: 'unsatisfied' }), 422, 'invalid_field', 'comment');
  assertError(await act(c.viewer, id, 'rate', { rating: 'satisfied' }), 403, 'forbidden');
  r = await act(c.member1, id, 'rate', { rating: 'unsatisfied', comment: '措施不够具体' });
  assert.equal(r.json.status, 'rehandling');
  assert.equal(r.json.round, 2);
  assertError(await act(c.member2, id, 'rate', { rating: 'satisfied' }), 409, 'wrong_state');
  assertStatus(await act(c.tiban, id, 'consult', { held_on: today, place: '省教育厅', attendees: '提案人、承办处室', note: '当面沟通，明确时间表' }), 200);
  r = await act(c.jiaoyu, id, 'reply', { category: 'A', text: '已安排专项资金，明年秋季学期前完成。', ...await replyLetter(c.jiaoyu) });
  assertStatus(await act(c.weijian, id, 'countersign'), 200);
  r = await act(c.tiban, id, 'approve-reply', { assignment_id: lead.id });
  assert.equal(r.json.status, 'replied');
  r = await act(c.member1, id, 'rate', { rating: 'satisfied' });
  assert.equal(r.json.status, 'closed', 'the lead proposer decides');
  assert.ok(r.json.closed_at);
  assertError(await act(c.member1, id, 'rate', { rating: 'satisfied' }), 409, 'conflict');
  r = await act(c.member2, id, 'rate', { rating: 'basically', comment: '' });
  assert.equal(r.json.status, 'closed');
  assert.deepEqual(r.json.ratings.map((x) => [x.round, x.rating]), [[1, 'unsatisfied'], [2, 'satisfied'], [2, 'basically']]);
  assert.equal(r.json.consultations.length, 1);
  assert.deepEqual(r.json.actions.filter((a) => !['consult', 'key', 'good'].includes(a)), [], 'nothing else to do when closed');

  // the printed proposal: its text, proposers and the reply, extracted with pdftotext
  const pdf = await exportFile(c.member1, `/api/v1/proposals/${id}/pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const file = join(mkdtempSync(join(tmpdir(), 'lvzhi-pdf-')), 'p.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const want of ['甘肃省政协', '提案单', '案号：十三届五次第1号', '关于加强农村寄宿制学校建设的提案', c.member1.user.display_name,
    c.member2.user.display_name, '甘肃省教育厅', '已安排专项资金', '满意'])
    assert.ok(text.includes(want.replace(/\s+/g, '')), `the PDF has ${want}`);
  // the timeline holds every step in order; the audit log too
  const tl = (await c.member1.get(`/api/v1/proposals/${id}/timeline`)).json.items.map((e) => e.action);
  assert.deepEqual(tl.filter((a) => a !== 'edit'), ['create', 'cosigners', 'submit', 'cosign', 'file', 'assign', 'object',
    'assign', 'accept', 'accept', 'view', 'reply', 'countersign', 'approve-reply', 'rate', 'consult', 'reply', 'countersign',
    'approve-reply', 'rate', 'rate']);
  const audit = (await c.auditor.get(`/api/v1/audit?entity=proposal&entity_id=${id}&limit=100`)).json.items.map((e) => e.action);
  assert.ok(audit.includes('proposal.file') && audit.includes('proposal.rate'), JSON.stringify(audit));
});

test('a joint proposal is evaluated by its lead proposer: every rating shown with who gave it; a setting waits for every signer', async () => {
  const m1 = c.member1.user.member_id, m2 = c.member2.user.member_id;
  const jy = units['甘肃省教育厅'];
  /** a joint proposal of member1 co-signed by member2, replied by 教育厅 */
  async function replied(title) {
    const p = await draft(c.member1, { kind: 'joint', title });
    assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${p.id}/cosigners`, { body: { member_ids: [m2] } }), 200);
    assertStatus(await act(c.member1, p.id, 'submit'), 200);
    assertStatus(await act(c.member2, p.id, 'cosign', { accept: true }), 200);
    assertStatus(await act(c.tiban, p.id, 'file'), 200);
    assertStatus(await act(c.tiban, p.id, 'assign', { mode: 'lead', lead_unit_id: jy }), 200);
    assertStatus(await act(c.jiaoyu, p.id, 'accept'), 200);
    let r = await act(c.jiaoyu, p.id, 'reply', { category: 'B', text: '已列入计划。', ...await replyLetter(c.jiaoyu) });
    const lead = r.json.assignments.find((a) => a.role === 'lead' && a.status !== 'withdrawn');
    r = await act(c.tiban, p.id, 'approve-reply', { assignment_id: lead.id });
    assert.equal(r.json.status, 'replied');
    return r.json;
  }
  const setting = async (v) => assertStatus(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`,
    { body: { rate_all: v } }), 200);
  // the labels of where an evaluation stands come from the module's table
  const labels = (await c.member1.get('/api/v1/labels')).json;
  assert.deepEqual(labels['proposal.evaluation'].map((l) => l.name), ['awaiting_lead', 'awaiting_signers', 'final', 'unrated']);
  assert.equal(labels['proposal.evaluation'].find((l) => l.name === 'awaiting_lead').zh, '待领衔人评价');
  const st = (await c.tiban.get(`/api/v1/committees/${prov}/proposal-settings`)).json;
  assert.equal(st.rate_all, 0, 'by default the lead decides alone');
  assert.deepEqual(st.limits.rate_all, [0, 1]);
  assertError(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { rate_all: 2 } }), 422, 'invalid_field', 'rate_all');

  // 1. the lead decides: a co-signer's 不满意 is recorded and sends nothing back
  let p = await replied('关于完善城市公共停车设施的提案');
  assert.deepEqual(p.evaluation, { round: 1, require_all: false, lead_rating: null, status: 'awaiting_lead',
    pending: [{ member_id: m1, name: c.member1.user.display_name }, { member_id: m2, name: c.member2.user.display_name }] });
  let r = await act(c.member2, p.id, 'rate', { rating: 'unsatisfied', comment: '车位仍然不足' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'replied', "a co-signer's 不满意 does not send it back");
  assert.equal(r.json.round, 1);
  assert.equal(r.json.evaluation.status, 'awaiting_lead');
  assert.ok(!(await c.jiaoyu.get('/api/v1/notifications?limit=200')).json.items.some((n) => n.kind === 'proposal_rehandle'
    && n.body.includes('公共停车')), 'the unit is not asked to handle it again');
  r = await act(c.member1, p.id, 'rate', { rating: 'basically', comment: '' });
  assert.equal(r.json.status, 'closed', "the lead's rating closes it");
  assert.deepEqual(r.json.ratings.map((x) => [x.member_id, x.name, x.role, x.decisive, x.rating]), [
    [m2, c.member2.user.display_name, 'cosigner', false, 'unsatisfied'],
    [m1, c.member1.user.display_name, 'first', true, 'basically']]);
  assert.equal(r.json.evaluation.status, 'final');
  assert.equal(r.json.evaluation.lead_rating, 'basically');
  // the office sees the same, and the timeline says who rated as what
  const seen = await get(c.tiban, p.id);
  assert.deepEqual(seen.ratings.map((x) => [x.name, x.role]), [[c.member2.user.display_name, 'cosigner'], [c.member1.user.display_name, 'first']]);
  const tl = (await c.tiban.get(`/api/v1/proposals/${p.id}/timeline`)).json.items.filter((e) => e.action === 'rate');
  assert.deepEqual(tl.map((e) => [e.data.role, e.data.decisive, e.data.rating]), [['cosigner', false, 'unsatisfied'], ['first', true, 'basically']]);

  // 2. a co-signer rates after the lead closed it: recorded, still closed
  p = await replied('关于加强老旧小区电梯加装的提案');
  r = await act(c.member1, p.id, 'rate', { rating: 'satisfied' });
  assert.equal(r.json.status, 'closed');
  assert.ok((await get(c.member2, p.id)).actions.includes('rate'), 'the co-signer may still rate');
  r = await act(c.member2, p.id, 'rate', { rating: 'satisfied' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'closed');
  assert.equal(r.json.ratings.length, 2);
  assertError(await act(c.member2, p.id, 'rate', { rating: 'basically' }), 409, 'conflict');

  // 3. the lead's 不满意 sends it back to the unit at once
  p = await replied('关于规范共享单车停放的提案');
  r = await act(c.member1, p.id, 'rate', { rating: 'unsatisfied', comment: '未提出具体措施' });
  assert.equal(r.json.status, 'rehandling');
  assert.equal(r.json.round, 2);
  assert.equal(r.json.evaluation.status, null);
  assert.ok((await c.jiaoyu.get('/api/v1/notifications?limit=200')).json.items.some((n) => n.kind === 'proposal_rehandle'
    && n.body.includes('共享单车')));
  assertError(await act(c.member2, p.id, 'rate', { rating: 'satisfied' }), 409, 'wrong_state');

  // 4. the committee asks every signer to rate: the lead's rating waits for the co-signer's
  await setting(1);
  try {
    p = await replied('关于推进城乡环卫一体化的提案');
    assert.equal(p.evaluation.require_all, true);
    r = await act(c.member1, p.id, 'rate', { rating: 'satisfied' });
    assert.equal(r.json.status, 'replied', 'member2 has not rated yet');
    assert.equal(r.json.evaluation.status, 'awaiting_signers');
    assert.deepEqual(r.json.evaluation.pending, [{ member_id: m2, name: c.member2.user.display_name }]);
    assertError(await act(c.member1, p.id, 'rate', { rating: 'basically' }), 409, 'conflict');
    r = await act(c.member2, p.id, 'rate', { rating: 'unsatisfied', comment: '覆盖范围不够' });
    assert.equal(r.json.status, 'closed', "every signer rated: the lead's 满意 is final");
    assert.equal(r.json.round, 1);
    assert.equal(r.json.evaluation.status, 'final');
    assert.equal(r.json.evaluation.lead_rating, 'satisfied');
    // the lead's 不满意 does not wait for anyone
    p = await replied('关于加快农村公路养护的提案');
    r = await act(c.member1, p.id, 'rate', { rating: 'unsatisfied', comment: '养护资金未落实' });
    assert.equal(r.json.status, 'rehandling');
  } finally {
    await setting(null);
  }
});

test('review outcomes: return and resubmit, merge, not filed with a reason and converted, withdraw, delete a draft', async () => {
  const a = await draft(c.member1, { title: '关于规范校外培训的提案' });
  assertStatus(await act(c.member1, a.id, 'submit'), 200);
  assertError(await act(c.tiban, a.id, 'return', {}), 422, 'invalid_field', 'note');
  let r = await act(c.tiban, a.id, 'return', { note: '请补充数据' });
  assert.equal(r.json.status, 'returned');
  assert.ok((await c.member1.get('/api/v1/notifications')).json.items.some((x) => x.kind === 'proposal_returned'));
  assertStatus(await c.member1.request('PATCH', `/api/v1/proposals/${a.id}`, { body: { facts: '全省校外培训机构约 3000 家。' } }), 200);
  assert.equal((await act(c.member1, a.id, 'submit')).json.status, 'submitted');
  assertError(await c.member1.request('PATCH', `/api/v1/proposals/${a.id}`, { body: { title: '改' } }), 409, 'wrong_state');

  const b = await draft(c.member2, { title: '关于规范校外培训机构收费的提案' });
  await act(c.member2, b.id, 'submit');
  assertError(await act(c.tiban, b.id, 'merge', { into: b.id }), 422, 'invalid_field', 'into');
  r = await act(c.tiban, b.id, 'merge', { into: a.id, note: '同一事项并案' });
  assert.equal(r.json.status, 'merged');
  assert.equal(r.json.merged_into, a.id);

  const d = await draft(c.member1, { title: '关于为本单位产品推广的提案' });
  await act(c.member1, d.id, 'submit');
  assertError(await act(c.tiban, d.id, 'reject', { reason: 11 }), 422, 'invalid_field', 'reason');
  r = await act(c.tiban, d.id, 'reject', { reason: 8 });
  assert.equal(r.json.status, 'not_filed');
  assert.equal(r.json.not_filed_reason_label, '宣传推介具体单位、产品或个人');
  assertError(await act(c.tiban, d.id, 'convert', { to: 'poem' }), 422, 'invalid_field', 'to');
  r = await act(c.tiban, d.id, 'convert', { to: 'report' });
  assert.equal(r.json.converted_to, 'report');
  assertError(await act(c.tiban, d.id, 'convert', { to: 'reference_letter' }), 409, 'conflict');

  const w = await draft(c.member1, { title: '关于撤回测试的提案' });
  await act(c.member1, w.id, 'submit');
  assertError(await act(c.member2, w.id, 'withdraw'), 404, 'not_found');
  assert.equal((await act(c.member1, w.id, 'withdraw')).json.status, 'withdrawn');
  assertError(await act(c.member1, w.id, 'submit'), 409, 'wrong_state');

  const x = await draft(c.member1, { title: '关于删除草稿的提案' });
  assertError(await c.member2.request('DELETE', `/api/v1/proposals/${x.id}`), 404, 'not_found');
  assertStatus(await c.member1.request('DELETE', `/api/v1/proposals/${x.id}`), 204);
  assertError(await c.member1.request('DELETE', `/api/v1/proposals/${a.id}`), 409, 'wrong_state');
});

test('drafting refusals: length limit at submission, suggestions, collective proposals, unknown fields', async () => {
  const long = '很'.repeat(2400);
  const p = await draft(c.member1, { facts: long, analysis: '分析'.repeat(60) });
  const r = await act(c.member1, p.id, 'submit');
  assertError(r, 422, 'invalid_field', 'facts');
  assert.match(r.json.error.message, /超过 2500 字/);
  // the committee may allow more
  assertStatus(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { body_max: 3000 } }), 200);
  assertStatus(await act(c.member1, p.id, 'submit'), 200);
  assertStatus(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { body_max: null } }), 200);
  assertError(await c.tiban.request('PUT', `/api/v1/committees/${prov}/proposal-settings`, { body: { body_max: 5 } }), 422, 'invalid_field', 'body_max');
  const e = await draft(c.member1, { suggestions: '' });
  assertError(await act(c.member1, e.id, 'submit'), 422, 'invalid_field', 'suggestions');
  assertError(await c.member1.post('/api/v1/proposals', { title: 't', category: '教育科技', committee_id: prov, kind: 'collective', collective_kind: 'party', collective_id: 1 }), 422, 'invalid_field', 'kind');
  assertError(await c.member1.post('/api/v1/proposals', { title: 't', category: '体育', committee_id: prov }), 422, 'invalid_field', 'category');
  assertError(await c.member1.post('/api/v1/proposals', { title: 't', category: '教育科技', committee_id: prov, colour: 1 }), 422, 'invalid_field', 'colour');
  const party = (await c.gansu.get('/api/v1/parties?limit=1')).json.items[0];
  const col = await c.tiban.post('/api/v1/proposals', { title: '关于发展民营经济的提案', category: '经济建设', committee_id: prov,
    kind: 'collective', collective_kind: 'party', collective_id: party.id, suggestions: '优化营商环境' });
  assertStatus(col, 201);
  assert.equal(col.json.collective_name, party.name);
  assert.equal(col.json.proposer_id, null);
  assertError(await c.tiban.post('/api/v1/proposals', { title: 't', category: '经济建设', committee_id: prov, kind: 'collective' }), 422, 'invalid_field');
  assertError(await c.jiaoyu.post('/api/v1/proposals', { title: 't', category: '经济建设', committee_id: prov }), 403, 'forbidden');
});

test('split assignment, extensions within six months, supervision and reminders, key and good proposals', async () => {
  const p = await draft(c.member1, { title: '关于推进中小学体育设施开放共享的提案' });
  await act(c.member1, p.id, 'submit');
  await act(c.tiban, p.id, 'file');
  const jy = units['甘肃省教育厅'], wj = units['甘肃省卫生健康委员会'];
  let r = await act(c.tiban, p.id, 'assign', { mode: 'split', unit_ids: [jy, wj] });
  assert.deepEqual(r.json.assignments.map((a) => a.role), ['split', 'split']);
  await act(c.jiaoyu, p.id, 'accept');
  r = await act(c.weijian, p.id, 'accept');
  assert.equal(r.json.status, 'handling');
  // extensions: 30 days granted; beyond six months from assignment refused
  assertError(await act(c.jiaoyu, p.id, 'extend', { days: 0, reason: 'x' }), 422, 'invalid_field', 'days');
  r = await act(c.jiaoyu, p.id, 'extend', { days: 30, reason: '需要与财政部门协调' });
  const mine = r.json.assignments.find((a) => a.unit_id === jy);
  const before = Date.parse(mine.deadline_at);
  assertError(await act(c.jiaoyu, p.id, 'extend', { days: 10, reason: 'again' }), 409, 'conflict');
  assertError(await act(c.jiaoyu, p.id, 'decide-extension', { extension_id: mine.extensions[0].id, approve: true }), 403, 'forbidden');
  r = await act(c.tiban, p.id, 'decide-extension', { extension_id: mine.extensions[0].id, approve: true });
  const after = Date.parse(r.json.assignments.find((a) => a.unit_id === jy).deadline_at);
  assert.equal(after - before, 30 * 86400e3);
  assertError(await act(c.tiban, p.id, 'decide-extension', { extension_id: mine.extensions[0].id, approve: true }), 409, 'conflict');
  const over = await act(c.jiaoyu, p.id, 'extend', { days: 90, reason: '再延期' });
  assertError(over, 409, 'beyond_limit');
  assert.match(over.json.error.message, /最长 6 个月/);
  // supervision lists the unanswered assignments within the window
  const sup = await c.tiban.get('/api/v1/proposals/supervision?days=200');
  assertStatus(sup, 200);
  assert.ok(sup.json.items.some((x) => x.proposal_id === p.id && x.unit_id === wj));
  assert.ok(!(await c.tiban.get('/api/v1/proposals/supervision?days=10')).json.items.some((x) => x.proposal_id === p.id));
  assertError(await c.member1.get('/api/v1/proposals/supervision'), 403, 'forbidden');
  // key proposal with a supervising leader
  assertError(await act(c.tiban, p.id, 'key', { is_key: true }), 422, 'invalid_field', 'leader');
  r = await act(c.tiban, p.id, 'key', { is_key: true, leader: '王副主席', plan: '每季度调度一次' });
  assert.equal(r.json.is_key, true);
  assert.equal(r.json.key_leader, '王副主席');
  assert.ok((await c.tiban.get('/api/v1/proposals?is_key=1')).json.items.some((x) => x.id === p.id));
  // both split units reply; replied when both are approved
  for (const [cl, unit] of [[c.jiaoyu, jy], [c.weijian, wj]]) {
    r = await act(cl, p.id, 'reply', { category: 'A', text: '已落实', ...await replyLetter(cl) });
    const asg = r.json.assignments.find((a) => a.unit_id === unit);
    r = await act(c.tiban, p.id, 'approve-reply', { assignment_id: asg.id });
  }
  assert.equal(r.json.status, 'replied');
  assertError(await act(c.tiban, p.id, 'good', { is_good: true }), 422, 'invalid_field', 'year');
  r = await act(c.tiban, p.id, 'good', { is_good: true, year: Number(today.slice(0, 4)) });
  assert.equal(r.json.is_good, true);
  r = await act(c.tiban, p.id, 'close', {});
  assert.equal(r.json.status, 'closed');
});

test('search (two- and four-character Chinese), similar proposals, lists, statistics, export, reference', async () => {
  const p = await draft(c.member1, { title: '关于发展银发经济完善养老服务体系的提案', suggestions: '建设社区养老服务中心，发展银发经济。' });
  await act(c.member1, p.id, 'submit');
  await draft(c.member1, { title: '关于改善城市交通拥堵的提案', suggestions: '优化公交线路' });
  let r = await c.tiban.get(`/api/v1/proposals?q=${encodeURIComponent('养老')}`);
  assertStatus(r, 200);
  assert.equal(r.json.items[0].id, p.id);
  assert.ok(r.json.items.every((x) => /养老/.test(x.title + x.facts + x.analysis + x.suggestions)));
  r = await c.tiban.get(`/api/v1/proposals?q=${encodeURIComponent('银发经济')}`);
  assert.deepEqual(r.json.items.map((x) => x.id), [p.id]);
  r = await c.tiban.get(`/api/v1/proposals?q=${encodeURIComponent('交通养老')}`);
  assert.deepEqual(r.json.items, [], 'every bigram must occur');
  // another member does not find a draft of member1
  r = await c.member2.get(`/api/v1/proposals?q=${encodeURIComponent('交通')}`);
  assert.deepEqual(r.json.items, []);
  // similar while writing: a member sees the filed ones
  const sim = { title: '关于完善社区养老服务体系的提案', body: '发展养老服务和银发经济' };
  r = await c.member2.post('/api/v1/proposals/similar', sim);
  assertStatus(r, 200);
  assert.ok(!r.json.items.some((x) => x.id === p.id), 'not yet filed: another member does not see it');
  await act(c.tiban, p.id, 'file');
  r = await c.member2.post('/api/v1/proposals/similar', sim);
  assert.equal(r.json.items[0].id, p.id);
  assert.equal(r.json.items[0].committee_id, prov);
  assert.ok(r.json.items[0].score > 0 && r.json.items[0].score <= 1);
  assertError(await c.member2.post('/api/v1/proposals/similar', {}), 422, 'invalid_field', 'title');
  r = await c.tiban.get(`/api/v1/proposals/${p.id}/similar`);
  assert.ok(!r.json.items.some((x) => x.id === p.id), 'not itself');
  // lists: mine, statuses, bad filters
  r = await c.member1.get('/api/v1/proposals?mine=1&status=submitted,filed');
  assert.ok(r.json.items.every((x) => ['submitted', 'filed'].includes(x.status)));
  assertError(await c.member1.get('/api/v1/proposals?status=lost'), 422, 'invalid_field', 'status');
  assertError(await c.member1.get('/api/v1/proposals?mine=perhaps'), 422, 'invalid_field', 'mine');
  assertError(await c.member1.get('/api/v1/proposals?session_id=abc'), 422, 'invalid_field', 'session_id');
  // statistics for staff
  r = await c.tiban.get('/api/v1/proposals/stats');
  assertStatus(r, 200);
  assert.ok(r.json.submitted >= 5 && r.json.filed >= 2, JSON.stringify(r.json).slice(0, 300));
  assert.ok(r.json.by_unit.some((u) => u.name === '甘肃省教育厅' && u.replied >= 1));
  assert.ok(r.json.by_category.some((u) => u.name === '教育科技'));
  assert.ok(r.json.satisfaction_rate > 0 && r.json.satisfaction_rate <= 1);
  assertError(await c.member1.get('/api/v1/proposals/stats'), 403, 'forbidden');
  assertError(await c.jiaoyu.get('/api/v1/proposals/stats'), 403, 'forbidden');
  // export
  const x = await exportFile(c.tiban, '/api/v1/proposals/export?status=closed');
  const b = Buffer.from(await x.arrayBuffer());
  assert.equal(b.subarray(0, 2).toString('latin1'), 'PK');
  const lp = await exportFile(c.tiban, '/api/v1/proposals/export?status=closed&format=pdf');
  assert.equal(Buffer.from(await lp.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
  assertError(await c.tiban.get('/api/v1/proposals/export?format=doc'), 422, 'invalid_field', 'format');
  assertError(await c.tiban.post('/api/v1/proposals/export?format=doc'), 422, 'invalid_field', 'format');
  // reference lists
  r = await c.member1.get('/api/v1/proposals/reference');
  assert.equal(r.json.reject_reasons.length, 10);
  assert.ok(r.json.categories.includes('教育科技'));
  // unauthenticated and unknown
  assert.equal((await fetch(`${s.url}/api/v1/proposals`)).status, 401);
  assertError(await c.tiban.get('/api/v1/proposals/999999'), 404, 'not_found');
});
