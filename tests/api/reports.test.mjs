// tests/api/reports.test.mjs: a social-conditions report from a member's draft to a central
// leader's instruction, with the accounts of the people who do each step — member1 (the
// author), gansu (the provincial committee's office, reviewing reports), member2, viewer and
// qilihe (a county's office, out of scope) — checking the state at every step, the refusals
// (422 bad input, 403 not the caller's to do, 404 out of view, 409 naming the current state),
// the versions and their diff, the notifications, the member's ledger (the report's entries
// with the rule set's points), statistics (JSON and XLSX), search and the body limit setting.
// The demo is loaded without reports, so member1's report points are this test's alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile } from './lib/util.mjs';

let s;
const c = {};
let prov;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'qilihe', 'viewer', 'member1', 'member2', 'tiban']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/reports/${id}/${action}`, body);

async function draft(cl, extra = {}) {
  const r = await cl.post('/api/v1/reports', { title: '关于社区养老服务站运营困难的情况反映', category: '社会建设',
    committee_id: prov, body: '部分社区养老服务站运营补贴不到位，服务时间缩短。\n建议按服务人次给予补助。\n', ...extra });
  assertStatus(r, 201, 'draft');
  return r.json;
}

test('a member submits, the office returns it, the member resubmits, the office adopts it at two levels and records a central instruction', async () => {
  const m1 = c.member1.user.member_id;
  const d = await draft(c.member1, { urgent: true });
  assert.equal(d.status, 'draft');
  assert.equal(d.member_id, m1, 'a member account reports in its own name');
  assert.equal(d.urgent, true);
  assert.deepEqual(d.actions.sort(), ['submit', 'withdraw']);
  const id = d.id;

  // refusals before submission
  assertError(await c.member1.post('/api/v1/reports', { title: 't', category: '其他', committee_id: prov,
    member_id: c.member2.user.member_id }), 422, 'invalid_field', 'member_id');
  assertError(await c.member1.post('/api/v1/reports', { title: 't', category: '不存在的类别', committee_id: prov }), 422,
    'invalid_field');
  assertError(await c.member2.get(`/api/v1/reports/${id}`), 404, 'not_found');
  assertError(await act(c.member2, id, 'submit'), 404, 'not_found');
  assertError(await act(c.gansu, id, 'adopt'), 409, 'wrong_state');

  let r = await act(c.member1, id, 'submit');
  assertStatus(r, 200);
  assert.equal(r.json.status, 'submitted');
  assert.ok(r.json.submitted_at);
  assert.ok((await c.gansu.get('/api/v1/notifications')).json.items.some((x) => x.kind === 'report_submitted'));

  // 409 naming the state, 403 for a member's review and a viewer, 404 out of scope, 422 without a note
  r = await act(c.member1, id, 'submit');
  assertError(r, 409, 'wrong_state');
  assert.match(r.json.error.message, /待审核/);
  assertError(await act(c.member1, id, 'adopt'), 403, 'forbidden');
  assertError(await act(c.viewer, id, 'return', { note: 'x' }), 403, 'forbidden');
  assertStatus(await c.viewer.get(`/api/v1/reports/${id}`), 200, 'a viewer reads it');
  assertError(await act(c.qilihe, id, 'return', { note: 'x' }), 404, 'not_found');
  assertError(await act(c.gansu, id, 'return', {}), 422, 'invalid_field', 'note');
  assertError(await act(c.gansu, id, 'reject', {}), 422, 'invalid_field', 'reason');
  assertError(await act(c.member1, id, 'withdraw', { bogus: 1 }), 422, 'invalid_field', 'bogus');
  assertError(await c.member1.patch(`/api/v1/reports/${id}`, { title: '改' }), 409, 'wrong_state');

  // returned for revision
  r = await act(c.gansu, id, 'return', { note: '请补充服务站数量和补贴标准' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.decision_note, '请补充服务站数量和补贴标准');
  const n = (await c.member1.get('/api/v1/notifications')).json.items.find((x) => x.kind === 'report_returned');
  assert.ok(n, 'the member is told');
  assert.match(n.body, /补贴标准/);

  // the member revises (a version kept) and submits again
  r = await c.member1.patch(`/api/v1/reports/${id}`, {
    body: '全市 126 个社区养老服务站中，有 40 个运营补贴不到位，服务时间缩短。\n建议按服务人次给予补助。\n' });
  assertStatus(r, 200);
  assertError(await c.member1.patch(`/api/v1/reports/${id}`, { status: 'adopted' }), 422, 'invalid_field', 'status');
  assertStatus(await act(c.member1, id, 'submit'), 200);
  // the office edits the title
  r = await c.gansu.patch(`/api/v1/reports/${id}`, { title: '关于全市社区养老服务站运营补贴不到位的情况反映' });
  assertStatus(r, 200);

  r = await c.member1.get(`/api/v1/reports/${id}/versions`);
  assertStatus(r, 200);
  assert.equal(r.json.items.length, 3);
  assert.deepEqual(r.json.items.map((v) => v.current), [false, false, true]);
  assert.equal(r.json.items[1].replaced_by, c.gansu.user.id);
  r = await c.member1.get(`/api/v1/reports/${id}/diff?from=1&to=2&mode=line`);
  assertStatus(r, 200);
  assert.deepEqual(r.json.body.map((o) => o.op), ['delete', 'insert', 'equal']);
  r = await c.member1.get(`/api/v1/reports/${id}/diff?from=1&mode=char`);
  assertStatus(r, 200);
  assert.ok(r.json.title.some((o) => o.op === 'insert'));
  assertError(await c.member1.get(`/api/v1/reports/${id}/diff?from=1&mode=word`), 422, 'invalid_field', 'mode');
  assertError(await c.member1.get(`/api/v1/reports/${id}/diff?from=9`), 404, 'not_found');

  // adopted locally, by the province, and a central leader's instruction
  assertError(await act(c.gansu, id, 'adopt', { level: 'county' }), 422, 'invalid_field', 'level');
  r = await act(c.gansu, id, 'adopt', { adopted_by: '甘肃省政协《社情民意》', adopted_on: today });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'adopted');
  assertError(await act(c.gansu, id, 'record-adoption', { level: 'local' }), 409, 'conflict', 'level');
  r = await act(c.gansu, id, 'record-adoption', { level: 'province', adopted_by: '省委办公厅', adopted_on: today });
  assertStatus(r, 200);
  assertError(await act(c.gansu, id, 'record-instruction', { level: 'central', text: '阅' }), 422, 'invalid_field', 'leader_name');
  r = await act(c.gansu, id, 'record-instruction', { level: 'central', leader_name: '某某', leader_title: '中央领导同志',
    text: '请有关部门认真研究解决。', given_on: today });
  assertStatus(r, 200);
  assert.deepEqual(r.json.adoptions.map((a) => a.level), ['local', 'province']);
  assert.deepEqual(r.json.instructions.map((i) => [i.level, i.leader_name]), [['central', '某某']]);
  assert.deepEqual(r.json.actions.sort(), ['record-adoption', 'record-instruction'], 'the office records more');
  assert.deepEqual((await c.member1.get(`/api/v1/reports/${id}`)).json.actions, [], 'the member has nothing to do');
  assertError(await act(c.gansu, id, 'reject', { reason: 'x' }), 409, 'wrong_state');

  const kinds = (await c.member1.get('/api/v1/notifications')).json.items.map((x) => x.kind);
  assert.equal(kinds.filter((k) => k === 'report_adopted').length, 2);
  assert.ok(kinds.includes('report_instruction'));
  assert.ok(kinds.includes('report_edited'));

  // the timeline
  r = await c.member1.get(`/api/v1/reports/${id}/timeline`);
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((e) => e.action),
    ['create', 'submit', 'return', 'edit', 'submit', 'edit', 'adopt', 'record-adoption', 'record-instruction']);

  // the member's ledger: the report's entries with the rule set's points
  const rs = (await c.gansu.get(`/api/v1/rule-sets/effective?committee_id=${prov}&year=${year}`)).json;
  const pts = Object.fromEntries(rs.rules.map((x) => [x.event, x.points]));
  r = await c.member1.get(`/api/v1/points?member_id=${m1}&year=${year}`);
  assertStatus(r, 200);
  const mine = r.json.items.filter((x) => x.source_kind === 'report' && x.source_id === id);
  assert.deepEqual(mine.map((x) => x.event).sort(),
    ['report.adopted', 'report.adopted_province', 'report.instruction_central', 'report.submitted']);
  for (const x of mine) {
    assert.equal(x.raw, pts[x.event], x.event);
    assert.equal(x.points, pts[x.event], `${x.event}: under the category's cap`);
    assert.equal(x.source_title, '关于全市社区养老服务站运营补贴不到位的情况反映');
    assert.equal(x.category, 'report');
  }

  // the duty file lists it
  r = await c.gansu.get(`/api/v1/members/${m1}/duty-file?year=${year}`);
  assertStatus(r, 200);
  const f = r.json.reports.find((x) => x.id === id);
  assert.ok(f, 'the duty file lists the report');
  assert.equal(f.adopted_label, '省级采用');
  assert.equal(f.instructions, 1);

  // statistics
  r = await c.gansu.get(`/api/v1/reports/stats?committee_id=${prov}&year=${year}`);
  assertStatus(r, 200);
  assert.equal(r.json.totals.submitted, 1);
  assert.equal(r.json.totals.adopted, 1);
  assert.equal(r.json.totals.adopted_above, 1);
  assert.equal(r.json.totals.instructions, 1);
  assert.equal(r.json.totals.urgent, 1);
  assert.equal(r.json.by_member[0].member_id, m1);
  assert.equal(r.json.by_month[0].month, today.slice(0, 7));
  assertError(await c.member1.get('/api/v1/reports/stats'), 403, 'forbidden');
  assertError(await c.member1.post('/api/v1/reports/stats/export'), 403, 'forbidden');
  r = await exportFile(c.gansu, `/api/v1/reports/stats/export?committee_id=${prov}`);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
});

