// tests/api/exports.test.mjs: every document and export is a job (issue 15, defect 10: two
// clients exporting proposals as PDF stalled /health). POST on the export's URL answers 202
// {job} at once; the worker builds the file while the event loops keep answering; the file is
// downloaded from GET /api/v1/jobs/{id}/result by the account that asked, while it may still
// read the record; the old GET URLs answer 303 to a job; a file is dropped a day after its job.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, sql } from './lib/server.mjs';
import { assertError, assertStatus, exportFile, sleep, waitJob } from './lib/util.mjs';

let s;
const c = {};

before(async () => {
  // ~6,300 proposals: a PDF list of them takes the worker seconds, not milliseconds
  s = await startServer({ scale: 12000 });
  for (const u of ['admin', 'gansu', 'tiban', 'viewer', 'member1', 'member2', 'qilihe']) c[u] = await as(s, u);
  c.gansu2 = await as(s, 'gansu'); // a second client (its own session) of the same office
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const unfinished = (j) => j.status === 'queued' || j.status === 'running';

function pdfText(bytes) {
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF starts with %PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, '');
}

test('two heavy PDF exports at once: each answers 202 with its job at once, /health answers while they run, the files are right', async () => {
  const path = '/api/v1/proposals/export?format=pdf';
  const [a, b] = await Promise.all([c.gansu.post(path), c.gansu2.post(path)]);
  for (const r of [a, b]) {
    assertStatus(r, 202, `POST ${path}`);
    assert.equal(r.json.job.kind, 'proposal_export');
    assert.ok(unfinished(r.json.job), `the answer comes before the file: ${JSON.stringify(r.json.job)}`);
    assert.equal(r.json.job.has_file, false);
    assert.equal(r.headers.get('location'), `/api/v1/jobs/${r.json.job.id}`);
  }
  const ids = [a.json.job.id, b.json.job.id];
  // /health, one request after another, while the exports are being made: every answer is a
  // 200, and many come while a job was running before the request and is still running after it
  let during = 0, running = 0, answered = 0;
  for (;;) {
    const before = await Promise.all(ids.map(async (id) => (await c.gansu.get(`/api/v1/jobs/${id}`)).json));
    if (!before.some(unfinished)) break;
    const h = await fetch(`${s.url}/api/v1/health`);
    assert.equal(h.status, 200);
    assert.equal((await h.json()).status, 'ok');
    answered++;
    const afterward = await Promise.all(ids.map(async (id) => (await c.gansu.get(`/api/v1/jobs/${id}`)).json));
    if (afterward.some(unfinished)) during++;
    if (before.some((j, i) => j.status === 'running' && afterward[i].status === 'running')) running++;
  }
  assert.ok(during >= 3, `/health answered ${during} times (of ${answered}) while an export was unfinished`);
  assert.ok(running >= 1, `/health answered ${running} times while an export was running throughout`);

  // both files are the whole list, as the list reads it
  const total = (await c.gansu.get('/api/v1/proposals?limit=1')).json.total;
  assert.ok(total > 5000, `${total} proposals`);
  for (const id of ids) {
    const { job, polls } = await waitJob(c.gansu, id);
    assert.equal(job.status, 'done', JSON.stringify(job));
    assert.equal(job.result_name, '提案目录.pdf');
    assert.ok(polls.every((p) => p.percent >= 0 && p.percent <= 100));
    const f = await c.gansu.request('GET', job.result_url, { raw: true });
    assert.equal(f.status, 200);
    assert.equal(f.headers.get('content-type'), 'application/pdf');
    const text = pdfText(Buffer.from(await f.arrayBuffer()));
    assert.ok(text.includes('提案目录') && text.includes('甘肃省政协'), text.slice(0, 200));
    assert.ok(text.includes(`共${total}件`), `the PDF counts ${total} proposals`);
  }
  // the other client's session is the same account: it reads the first one's file too
  assertStatus(await c.gansu2.get(`/api/v1/jobs/${ids[0]}`), 200);
});

test('the list export as XLSX reports its rows as progress and holds every row', async () => {
  const r = await exportFile(c.tiban, '/api/v1/proposals/export?format=xlsx');
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(decodeURIComponent(r.headers.get('content-disposition') || ''), /提案\.xlsx/);
  const total = (await c.tiban.get('/api/v1/proposals?limit=1')).json.total;
  assert.equal(r.job.done, r.job.total);
  assert.equal(r.job.total, total + Math.floor(total / 4) + 1, 'the rows read, then writing the file');
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString('latin1'), 'PK');
});

