// tests/api/points_recompute.test.mjs: a recompute writes only what changed (issue 17). The job's
// result says what it wrote (written: entries inserted, updated in place, deleted; totals); a
// recompute right after another writes nothing and leaves every member's ledger as it was, ids
// included; a new rule-set version changes the points of the entries in place (no entry replaced)
// and its ledger reads as the rules say; the next recompute writes nothing again. (The equality
// with a rebuild from an empty ledger is tested in tests/unit/test_points.c.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertStatus, committeeId, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

before(async () => {
  s = await startServer(); // the demo year: activities, proposals, duty records and their points
  for (const u of ['gansu', 'member1']) c[u] = await as(s, u);
  prov = await committeeId(c.gansu, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

async function recompute() {
  const r = await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year });
  assertStatus(r, 202, 'recompute');
  const { job } = await waitJob(c.gansu, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  return job.result;
}

// The members at the top and bottom of the ranking.
async function some() {
  const top = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&limit=10`)).json.items;
  const bottom = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&bottom=1`)).json.items.slice(0, 5);
  return [...top, ...bottom].map((x) => x.member_id);
}

// The ledgers (whole, ids included) of members ids.
async function ledgers(ids) {
  const out = {};
  for (const id of ids) {
    const r = await c.gansu.get(`/api/v1/points?member_id=${id}&year=${year}`);
    assertStatus(r, 200, `ledger ${id}`);
    out[id] = r.json;
  }
  return out;
}

const nothing = { inserted: 0, updated: 0, deleted: 0, totals: 0 };

test('a recompute right after another writes nothing; the ledgers stay as they were, ids and all', async () => {
  const first = await recompute();
  assert.deepEqual(Object.keys(first.written).sort(), ['deleted', 'inserted', 'totals', 'updated']);
  assert.ok(first.members > 0 && first.entries > 0, JSON.stringify(first));
  const ids = await some();
  const before = await ledgers(ids);
  assert.ok(Object.values(before).some((l) => l.items.length > 0), 'members with entries');
  const second = await recompute();
  assert.deepEqual(second.written, nothing);
  assert.equal(second.entries, first.entries);
  assert.equal(second.members, first.members);
  assert.deepEqual(await ledgers(ids), before);
});

test('a new rule-set version: the entries change in place, as the rules say; then nothing more to write', async () => {
  const rs = (await c.gansu.get(`/api/v1/rule-sets/effective?committee_id=${prov}&year=${year}`)).json;
  const ids = await some();
  const before = await ledgers(ids);
  // the event most entries of these members are of, worth one point more
  const count = {};
  for (const l of Object.values(before)) for (const e of l.items) if (e.rule === e.event) count[e.event] = (count[e.event] || 0) + 1;
  const [event] = Object.entries(count).sort((a, b) => b[1] - a[1])[0];
  const body = Object.fromEntries(['full_marks', 'pass', 'min_attendance', 'year_cap', 'rules', 'category_caps', 'grades',
    'bottom', 'checkpoints', 'flags', 'honours'].filter((k) => k in rs).map((k) => [k, structuredClone(rs[k])]));
  const rule = body.rules.find((r) => r.event === event);
  rule.points += 1;
  rule.cap = null;
  for (const k of Object.keys(body.category_caps || {})) body.category_caps[k] = null;
  body.year_cap = null;
  const r = await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year, ...body });
  assertStatus(r, 201, 'save rule set');
  const { job } = await waitJob(c.gansu, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.ok(job.result.written.updated > 0, JSON.stringify(job.result));
  assert.equal(job.result.written.inserted, 0, 'no entry replaced: their sources did not change');
  assert.equal(job.result.written.deleted, 0);
  const after = await ledgers(ids);
  for (const [id, l] of Object.entries(after)) {
    const old = before[id];
    assert.deepEqual(l.items.map((e) => e.id), old.items.map((e) => e.id), `member ${id}: the same entries`);
    for (const [k, e] of l.items.entries()) {
      assert.equal(e.rule_set_id, r.json.rule_set.id);
      if (e.rule === event) assert.equal(e.raw, old.items[k].raw + 1, `member ${id}: ${event}`);
      else assert.equal(e.raw, old.items[k].raw);
    }
    assert.equal(l.total, l.items.reduce((t, e) => t + e.points * 10, 0) / 10, `member ${id}: the total is the sum`);
  }
  assert.deepEqual((await recompute()).written, nothing);
});