test('merging, rejection, withdrawal, lists and search, the body limit, a collective report', async () => {
  const a = await draft(c.member1, { title: '关于老旧小区加装电梯费用分摊难的情况反映', body: '加装电梯费用分摊难。' });
  const b = await draft(c.member2, { title: '关于加装电梯协调难的建议', body: '低层住户意见不一。' });
  assertStatus(await act(c.member1, a.id, 'submit'), 200);
  assertStatus(await act(c.member2, b.id, 'submit'), 200);
  assertError(await act(c.gansu, b.id, 'merge', { into: b.id }), 422, 'invalid_field', 'into');
  let r = await act(c.gansu, b.id, 'merge', { into: a.id, note: '同一主题合并编报' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'merged');
  assert.equal(r.json.merged_into, a.id);
  assert.deepEqual((await c.gansu.get(`/api/v1/reports/${a.id}`)).json.merged.map((x) => x.id), [b.id]);
  r = await act(c.gansu, a.id, 'reject', { reason: '已有同类信息' });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'rejected');

  // search and filters (the member sees its own only)
  r = await c.gansu.get(`/api/v1/reports?q=${encodeURIComponent('电梯 分摊')}`);
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((x) => x.id), [a.id]);
  r = await c.gansu.get('/api/v1/reports?status=merged,rejected');
  assert.deepEqual(r.json.items.map((x) => x.id).sort(), [a.id, b.id].sort());
  assertError(await c.gansu.get('/api/v1/reports?status=nope'), 422, 'invalid_field', 'status');
  r = await c.member2.get('/api/v1/reports');
  assert.ok(r.json.items.every((x) => x.member_id === c.member2.user.member_id));

  // the body limit is a setting
  assertStatus(await c.gansu.request('PUT', `/api/v1/committees/${prov}/report-settings`, { body: { body_max: 200 } }), 200);
  const long = await draft(c.member1, { body: '字'.repeat(201) });
  assertError(await act(c.member1, long.id, 'submit'), 422, 'invalid_field', 'body');
  assertStatus(await c.gansu.request('PUT', `/api/v1/committees/${prov}/report-settings`, { body: { body_max: null } }), 200);
  assertStatus(await act(c.member1, long.id, 'submit'), 200);
  assertStatus(await act(c.member1, long.id, 'withdraw'), 200);
  assertError(await c.member1.request('DELETE', `/api/v1/reports/${long.id}`), 409, 'wrong_state');
  const gone = await draft(c.member1);
  assertStatus(await c.member1.request('DELETE', `/api/v1/reports/${gone.id}`), 204);

  // a collective report is entered by staff, not by a member
  const parties = (await c.gansu.get('/api/v1/parties?limit=5')).json.items;
  assertError(await c.member1.post('/api/v1/reports', { title: 't', category: '其他', committee_id: prov,
    collective_kind: 'party', collective_id: parties[0].id }), 422, 'invalid_field', 'collective_kind');
  r = await c.gansu.post('/api/v1/reports', { title: '关于农村饮水安全的情况反映', category: '社会建设', committee_id: prov,
    collective_kind: 'party', collective_id: parties[0].id, body: '部分村水源保护不足。' });
  assertStatus(r, 201);
  assert.equal(r.json.collective_name, parties[0].name);
  assertStatus(await act(c.gansu, r.json.id, 'submit'), 200);
});

