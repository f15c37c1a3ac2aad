// tests/api/reply.test.mjs: a handling unit's reply as offices send it (issue 18): the answer
// letter (a file, read by whoever reads the proposal), the signing leader and the contact person
// with a phone that is sealed at rest and shown whole only to the proposal office, the unit itself
// and, once the reply is approved, the proposers (others see the mask); each is required (422
// naming the field). The unit's communication with the proposers before handling (办前沟通: day,
// way, content) is recorded on its assignment and on the proposal's timeline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, pdfText, replyLetter } from './lib/util.mjs';

let s;
const c = {};
let prov, units;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'viewer', 'member1', 'member2', 'tiban', 'jiaoyu', 'weijian']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  const list = (await c.tiban.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items;
  units = Object.fromEntries(list.map((u) => [u.name, u.id]));
  assertStatus(await c.tiban.post('/api/v1/proposal-sessions', { name: '十三届五次会议', committee_id: prov,
    year: Number(today.slice(0, 4)), opens_on: shift(-10), closes_on: shift(10) }), 201);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
const lead = (p) => p.assignments.find((a) => a.role === 'lead');

test('the reply carries its letter, leader and contact; the phone is whole only for who may read it; 办前沟通 is on the timeline', async () => {
  let r = await c.member1.post('/api/v1/proposals', { title: '关于加强乡村学校心理健康教育的提案', category: '教育科技',
    committee_id: prov, facts: '乡村学校缺少心理教师。', analysis: '编制不足。', suggestions: '配备专职心理教师。' });
  assertStatus(r, 201);
  const id = r.json.id;
  assertStatus(await act(c.member1, id, 'submit'), 200);
  assertStatus(await act(c.tiban, id, 'file'), 200);
  assertStatus(await act(c.tiban, id, 'assign', { mode: 'lead', lead_unit_id: units['甘肃省教育厅'], co_unit_ids: [units['甘肃省卫生健康委员会']] }), 200);
  assertStatus(await act(c.jiaoyu, id, 'accept'), 200);
  r = await act(c.weijian, id, 'accept');
  assert.equal(r.json.status, 'handling');

  // 办前沟通: the unit's record, checked, then on its assignment and the timeline
  assert.ok((await c.jiaoyu.get(`/api/v1/proposals/${id}`)).json.actions.includes('communicate'));
  assertError(await act(c.jiaoyu, id, 'communicate', { held_on: today, way: 'pigeon', content: '沟通' }), 422, 'invalid_field', 'way');
  assertError(await act(c.jiaoyu, id, 'communicate', { held_on: shift(2), way: 'phone', content: '沟通' }), 422, 'invalid_field', 'held_on');
  assertError(await act(c.jiaoyu, id, 'communicate', { held_on: today, way: 'phone' }), 422, 'invalid_field', 'content');
  assertError(await act(c.member1, id, 'communicate', { held_on: today, way: 'phone', content: '沟通' }), 403, 'forbidden');
  r = await act(c.jiaoyu, id, 'communicate', { held_on: today, way: 'visit', content: '登门听取提案人意见，商定办理思路。' });
  assertStatus(r, 200);
  const comm = lead(r.json).communications;
  assert.deepEqual(comm.map((x) => [x.held_on, x.way, x.way_label, x.content]), [[today, 'visit', '登门走访', '登门听取提案人意见，商定办理思路。']]);
  const ev = (await c.member1.get(`/api/v1/proposals/${id}/timeline`)).json.items.find((e) => e.action === 'communicate');
  assert.ok(ev, 'on the timeline');
  assert.equal(ev.note, '登门听取提案人意见，商定办理思路。');
  assert.deepEqual([ev.data.held_on, ev.data.way, ev.data.unit_id], [today, 'visit', units['甘肃省教育厅']]);

  // the reply: every part required
  const letter = await replyLetter(c.jiaoyu, { phone: '13912345678' });
  const body = { category: 'A', text: '已在全省乡村学校配备心理健康教师。', ...letter };
  for (const k of ['file_id', 'leader', 'contact_name', 'contact_phone']) {
    const { [k]: _, ...without } = body;
    assertError(await act(c.jiaoyu, id, 'reply', without), 422, 'invalid_field', k);
  }
  assertError(await act(c.jiaoyu, id, 'reply', { ...body, contact_phone: '电话号码' }), 422, 'invalid_field', 'contact_phone');
  // a letter the unit may not read (another unit's upload) is refused
  const other = await replyLetter(c.weijian);
  assertError(await act(c.jiaoyu, id, 'reply', { ...body, file_id: other.file_id }), 422, 'invalid_field', 'file_id');
  r = await act(c.jiaoyu, id, 'reply', body);
  assertStatus(r, 200);
  let a = lead(r.json);
  assert.equal(a.reply_leader, '王厅长');
  assert.equal(a.reply_contact, '李明');
  assert.equal(a.reply_contact_phone, '13912345678', 'the unit sees its own contact whole');
  assert.equal(a.reply_file.id, letter.file_id);

  const phoneOf = async (cl) => lead((await cl.get(`/api/v1/proposals/${id}`)).json).reply_contact_phone;
  assert.equal(await phoneOf(c.tiban), '13912345678', 'the proposal office');
  assert.equal(await phoneOf(c.weijian), '139****5678', 'another unit: the mask');
  assert.equal(await phoneOf(c.viewer), '139****5678', 'a reader of the proposal: the mask');
  assert.equal(await phoneOf(c.member1), '139****5678', 'the proposer before the reply is approved');
  // the letter is read with the proposal
  assertStatus(await c.member1.get(a.reply_file.url), 200);
  assertStatus(await c.tiban.get(a.reply_file.url), 200);

  assertStatus(await act(c.weijian, id, 'countersign'), 200);
  r = await act(c.tiban, id, 'approve-reply', { assignment_id: a.id });
  assert.equal(r.json.status, 'replied');
  assert.equal(await phoneOf(c.member1), '13912345678', 'the proposer, once the reply is sent to it');
  assert.equal(await phoneOf(c.member2), '139****5678', 'a member who is no proposer');
  // the printed proposal form names them too, the phone as the reader may see it
  const pdf = await pdfText(Buffer.from(await (await exportFile(c.member1, `/api/v1/proposals/${id}/pdf`)).arrayBuffer()));
  for (const want of ['签发领导', '王厅长', '联系人', '李明13912345678']) assert.ok(pdf.includes(want), `${want} in ${pdf}`);
  const seen = await pdfText(Buffer.from(await (await exportFile(c.viewer, `/api/v1/proposals/${id}/pdf`)).arrayBuffer()));
  assert.ok(seen.includes('李明139****5678') && !seen.includes('13912345678'), seen);
  // never in clear in the audit log
  const audit = await (await as(s, 'auditor')).get(`/api/v1/audit?entity=proposal&entity_id=${id}&limit=100`);
  assert.ok(!JSON.stringify(audit.json).includes('13912345678'));
});
