// tests/api/labels.test.mjs: GET /api/v1/labels serves the one label table of each enum that
// its module owns, and the words a record shows (status_label, kind_label...) are the table's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client } from './lib/server.mjs';
import { assertError, assertStatus } from './lib/util.mjs';

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
    'report.adoption_level', 'report.instruction_level', 'bulletin.target']) {
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
  assert.equal(entry(L['request.state'], 'accepted').zh, '受理');
  assert.deepEqual(L['digest.state'].map((x) => x.name), ['draft', 'issued']);
});

test('labels: a record\'s label is its module\'s table\'s word, in the request\'s language', async () => {
  const L = (await c.tiban.get('/api/v1/labels')).json;
  const props = (await c.tiban.get('/api/v1/proposals?limit=50')).json.items;
  assert.ok(props.length > 0, 'the demo has proposals');
  for (const p of props) assert.equal(p.status_label, entry(L['proposal.state'], p.status).zh, `proposal ${p.id}`);
  const reps = (await c.gansu.get('/api/v1/reports?limit=50')).json.items;
  assert.ok(reps.length > 0, 'the demo has reports');
  for (const x of reps) assert.equal(x.status_label, entry(L['report.state'], x.status).zh, `report ${x.id}`);
  const reqs = (await c.gansu.get('/api/v1/requests?limit=50')).json.items;
  assert.ok(reqs.length > 0, 'the demo has requests');
  for (const x of reqs) {
    assert.equal(x.status_label, entry(L['request.state'], x.status).zh, `request ${x.id}`);
    assert.equal(x.category_label, entry(L['request.category'], x.category).zh, `request ${x.id}`);
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