test('a not-filed proposal converted to a report: the report is made and linked both ways', async () => {
  let r = await c.member1.post('/api/v1/proposals', { title: '关于规范夜间经济管理的提案', category: '经济建设',
    committee_id: prov, facts: '夜间经营管理规范不一。', analysis: '多头管理。', suggestions: '统一管理规范。' });
  assertStatus(r, 201, 'proposal');
  const p = r.json.id;
  assertStatus(await c.member1.post(`/api/v1/proposals/${p}/submit`, {}), 200);
  assertStatus(await c.tiban.post(`/api/v1/proposals/${p}/reject`, { reason: 7 }), 200);
  r = await c.tiban.post(`/api/v1/proposals/${p}/convert`, { to: 'report' });
  assertStatus(r, 200);
  const rid = r.json.converted_id;
  assert.ok(Number.isInteger(rid), JSON.stringify(r.json));
  r = await c.member1.get(`/api/v1/reports/${rid}`);
  assertStatus(r, 200);
  assert.equal(r.json.proposal_id, p);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.member_id, c.member1.user.member_id);
  assert.equal(r.json.body, '夜间经营管理规范不一。\n多头管理。\n统一管理规范。');
  const tl = (await c.tiban.get(`/api/v1/proposals/${p}/timeline`)).json.items.at(-1);
  assert.equal(tl.data.report_id, rid);
  // the office reviews it like any other
  assertStatus(await act(c.gansu, rid, 'adopt'), 200);
});

