// tests/api/points.test.mjs: duty points over HTTP on the demo data: rule sets (the catalogue,
// the example stored at the root, versions for the province, export and import, every
// validation refusal, who may write), the ledger fed by real records (duty records and the
// two-thirds rule, activity participants, a proposal filed through its actions, caps set in a
// new version), recomputation, the ranking, the assessment and candidates for honours, the
// reminders to the bottom of the ranking, the duty file (JSON, PDF, XLSX), the self-report, the
// member's own page and the dashboard.
//
// Every ledger read here is checked against a scorer written in this file from the rules of
// points_ledger.c (the two-thirds rule, caps per rule, per category and per year, deductions
// never cut), so a total is never compared with a number typed in by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov, root, lanzhou, catalogue, eventCategory;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const BODY_KEYS = ['full_marks', 'pass', 'min_attendance', 'year_cap', 'rules', 'category_caps', 'grades', 'bottom',
  'checkpoints', 'flags', 'honours'];
let memberX; // a provincial member (not member1 or member2) who attended the demo's plenary session in full
const m = {}; // member ids of the member accounts

before(async () => {
  s = await startServer(); // the demo year: activities, proposals, duty records and the points they earn
  for (const u of ['admin', 'auditor', 'gansu', 'lanzhou', 'qilihe', 'tianshui', 'viewer', 'member1', 'member2', 'tiban']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  root = await committeeId(c.admin, '全国政协');
  lanzhou = await committeeId(c.admin, '兰州市政协');
  m.member1 = c.member1.user.member_id;
  m.member2 = c.member2.user.member_id;
  const r = await c.gansu.get('/api/v1/rule-sets/catalogue');
  assertStatus(r, 200, 'catalogue');
  catalogue = r.json;
  eventCategory = Object.fromEntries(catalogue.events.map((e) => [e.event, e.category]));
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

// ---- helpers --------------------------------------------------------------------------------

const tenths = (x) => Math.round(x * 10);
const put = (cl, path, body) => cl.request('PUT', path, { body });

/** The rule set in force for a committee this year. */
async function effective(committee = prov, cl = c.gansu) {
  const r = await cl.get(`/api/v1/rule-sets/effective?committee_id=${committee}&year=${year}`);
  assertStatus(r, 200, 'effective');
  return r.json;
}

/** The body members of a rule set (what POST /rule-sets takes besides committee_id, year, name, note). */
function bodyOf(rs) {
  return Object.fromEntries(BODY_KEYS.filter((k) => k in rs).map((k) => [k, structuredClone(rs[k])]));
}

/** The body of rs with the points (and cap) of some events changed: {event: [points, cap]}. */
function withRules(rs, changes) {
  const b = bodyOf(rs);
  for (const r of b.rules) if (changes[r.event]) [r.points, r.cap] = changes[r.event];
  return b;
}

/** Saves a new version for the province; waits for its recompute. Returns the rule set. */
async function saveVersion(body, extra = {}) {
  const r = await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year, ...body, ...extra });
  assertStatus(r, 201, 'save rule set');
  assert.ok(r.json.job, 'a recompute job');
  assert.equal(r.json.job.kind, 'points_recompute');
  const { job } = await waitJob(c.gansu, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.result.year, year);
  assert.ok(job.result.members > 0 && job.result.entries > 0, JSON.stringify(job.result));
  return r.json.rule_set;
}

/** The province's versions for the year, newest first. */
async function versions() {
  const r = await c.gansu.get(`/api/v1/rule-sets?committee_id=${prov}&year=${year}`);
  assertStatus(r, 200, 'rule sets');
  return r.json.items.filter((x) => x.committee_id === prov);
}

/** A member's ledger for the year (read by staff). */
async function ledger(member, cl = c.gansu) {
  const r = await cl.get(`/api/v1/points?member_id=${member}&year=${year}`);
  assertStatus(r, 200, `ledger ${member}`);
  return r.json;
}

/**
 * Scores the ledger's events again under rules (the rule set JSON) and checks every entry's rule,
 * raw value, points and note, the categories and the total. The ledger lists the entries in the
 * order they are scored in (occurred_at, then the order they were written in).
 */
function checkLedger(l, rules) {
  const pts = Object.fromEntries(rules.rules.map((r) => [r.event, tenths(r.points)]));
  const caps = Object.fromEntries(rules.rules.map((r) => [r.event, r.cap == null ? 0 : tenths(r.cap)]));
  const catCap = Object.fromEntries(Object.entries(rules.category_caps).map(([k, v]) => [k, v == null ? 0 : tenths(v)]));
  const yearCap = rules.year_cap == null ? 0 : tenths(rules.year_cap);
  const [num, den] = rules.min_attendance.split('/').map(Number);
  const usedRule = {}, usedCat = {}, byCat = {};
  let usedYear = 0, total = 0;
  for (const e of l.items) {
    const what = `${l.member_id} ${JSON.stringify(e)}`;
    let rule = e.event, note = '';
    if (e.event.endsWith('.present') && e.duration_minutes != null && e.attended_minutes * den < e.duration_minutes * num) {
      rule = e.event.replace(/\.present$/, '.absent');
      note = '出席时间不足规定比例，按缺席计';
    }
    assert.equal(e.rule, rule, what);
    assert.equal(e.category, eventCategory[rule], what);
    assert.equal(tenths(e.raw), pts[rule], what);
    const cat = eventCategory[rule];
    let p = pts[rule];
    if (p > 0) {
      const ur = usedRule[rule] ?? 0, uc = usedCat[cat] ?? 0;
      if (caps[rule] && p > caps[rule] - ur) { p = caps[rule] - ur; note = '已达该项年度上限'; }
      if (catCap[cat] && p > catCap[cat] - uc) { p = catCap[cat] - uc; note = '已达该类年度上限'; }
      if (yearCap && p > yearCap - usedYear) { p = yearCap - usedYear; note = '已达年度总分上限'; }
      if (p < 0) p = 0;
      usedRule[rule] = ur + p;
      usedCat[cat] = uc + p;
      usedYear += p;
    }
    assert.equal(tenths(e.points), p, what);
    assert.equal(e.note, note, what);
    assert.equal(e.rule_set_version, l.rule_set.version, what);
    assert.equal(e.rule_set_id, l.rule_set.id, what);
    byCat[cat] = (byCat[cat] ?? 0) + p;
    total += p;
  }
  assert.equal(tenths(l.total), total, `total of member ${l.member_id}`);
  for (const x of l.by_category) {
    assert.equal(tenths(x.points), byCat[x.category] ?? 0, `${l.member_id} ${x.category}`);
    assert.equal(x.cap == null ? 0 : tenths(x.cap), catCap[x.category] ?? 0, x.category);
  }
  return l;
}

/** The entries of a ledger from one source record. */
const from = (l, kind, id) => l.items.filter((e) => e.source_kind === kind && e.source_id === id);

/** The whole ranking of a scope (every page), as the staff read it. */
async function fullRanking(query = `committee_id=${prov}`) {
  const items = [];
  let of = null, head = null;
  for (let offset = 0; ; offset += 500) {
    const r = await c.gansu.get(`/api/v1/ranking?${query}&year=${year}&offset=${offset}&limit=500`);
    assertStatus(r, 200, 'ranking');
    head ??= r.json;
    of = r.json.of;
    items.push(...r.json.items);
    if (items.length >= of || !r.json.items.length) break;
  }
  assert.equal(items.length, of, 'every page together lists the scope');
  return { ...head, items };
}

/** Checks competition ranks on a list sorted by total: rank = 1 + the number with a larger total. */
function checkRanks(items, of) {
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (i) {
      const p = items[i - 1];
      assert.ok(p.total > x.total || (p.total === x.total && p.member_id < x.member_id), `order at ${i}`);
      assert.equal(x.rank, p.total === x.total ? p.rank : i + 1, `rank at ${i}`);
    } else {
      assert.equal(x.rank, 1);
    }
    assert.equal(x.percentile, Math.round((1000 * (of - x.rank)) / of) / 10, `percentile at ${i}`);
  }
}

