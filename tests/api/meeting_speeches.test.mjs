// tests/api/meeting_speeches.test.mjs: speeches at a meeting (issue 19, part B) over HTTP on both
// engines — an invited member registers an oral speech or hands in a written one with its file
// (bad input refused with nothing written; a second of the same kind 409), withdraws an oral one
// before the staff decide; staff select (the same selection twice at once: one effect), order
// and, in session, start and stop each one's speaking time (the same start twice at once: one
// effect; one speaker at a time); a member sees only its own, another committee's staff 404;
// the statistic of speeches by sector with counts and shares.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov, m, baseline;
const stats = async (year) => (await c.gansu.get(`/api/v1/meetings/speech-stats?committee_id=${prov}&year=${year}`)).json;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'lanzhou', 'member1', 'member2', 'viewer']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  // the demo's own meetings of the year have speeches: this test's add to them
  baseline = await stats(2026);
  let r = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'plenary', title: '省政协十三届五次会议', starts_at: '2026-12-22T09:00:00+08:00',
    ends_at: '2026-12-24T17:30:00+08:00',
  });
  assertStatus(r, 201, 'create');
  m = r.json;
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`,
    { member_ids: [c.member1.user.member_id, c.member2.user.member_id] });
  assertStatus(r, 200, 'invite');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const P = () => `/api/v1/meetings/${m.id}/speeches`;
const sp = {};

test('members register oral speeches and hand in written ones; bad input changes nothing', async () => {
  // before the notice the meeting is the staff's
  assertError(await c.member1.post(P(), { kind: 'oral', title: '关于黄河流域生态保护' }), 404);
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 200, 'notify');
  assertError(await c.member1.post(P(), { kind: 'song', title: 'x' }), 422, 'invalid_field', 'kind');
  assertError(await c.member1.post(P(), { kind: 'oral', title: '' }), 422, 'invalid_field', 'title');
  assertError(await c.member1.post(P(), { kind: 'oral', title: 'x', file_id: 1 }), 422, 'invalid_field', 'file_id');
  assertError(await c.member1.post(P(), { kind: 'written', title: '书面' }), 422, 'invalid_field', 'file_id');
  assertError(await c.member1.post(P(), { kind: 'written', title: '书面', file_id: 999999 }), 422, 'invalid_field', 'file_id');
  assertError(await c.member1.post(P(), { kind: 'oral', title: 'x', mood: 'good' }), 422, 'invalid_field');
  assert.equal((await c.gansu.get(P())).json.total, 0);
  // staff do not register; another committee's staff do not see the meeting
  assertError(await c.gansu.post(P(), { kind: 'oral', title: 'x' }), 403);
  assertError(await c.lanzhou.get(P()), 404);

  let r = await c.member1.post(P(), { kind: 'oral', title: '关于黄河流域生态保护', summary: '三点建议' });
  assertStatus(r, 201, 'oral');
  sp.m1 = r.json;
  assert.equal(sp.m1.status, 'registered');
  assert.equal(sp.m1.status_label, '已报名');
  assert.equal(sp.m1.kind_label, '口头发言');
  assertError(await c.member1.post(P(), { kind: 'oral', title: '第二个' }), 409, 'conflict');
  r = await c.member2.post(P(), { kind: 'oral', title: '关于乡村振兴' });
  assertStatus(r, 201, 'oral 2');
  sp.m2a = r.json;
  const fr = await c.member2.post(`/api/v1/files?committee_id=${prov}`, new TextEncoder().encode('书面发言全文'),
    { headers: { 'x-filename': encodeURIComponent('书面发言.txt'), 'content-type': 'text/plain' } });
  assertStatus(fr, 201, 'upload');
  r = await c.member2.post(P(), { kind: 'written', title: '关于文旅融合', file_id: fr.json.id });
  assertStatus(r, 201, 'written');
  sp.m2w = r.json;
  assert.equal(sp.m2w.status, 'delivered');
  assert.equal(sp.m2w.file.id, fr.json.id);
  // the written file: its author and the staff read it, another member not
  assertStatus(await c.gansu.get(`/api/v1/files/${fr.json.id}`), 200, 'staff read the written speech');
  assertError(await c.member1.get(`/api/v1/files/${fr.json.id}`), 404);
  // a member sees its own; the staff all
  assert.deepEqual((await c.member1.get(P())).json.items.map((x) => x.id), [sp.m1.id]);
  assert.equal((await c.gansu.get(P())).json.total, 3);
  assertError(await c.gansu.get(`${P()}?status=maybe`), 422, 'invalid_field', 'status');
  // an oral speech withdrawn before the decision, by its member only
  assertError(await c.member1.post(`${P()}/${sp.m2a.id}/withdraw`, {}), 403);
  r = await c.member2.post(`${P()}/${sp.m2a.id}/withdraw`, {});
  assertStatus(r, 200, 'withdraw');
  assert.equal(r.json.status, 'withdrawn');
  assertError(await c.member2.post(`${P()}/${sp.m2a.id}/withdraw`, {}), 409, 'wrong_state');
  r = await c.member2.post(P(), { kind: 'oral', title: '关于乡村振兴（修改）' });
  assertStatus(r, 201, 'register again');
  sp.m2 = r.json;
});

test('staff select (twice at once: one effect), order, and time the speeches', async () => {
  const rs = await Promise.all([1, 2].map(() => c.gansu.post(`${P()}/${sp.m1.id}/select`, { minutes: 8 })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
  assertError(rs.find((r) => r.status === 409), 409, 'wrong_state');
  let r = (await c.gansu.get(`${P()}?status=selected`)).json.items;
  assert.deepEqual(r.map((x) => [x.id, x.seq, x.minutes]), [[sp.m1.id, 1, 8]]);
  assertError(await c.member1.post(`${P()}/${sp.m1.id}/withdraw`, {}), 409, 'wrong_state');
  assertError(await c.member1.post(`${P()}/${sp.m2.id}/select`, {}), 403);
  assertError(await c.gansu.post(`${P()}/${sp.m2w.id}/select`, {}), 409, 'wrong_state');
  assertError(await c.gansu.post(`${P()}/${sp.m2.id}/select`, { minutes: 0 }), 422, 'invalid_field', 'minutes');
  assertStatus(await c.gansu.post(`${P()}/${sp.m2.id}/select`, {}), 200, 'select 2');
  // the order: bad lists change nothing
  assertError(await c.gansu.post(`${P()}/order`, { speech_ids: [sp.m2.id] }), 422, 'invalid_field', 'speech_ids');
  assertError(await c.gansu.post(`${P()}/order`, { speech_ids: [sp.m2.id, sp.m2w.id] }), 422, 'invalid_field', 'speech_ids');
  r = (await c.gansu.get(`${P()}?status=selected`)).json.items;
  assert.deepEqual(r.map((x) => x.id), [sp.m1.id, sp.m2.id]);
  r = await c.gansu.post(`${P()}/order`, { speech_ids: [sp.m2.id, sp.m1.id] });
  assertStatus(r, 200, 'order');
  assert.deepEqual(r.json.items.map((x) => [x.id, x.seq]), [[sp.m2.id, 1], [sp.m1.id, 2]]);

  // speaking time only in session
  assertError(await c.gansu.post(`${P()}/${sp.m2.id}/start`, {}), 409, 'wrong_state');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {}), 200, 'open');
  const starts = await Promise.all([1, 2].map(() => c.gansu.post(`${P()}/${sp.m2.id}/start`, {})));
  assert.deepEqual(starts.map((x) => x.status).sort(), [200, 409]);
  const started = starts.find((x) => x.status === 200).json;
  assert.equal(started.speaking, true);
  assert.ok(started.started_at);
  assert.equal(started.ended_at, null);
  // one speaker at a time
  assertError(await c.gansu.post(`${P()}/${sp.m1.id}/start`, {}), 409, 'conflict');
  assertError(await c.gansu.post(`${P()}/${sp.m1.id}/stop`, {}), 409, 'wrong_state');
  r = await c.gansu.post(`${P()}/${sp.m2.id}/stop`, {});
  assertStatus(r, 200, 'stop');
  assert.equal(r.json.status, 'delivered');
  assert.equal(r.json.speaking, false);
  assert.ok(r.json.ended_at);
  assertError(await c.gansu.post(`${P()}/${sp.m2.id}/stop`, {}), 409, 'wrong_state');
  assertStatus(await c.gansu.post(`${P()}/${sp.m1.id}/start`, {}), 200, 'start 1');
  assertStatus(await c.gansu.post(`${P()}/${sp.m1.id}/stop`, {}), 200, 'stop 1');
  const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items;
  assert.ok(tl.some((e) => e.action === 'speech' && /开始发言/.test(e.note)));
  const labels = (await c.gansu.get('/api/v1/labels')).json;
  const flat = JSON.stringify(labels);
  assert.ok(flat.includes('meeting.speech_state') && flat.includes('书面发言'), 'the label tables are served');
});

test('speeches by sector: counts and shares of the delivered ones', async () => {
  const r = await c.gansu.get(`/api/v1/meetings/speech-stats?committee_id=${prov}&year=2026`);
  assertStatus(r, 200, 'stats');
  assert.equal(r.json.total, baseline.total + 3, 'two oral delivered and one written more');
  const sectors = {};
  for (const who of ['member1', 'member2']) {
    const mm = (await c.gansu.get(`/api/v1/members/${c[who].user.member_id}`)).json;
    sectors[who] = mm.sector_id ?? 0;
  }
  const want = new Map(baseline.items.map((x) => [x.sector_id, x.count]));
  want.set(sectors.member1, (want.get(sectors.member1) ?? 0) + 1);
  want.set(sectors.member2, (want.get(sectors.member2) ?? 0) + 2);
  assert.deepEqual(new Map(r.json.items.map((x) => [x.sector_id, x.count])), want);
  for (const x of r.json.items) assert.equal(x.share, Math.round((x.count * 1000) / r.json.total) / 10);
  const sum = (o, k) => o.items.reduce((a, x) => a + x[k], 0);
  assert.equal(sum(r.json, 'oral'), sum(baseline, 'oral') + 2);
  assert.equal(sum(r.json, 'written'), sum(baseline, 'written') + 1);
  // another year has none; a member reads no statistics; a bad year is 422
  assert.equal((await c.gansu.get(`/api/v1/meetings/speech-stats?committee_id=${prov}&year=2025`)).json.total, 0);
  assertError(await c.member1.get(`/api/v1/meetings/speech-stats?committee_id=${prov}&year=2026`), 403);
  assertError(await c.gansu.get(`/api/v1/meetings/speech-stats?committee_id=${prov}&year=1900`), 422, 'invalid_field', 'year');
  // after the close the speeches are fixed
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/close`, {}), 200, 'close');
  assertError(await c.member2.post(`${P()}/${sp.m2w.id}/withdraw`, {}), 409, 'wrong_state');
  assertError(await c.member1.post(P(), { kind: 'oral', title: '迟到的发言' }), 409, 'wrong_state');
});
