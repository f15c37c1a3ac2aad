// tests/api/files.test.mjs: who may download a file (issue 15, defect 6). A file is read by
// the rule of the record that holds it — a report's attachment as the report, a proposal's as the
// proposal, an activity's photo as the activity, a station's evidence as the station — not by
// the committee alone; a file held by nothing yet by its uploader (and staff in scope), never by
// another member or a handling unit. File ids are sequential, so every refusal is a 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov;

before(async () => {
  s = await startServer({ contact: false, reports: false }); // the demo session numbers the filed proposal
  for (const u of ['admin', 'gansu', 'viewer', 'member1', 'member2', 'tiban', 'jiaoyu']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

let seq = 0;
async function upload(cl, name = '附件.pdf') {
  const r = await cl.post('/api/v1/files', new TextEncoder().encode(`file ${++seq}`),
    { headers: { 'x-filename': encodeURIComponent(name), 'content-type': 'application/pdf' } });
  assertStatus(r, 201, 'upload');
  return r.json;
}

const put = (cl, path, body) => cl.request('PUT', path, { body });

/** Asserts who reads file f (200) and who is told it does not exist (404). */
async function readers(f, yes, no) {
  for (const u of yes) assertStatus(await c[u].get(f.url), 200, `${u} reads ${f.url}`);
  for (const u of no) assertError(await c[u].get(f.url), 404, 'not_found');
}

test('a draft report\'s attachment: its author and the office, not other members or handling units', async () => {
  const f = await upload(c.member1, '私人草稿附件.pdf');
  const r = await c.member1.post('/api/v1/reports', { title: '关于乡村客运班线停运的情况反映', category: '社会建设',
    committee_id: prov, body: '部分乡村客运班线停运，群众出行不便。' });
  assertStatus(r, 201);
  assertStatus(await put(c.member1, `/api/v1/reports/${r.json.id}/files`, { file_ids: [f.id] }), 200);
  await readers(f, ['member1', 'gansu', 'admin'], ['member2', 'jiaoyu']);
  // the neighbouring ids tell nothing either
  for (const id of [f.id - 1, f.id + 1]) {
    const g = await c.member2.get(`/api/v1/files/${id}`);
    assert.notEqual(g.status, 200, `member2 reads file ${id}`);
  }
  // nor can another member take the file into a record of its own
  const other = await c.member2.post('/api/v1/reports', { title: '另一份信息', category: '社会建设', committee_id: prov, body: '正文' });
  assertStatus(other, 201);
  assertError(await put(c.member2, `/api/v1/reports/${other.json.id}/files`, { file_ids: [f.id] }), 422, 'invalid_field', 'file_ids');
  await readers(f, ['member1'], ['member2']);
});

test('a proposal\'s attachment follows the proposal: private as a draft, readable by members once filed', async () => {
  const f = await upload(c.member1, '提案附件.pdf');
  const p = await c.member1.post('/api/v1/proposals', { title: '关于加强乡村客运的提案', category: '经济建设', committee_id: prov,
    facts: '乡村客运班线停运。', analysis: '补贴不足。', suggestions: '一是落实补贴；二是整合线路。' });
  assertStatus(p, 201);
  assertStatus(await put(c.member1, `/api/v1/proposals/${p.json.id}/files`, { file_ids: [f.id] }), 200);
  await readers(f, ['member1', 'tiban'], ['member2', 'jiaoyu']);
  assertStatus(await c.member1.post(`/api/v1/proposals/${p.json.id}/submit`, {}), 200);
  assertStatus(await c.tiban.post(`/api/v1/proposals/${p.json.id}/file`, {}), 200);
  // a filed proposal is open to the members: so is its attachment
  await readers(f, ['member1', 'member2', 'tiban'], ['jiaoyu']);
});

test('an activity\'s photo is read as the activity; a station\'s evidence as the station', async () => {
  const photo = await upload(c.member1, '走访.jpg');
  const a = await c.member1.post('/api/v1/activities', { title: '入户走访', kind: 'visit', committee_id: prov,
    starts_at: '2026-03-31T23:30:00+08:00', status: 'done', photo_file_ids: [photo.id] });
  assertStatus(a, 201);
  await readers(photo, ['member1', 'gansu', 'viewer'], ['member2', 'jiaoyu']);

  const ev = await upload(c.gansu, '场地.jpg');
  const st = await c.gansu.post('/api/v1/stations', { name: '文件测试委员工作站', kind: 'station', committee_id: prov });
  assertStatus(st, 201);
  assertStatus(await put(c.gansu, `/api/v1/stations/${st.json.id}/checklist/site`, { note: '场地', file_ids: [ev.id] }), 200);
  // members see the stations of their committee; a handling unit reads no station
  await readers(ev, ['gansu', 'member1', 'viewer'], ['jiaoyu']);
});

test('a file held by nothing yet: its uploader and staff in scope, not another member or a unit', async () => {
  const f = await upload(c.member1, '尚未使用.pdf');
  await readers(f, ['member1', 'gansu'], ['member2', 'jiaoyu']);
  const u = await upload(c.jiaoyu, '承办单位上传.pdf');
  await readers(u, ['jiaoyu', 'gansu'], ['member1', 'member2']);
});