/** Text of a PDF by pdftotext, without white space. */
function pdfText(bytes) {
  const file = join(mkdtempSync(join(tmpdir(), 'lvzhi-pdf-')), 'f.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** Tenths as the PDF writes them: whole numbers bare, else one decimal. */
const numText = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

async function record(body) {
  const r = await c.gansu.post('/api/v1/points/records', { committee_id: prov, member_id: memberX, kind: 'plenary',
    title: '积分测试会议', held_on: today, ...body });
  assertStatus(r, 201, 'duty record');
  return r.json;
}

// ---- rule sets --------------------------------------------------------------------------------

test('the catalogue and the example rule set stored at the root when a year has none', async () => {
  const events = catalogue.events.map((e) => e.event);
  assert.ok(events.length >= 30, `${events.length} events`);
  assert.equal(new Set(events).size, events.length);
  const cats = catalogue.categories.map((x) => x.category);
  assert.deepEqual(cats, ['meeting', 'activity', 'proposal', 'report', 'speech']);
  for (const e of catalogue.events) {
    assert.ok(cats.includes(e.category), e.event);
    assert.ok(e.label && e.label_en, e.event);
  }
  for (const k of ['plenary', 'standing', 'meeting'])
    for (const a of ['present', 'excused', 'absent']) assert.ok(events.includes(`${k}.${a}`), `${k}.${a}`);
  // the example: a rule for every event, in catalogue order; the grades of DOMAIN.md
  const ex = catalogue.example;
  assert.deepEqual(ex.rules.map((r) => r.event), events);
  assert.equal(ex.min_attendance, '2/3');
  assert.deepEqual(ex.grades.map((g) => [g.grade, g.min]), [['excellent', 90], ['good', 80], ['competent', 60], ['incompetent', 0]]);
  assert.ok(ex.rules.every((r) => r.points === 0 || Math.abs(tenths(r.points) - r.points * 10) < 1e-9));

  // the demo computed this year: the example is in force, stored at the root
  const eff = await effective();
  assert.equal(eff.committee_id, root);
  assert.equal(eff.year, year);
  assert.equal(eff.version, 1);
  assert.equal(eff.current, true);
  assert.match(eff.name, /示例/);
  assert.deepEqual(eff.rules, ex.rules);
  assert.deepEqual(eff.category_caps, ex.category_caps);
  assert.deepEqual(eff.grades, ex.grades);
  // a year with no rule set at all: reading it stores the example at the root, once
  const past = year - 3;
  const listed = async () => (await c.admin.get(`/api/v1/rule-sets?committee_id=${root}&year=${past}`)).json.items;
  assert.deepEqual(await listed(), []);
  for (let i = 0; i < 2; i++) {
    const r = await c.gansu.get(`/api/v1/rule-sets/effective?committee_id=${prov}&year=${past}`);
    assertStatus(r, 200);
    assert.equal(r.json.committee_id, root);
    assert.equal(r.json.year, past);
    assert.equal(r.json.version, 1);
    assert.deepEqual(r.json.rules, ex.rules);
    assert.ok(r.json.flags.term_start_year <= past);
  }
  const stored = await listed();
  assert.equal(stored.length, 1, 'stored once');
  assert.equal(stored[0].committee_name, '全国政协');
  // the province lists the rule set in force there, from above
  const pl = (await c.gansu.get(`/api/v1/rule-sets?year=${year}`)).json.items;
  assert.ok(pl.some((x) => x.committee_id === root && x.current), JSON.stringify(pl));
  assertError(await c.gansu.get('/api/v1/rule-sets/effective?year=1999'), 422, 'invalid_field', 'year');
  assertError(await c.qilihe.get(`/api/v1/rule-sets/effective?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  assertError(await c.qilihe.get(`/api/v1/rule-sets?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  assertError(await c.gansu.get('/api/v1/rule-sets/999999'), 404, 'not_found');
});

test('a rule set is visible within the scope and above it, where it is in force; not to a sibling', async () => {
  // the province's staff open and export the root's example, in force at the province
  const eff = await effective();
  assert.equal(eff.committee_id, root);
  const r = await c.gansu.get(`/api/v1/rule-sets/${eff.id}`);
  assertStatus(r, 200);
  assert.deepEqual(r.json, eff);
  const x = await c.gansu.request('GET', `/api/v1/rule-sets/${eff.id}/export`, { raw: true });
  assert.equal(x.status, 200);
  assert.deepEqual(bodyOf(await x.json()), bodyOf(eff));
  assertStatus(await c.qilihe.get(`/api/v1/rule-sets/${eff.id}`), 200);
});

test('validation: every refusal is a 422 naming the member and stores nothing; who may write', async () => {
  const base = bodyOf(await effective());
  const before = (await versions()).length;
  const bad = [
    ['unknown event', { rules: [{ event: 'plenary.present', points: 50 }, { event: 'plenary.asleep', points: 1 }] }, 'rules[1]'],
    ['points with two decimals', { rules: [{ event: 'plenary.present', points: 50 }, { event: 'speech.other', points: 5 },
      { event: 'plenary.excused', points: 2.25 }] }, 'rules[2]'],
    ['a cap with two decimals', { rules: [{ event: 'meeting.present', points: 3, cap: 30.05 }] }, 'rules[0]'],
    ['points missing', { rules: [{ event: 'meeting.present', cap: 3 }] }, 'rules[0]'],
    ['a rule with an unknown member', { rules: [{ event: 'meeting.present', points: 3, bonus: 1 }] }, 'rules[0]'],
    ['points out of range', { rules: [{ event: 'meeting.present', points: 1000 }] }, 'rules[0]'],
    ['grades out of order', { grades: [{ grade: 'good', label: '良好', min: 80 }, { grade: 'excellent', label: '优秀', min: 90 },
      { grade: 'incompetent', label: '不称职', min: 0 }] }, 'grades'],
    ['grades not ending at 0', { grades: [{ grade: 'excellent', label: '优秀', min: 90 }, { grade: 'rest', label: '其他', min: 10 }] }, 'grades'],
    ['a checkpoint in month 13', { checkpoints: ['06-30', '13-01'] }, 'checkpoints'],
    ['a checkpoint without a leading zero', { checkpoints: ['6-30'] }, 'checkpoints'],
    ['a checkpoint with a time', { checkpoints: ['06-30T00'] }, 'checkpoints'],
    ['an unknown top-level member', { colour: 'red' }, 'colour'],
    ['min_attendance above one', { min_attendance: '3/2' }, 'min_attendance'],
    ['min_attendance in words', { min_attendance: '三分之二' }, 'min_attendance'],
    ['min_attendance as a number', { min_attendance: 0.66 }, 'min_attendance'],
    ['an unknown category cap', { category_caps: { poetry: 5 } }, 'category_caps'],
    ['bottom percent over 100', { bottom: { count: 0, percent: 120 } }, 'bottom.percent'],
    ['an honour without places', { honours: [{ key: 'x', name: '某奖', min_score: 90 }] }, 'honours'],
    ['the term starting after the year', { flags: { ...base.flags, term_start_year: year + 1 } }, 'flags.term_start_year'],
  ];
  for (const [what, change, field] of bad) {
    const r = await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year, ...base, ...change });
    const e = assertError(r, 422, 'invalid_field', field);
    assert.ok(e.message.includes(field), `${what}: the message names ${field}: ${e.message}`);
  }
  assertError(await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, ...base }), 422, 'invalid_field', 'year');
  assertError(await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year: 1999, ...base }), 422, 'invalid_field', 'year');
  assertError(await c.gansu.post('/api/v1/rule-sets', { committee_id: 'prov', year, ...base }), 422, 'invalid_field', 'committee_id');
  assertError(await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year, name: '', ...base }), 422, 'invalid_field', 'name');
  // English messages on request
  c.gansu.lang = 'en';
  const en = await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year, ...base, colour: 1 });
  c.gansu.lang = null;
  assert.match(en.json.error.message, /unknown member/);
  // who may write
  assertError(await c.member1.post('/api/v1/rule-sets', { committee_id: prov, year, ...base }), 403, 'forbidden');
  assertError(await c.viewer.post('/api/v1/rule-sets', { committee_id: prov, year, ...base }), 403, 'forbidden');
  assertError(await c.tiban.post('/api/v1/rule-sets', { committee_id: prov, year, ...base }), 403, 'forbidden');
  assertError(await c.qilihe.post('/api/v1/rule-sets', { committee_id: prov, year, ...base }), 403, 'forbidden_scope', 'committee_id');
  assertError(await c.member1.post('/api/v1/points/recompute', { committee_id: prov, year }), 403, 'forbidden');
  // nothing was stored
  assert.equal((await versions()).length, before);
  assert.equal((await effective()).committee_id, root);
});

