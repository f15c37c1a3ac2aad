// tests/api/labels.test.mjs: GET /api/v1/labels serves the one label table of each enum that
// its module owns, and the words a record shows (status_label, kind_label...) are the table's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, Client } from './lib/server.mjs';
import { assertError, assertStatus, exportFile } from './lib/util.mjs';

let s;
const c = {};

before(async () => {
  s = await startServer({ contact: true, proposals: true, reports: true });
  for (const u of ['gansu', 'member1', 'tiban']) c[u] = await as(s, u);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const entry = (table, name) => table.find((x) => x.name === name);

test('labels: every workflow\'s states and actions and the modules\' enums, in Chinese and English', async () => {
  assertError(await new Client(s.url).get('/api/v1/labels'), 401, 'unauthenticated');
  const r = await c.member1.get('/api/v1/labels');
  assertStatus(r, 200);
  const L = r.json;
  for (const key of ['proposal.state', 'proposal.action', 'report.state', 'report.action', 'bulletin.state',
    'bulletin.action', 'digest.state', 'digest.action', 'request.state', 'request.action', 'request.category',
    'report.adoption_level', 'report.instruction_level', 'bulletin.target',
    'user.role', 'committee.level', 'sector.kind', 'group.lead_kind', 'unit.kind', 'collective.kind',
    'member.gender', 'member.status', 'grassroots_unit.kind', 'station.kind', 'station.cert_status',
    'station.checklist_item', 'activity.kind', 'activity.status', 'activity.organiser_kind', 'activity.link_kind', 'attendance',
    'duty_record.kind', 'proposal.kind', 'proposal.signer_role', 'proposal.unit_role', 'proposal.rating']) {
    assert.ok(Array.isArray(L[key]) && L[key].length > 0, `${key} is served`);
    for (const x of L[key]) {
      assert.ok(x.name && x.zh && x.en, `${key}: ${JSON.stringify(x)} has name, zh and en`);
      assert.match(x.zh, /\p{Script=Han}/u, `${key}.${x.name} reads in Chinese`);
    }
    assert.equal(new Set(L[key].map((x) => x.name)).size, L[key].length, `${key}: names are unique`);
  }
  assert.equal(entry(L['proposal.state'], 'submitted').zh, '待审查');
  assert.equal(entry(L['proposal.state'], 'filed').en, 'Filed');
  assert.equal(entry(L['proposal.action'], 'file').zh, '立案');
  assert.equal(entry(L['report.state'], 'adopted').zh, '已采用');
  assert.equal(entry(L['bulletin.action'], 'sign').zh, '签发');
  assert.equal(entry(L['request.state'], 'accepted').zh, '已受理');
  assert.deepEqual(L['digest.state'].map((x) => x.name), ['draft', 'issued']);
  assert.equal(entry(L['activity.kind'], 'visit').zh, '走访');
  assert.equal(entry(L['activity.kind'], 'deliberation').zh, '协商议事');
  assert.equal(entry(L['attendance'], 'excused').zh, '请假');
  assert.equal(entry(L['proposal.signer_role'], 'first').zh, '第一提案人');
  assert.equal(entry(L['user.role'], 'member').zh, '委员');
  assert.equal(entry(L['committee.level'], 'province').zh, '省');
});

test('labels: a record\'s label is its module\'s table\'s word, in the request\'s language', async () => {
  const L = (await c.tiban.get('/api/v1/labels')).json;
  const props = (await c.tiban.get('/api/v1/proposals?limit=50')).json.items;
  assert.ok(props.length > 0, 'the demo has proposals');
  for (const p of props) {
    assert.equal(p.status_label, entry(L['proposal.state'], p.status).zh, `proposal ${p.id}`);
    assert.equal(p.kind_label, entry(L['proposal.kind'], p.kind).zh, `proposal ${p.id}`);
  }
  const reps = (await c.gansu.get('/api/v1/reports?limit=50')).json.items;
  assert.ok(reps.length > 0, 'the demo has reports');
  for (const x of reps) assert.equal(x.status_label, entry(L['report.state'], x.status).zh, `report ${x.id}`);
  const reqs = (await c.gansu.get('/api/v1/requests?limit=50')).json.items;
  assert.ok(reqs.length > 0, 'the demo has requests');
  for (const x of reqs) {
    assert.equal(x.status_label, entry(L['request.state'], x.status).zh, `request ${x.id}`);
    assert.equal(x.category_label, entry(L['request.category'], x.category).zh, `request ${x.id}`);
  }
  const acts = (await c.gansu.get('/api/v1/activities?limit=50')).json.items;
  assert.ok(acts.length > 0, 'the demo has activities');
  for (const x of acts) {
    assert.equal(x.kind_label, entry(L['activity.kind'], x.kind).zh, `activity ${x.id}`);
    assert.equal(x.status_label, entry(L['activity.status'], x.status).zh, `activity ${x.id}`);
  }
  const recs = (await c.gansu.get('/api/v1/points/records?limit=50')).json.items;
  assert.ok(recs.length > 0, 'the demo has duty records');
  for (const x of recs) {
    assert.equal(x.kind_label, entry(L['duty_record.kind'], x.kind).zh, `duty record ${x.id}`);
    assert.equal(x.attendance_label, entry(L['attendance'], x.attendance).zh, `duty record ${x.id}`);
  }
  for (const u of ['gansu', 'member1', 'tiban']) {
    const me = (await c[u].get('/api/v1/session')).json.user;
    assert.equal(me.role_label, entry(L['user.role'], me.role).zh, `${u}'s role`);
  }
  // the actions a record offers are actions of its workflow's table
  const d = (await c.tiban.get(`/api/v1/proposals/${props[0].id}`)).json;
  for (const a of d.actions) assert.ok(entry(L['proposal.action'], a), `action ${a} is in proposal.action`);
  // English when asked
  const en = await c.tiban.get('/api/v1/proposals?limit=5', { headers: { 'accept-language': 'en' } });
  for (const p of en.json.items) assert.equal(p.status_label, entry(L['proposal.state'], p.status).en);
});

test('a request offers the actions of its state to those who handle it, and none to a viewer', async () => {
  const L = (await c.gansu.get('/api/v1/labels')).json;
  const reqs = (await c.gansu.get('/api/v1/requests?status=accepted&limit=5')).json.items;
  assert.ok(reqs.length > 0, 'the demo has accepted requests');
  const id = reqs[0].id;
  let d = await c.gansu.get(`/api/v1/requests/${id}`);
  assertStatus(d, 200);
  assert.deepEqual(d.json.actions, ['start', 'transfer', 'answer'], 'accepted: start, transfer, answer');
  for (const a of d.json.actions) assert.ok(entry(L['request.action'], a), `${a} is in request.action`);
  const viewer = await as(s, 'viewer');
  const v = await viewer.get(`/api/v1/requests/${id}`);
  assertStatus(v, 200);
  assert.deepEqual(v.json.actions, [], 'a viewer may not act');
  const started = await c.gansu.post(`/api/v1/requests/${id}/start`);
  assertStatus(started, 200);
  assert.deepEqual(started.json.actions, ['resolve', 'transfer', 'answer'], 'in progress: resolve, transfer, answer');
  d = await c.gansu.post(`/api/v1/requests/${id}/answer`, { resolution: '已电话答复' });
  assertStatus(d, 200);
  assert.deepEqual(d.json.actions, [], 'answered is final');
});

/** Text of a PDF by pdftotext, without white space. */
function pdfText(bytes) {
  const file = join(mkdtempSync(join(tmpdir(), 'lvzhi-pdf-')), 'f.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

test('labels: the duty file (JSON and PDF) words activities, proposals and records as their owners do', async () => {
  const L = (await c.gansu.get('/api/v1/labels')).json;
  // a proposal just submitted reads 待审查, the proposal module's word
  const d = await c.member1.post('/api/v1/proposals', { title: '关于标签一致的提案', category: '教育科技', committee_id: c.member1.user.committee.id,
    kind: 'member', facts: '情况', analysis: '分析', suggestions: '建议' });
  assertStatus(d, 201);
  assert.equal((await c.member1.post(`/api/v1/proposals/${d.json.id}/submit`, {})).json.status, 'submitted');
  const year = new Date().getFullYear();
  // a standing-committee record typed by the office (the demo's provincial plenary and standing
  // meetings are meeting records, issue 19, not typed records)
  assertStatus(await c.gansu.post('/api/v1/points/records', { committee_id: c.member1.user.committee.id, member_id: c.member1.user.member_id,
    kind: 'meeting', title: '专题协商会', held_on: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10), attendance: 'excused' }), 201);
  const path = `/api/v1/members/${c.member1.user.member_id}/duty-file?year=${year}`;
  const f = (await c.gansu.get(path)).json;
  assert.ok(f.activities.length > 0 && f.records.length > 0, 'member1 took part in activities and meetings this year');
  for (const x of f.activities) {
    assert.equal(x.kind_label, entry(L['activity.kind'], x.kind).zh, `activity ${x.id}`);
    assert.equal(x.attendance_label, entry(L['attendance'], x.attendance).zh, `activity ${x.id}`);
  }
  for (const x of f.records) {
    assert.equal(x.kind_label, entry(L['duty_record.kind'], x.kind).zh, `record ${x.id}`);
    if (x.attendance) assert.equal(x.attendance_label, entry(L['attendance'], x.attendance).zh, `record ${x.id}`);
  }
  const p = f.proposals.find((x) => x.id === d.json.id);
  assert.ok(p, 'the file lists the proposal');
  assert.equal(p.status_label, entry(L['proposal.state'], 'submitted').zh);
  assert.equal(p.role_label, entry(L['proposal.signer_role'], 'first').zh);
  for (const x of f.proposals) assert.equal(x.status_label, entry(L['proposal.state'], x.status).zh, `proposal ${x.id}`);
  const r = await exportFile(c.gansu, `${path}&format=pdf`);
  const text = pdfText(Buffer.from(await r.arrayBuffer()));
  for (const x of f.activities) assert.ok(text.includes(entry(L['activity.kind'], x.kind).zh), `the PDF words ${x.kind} as ${entry(L['activity.kind'], x.kind).zh}`);
  assert.ok(text.includes(`关于标签一致的提案${entry(L['proposal.state'], 'submitted').zh}`) || text.includes(entry(L['proposal.state'], 'submitted').zh),
    'the PDF words the submitted proposal as 待审查');
  // the sections of records (not the points' items, which name the rules as the rule set does)
  const records = text.slice(text.indexOf('三、'), text.indexOf('七、'));
  assert.ok(records.length > 0, 'the PDF has its sections');
  for (const w of ['已提交', '主动走访', '协商议政', '学习培训']) assert.ok(!records.includes(w), `no private word ${w}`);
});