test('the body limit holds on every path that writes the body: the office\'s edits, adoption, a converted proposal, a bulletin\'s text', async () => {
  const setMax = async (v) => assertStatus(await c.gansu.request('PUT', `/api/v1/committees/${prov}/report-settings`,
    { body: { body_max: v } }), 200);
  const chars = (n) => '字'.repeat(n);
  await setMax(300);
  try {
    // the member's own draft may run long until submitted
    const d = await draft(c.member1, { body: chars(301) });
    assertError(await act(c.member1, d.id, 'submit'), 422, 'invalid_field', 'body');
    assertStatus(await c.member1.request('PATCH', `/api/v1/reports/${d.id}`, { body: { body: chars(300) } }), 200);
    assertStatus(await act(c.member1, d.id, 'submit'), 200);

    // the office's edit over the limit: 422 naming body, nothing changed (text, versions, timeline)
    const versions = (await c.gansu.get(`/api/v1/reports/${d.id}/versions`)).json.items.length;
    const events = (await c.gansu.get(`/api/v1/reports/${d.id}/timeline`)).json.items.length;
    const e = assertError(await c.gansu.request('PATCH', `/api/v1/reports/${d.id}`, { body: { title: '改过的标题', body: chars(301) } }),
      422, 'invalid_field', 'body');
    assert.match(e.message, /301.*300/);
    let r = await c.gansu.get(`/api/v1/reports/${d.id}`);
    assert.equal(r.json.body, chars(300));
    assert.equal(r.json.title, '关于社区养老服务站运营困难的情况反映');
    assert.equal((await c.gansu.get(`/api/v1/reports/${d.id}/versions`)).json.items.length, versions);
    assert.equal((await c.gansu.get(`/api/v1/reports/${d.id}/timeline`)).json.items.length, events);
    // English too
    c.gansu.lang = 'en';
    const en = assertError(await c.gansu.request('PATCH', `/api/v1/reports/${d.id}`, { body: { body: chars(301) } }), 422, 'invalid_field', 'body');
    c.gansu.lang = null;
    assert.match(en.message, /301 characters, over the limit of 300/);
    assertStatus(await c.gansu.request('PATCH', `/api/v1/reports/${d.id}`, { body: { body: chars(280) } }), 200);

    // at adoption: the limit lowered since, the text is not adopted as it stands
    await setMax(250);
    assertError(await act(c.gansu, d.id, 'adopt'), 422, 'invalid_field', 'body');
    r = await c.gansu.get(`/api/v1/reports/${d.id}`);
    assert.equal(r.json.status, 'submitted');
    assert.deepEqual(r.json.adoptions, []);
    assertStatus(await c.gansu.request('PATCH', `/api/v1/reports/${d.id}`, { body: { body: chars(250) } }), 200);
    r = await act(c.gansu, d.id, 'adopt');
    assertStatus(r, 200);
    assert.equal(r.json.status, 'adopted');
    // an adopted report: the office's edits keep to it as well
    assertError(await c.gansu.request('PATCH', `/api/v1/reports/${d.id}`, { body: { body: chars(251) } }), 422, 'invalid_field', 'body');

    // the text edited for a bulletin is the report's text as adopted: the same limit
    let b = await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: [d.id] });
    assertStatus(b, 201);
    const bid = b.json.id;
    assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${bid}/items`, { body: { items: [{ report_id: d.id, body: chars(251) }] } }),
      422, 'invalid_field', 'body');
    b = await c.gansu.get(`/api/v1/bulletins/${bid}`);
    assert.equal(b.json.items[0].body, chars(250), 'the bulletin keeps its text');
    assertStatus(await c.gansu.request('PUT', `/api/v1/bulletins/${bid}/items`, { body: { items: [{ report_id: d.id, body: chars(200) }] } }), 200);
    assertStatus(await c.gansu.request('DELETE', `/api/v1/bulletins/${bid}`), 204);

    // a not-filed proposal converted to a report: its joined text is the report's body
    r = await c.member1.post('/api/v1/proposals', { title: '关于加强农村饮用水保障的提案', category: '社会建设', committee_id: prov,
      facts: chars(240), analysis: '管护不到位。', suggestions: '落实管护责任。' });
    assertStatus(r, 201, 'proposal');
    const p = r.json.id;
    assertStatus(await c.member1.post(`/api/v1/proposals/${p}/submit`, {}), 200);
    assertStatus(await c.tiban.post(`/api/v1/proposals/${p}/reject`, { reason: 7 }), 200);
    assertError(await c.tiban.post(`/api/v1/proposals/${p}/convert`, { to: 'report' }), 422, 'invalid_field', 'body');
    r = await c.tiban.get(`/api/v1/proposals/${p}`);
    assert.equal(r.json.status, 'not_filed');
    assert.equal(r.json.converted_id, null, 'nothing was made');
    assert.ok(r.json.actions.includes('convert'));
    // the office gives the text edited to fit
    assertError(await c.tiban.post(`/api/v1/proposals/${p}/convert`, { to: 'report', body: chars(251) }), 422, 'invalid_field', 'body');
    assertError(await c.tiban.post(`/api/v1/proposals/${p}/convert`, { to: 'reference_letter', body: '正文' }), 422, 'invalid_field', 'body');
    r = await c.tiban.post(`/api/v1/proposals/${p}/convert`, { to: 'report', body: '部分村饮用水工程管护不到位，建议落实管护责任。' });
    assertStatus(r, 200);
    r = await c.gansu.get(`/api/v1/reports/${r.json.converted_id}`);
    assert.equal(r.json.body, '部分村饮用水工程管护不到位，建议落实管护责任。');
    assert.equal(r.json.status, 'submitted');
  } finally {
    await setMax(null);
  }
});