test('rule sets name their term (届): five years, the year inside it; the automatic one takes the term of its year; absences count that term', async () => {
  const termOf = (y) => 2023 + Math.floor((y - 2023) / 5) * 5; // five-year terms anchored on 2023
  const yearsName = (start) => `${start}–${start + 4}年`;
  // the example names the term of this year by its years
  const ex = catalogue.example;
  assert.deepEqual(ex.term, { name: yearsName(termOf(year)), start_year: termOf(year), end_year: termOf(year) + 4 });
  assert.equal(ex.flags.term_start_year, termOf(year));
  // two terms ahead: the automatic rule set is that year's term, not one from 2023 on
  const T = termOf(year) + 10; // the first year of a term
  for (const y of [T - 1, T + 1, T + 4]) {
    const r = await c.gansu.get(`/api/v1/rule-sets/effective?committee_id=${prov}&year=${y}`);
    assertStatus(r, 200);
    assert.equal(r.json.committee_id, root);
    assert.deepEqual(r.json.term, { name: yearsName(termOf(y)), start_year: termOf(y), end_year: termOf(y) + 4 }, `${y}`);
    assert.equal(r.json.flags.term_start_year, termOf(y));
  }
  const base = bodyOf(catalogue.example);
  delete base.flags.term_start_year;
  // the province names its term; the year must lie inside it
  const post = (y, term, extra = {}) => c.gansu.post('/api/v1/rule-sets', { committee_id: prov, year: y, ...base, term, ...extra });
  const before = (await c.gansu.get(`/api/v1/rule-sets?committee_id=${prov}&year=${T + 2}`)).json.items.filter((x) => x.committee_id === prov).length;
  let e = assertError(await post(T + 5, { name: '第十五届', start_year: T }), 422, 'invalid_field', 'term.start_year');
  assert.match(e.message, new RegExp(`${T + 5}.*第十五届.*${T}–${T + 4}`));
  assertError(await post(T - 1, { name: '第十五届', start_year: T }), 422, 'invalid_field', 'term.start_year');
  assertError(await post(T + 2, { name: '第十五届', start_year: T, end_year: T + 5 }), 422, 'invalid_field', 'term.end_year');
  assertError(await post(T + 2, { name: '第十五届' }), 422, 'invalid_field', 'term.start_year');
  assertError(await post(T + 2, { name: '届'.repeat(30), start_year: T }), 422, 'invalid_field', 'term.name');
  assertError(await post(T + 2, '第十五届'), 422, 'invalid_field', 'term');
  assertError(await post(T + 2, { name: '第十五届', start_year: T }, { flags: { ...base.flags, term_start_year: T - 5 } }), 422, 'invalid_field',
    'flags.term_start_year');
  // without a term, the old flag still names its first year, inside five years of the year
  assertError(await post(T + 2, undefined, { flags: { ...base.flags, term_start_year: T - 4 } }), 422, 'invalid_field', 'flags.term_start_year');
  c.gansu.lang = 'en';
  e = assertError(await post(T + 5, { name: '第十五届', start_year: T }), 422, 'invalid_field', 'term.start_year');
  c.gansu.lang = null;
  assert.match(e.message, /term/);
  assert.equal((await c.gansu.get(`/api/v1/rule-sets?committee_id=${prov}&year=${T + 2}`)).json.items.filter((x) => x.committee_id === prov).length,
    before, 'nothing stored');
  let r = await post(T + 2, { name: '第十五届', start_year: T });
  assertStatus(r, 201);
  await waitJob(c.gansu, r.json.job.id);
  assert.deepEqual(r.json.rule_set.term, { name: '第十五届', start_year: T, end_year: T + 4 });
  assert.equal(r.json.rule_set.flags.term_start_year, T, 'old readers still find the first year');
  r = await c.gansu.get(`/api/v1/rule-sets/effective?committee_id=${prov}&year=${T + 2}`);
  assert.equal(r.json.term.name, '第十五届');
  // the export carries it, and imports again
  const file = await (await c.gansu.request('GET', `/api/v1/rule-sets/${r.json.id}/export`, { raw: true })).json();
  assert.deepEqual(file.term, { name: '第十五届', start_year: T, end_year: T + 4 });
  r = await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, ...file, year: T + 3 });
  assertStatus(r, 201, 'import into another year of the term');
  await waitJob(c.gansu, r.json.job.id);
  assertError(await c.gansu.post('/api/v1/rule-sets', { committee_id: prov, ...file, year: T + 5 }), 422, 'invalid_field', 'term.start_year');

  // plenary absences in the term: member2 misses the plenary session three years running at the
  // end of one term and two at the start of the next; the assessment of each year counts its own term
  const absent = [T - 3, T - 2, T - 1, T, T + 1];
  for (const y of absent) {
    const d = await c.gansu.post('/api/v1/points/records', { committee_id: prov, member_id: m.member2, kind: 'plenary',
      title: `第${y}年全体会议`, held_on: `${y}-01-15`, attendance: 'absent' });
    assertStatus(d, 201, 'duty record');
  }
  const assessed = async (y) => {
    const a = await c.gansu.get(`/api/v1/assessments?committee_id=${prov}&year=${y}&limit=500&flag=resign_absences`);
    assertStatus(a, 200);
    return a.json;
  };
  let a = await assessed(T - 1);
  assert.deepEqual(a.rule_set.term, { name: yearsName(T - 5), start_year: T - 5, end_year: T - 1 });
  let x = a.items.find((i) => i.member_id === m.member2);
  assert.ok(x, 'three absences in the term: asked to resign');
  assert.equal(x.plenary_absences, 3);
  for (const [y, name] of [[T + 1, yearsName(T)], [T + 2, '第十五届']]) {
    a = await assessed(y);
    assert.deepEqual(a.rule_set.term, { name, start_year: T, end_year: T + 4 }, `${y}`);
    assert.ok(!a.items.some((i) => i.member_id === m.member2), `${y}: two absences in the new term, not flagged`);
    const all = (await c.gansu.get(`/api/v1/assessments?committee_id=${prov}&year=${y}&limit=500`)).json;
    assert.equal(all.items.find((i) => i.member_id === m.member2).plenary_absences, 2, `${y}: the last term's absences are not counted`);
  }
});