test('the old GET URLs start the same job and answer 303 See Other to it', async () => {
  const bulletin = (await c.gansu.get('/api/v1/bulletins?limit=1')).json.items[0].id;
  const digest = (await c.gansu.get('/api/v1/digests?limit=1')).json.items[0].id;
  const member = c.member1.user.member_id;
  const olds = [
    ['/api/v1/proposals/1/pdf', 'proposal_pdf'],
    ['/api/v1/proposals/export?format=xlsx', 'proposal_export'],
    [`/api/v1/bulletins/${bulletin}/pdf`, 'bulletin_file'],
    [`/api/v1/bulletins/${bulletin}/docx`, 'bulletin_file'],
    [`/api/v1/digests/${digest}/pdf`, 'digest_file'],
    [`/api/v1/digests/${digest}/docx`, 'digest_file'],
    [`/api/v1/members/${member}/duty-file?format=pdf`, 'duty_file'],
    [`/api/v1/members/${member}/duty-file?format=xlsx`, 'duty_file'],
    ['/api/v1/reports/stats?format=xlsx', 'report_stats'],
    ['/api/v1/compliance/rollup/export', 'rollup_export'],
    ['/api/v1/members?committee_id=2&format=csv', 'member_export'],
    ['/api/v1/members?format=xlsx', 'member_export'],
  ];
  for (const [path, kind] of olds) {
    const r = await fetch(s.url + path, { headers: { cookie: c.gansu.cookie }, redirect: 'manual' });
    assert.equal(r.status, 303, `GET ${path}`);
    const body = await r.json();
    assert.equal(body.job.kind, kind, path);
    assert.equal(r.headers.get('location'), `/api/v1/jobs/${body.job.id}`, path);
    const { job } = await waitJob(c.gansu, body.job.id);
    assert.equal(job.status, 'done', `${path}: ${JSON.stringify(job)}`);
    assert.equal(job.has_file, true, path);
  }
  // a client that follows the redirect lands on the job's progress
  const followed = await c.gansu.get('/api/v1/proposals/2/pdf');
  assertStatus(followed, 200);
  assert.equal(followed.json.kind, 'proposal_pdf');
  // the JSON forms of the same URLs stay as they were
  assertStatus(await c.gansu.get(`/api/v1/members/${member}/duty-file`), 200);
  assert.ok(Array.isArray((await c.gansu.get('/api/v1/members?limit=2')).json.items));
});

test('a file is read by the account that asked, while it may read the record it was made from', async () => {
  const d = await c.member1.post('/api/v1/proposals', { title: '关于导出任务读权限的提案', category: '教育科技',
    committee_id: c.member1.user.committee.id, kind: 'member', facts: '情况', analysis: '分析', suggestions: '建议' });
  assertStatus(d, 201);
  const r = await exportFile(c.member1, `/api/v1/proposals/${d.json.id}/pdf`);
  assert.ok(pdfText(Buffer.from(await r.arrayBuffer())).includes('关于导出任务读权限的提案'));
  const url = r.job.result_url;
  // another member, the proposal office (who cannot read a draft of another) and a county: 404
  for (const u of ['member2', 'tiban', 'qilihe']) {
    assertError(await c[u].get(url), 404, 'not_found');
    assertError(await c[u].get(`/api/v1/jobs/${r.job.id}`), 404, 'not_found');
  }
  // a draft of another member is not exported for them at all
  assertError(await c.member2.post(`/api/v1/proposals/${d.json.id}/pdf`), 404, 'not_found');
  // once the record is gone, its file is not served, even to the account that asked
  assertStatus(await c.member1.del(`/api/v1/proposals/${d.json.id}`), 204);
  assertError(await c.member1.get(url), 404, 'not_found');
  assertStatus(await c.member1.get(`/api/v1/jobs/${r.job.id}`), 200, 'the job itself is still there');
});

