// tests/api/proposal_reads.test.mjs: what the faster reads of issue 17 must keep.
//   - Reads do not write: a proposal past its co-signing deadline that the scheduled task has not
//     closed yet reads as submitted everywhere (detail, actions, list and its status filter,
//     search, statistics) while its row stays as it is; the first step taken on it closes its
//     co-signing first, in the timeline, so a co-signer's late answer is refused.
//   - The list's total stays exact, counted the cheap way or not (a province, a city, filters).
//   - A member's own compliance read is the item of the committee's list; the quarterly roll-up's
//     member figures are those of the rules counted in SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, sql } from './lib/server.mjs';
import { assertError, assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov, lanzhou;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
const one = (text) => sql(s.db, text);

before(async () => {
  s = await startServer();
  for (const u of ['admin', 'gansu', 'lanzhou', 'member1', 'member2', 'tiban']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  lanzhou = await committeeId(c.admin, '兰州市政协');
  assertStatus(await c.tiban.post('/api/v1/proposal-sessions', { name: '十三届六次会议', committee_id: prov,
    year: Number(today.slice(0, 4)), opens_on: shift(-10), closes_on: shift(10) }), 201, 'session');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/* A joint proposal of member1 with member2 invited, submitted: in co-signing. */
async function cosigning(title) {
  const r = await c.member1.post('/api/v1/proposals', { title, category: '教育科技', committee_id: prov, kind: 'joint',
    facts: '我省农村寄宿制学校宿舍紧张，生活教师不足。', analysis: '投入不足，编制不够。',
    suggestions: '一是加大投入；二是核定生活教师编制；三是改善食堂条件。' });
  assertStatus(r, 201, 'draft');
  const id = r.json.id;
  assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${id}/cosigners`,
    { body: { member_ids: [c.member2.user.member_id] } }), 200);
  const sub = await act(c.member1, id, 'submit');
  assertStatus(sub, 200);
  assert.equal(sub.json.status, 'cosigning');
  return id;
}

const count = (where) => Number(one(`SELECT COUNT(*) FROM proposals p JOIN committees c ON c.id = p.committee_id WHERE ${where}`));
const path = (id) => one(`SELECT path FROM committees WHERE id = ${id}`);
const inside = (id) => `c.path >= '${path(id)}' AND c.path < '${path(id).slice(0, -1)}0'`;
const pastDeadline = (id) => one(`UPDATE proposals SET cosign_deadline = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id}`);
const stored = (id) => one(`SELECT status FROM proposals WHERE id = ${id}`);

test('past its co-signing deadline a proposal reads as submitted, without a write; the first step closes co-signing', async () => {
  const id = await cosigning('关于寄宿制学校生活教师编制的提案');
  const other = await cosigning('关于农村学校食堂改造的提案');
  let d = (await c.tiban.get(`/api/v1/proposals/${id}`)).json;
  assert.equal(d.status, 'cosigning', 'before the deadline');
  pastDeadline(id);
  pastDeadline(other);

  // the detail: submitted, with the office's review actions, not co-signing's
  d = (await c.tiban.get(`/api/v1/proposals/${id}`)).json;
  assert.equal(d.status, 'submitted');
  assert.equal(d.status_label, '待审查');
  assert.ok(d.actions.includes('file') && d.actions.includes('return'), JSON.stringify(d.actions));
  assert.ok(!d.actions.includes('close-cosigning'), JSON.stringify(d.actions));
  const m2 = (await c.member2.get(`/api/v1/proposals/${id}`)).json;
  assert.ok(!m2.actions.includes('cosign'), 'the co-signer is no longer asked');
  // the list, its status filter, search and the statistics agree
  const ids = async (q) => (await c.tiban.get(`/api/v1/proposals?limit=500&${q}`)).json.items.map((p) => p.id);
  assert.ok((await ids('status=submitted')).includes(id));
  assert.ok(!(await ids('status=cosigning')).includes(id));
  assert.ok((await ids('status=cosigning,submitted')).includes(id));
  assert.ok(!(await ids('status=draft,filed')).includes(id));
  const listed = (await c.tiban.get('/api/v1/proposals?limit=500')).json.items.find((p) => p.id === id);
  assert.equal(listed.status, 'submitted');
  const found = (await c.tiban.get(`/api/v1/proposals?q=${encodeURIComponent('寄宿制学校生活教师')}`)).json.items.find((p) => p.id === id);
  assert.equal(found?.status, 'submitted');
  const stats = (await c.gansu.get(`/api/v1/proposals/stats?committee_id=${prov}`)).json;
  const now = Math.floor(Date.now() / 1000);
  assert.equal(stats.by_status.cosigning ?? 0, count(`${inside(prov)} AND p.status = 'cosigning' AND (p.cosign_deadline IS NULL OR p.cosign_deadline >= ${now})`));
  assert.equal(stats.by_status.submitted, count(`${inside(prov)} AND (p.status = 'submitted' OR (p.status = 'cosigning' AND p.cosign_deadline < ${now}))`));
  // no read wrote: the row and the timeline are as they were
  assert.equal(stored(id), 'cosigning');
  let tl = (await c.tiban.get(`/api/v1/proposals/${id}/timeline`)).json.items.map((e) => e.action);
  assert.ok(!tl.includes('close-cosigning'), tl.join());

  // the first step closes co-signing first, then files
  const f = await act(c.tiban, id, 'file', { note: '符合立案要求' });
  assertStatus(f, 200);
  assert.equal(f.json.status, 'filed');
  assert.equal(stored(id), 'filed');
  tl = (await c.tiban.get(`/api/v1/proposals/${id}/timeline`)).json.items.map((e) => e.action);
  assert.deepEqual(tl.slice(-2), ['close-cosigning', 'file']);
  // a co-signer's answer after the deadline meets the closed co-signing
  assertError(await act(c.member2, other, 'cosign', { accept: true }), 409, 'wrong_state');
  assert.equal(stored(other), 'submitted');
});

test('the list total is exact for a province, a city and with filters', async () => {
  const total = async (cl, q = '') => (await cl.get(`/api/v1/proposals?limit=5${q}`)).json.total;
  const n = count(inside(prov));
  assert.ok(n > 0, 'the demo has proposals');
  assert.equal(await total(c.gansu), n, 'the province');
  assert.equal(await total(c.gansu, `&committee_id=${lanzhou}`), count(inside(lanzhou)), 'the province, a city chosen');
  assert.equal(await total(c.lanzhou), count(inside(lanzhou)), 'a city');
  assert.equal(await total(c.gansu, '&status=filed,closed'), count(`${inside(prov)} AND p.status IN ('filed','closed')`));
  assert.equal(await total(c.admin), count('1 = 1'), 'the whole installation');
  // a new proposal counts at once
  const r = await c.member1.post('/api/v1/proposals', { title: '关于乡村公路养护的提案', category: '经济建设', committee_id: prov,
    facts: '乡村公路养护资金不足。', analysis: '责任不清。', suggestions: '明确养护责任。' });
  assertStatus(r, 201);
  assert.equal(await total(c.gansu), n + 1);
});

test('a member\'s compliance read is its item of the list; the quarterly roll-up counts by the rules', async () => {
  const year = Number(one("SELECT MAX(starts_at) FROM activities WHERE status = 'done'")) ?
    new Date(Number(one("SELECT MAX(starts_at) FROM activities WHERE status = 'done'")) * 1000 + 8 * 3600e3).getUTCFullYear() :
    Number(today.slice(0, 4));
  for (const quarter of [1, 2, 3, 4]) {
    const list = (await c.gansu.get(`/api/v1/compliance?committee_id=${prov}&year=${year}&quarter=${quarter}&limit=30`)).json;
    assert.ok(list.items.length > 0);
    for (const it of list.items.slice(0, 8)) {
      const mine = (await c.gansu.get(`/api/v1/members/${it.member_id}/compliance?year=${year}&quarter=${quarter}`)).json;
      for (const k of Object.keys(it)) assert.deepEqual(mine[k], it[k], `${k} of member ${it.member_id}`);
    }
    // the roll-up's members and members_active of the province: active members; those with an
    // activity attended (present, done) or a reception day on duty (come) in the quarter
    const from = Date.UTC(year, 3 * (quarter - 1), 1) / 1000 - 8 * 3600;
    const to = Date.UTC(year, 3 * quarter, 1) / 1000 - 8 * 3600;
    const d0 = new Date((from + 8 * 3600) * 1000).toISOString().slice(0, 10);
    const d1 = new Date((to + 8 * 3600) * 1000).toISOString().slice(0, 10);
    const pp = one(`SELECT path FROM committees WHERE id = ${prov}`);
    const scope = `m.status = 'active' AND m.committee_id IN (SELECT id FROM committees WHERE path >= '${pp}' AND path < '${pp.slice(0, -1)}0')`;
    const active = Number(one(`SELECT COUNT(*) FROM members m WHERE ${scope} AND (EXISTS (SELECT 1 FROM activity_participants p
      JOIN activities a ON a.id = p.activity_id WHERE p.member_id = m.id AND p.attendance = 'present' AND a.status = 'done'
      AND a.starts_at >= ${from} AND a.starts_at < ${to}) OR EXISTS (SELECT 1 FROM reception_duty d JOIN reception_days r
      ON r.id = d.reception_day_id WHERE d.member_id = m.id AND r.date >= '${d0}' AND r.date < '${d1}' AND r.date <= '${today}'))`));
    const roll = (await c.gansu.get(`/api/v1/compliance/rollup?committee_id=${prov}&year=${year}&quarter=${quarter}`)).json.rows[0];
    assert.equal(roll.members, Number(one(`SELECT COUNT(*) FROM members m WHERE ${scope}`)), `members, Q${quarter}`);
    assert.equal(roll.members_active, active, `members_active, Q${quarter}`);
  }
});