test('a new version for the province: versions rise, current moves, the recompute follows; export and import round-trip', async () => {
  // a provincial member (not member1 or member2) with a plenary session attended in full: the
  // demo's provincial plenary is a meeting record (issue 19), so its typed record is made here
  const rank = await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&limit=200`);
  memberX = rank.json.items.find((x) => x.committee_name === '甘肃省政协' && x.member_id !== m.member1 && x.member_id !== m.member2)?.member_id;
  assert.ok(memberX, 'a provincial member');
  await record({ attendance: 'present', title: '全体会议' });
  await record({ member_id: m.member1, attendance: 'present', title: '全体会议' });
  const eff0 = await effective();
  const l0 = checkLedger(await ledger(memberX), eff0);
  const plenary0 = l0.items.find((e) => e.rule === 'plenary.present');
  assert.equal(l0.rule_set.id, eff0.id);

  // version 1 for the province: plenary.present 50 → 40
  const v1 = await saveVersion(withRules(eff0, { 'plenary.present': [40, null] }), { name: '甘肃省政协履职积分规则', note: '全体会议出席 40 分' });
  assert.equal(v1.committee_id, prov);
  assert.equal(v1.version, 1);
  assert.equal(v1.current, true);
  assert.equal(v1.name, '甘肃省政协履职积分规则');
  assert.equal(v1.note, '全体会议出席 40 分');
  assert.equal(v1.created_by_name, c.gansu.user.display_name);
  assert.equal(v1.rules.find((r) => r.event === 'plenary.present').points, 40);
  const eff1 = await effective();
  assert.equal(eff1.id, v1.id);
  assert.equal((await effective(lanzhou)).id, v1.id, 'a city under the province takes the province’s');
  assert.equal((await effective(root, c.admin)).committee_id, root, 'the root keeps its own');
  const l1 = checkLedger(await ledger(memberX), eff1);
  const plenary1 = from(l1, 'duty_record', plenary0.source_id)[0];
  assert.equal(plenary1.points, 40);
  assert.equal(plenary1.rule_set_version, 1);
  assert.equal(tenths(l1.total), tenths(l0.total) - 100, 'the total drops by 10');
  assert.equal(l1.rule_set.id, v1.id);

  // export, then import the file as it is: version 2, the same body
  const x = await c.gansu.request('GET', `/api/v1/rule-sets/${v1.id}/export`, { raw: true });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /^application\/json/);
  assert.match(decodeURIComponent(x.headers.get('content-disposition') ?? ''), new RegExp(`积分规则-${year}-v1\\.json`));
  const file = await x.json();
  assert.equal(file.year, year);
  assert.equal(file.name, v1.name);
  assert.deepEqual(bodyOf(file), bodyOf(v1));
  const v2 = await saveVersion(file, { note: '导入' });
  assert.equal(v2.version, 2);
  assert.equal(v2.committee_id, prov);
  assert.deepEqual(bodyOf(v2), bodyOf(v1));
  const again = await (await c.gansu.request('GET', `/api/v1/rule-sets/${v2.id}/export`, { raw: true })).json();
  assert.deepEqual(again, file, 'export → import → export gives the same file');
  // the list: newest first, only the newest current
  const vs = await versions();
  assert.deepEqual(vs.map((v) => [v.version, v.current]), [[2, true], [1, false]]);
  assert.equal((await c.gansu.get(`/api/v1/rule-sets/${v1.id}`)).json.current, false);
  assert.equal((await effective()).id, v2.id);
  const l2 = checkLedger(await ledger(memberX), await effective());
  assert.equal(l2.rule_set.version, 2);
  assert.equal(tenths(l2.total), tenths(l1.total));
  assertStatus(await c.viewer.get(`/api/v1/rule-sets/${v2.id}`), 200);
  // a city's own version (the province's body): in force in the city's subtree; visible there and
  // above, not to another city
  const city = await c.lanzhou.post('/api/v1/rule-sets', { committee_id: lanzhou, year, ...bodyOf(v2), note: '沿用省政协规则' });
  assertStatus(city, 201, 'city rule set');
  assert.equal(city.json.rule_set.version, 1);
  assert.equal((await waitJob(c.lanzhou, city.json.job.id)).job.status, 'done');
  assert.equal((await effective(lanzhou)).id, city.json.rule_set.id);
  assertStatus(await c.qilihe.get(`/api/v1/rule-sets/${city.json.rule_set.id}`), 200);
  assertStatus(await c.qilihe.get(`/api/v1/rule-sets/${v2.id}/export`), 200);
  assertStatus(await c.gansu.get(`/api/v1/rule-sets/${city.json.rule_set.id}`), 200);
  assertError(await c.tianshui.get(`/api/v1/rule-sets/${city.json.rule_set.id}`), 404, 'not_found');
  assertError(await c.tianshui.get(`/api/v1/rule-sets/${city.json.rule_set.id}/export`), 404, 'not_found');
  assert.ok(!(await c.tianshui.get(`/api/v1/rule-sets?year=${year}`)).json.items.some((x) => x.committee_id === lanzhou));
  assertError(await c.lanzhou.post('/api/v1/rule-sets', { committee_id: prov, year, ...bodyOf(v2) }), 403, 'forbidden_scope', 'committee_id');
});

// ---- the ledger through real records ------------------------------------------------------------

test('duty records: the two-thirds rule, a change of minutes, deletion', async () => {
  const rules = await effective();
  const pts = (ev) => rules.rules.find((r) => r.event === ev).points;
  const l0 = checkLedger(await ledger(memberX), rules);
  const rec = await record({ attendance: 'present', attended_minutes: 100, duration_minutes: 180 });
  assert.equal(rec.member_id, memberX);
  assert.equal(rec.created_by, c.gansu.user.id);
  let l = checkLedger(await ledger(memberX), rules);
  let [e] = from(l, 'duty_record', rec.id);
  assert.equal(e.event, 'plenary.present');
  assert.equal(e.rule, 'plenary.absent');
  assert.match(e.note, /出席时间不足规定比例/);
  assert.equal(e.points, pts('plenary.absent'));
  assert.equal(e.source_title, '积分测试会议');
  assert.equal(e.attended_minutes, 100);
  assert.equal(e.duration_minutes, 180);
  assert.equal(e.occurred_at, `${today}T00:00:00+08:00`);
  assert.equal(tenths(l.total), tenths(l0.total) + tenths(pts('plenary.absent')));
  // two thirds exactly is enough; one minute less is not
  for (const [mins, rule] of [[150, 'plenary.present'], [119, 'plenary.absent'], [120, 'plenary.present']]) {
    assertStatus(await c.gansu.patch(`/api/v1/points/records/${rec.id}`, { attended_minutes: mins }), 200);
    l = checkLedger(await ledger(memberX), rules);
    [e] = from(l, 'duty_record', rec.id);
    assert.equal(e.rule, rule, `${mins} of 180 minutes`);
    assert.equal(e.points, pts(rule));
    assert.equal(tenths(l.total), tenths(l0.total) + tenths(pts(rule)), `${mins} of 180 minutes`);
  }
  assert.equal(e.note, '');
  // refusals of the record
  assertError(await c.gansu.patch(`/api/v1/points/records/${rec.id}`, { attended_minutes: 200 }), 422, 'invalid_field', 'attended_minutes');
  assertError(await c.gansu.post('/api/v1/points/records', { committee_id: prov, member_id: memberX, kind: 'plenary', title: 't',
    held_on: today, attended_minutes: 10 }), 422, 'invalid_field', 'duration_minutes');
  assertError(await c.gansu.post('/api/v1/points/records', { committee_id: prov, member_id: memberX, kind: 'banquet', title: 't',
    held_on: today }), 422, 'invalid_field', 'kind');
  assertError(await c.member1.post('/api/v1/points/records', { committee_id: prov, member_id: m.member1, kind: 'plenary',
    title: 't', held_on: today }), 403, 'forbidden');
  assertError(await c.member1.get(`/api/v1/points/records/${rec.id}`), 404, 'not_found');
  assertError(await c.qilihe.patch(`/api/v1/points/records/${rec.id}`, { attended_minutes: 170 }), 404, 'not_found');
  // lists: staff by member; a member account only its own
  const mine = (await c.gansu.get(`/api/v1/points/records?member_id=${memberX}&limit=500`)).json.items;
  assert.ok(mine.some((x) => x.id === rec.id));
  const own = (await c.member1.get('/api/v1/points/records?limit=500')).json.items;
  assert.ok(own.length > 0 && own.every((x) => x.member_id === m.member1), 'a member lists only its own records');
  // deletion takes its entry out and the total back
  assert.equal((await c.gansu.del(`/api/v1/points/records/${rec.id}`)).status, 204);
  l = checkLedger(await ledger(memberX), rules);
  assert.deepEqual(from(l, 'duty_record', rec.id), []);
  assert.equal(l.total, l0.total);
  assertError(await c.gansu.get(`/api/v1/points/records/${rec.id}`), 404, 'not_found');
});

test('a member is recorded at a standing-committee meeting (常委会议) only if on the standing committee', async () => {
  const standing = (await c.gansu.get(`/api/v1/members?committee_id=${prov}&is_standing=true&status=active&limit=1`)).json.items[0];
  const ordinary = (await c.gansu.get(`/api/v1/members?committee_id=${prov}&is_standing=false&status=active&limit=1`)).json.items[0];
  assert.ok(standing && ordinary, 'a standing member and one who is not');
  const body = { committee_id: prov, kind: 'standing', title: '常委会第五次会议', held_on: today };
  const refused = assertError(await c.gansu.post('/api/v1/points/records', { ...body, member_id: ordinary.id }), 422, 'invalid_field', 'member_id');
  assert.match(refused.message, /常委/);
  const ok = await c.gansu.post('/api/v1/points/records', { ...body, member_id: standing.id });
  assertStatus(ok, 201);
  // nor by a change: of the member, or of the kind of another's record
  assertError(await c.gansu.patch(`/api/v1/points/records/${ok.json.id}`, { member_id: ordinary.id }), 422, 'invalid_field', 'member_id');
  const other = await c.gansu.post('/api/v1/points/records', { ...body, kind: 'meeting', member_id: ordinary.id });
  assertStatus(other, 201);
  assertError(await c.gansu.patch(`/api/v1/points/records/${other.json.id}`, { kind: 'standing' }), 422, 'invalid_field', 'member_id');
  // other meetings stay open to every member
  const plenary = await c.gansu.post('/api/v1/points/records', { ...body, kind: 'plenary', member_id: ordinary.id });
  assertStatus(plenary, 201);
  for (const id of [ok.json.id, other.json.id, plenary.json.id]) assert.equal((await c.gansu.del(`/api/v1/points/records/${id}`)).status, 204);
});

test('activity participants: present and absent give entries, excused none', async () => {
  const rules = await effective();
  const pts = (ev) => rules.rules.find((r) => r.event === ev).points;
  const l0 = checkLedger(await ledger(memberX), rules);
  const a = await c.gansu.post('/api/v1/activities', { title: '积分测试调研', kind: 'research', committee_id: prov,
    starts_at: `${today}T00:30:00+08:00`, status: 'done' });
  assertStatus(a, 201, 'activity');
  const base = `/api/v1/activities/${a.json.id}/participants`;
  assertStatus(await c.gansu.post(base, { member_id: memberX, attendance: 'absent' }), 201);
  let l = checkLedger(await ledger(memberX), rules);
  let es = from(l, 'activity', a.json.id);
  assert.deepEqual(es.map((e) => [e.event, e.rule, e.points]), [['activity.absent', 'activity.absent', pts('activity.absent')]]);
  assert.ok(pts('activity.absent') < 0, 'a deduction');
  assert.equal(es[0].source_title, '积分测试调研');
  assert.equal(tenths(l.total), tenths(l0.total) + tenths(pts('activity.absent')), 'deductions are never cut');
  assertStatus(await c.gansu.patch(`${base}/${memberX}`, { attendance: 'present' }), 200);
  l = checkLedger(await ledger(memberX), rules);
  es = from(l, 'activity', a.json.id);
  assert.deepEqual(es.map((e) => [e.event, e.rule, e.raw]), [['activity.research', 'activity.research', pts('activity.research')]]);
  assert.equal(tenths(l.total), tenths(l0.total) + tenths(es[0].points));
  assertStatus(await c.gansu.patch(`${base}/${memberX}`, { attendance: 'excused' }), 200);
  l = checkLedger(await ledger(memberX), rules);
  assert.deepEqual(from(l, 'activity', a.json.id), []);
  assert.equal(l.total, l0.total);
  // a planned activity gives nothing until it is done
  assertStatus(await c.gansu.patch(`${base}/${memberX}`, { attendance: 'present' }), 200);
  assertStatus(await c.gansu.patch(`/api/v1/activities/${a.json.id}`, { status: 'planned' }), 200);
  assert.deepEqual(from(checkLedger(await ledger(memberX), rules), 'activity', a.json.id), []);
  assertStatus(await c.gansu.patch(`/api/v1/activities/${a.json.id}`, { status: 'done' }), 200);
  assert.equal(from(checkLedger(await ledger(memberX), rules), 'activity', a.json.id).length, 1);
});

test('a joint proposal filed through its actions: the first proposer and the co-signer', async () => {
  const rules = await effective();
  const pts = (ev) => rules.rules.find((r) => r.event === ev).points;
  const l1 = checkLedger(await ledger(m.member1), rules), l2 = checkLedger(await ledger(m.member2), rules);
  const act = (cl, id, action, body = {}) => cl.post(`/api/v1/proposals/${id}/${action}`, body);
  const d = await c.member1.post('/api/v1/proposals', { title: '关于积分测试的提案', category: '教育科技', committee_id: prov,
    kind: 'joint', facts: '情况', analysis: '分析', suggestions: '建议' });
  assertStatus(d, 201, 'draft');
  const id = d.json.id;
  assertStatus(await c.member1.request('PUT', `/api/v1/proposals/${id}/cosigners`, { body: { member_ids: [m.member2] } }), 200);
  assert.deepEqual(from(await ledger(m.member1), 'proposal', id), [], 'a draft earns nothing');
  assert.equal((await act(c.member1, id, 'submit')).json.status, 'cosigning');
  assert.deepEqual(from(await ledger(m.member1), 'proposal', id), [], 'nothing while co-signing');
  assert.equal((await act(c.member2, id, 'cosign', { accept: true })).json.status, 'submitted');
  let a = checkLedger(await ledger(m.member1), rules), b = checkLedger(await ledger(m.member2), rules);
  assert.deepEqual(from(a, 'proposal', id).map((e) => [e.rule, e.raw]), [['proposal.submitted', pts('proposal.submitted')]]);
  assert.deepEqual(from(b, 'proposal', id).map((e) => [e.rule, e.raw]), [['proposal.cosigned', pts('proposal.cosigned')]]);
  const f = await act(c.tiban, id, 'file', { note: '符合立案要求' });
  assertStatus(f, 200, 'file');
  assert.equal(f.json.status, 'filed');
  a = checkLedger(await ledger(m.member1), rules);
  b = checkLedger(await ledger(m.member2), rules);
  const ea = from(a, 'proposal', id), eb = from(b, 'proposal', id);
  assert.deepEqual(ea.map((e) => e.rule).sort(), ['proposal.filed', 'proposal.submitted']);
  assert.deepEqual(eb.map((e) => e.rule).sort(), ['proposal.cosigned', 'proposal.cosigned_filed']);
  assert.ok([...ea, ...eb].every((e) => e.source_title === '关于积分测试的提案'));
  assert.equal(ea.find((e) => e.rule === 'proposal.filed').occurred_at.slice(0, 10), today);
  // the totals changed by what the new entries earned (caps included, as checkLedger scored them)
  const sum = (es) => es.reduce((t, e) => t + tenths(e.points), 0);
  assert.ok(sum(ea) > 0 && sum(eb) > 0);
  assert.equal(tenths(a.total), tenths(l1.total) + sum(ea));
  assert.equal(tenths(b.total), tenths(l2.total) + sum(eb));
});

test('caps set in a new version: entries beyond a rule cap and a category cap earn the remainder, then 0', async () => {
  const eff = await effective();
  const body = withRules(eff, { 'plenary.present': [40, 60], 'speech.other': [5, null] });
  body.category_caps = { ...body.category_caps, speech: 7 };
  const v = await saveVersion(body);
  assert.equal(v.version, 3);
  const rules = await effective();
  assert.equal(rules.category_caps.speech, 7);
  assert.equal(rules.rules.find((r) => r.event === 'plenary.present').cap, 60);
  const recs = [];
  for (let i = 0; i < 2; i++) recs.push(await record({ attendance: 'present', title: `积分测试全体会议${i}` }));
  for (let i = 0; i < 2; i++) recs.push(await record({ kind: 'speech', title: `积分测试发言${i}` }));
  const l = checkLedger(await ledger(memberX), rules);
  const plen = l.items.filter((e) => e.rule === 'plenary.present');
  assert.ok(plen.length >= 3, 'the demo session and two more');
  assert.equal(plen.reduce((t, e) => t + tenths(e.points), 0), 600, 'plenary.present earns its cap, no more');
  assert.deepEqual(plen.map((e) => e.points), [40, 20, ...plen.slice(2).map(() => 0)], 'then the remainder, then 0');
  assert.ok(plen.slice(1).every((e) => e.note === '已达该项年度上限' && e.raw === 40));
  const speech = l.items.filter((e) => e.category === 'speech');
  assert.ok(speech.length >= 2);
  assert.equal(speech.reduce((t, e) => t + tenths(e.points), 0), 70, 'the category earns its cap');
  assert.ok(speech.some((e) => e.note === '已达该类年度上限'));
  assert.equal(l.by_category.find((x) => x.category === 'speech').points, 7);
  assert.equal(l.by_category.find((x) => x.category === 'speech').cap, 7);
  for (const r of recs) assert.equal((await c.gansu.del(`/api/v1/points/records/${r.id}`)).status, 204);
  const after = checkLedger(await ledger(memberX), rules);
  assert.equal(after.items.filter((e) => e.rule === 'plenary.present').length, plen.length - 2);
});

test('recomputing twice gives the same ledger and totals as the records kept it', async () => {
  const top = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&limit=8`)).json.items.map((x) => x.member_id);
  const bottom = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&bottom=1`)).json.items.slice(0, 4).map((x) => x.member_id);
  const who = [...new Set([memberX, m.member1, m.member2, ...top, ...bottom])];
  const snapshot = async () => {
    const out = {};
    for (const id of who) {
      const l = await ledger(id);
      out[id] = { total: l.total, items: l.items.map(({ id: _, ...e }) => JSON.stringify(e)).sort() };
    }
    const totals = (await fullRanking()).items.map((x) => `${x.member_id}:${x.total}`).sort();
    return { out, totals };
  };
  const kept = await snapshot();
  for (let i = 0; i < 2; i++) {
    const r = await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year });
    assertStatus(r, 202, 'recompute');
    const { job } = await waitJob(c.gansu, r.json.job.id);
    assert.equal(job.status, 'done', JSON.stringify(job));
    assert.ok(job.result.entries > 0);
    assert.equal(job.done, job.total);
    assert.deepEqual(await snapshot(), kept, `recompute ${i + 1}`);
  }
  assertError(await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year: 1999 }), 422, 'invalid_field', 'year');
  assertError(await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year, extra: 1 }), 422, 'invalid_field', 'extra');
  assertError(await c.qilihe.post('/api/v1/points/recompute', { committee_id: prov, year }), 403, 'forbidden_scope', 'committee_id');
});

// A recompute reads the year's records and rewrites the ledger in one transaction holding the
// ledger's write lock (points_recompute): records written while it runs wait for it and are
// synced after it, so none loses its entry. The writes race the job on purpose.
test('duty records written while a recompute runs keep their ledger entries', async () => {
  const r = await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year });
  assertStatus(r, 202, 'recompute');
  const recs = await Promise.all([0, 1, 2, 3, 4].map((i) => record({ kind: 'speech', title: `并发发言 ${i}` })));
  assert.equal((await waitJob(c.gansu, r.json.job.id)).job.status, 'done');
  const l = await ledger(memberX);
  for (const rec of recs) assert.equal(from(l, 'duty_record', rec.id).length, 1, `record ${rec.id} in the ledger`);
  for (const rec of recs) assertStatus(await c.gansu.del(`/api/v1/points/records/${rec.id}`), 204);
});

// ---- ranking ------------------------------------------------------------------------------------

test('ranking: competition ranks, one member’s place, the bottom, sector and group', async () => {
  const all = await fullRanking();
  assert.equal(all.committee_id, prov);
  assert.ok(all.of > 1000, `${all.of} members`);
  checkRanks(all.items, all.of);
  const ties = all.items.filter((x, i) => i && all.items[i - 1].total === x.total);
  assert.ok(ties.length > 0, 'the demo has equal totals');
  // rank = 1 + the number with a larger total, on a later page too
  const page = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&offset=700&limit=50`)).json;
  assert.equal(page.offset, 700);
  assert.deepEqual(page.items, all.items.slice(700, 750));
  for (const x of page.items) assert.equal(x.rank, 1 + all.items.filter((y) => y.total > x.total).length);
  // one member's place agrees with the list
  const rules = await effective();
  for (const x of [all.items[0], all.items[700], all.items.at(-1), ...all.items.filter((y) => y.member_id === m.member1)]) {
    if (x.committee_name !== '甘肃省政协') continue;
    const r = await c.gansu.get(`/api/v1/ranking/members/${x.member_id}?year=${year}`);
    assertStatus(r, 200);
    assert.equal(r.json.scope, 'committee');
    assert.deepEqual([r.json.rank, r.json.of, r.json.total, r.json.grade, r.json.percentile], [x.rank, all.of, x.total, x.grade, x.percentile]);
    assert.equal(r.json.top_percent, Math.round((1000 * x.rank) / all.of) / 10);
    const b = all.of - all.bottom.count;
    assert.equal(r.json.in_bottom, all.items.indexOf(x) >= b);
  }
  // the bottom: the last bottom.count members, from the last
  const share = rules.bottom.count ? Math.min(rules.bottom.count, all.of) : Math.ceil((all.of * rules.bottom.percent) / 100);
  assert.equal(all.bottom.count, share);
  assert.equal(all.bottom.from_rank, all.of - share + 1);
  const bot = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&bottom=1`)).json;
  assert.equal(bot.items.length, share);
  assert.deepEqual(bot.items.map((x) => x.member_id), all.items.slice(-share).reverse().map((x) => x.member_id));
  assert.deepEqual(bot.items.map((x) => x.rank), all.items.slice(-share).reverse().map((x) => x.rank));
  // a sector and a group: the members of the list with that sector or group, ranked among themselves
  const withGroup = all.items.find((x) => x.committee_name === '甘肃省政协' && x.group_name && x.sector_name);
  const mem = (await c.gansu.get(`/api/v1/members/${withGroup.member_id}`)).json;
  for (const [key, id, name, scope] of [['sector_id', mem.sector_id, mem.sector_name, 'sector'], ['group_id', mem.group_id, mem.group_name, 'group']]) {
    const sub = await fullRanking(`committee_id=${prov}&${key}=${id}`);
    const want = all.items.filter((x) => x[`${scope}_name`] === name);
    assert.ok(want.length > 1, `${scope} ${name}`);
    assert.equal(sub.of, want.length);
    assert.deepEqual(sub.items.map((x) => x.member_id), want.map((x) => x.member_id));
    assert.ok(sub.items.every((x) => x[`${scope}_name`] === name));
    checkRanks(sub.items, sub.of);
    const own = sub.items.find((x) => x.member_id === withGroup.member_id);
    const r = (await c.gansu.get(`/api/v1/ranking/members/${withGroup.member_id}?year=${year}&scope=${scope}`)).json;
    assert.deepEqual([r.scope, r.rank, r.of, r.total], [scope, own.rank, sub.of, own.total]);
  }
  assertError(await c.gansu.get(`/api/v1/ranking/members/${m.member1}?scope=world`), 422, 'invalid_field', 'scope');
  assertError(await c.gansu.get('/api/v1/ranking?limit=501'), 422, 'invalid_field', 'limit');
  assertError(await c.gansu.get('/api/v1/ranking?year=1999'), 422, 'invalid_field', 'year');
  assertError(await c.qilihe.get(`/api/v1/ranking?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  // a member account: not the ranking, its own place, no one else's
  assertError(await c.member1.get('/api/v1/ranking'), 403, 'forbidden');
  const own = await c.member1.get(`/api/v1/ranking/members/${m.member1}?year=${year}`);
  assertStatus(own, 200);
  const listed = all.items.find((x) => x.member_id === m.member1);
  assert.deepEqual([own.json.rank, own.json.of, own.json.total], [listed.rank, all.of, listed.total]);
  assertError(await c.member1.get(`/api/v1/ranking/members/${m.member2}`), 404, 'not_found');
  assertError(await c.member1.get(`/api/v1/points?member_id=${m.member2}`), 404, 'not_found');
  assertStatus(await c.member1.get('/api/v1/points'), 200);
});