test('refusals come at once, before any job is queued', async () => {
  const count = async (cl) => (await cl.get('/api/v1/jobs')).json.items.length;
  const bulletin = (await c.gansu.get('/api/v1/bulletins?limit=1')).json.items[0].id;
  const draft = (await c.gansu.get('/api/v1/bulletins?status=draft&limit=1')).json.items[0].id;
  const n = await count(c.member1);
  // a member reads the issued bulletins of its committee only: a draft's file is not made for it
  assertError(await c.member1.post(`/api/v1/bulletins/${draft}/pdf`), 404, 'not_found');
  assertError(await c.member1.post('/api/v1/reports/stats/export'), 403, 'forbidden');
  assertError(await c.member1.post('/api/v1/compliance/rollup/export'), 403, 'forbidden');
  assertError(await c.member1.post(`/api/v1/members/${c.member2.user.member_id}/duty-file?format=pdf`), 404, 'not_found');
  assertError(await c.member1.post('/api/v1/proposals/export?format=doc'), 422, 'invalid_field', 'format');
  assertError(await c.member1.post('/api/v1/proposals/999999/pdf'), 404, 'not_found');
  assert.equal(await count(c.member1), n, 'no job for a refused export');
  const m = await count(c.qilihe);
  assertError(await c.qilihe.post(`/api/v1/bulletins/${bulletin}/docx`), 404, 'not_found');
  assertError(await c.qilihe.post('/api/v1/members/export?committee_id=2&format=csv'), 403, 'forbidden_scope');
  assertError(await c.qilihe.post('/api/v1/reports/stats/export?committee_id=2'), 403, 'forbidden_scope');
  assertError(await c.qilihe.post('/api/v1/compliance/rollup/export?committee_id=2&quarter=5'), 422, 'invalid_field', 'quarter');
  assert.equal(await count(c.qilihe), m);
  // the CSRF header is required like any other write of a cookie session
  const r = await fetch(`${s.url}/api/v1/proposals/1/pdf`, { method: 'POST', headers: { cookie: c.member1.cookie } });
  assert.equal(r.status, 403);
});

test('a document of one record rings no bell; a list export does', async () => {
  const unread = async () => (await c.tiban.get('/api/v1/notifications?limit=1')).json.unread;
  const n0 = await unread();
  await exportFile(c.tiban, '/api/v1/proposals/1/pdf');
  assert.equal(await unread(), n0, 'one proposal\'s PDF: the page that asked shows it');
  await exportFile(c.tiban, '/api/v1/proposals/export?status=filed');
  assert.equal(await unread(), n0 + 1, 'the list export is announced');
});

test('a file is dropped a day after its job ended: the job stays, the download says so', async () => {
  const r = await exportFile(c.viewer, '/api/v1/proposals/export?status=filed&format=xlsx');
  const id = r.job.id;
  sql(s.db, `UPDATE jobs SET finished_at = finished_at - 25 * 3600 WHERE id = ${id}`);
  const j = (await c.viewer.get(`/api/v1/jobs/${id}`)).json;
  assert.equal(j.status, 'done');
  assert.equal(j.has_file, false);
  const e = await c.viewer.get(`/api/v1/jobs/${id}/result`);
  assertError(e, 404, 'not_found');
  assert.match(e.json.error.message, /24 小时/);
  // the worker drops the bytes when it starts, then every half minute
  await s.restart();
  for (let i = 0; sql(s.db, `SELECT COUNT(*) FROM jobs WHERE id = ${id} AND result IS NOT NULL`) !== '0'; i++) {
    assert.ok(i < 100, 'the worker drops the file within 10 s of its start');
    await sleep(100);
  }
  assertError(await c.viewer.get(`/api/v1/jobs/${id}/result`), 404, 'not_found');
  // a file of a job that ended just now is kept
  const fresh = await exportFile(c.viewer, '/api/v1/proposals/export?status=filed&format=xlsx');
  assertStatus(await c.viewer.get(fresh.job.result_url), 200);
});
