// tests/api/print.test.mjs: the printed forms of issue 18 (打印), each a PDF made by a job and read
// back with pdftotext: the proposal form (提案单) with its case number in the session's form
// (十三届五次 第N号), the filing and assignment notices (立案通知书, 交办通知书: 409 before there is
// anything to notify), the members' roster filtered as the members list (委员名册, with the job's
// progress), and a quarter's duty bulletin (委员履职通报: the roll-up's figures and every member
// of the compliance list). Every one is refused to whoever may not read its record: 404 for a
// proposal out of view, 403 for a role or a committee out of scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, listAll, pdfText } from './lib/util.mjs';

let s;
const c = {};
let prov, qlh, units;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
const QUARTERS = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

before(async () => {
  s = await startServer({ proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'qilihe', 'member1', 'member2', 'tiban', 'jiaoyu', 'weijian']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  qlh = await committeeId(c.admin, '七里河区政协');
  const list = (await c.gansu.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items;
  units = Object.fromEntries(list.map((u) => [u.name, u.id]));
  assertStatus(await c.tiban.post('/api/v1/proposal-sessions', { name: '十三届五次会议', committee_id: prov,
    year, opens_on: shift(-10), closes_on: shift(10) }), 201, 'session');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
const printed = async (cl, path) => {
  const res = await exportFile(cl, path);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  return { text: await pdfText(Buffer.from(await res.arrayBuffer())), job: res.job };
};
const has = (text, want) => assert.ok(text.includes(want.replace(/\s+/g, '')), `the PDF shows ${want}:\n${text.slice(0, 3000)}`);

test('the proposal form and its notices: case number in the session form, 409 before filing or assignment, 404 out of view', async () => {
  let r = await c.member1.post('/api/v1/proposals', { title: '关于完善城乡公交一体化的提案', category: '社会建设',
    committee_id: prov, facts: '城乡公交衔接不畅。', analysis: '线路规划分割。', suggestions: '统一规划线路，统一票价。' });
  assertStatus(r, 201, 'draft');
  const id = r.json.id;
  assert.equal(r.json.case_number, null, 'a draft has no case number');
  // a draft is its author's alone
  assertError(await c.member2.post(`/api/v1/proposals/${id}/pdf`), 404, 'not_found');
  assertStatus(await act(c.member1, id, 'submit'), 200, 'submit');
  // nothing to notify yet: 409 naming the state, before any job
  let e = assertError(await c.member1.post(`/api/v1/proposals/${id}/filing-notice`), 409, 'wrong_state');
  assert.ok(e.message.includes('尚未立案') && e.message.includes('当前状态：待审查'), e.message);
  assertError(await c.tiban.post(`/api/v1/proposals/${id}/assignment-notice`), 409, 'wrong_state');

  r = await act(c.tiban, id, 'file');
  assertStatus(r, 200, 'file');
  const caseNo = r.json.case_number;
  assert.equal(caseNo, `十三届五次 第${r.json.serial}号`);
  e = assertError(await c.tiban.post(`/api/v1/proposals/${id}/assignment-notice`), 409, 'wrong_state');
  assert.ok(e.message.includes('尚未交办'), e.message);

  // the filing notice, to the proposer
  let { text } = await printed(c.member1, `/api/v1/proposals/${id}/filing-notice`);
  for (const want of ['甘肃省政协', '提案立案通知书', `案号：${caseNo}`, c.member1.user.display_name,
    '《关于完善城乡公交一体化的提案》', '社会建设', `${year}年`, '甘肃省政协提案委员会（盖章）'])
    has(text, want);

  r = await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: units['甘肃省教育厅'], co_unit_ids: [units['甘肃省卫生健康委员会']] });
  assertStatus(r, 200, 'assign');
  // the assignment notice, to the lead unit (and read by the co-handling unit too)
  ({ text } = await printed(c.jiaoyu, `/api/v1/proposals/${id}/assignment-notice`));
  for (const want of ['提案交办通知书', `案号：${caseNo}`, '甘肃省教育厅：', '主办', '甘肃省卫生健康委员会', '会办',
    '《关于完善城乡公交一体化的提案》', '签收期限', '办理期限', '甘肃省政协提案委员会（盖章）'])
    has(text, want);
  ({ text } = await printed(c.weijian, `/api/v1/proposals/${id}/assignment-notice`));
  has(text, '提案交办通知书');

  // the proposal form (提案单)
  ({ text } = await printed(c.tiban, `/api/v1/proposals/${id}/pdf`));
  for (const want of ['提案单', `案号：${caseNo}`, '关于完善城乡公交一体化的提案', '统一规划线路', c.member1.user.display_name])
    has(text, want);

  // who may not read the proposal gets 404, for every form: a county's office
  for (const cl of [c.qilihe])
    for (const f of ['pdf', 'filing-notice', 'assignment-notice'])
      assertError(await cl.post(`/api/v1/proposals/${id}/${f}`), 404, 'not_found');
});

test('the roster prints the members of the list\'s filters, with progress, and refuses what it cannot print', async () => {
  const mine = await listAll(c.gansu, `/api/v1/members?committee_id=${qlh}`);
  assert.ok(mine.length > 0, 'the county has members');
  const others = (await listAll(c.gansu, `/api/v1/members?committee_id=${prov}`)).filter((m) => m.committee_id !== qlh && !mine.some((x) => x.name === m.name));
  const { text, job } = await printed(c.gansu, `/api/v1/members/export?format=pdf&committee_id=${qlh}`);
  for (const want of ['七里河区政协', '委员名册', `共${mine.length}人`, '序号', '姓名', '界别', '工作单位及职务', '七里河区政协办公室（盖章）'])
    has(text, want);
  for (const m of mine) has(text, m.name);
  assert.ok(others.length > 0);
  for (const m of others.slice(0, 20)) assert.ok(!text.includes(m.name), `${m.name} is not of the county`);
  assert.ok(!/\d{6}\*+/.test(text), 'no ID numbers, not even masked');
  assert.equal(job.done, job.total, `the job's progress ends at its total: ${JSON.stringify(job)}`);
  assert.ok(job.total >= mine.length);
  // a filter of the list narrows it the same way
  const women = mine.filter((m) => m.gender === 'female');
  const f = await printed(c.gansu, `/api/v1/members/export?format=pdf&committee_id=${qlh}&gender=female`);
  has(f.text, `共${women.length}人`);
  for (const m of mine) if (m.gender !== 'female') assert.ok(!f.text.includes(m.name), `${m.name} is left out`);

  assertError(await c.gansu.post(`/api/v1/members/export?format=pdf&id_numbers=whole&committee_id=${qlh}`), 422, 'invalid_field', 'id_numbers');
  assertError(await c.gansu.post('/api/v1/members/export?format=doc'), 422, 'invalid_field', 'format');
  // a member reads only its own record, and so prints only itself
  const own = await printed(c.member1, '/api/v1/members/export?format=pdf');
  has(own.text, '共1人');
  has(own.text, c.member1.user.display_name);
  assertError(await c.jiaoyu.post('/api/v1/members/export?format=pdf'), 403, 'forbidden');
});

test('the duty bulletin of a quarter: the roll-up\'s figures and every member of the compliance list', async () => {
  const roll = (await c.qilihe.get(`/api/v1/compliance/rollup?committee_id=${qlh}&year=${year}&quarter=${quarter}`)).json;
  const total = roll.rows.find((r) => r.scope === 'total');
  const members = await listAll(c.qilihe, `/api/v1/compliance?committee_id=${qlh}&year=${year}&quarter=${quarter}`, 500);
  assert.ok(members.length > 0);
  const { text, job } = await printed(c.qilihe, `/api/v1/points/bulletin?committee_id=${qlh}&year=${year}&quarter=${quarter}`);
  for (const want of ['七里河区政协', '委员履职通报', `〔${year}〕第${quarter}期`, `${year}年${QUARTERS[quarter]}`,
    `共有在任委员${total.members_active}名`, `其中${total.members_met}名达到本季度履职活动要求`,
    `开展履职活动${total.activities}次`, `联系群众${total.people_reached}人次`, '年度积分', '七里河区政协办公室（盖章）'])
    has(text, want);
  for (const m of members) has(text, m.name);
  const short = members.filter((m) => !m.quarter_met);
  if (short.length) has(text, `未达标（差${short[0].activities_short}次）`);
  assert.equal(job.done, job.total);
  // its points are the ledger's totals
  const pts = (await c.qilihe.get(`/api/v1/ranking?committee_id=${qlh}&year=${year}&limit=5`)).json;
  for (const it of pts.items || []) has(text, it.name);

  assertError(await c.qilihe.post(`/api/v1/points/bulletin?committee_id=${prov}&year=${year}&quarter=${quarter}`), 403);
  assertError(await c.member1.post(`/api/v1/points/bulletin?year=${year}&quarter=1`), 403, 'forbidden');
  assertError(await c.qilihe.post(`/api/v1/points/bulletin?committee_id=${qlh}&quarter=5`), 422, 'invalid_field', 'quarter');
});