// ---- assessment ---------------------------------------------------------------------------------

test('assessment: the summary, grade and flag filters, candidates for honours, decisions', async () => {
  const all = await fullRanking();
  const assess = async (q = '') => {
    const items = [];
    let head;
    for (let offset = 0; offset !== null;) {
      const r = await c.gansu.get(`/api/v1/assessments?committee_id=${prov}&year=${year}&limit=500&offset=${offset}${q}`);
      assertStatus(r, 200, `assessments ${q}`);
      head ??= r.json;
      items.push(...r.json.items);
      offset = r.json.next_offset;
      assert.ok(items.length <= all.of);
    }
    return { ...head, items };
  };
  const a = await assess();
  assert.deepEqual(Object.keys(a.summary), a.grades.map((g) => g.grade));
  assert.equal(Object.values(a.summary).reduce((x, y) => x + y, 0), all.of, 'the summary counts every member once');
  assert.equal(a.items.length, all.of);
  for (const g of a.grades) assert.equal(a.summary[g.grade], all.items.filter((x) => x.grade === g.grade).length, g.grade);
  for (const g of a.grades) {
    const f = await assess(`&grade=${g.grade}`);
    assert.equal(f.items.length, a.summary[g.grade], g.grade);
    assert.ok(f.items.every((x) => x.grade === g.grade), g.grade);
  }
  const talk = await assess('&flag=talk');
  const below = a.rule_set.talk_below;
  assert.equal(talk.items.length, all.items.filter((x) => x.total < below).length);
  assert.ok(talk.items.length > 0);
  assert.ok(talk.items.every((x) => x.total < below && x.flags.includes('talk')));
  assert.ok(a.items.filter((x) => x.total >= below).every((x) => !x.flags.includes('talk')));
  const abs = await assess('&flag=resign_absences');
  assert.ok(abs.items.every((x) => x.plenary_absences >= a.rule_set.resign_plenary_absences && x.flags.includes('resign_absences')));
  assertError(await c.gansu.get('/api/v1/assessments?grade=heroic'), 422, 'invalid_field', 'grade');
  assertError(await c.gansu.get('/api/v1/assessments?flag=lazy'), 422, 'invalid_field', 'flag');
  assertError(await c.member1.get('/api/v1/assessments'), 403, 'forbidden');

  // candidates for 十佳委员 meet the conditions of the rule set
  const rules = await effective();
  const h = rules.honours.find((x) => x.key === 'top10');
  assert.ok(h, 'the example has 十佳委员');
  const cand = await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&year=${year}&honour=top10`);
  assertStatus(cand, 200);
  const cj = cand.json;
  assert.equal(cj.name, h.name);
  assert.equal(cj.places, h.count);
  assert.deepEqual(cj.conditions, { min_score: h.min_score, no_plenary_absence: h.no_plenary_absence, min_proposals_filed: h.min_proposals_filed });
  assert.ok(cj.items.length > 0 && cj.items.length <= h.count, `${cj.items.length} candidates`);
  for (let i = 0; i < cj.items.length; i++) {
    const x = cj.items[i];
    assert.ok(x.total >= h.min_score && x.proposals_filed >= h.min_proposals_filed, JSON.stringify(x));
    if (h.no_plenary_absence) assert.equal(x.plenary_absences, 0);
    if (i) assert.ok(cj.items[i - 1].total >= x.total, 'by total');
    assert.equal(x.total, all.items.find((y) => y.member_id === x.member_id).total);
    const l = await ledger(x.member_id);
    assert.equal(l.items.filter((e) => e.rule === 'proposal.filed').length, x.proposals_filed);
    assert.equal(l.items.filter((e) => e.rule === 'plenary.absent').length, x.plenary_absences);
  }
  // an honour by share: places are the share of the scope, rounded up
  const ex = rules.honours.find((x) => x.percent);
  if (ex) {
    const r = (await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&year=${year}&honour=${ex.key}`)).json;
    assert.equal(r.places, Math.ceil((all.of * ex.percent) / 100));
    assert.ok(r.items.length <= r.places && r.items.every((x) => x.total >= ex.min_score));
  }
  // a decision is kept and shown
  const pick = cj.items[0].member_id;
  const decide = (cl, body) => cl.post('/api/v1/assessments/decisions', { member_id: pick, year, honour: 'top10', ...body });
  assert.deepEqual((await decide(c.gansu, { decision: 'selected', note: '履职突出' })).json, { ok: true });
  let shown = (await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&year=${year}&honour=top10`)).json.items.find((x) => x.member_id === pick);
  assert.deepEqual([shown.decision, shown.note], ['selected', '履职突出']);
  assertStatus(await decide(c.gansu, { decision: 'declined' }), 200);
  shown = (await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&year=${year}&honour=top10`)).json.items.find((x) => x.member_id === pick);
  assert.deepEqual([shown.decision, shown.note], ['declined', '']);
  assertStatus(await decide(c.gansu, { decision: 'none' }), 200); // taken back
  shown = (await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&year=${year}&honour=top10`)).json.items.find((x) => x.member_id === pick);
  assert.deepEqual([shown.decision, shown.note], [null, '']);
  const audit = (await c.auditor.get(`/api/v1/audit?entity=member&entity_id=${pick}&limit=50`)).json.items.map((e) => e.action);
  assert.ok(audit.includes('honour.decide'), JSON.stringify(audit));
  // refusals
  assertError(await c.gansu.get(`/api/v1/assessments/candidates?committee_id=${prov}&honour=nobel`), 422, 'invalid_field', 'honour');
  assertError(await c.gansu.get('/api/v1/assessments/candidates'), 422, 'invalid_field', 'honour');
  assertError(await decide(c.gansu, { honour: 'nobel', decision: 'selected' }), 422, 'invalid_field', 'honour');
  assertError(await decide(c.gansu, { decision: 'maybe' }), 422, 'invalid_field', 'decision');
  assertError(await decide(c.gansu, { decision: 'selected', year: 1999 }), 422, 'invalid_field', 'year');
  assertError(await decide(c.gansu, { decision: 'selected', colour: 1 }), 422, 'invalid_field', 'colour');
  assertError(await decide(c.qilihe, { decision: 'selected' }), 403, 'forbidden_scope', 'member_id');
  assertError(await decide(c.viewer, { decision: 'selected' }), 403, 'forbidden');
  assertError(await decide(c.member1, { decision: 'selected' }), 403, 'forbidden');
});

// ---- reminders ----------------------------------------------------------------------------------

test('reminders to the bottom of the ranking: the counts, a member with an account told once a day', async () => {
  // member2 (who has an account) into the bottom: meetings missed without leave
  const rules = await effective();
  const deduction = -rules.rules.find((r) => r.event === 'meeting.absent').points;
  assert.ok(deduction > 0);
  const bot = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&bottom=1`)).json;
  const edge = Math.max(...bot.items.map((x) => x.total));
  const t2 = (await ledger(m.member2)).total;
  const k = Math.max(0, Math.floor((t2 - edge) / deduction) + 1);
  assert.ok(k <= 40, `${k} meetings`);
  const recs = [];
  for (let i = 0; i < k; i++) {
    const r = await c.gansu.post('/api/v1/points/records', { committee_id: prov, member_id: m.member2, kind: 'meeting',
      title: `积分测试专题会${i}`, held_on: today, attendance: 'absent' });
    assertStatus(r, 201);
    recs.push(r.json.id);
  }
  const place = (await c.gansu.get(`/api/v1/ranking/members/${m.member2}?year=${year}`)).json;
  assert.equal(place.in_bottom, true, JSON.stringify(place));
  const now = (await c.gansu.get(`/api/v1/ranking?committee_id=${prov}&year=${year}&bottom=1`)).json;
  assert.ok(now.items.some((x) => x.member_id === m.member2));
  const before = (await c.member2.get('/api/v1/notifications')).json.items.filter((x) => x.kind === 'points_reminder').length;

  const run = async () => {
    const r = await c.gansu.post('/api/v1/ranking/reminders', { committee_id: prov, year });
    assertStatus(r, 202, 'reminders');
    assert.equal(r.json.job.kind, 'points_remind');
    const { job } = await waitJob(c.gansu, r.json.job.id);
    assert.equal(job.status, 'done', JSON.stringify(job));
    const t = job.result;
    assert.equal(t.bottom, now.bottom.count);
    assert.equal(t.bottom, t.notified + t.already + t.without_account, JSON.stringify(t));
    return t;
  };
  const first = await run();
  assert.ok(first.notified >= 1, JSON.stringify(first));
  assert.ok(first.without_account >= 1, 'most demo members have no account');
  const notes = (await c.member2.get('/api/v1/notifications')).json.items.filter((x) => x.kind === 'points_reminder');
  assert.equal(notes.length, before + 1);
  assert.match(notes[0].body, new RegExp(`${year}年度履职积分`));
  assert.match(notes[0].body, new RegExp(`排名第 ${now.items.find((x) => x.member_id === m.member2).rank} 位`));
  assert.equal(notes[0].link, '/m/points');
  const second = await run();
  assert.deepEqual(second, { bottom: first.bottom, notified: 0, already: first.notified + first.already,
    without_account: first.without_account }, 'the same day: told already');
  assert.equal((await c.member2.get('/api/v1/notifications')).json.items.filter((x) => x.kind === 'points_reminder').length, before + 1);
  assertError(await c.member1.post('/api/v1/ranking/reminders', { committee_id: prov, year }), 403, 'forbidden');
  assertError(await c.qilihe.post('/api/v1/ranking/reminders', { committee_id: prov, year }), 403, 'forbidden_scope', 'committee_id');
  assertError(await c.gansu.post('/api/v1/ranking/reminders', { committee_id: prov, year: 1999 }), 422, 'invalid_field', 'year');
  for (const id of recs) assert.equal((await c.gansu.del(`/api/v1/points/records/${id}`)).status, 204);
});

// ---- self-report and duty file --------------------------------------------------------------------

test('self-report: a draft from the records, saved, submitted, then kept as it is', async () => {
  const path = `/api/v1/members/${m.member1}/self-report`;
  let r = await c.member1.get(`${path}?year=${year}`);
  assertStatus(r, 200);
  assert.equal(r.json.status, 'new');
  assert.equal(r.json.member_id, m.member1);
  assert.ok(r.json.body.includes(`${year}年`), r.json.body);
  const total = (await ledger(m.member1)).total;
  assert.ok(r.json.body.includes(`年度履职积分 ${numText(total)} 分`), r.json.body);
  assert.equal(r.json.submitted_at, null);
  assertStatus(await c.gansu.get(`${path}?year=${year}`), 200);
  assertError(await c.member1.get(`${path}?year=1999`), 422, 'invalid_field', 'year');
  assertError(await c.member2.get(`${path}?year=${year}`), 404, 'not_found');
  // staff read but do not write it; another member does not reach it
  assertError(await put(c.gansu, path, { year, body: '代写' }), 403, 'forbidden');
  assertError(await put(c.member2, path, { year, body: '代写' }), 404, 'not_found');
  assertError(await put(c.member1, path, { year: 1999, body: 'x' }), 422, 'invalid_field', 'year');
  assertError(await put(c.member1, path, { body: 'x' }), 422, 'invalid_field', 'year');
  assertError(await put(c.member1, path, { year, body: 7 }), 422, 'invalid_field', 'body');
  assertError(await put(c.member1, path, { year, body: 'x', mood: 'good' }), 422, 'invalid_field', 'mood');
  const text = `${year}年，本人参加积分测试，认真履职。`;
  r = await put(c.member1, path, { year, body: text });
  assertStatus(r, 200);
  assert.deepEqual([r.json.status, r.json.body, r.json.submitted_at], ['draft', text, null]);
  assert.ok(r.json.updated_at);
  assert.equal((await c.gansu.get(`${path}?year=${year}`)).json.body, text);
  r = await c.member1.post(`${path}/submit`, { year });
  assertStatus(r, 200);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.body, text, 'submitted as saved');
  assert.ok(Math.abs(Date.parse(r.json.submitted_at) - Date.now()) < 120e3, r.json.submitted_at);
  assertError(await put(c.member1, path, { year, body: '改' }), 409, 'already_submitted');
  assertError(await c.member1.post(`${path}/submit`, { year }), 409, 'already_submitted');
  assert.equal((await c.member1.get(`${path}?year=${year}`)).json.body, text);
  assertError(await c.gansu.post(`${path}/submit`, { year }), 403, 'forbidden');
  // another year is a new one
  assert.equal((await c.member1.get(`${path}?year=${year - 1}`)).json.status, 'new');
});

test('the duty file: JSON with the ledger and its sources, a PDF and a workbook; a member reads its own', async () => {
  const l = await ledger(m.member1);
  const path = `/api/v1/members/${m.member1}/duty-file`;
  const r = await c.gansu.get(`${path}?year=${year}`);
  assertStatus(r, 200);
  const f = r.json;
  assert.equal(f.member.id, m.member1);
  assert.equal(f.member.name, c.member1.user.display_name);
  assert.equal(f.member.committee_name, '甘肃省政协');
  assert.deepEqual([f.from, f.to], [year, year]);
  assert.equal(f.years.length, 1);
  const y = f.years[0];
  assert.deepEqual([y.year, y.total, y.score, y.grade], [year, l.total, l.score, l.grade]);
  const place = (await c.gansu.get(`/api/v1/ranking/members/${m.member1}?year=${year}`)).json;
  assert.deepEqual([y.rank, y.of], [place.rank, place.of]);
  assert.deepEqual(f.points.map((e) => e.id), l.items.map((e) => e.id));
  assert.ok(f.points.length > 0 && f.points.every((e) => typeof e.source_title === 'string' && e.source_title.length > 0));
  assert.ok(f.proposals.some((p) => p.title === '关于积分测试的提案' && p.role === 'first'));
  assert.ok(f.records.some((x) => x.kind === 'plenary'));
  assert.ok(f.activities.length > 0);
  assert.equal(f.self_report.status, 'submitted');
  // a term of two years
  const term = (await c.gansu.get(`${path}?from=${year - 1}&to=${year}`)).json;
  assert.deepEqual(term.years.map((x) => x.year), [year - 1, year]);
  assertError(await c.gansu.get(`${path}?from=${year}&to=${year - 1}`), 422, 'invalid_field', 'year');
  assertError(await c.gansu.get(`${path}?format=doc`), 422, 'invalid_field', 'format');
  assertError(await c.gansu.post(`${path}?format=json`), 422, 'invalid_field', 'format');
  assertError(await c.gansu.post(`${path}?from=${year}&to=${year - 1}`), 422, 'invalid_field', 'year');
  // the PDF (a job: POST, then its file): the heading, the member, the year's total
  const pdf = await exportFile(c.gansu, `${path}?year=${year}&format=pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(decodeURIComponent(pdf.headers.get('content-disposition') || ''), new RegExp(`${f.member.name}-${year}年度履职档案\\.pdf`));
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(bytes);
  for (const want of ['甘肃省政协', `${f.member.name}委员履职档案`, `${year}年度`, `积分${numText(l.total)}分`, '关于积分测试的提案',
    '本人参加积分测试'])
    assert.ok(text.includes(want), `the PDF has ${want}`);
  // the workbook
  const x = await exportFile(c.gansu, `${path}?year=${year}&format=xlsx`);
  assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK');
  // a member reads its own file, not another's
  const own = await c.member1.get(`${path}?year=${year}`);
  assertStatus(own, 200);
  assert.equal(own.json.member.id, m.member1);
  const mine = await exportFile(c.member1, `${path}?format=pdf`);
  assert.equal(mine.headers.get('content-type'), 'application/pdf');
  assertError(await c.member1.get(`/api/v1/members/${m.member2}/duty-file`), 404, 'not_found');
  assertError(await c.member1.post(`/api/v1/members/${m.member2}/duty-file?format=pdf`), 404, 'not_found');
  assertError(await c.qilihe.get(`${path}`), 404, 'not_found');
  assertError(await c.qilihe.post(`${path}?format=pdf`), 404, 'not_found');
  // the member's file is the member's: another account does not download it
  assertError(await c.member2.get(mine.job.result_url), 404, 'not_found');
});

// ---- the member's page and the dashboard ------------------------------------------------------------

test('my points: total, rank and grade agree with the ranking; staff have no page of their own', async () => {
  const r = await c.member1.get(`/api/v1/points/me?year=${year}`);
  assertStatus(r, 200);
  const me = r.json;
  const place = (await c.gansu.get(`/api/v1/ranking/members/${m.member1}?year=${year}`)).json;
  const l = await ledger(m.member1);
  assert.equal(me.member_id, m.member1);
  assert.equal(me.name, c.member1.user.display_name);
  assert.deepEqual([me.total, me.score, me.grade], [place.total, place.score, place.grade]);
  assert.deepEqual([me.rank.rank, me.rank.of, me.rank.percentile], [place.rank, place.of, place.percentile]);
  assert.equal(me.total, l.total);
  assert.deepEqual(me.by_category, l.by_category);
  assert.deepEqual(me.recent.map((e) => e.id), l.items.slice(-10).reverse().map((e) => e.id));
  const rules = await effective();
  assert.equal(me.pass.score, rules.pass);
  assert.equal(tenths(me.pass.need), Math.max(0, tenths(rules.pass) - tenths(me.score)));
  if (me.next_grade) assert.ok(me.next_grade.need > 0);
  else assert.equal(me.grade, rules.grades[0].grade);
  assertError(await c.gansu.get('/api/v1/points/me'), 403, 'forbidden');
  assertError(await c.viewer.get('/api/v1/points/me'), 403, 'forbidden');
  assertError(await c.member1.get('/api/v1/points/me?year=1999'), 422, 'invalid_field', 'year');
});

test('the dashboard: the distribution, grades by sector and by group count every member once', async () => {
  const all = await fullRanking();
  const r = await c.gansu.get(`/api/v1/points/stats?committee_id=${prov}&year=${year}`);
  assertStatus(r, 200);
  const st = r.json;
  assert.equal(st.members, all.of);
  const rules = await effective();
  assert.equal(st.distribution.length, 10);
  assert.equal(st.distribution[0].from, 0);
  assert.equal(st.distribution.at(-1).to, rules.full_marks);
  assert.equal(st.distribution.reduce((t, b) => t + b.count, 0), st.members);
  const score = (x) => Math.min(Math.max(x.total, 0), rules.full_marks);
  for (const b of st.distribution) {
    const last = b === st.distribution.at(-1);
    assert.equal(b.count, all.items.filter((x) => score(x) >= b.from && (score(x) < b.to || last)).length, `${b.from}-${b.to}`);
  }
  assert.equal(st.by_sector.reduce((t, x) => t + x.members, 0), st.members);
  assert.equal(st.by_group.reduce((t, x) => t + x.members, 0), st.members);
  for (const x of [...st.by_sector, ...st.by_group])
    assert.equal(Object.values(x.grades).reduce((t, n) => t + n, 0), x.members, x.name);
  assert.deepEqual(st.grades, Object.fromEntries(rules.grades.map((g) => [g.grade, all.items.filter((x) => x.grade === g.grade).length])));
  const sum = all.items.reduce((t, x) => t + tenths(x.total), 0);
  assert.ok(Math.abs(st.average - sum / all.of / 10) < 0.051, `${st.average}`);
  assert.ok(st.participations.total > 0);
  assert.ok(Math.abs(st.participations.per_member - st.participations.total / st.members) < 0.051);
  // a sector's statistics are its members'
  const sec = st.by_sector.find((x) => x.id !== null);
  const one = (await c.gansu.get(`/api/v1/points/stats?committee_id=${prov}&year=${year}&sector_id=${sec.id}`)).json;
  assert.equal(one.members, sec.members);
  assert.deepEqual(one.by_sector.map((x) => [x.id, x.members]), [[sec.id, sec.members]]);
  assertError(await c.member1.get('/api/v1/points/stats'), 403, 'forbidden');
  assertError(await c.qilihe.get(`/api/v1/points/stats?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  assertStatus(await c.viewer.get('/api/v1/points/stats'), 200);
});
