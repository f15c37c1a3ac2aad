// tests/api/jobs.test.mjs: work that runs as a job: a roster import over 1 MiB, a failing one
// (all or nothing), who may see a job, and members exports (every export is a job: see
// exports.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, sql, ENGINE } from './lib/server.mjs';
import { assertError, assertStatus, parseCsv, sleep, waitJob, ROSTER_HEADER } from './lib/util.mjs';

const ROWS = 9000; // ~1.15 MB: over the 1 MiB limit of an inline import
let s, admin, gansu, lanzhou, viewer;
let roster; // lines of a valid roster CSV for 甘肃省政协
let failedJob = null;

before(async () => {
  s = await startServer({ scale: 12000 });
  admin = await as(s, 'admin');
  gansu = await as(s, 'gansu');
  lanzhou = await as(s, 'lanzhou');
  viewer = await as(s, 'viewer');
  roster = execFileSync(process.execPath, [new URL('../../bench/gen-roster.mjs', import.meta.url).pathname, String(ROWS)], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\r\n').filter((l) => l);
  assert.equal(roster.length, ROWS + 1);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const total = async () => (await admin.get('/api/v1/members?limit=1')).json.total;

/** Whether the bytes of column col (input or result) of job id, as stored, hold text. */
function storedHolds(id, col, text) {
  const q = ENGINE === 'sqlite'
    ? `SELECT instr(${col}, CAST('${text}' AS BLOB)) > 0 FROM jobs WHERE id = ${id}`
    : `SELECT position(convert_to('${text}', 'UTF8') in ${col}) > 0 FROM jobs WHERE id = ${id}`;
  const v = sql(s.db, q);
  return v === '1' || v === 't';
}


function assertProgressShape(j) {
  for (const k of ['id', 'kind', 'status', 'done', 'total', 'percent', 'stage', 'has_file', 'created_at'])
    assert.ok(k in j, `job has ${k}: ${JSON.stringify(j)}`);
  assert.ok(Number.isInteger(j.done) && Number.isInteger(j.total) && Number.isInteger(j.percent));
  assert.ok(j.percent >= 0 && j.percent <= 100, `percent ${j.percent}`);
  assert.ok(j.done <= j.total || j.total === 0, `done ${j.done} of ${j.total}`);
}

function assertStatusOrder(statuses) {
  const rank = { queued: 0, running: 1, done: 2, failed: 2 };
  for (let i = 1; i < statuses.length; i++)
    assert.ok(rank[statuses[i]] > rank[statuses[i - 1]], `status went ${statuses.join(' → ')}`);
}

test('a big import with one bad row at the end → job failed naming the line; nothing imported', async () => {
  const bad = [...roster];
  const last = bad.at(-1).split(',');
  last[1] = '不详';
  bad[bad.length - 1] = last.join(',');
  const body = `${bad.join('\r\n')}\r\n`;
  assert.ok(Buffer.byteLength(body) > 1024 * 1024, `${Buffer.byteLength(body)} bytes`);
  const before = await total();
  const r = await gansu.post('/api/v1/members/import', body, { headers: { 'content-type': 'text/csv' } });
  assertStatus(r, 202, 'big import');
  const id = r.json.job.id;
  assert.equal(r.json.job.kind, 'member_import');
  assert.ok(['queued', 'running'].includes(r.json.job.status));
  const { job, statuses } = await waitJob(gansu, id);
  assertStatusOrder(statuses);
  assert.equal(job.status, 'failed', JSON.stringify(job));
  assert.ok(job.error.length > 0);
  assert.ok(job.result && Array.isArray(job.result.rows), JSON.stringify(job.result));
  assert.equal(job.result.imported, 0);
  assert.equal(job.result.rows.length, 1, JSON.stringify(job.result.rows));
  assert.equal(job.result.rows[0].line, ROWS + 1);
  assert.equal(job.result.rows[0].column, 2);
  assert.equal(job.result.rows[0].column_name, '性别');
  assert.equal(job.has_file, false);
  assert.equal(await total(), before, 'no member of the failed file exists');
  failedJob = id;
});

test('a roster over 1 MiB imports as a job: 202, progress, done, result.imported = N', async () => {
  const body = `${roster.join('\r\n')}\r\n`;
  assert.ok(Buffer.byteLength(body) > 1024 * 1024);
  const before = await total();
  const r = await gansu.post('/api/v1/members/import', body, { headers: { 'content-type': 'text/csv' } });
  assertStatus(r, 202, 'big import');
  assertProgressShape(r.json.job);
  const id = r.json.job.id;
  const { job, statuses, polls } = await waitJob(gansu, id);
  assertStatusOrder(statuses);
  assert.ok(['queued', 'running'].includes(statuses[0]), statuses.join());
  assert.equal(job.status, 'done', JSON.stringify(job));
  for (const p of polls) assertProgressShape(p);
  assert.equal(job.percent, 100);
  // two passes over the rows: checking them all, then writing them all
  assert.equal(job.total, 2 * ROWS);
  assert.equal(job.done, job.total);
  assert.equal(job.result.imported, ROWS);
  assert.ok(job.finished_at && job.started_at);
  assert.equal(await total(), before + ROWS);
  // a row of the file is there, with its ID number
  const [name, , , birth, idn] = roster[1].split(',');
  const found = (await gansu.get(`/api/v1/members?q=${encodeURIComponent(name)}&limit=500`)).json.items
    .filter((m) => m.birth_date === birth && m.id_number === `${idn.slice(0, 6)}${'*'.repeat(12)}`);
  const numbers = [];
  for (const m of found) numbers.push((await gansu.post(`/api/v1/members/${m.id}/id-number/reveal`)).json.id_number);
  assert.ok(numbers.includes(idn), `${name} ${idn}`);
  // the roster waited in the jobs table sealed: its numbers are not in the stored input
  assert.equal(storedHolds(id, 'input', idn), false, 'the stored roster holds an ID number in clear');
  // the owner lists the job
  const mine = await gansu.get('/api/v1/jobs');
  assertStatus(mine, 200);
  assert.ok(mine.json.items.some((j) => j.id === id));
});

test('another user cannot see the job (404), the administrator neither', async () => {
  assert.ok(failedJob, 'the failing import ran');
  assertError(await lanzhou.get(`/api/v1/jobs/${failedJob}`), 404, 'not_found');
  assertError(await lanzhou.get(`/api/v1/jobs/${failedJob}/result`), 404, 'not_found');
  assertError(await viewer.get(`/api/v1/jobs/${failedJob}`), 404, 'not_found');
  assert.ok(!(await lanzhou.get('/api/v1/jobs')).json.items.some((j) => j.id === failedJob));
  // a job's result may be an export only its owner may read (三员分立: the audit log's)
  assertError(await admin.get(`/api/v1/jobs/${failedJob}`), 404, 'not_found');
  assertError(await gansu.get('/api/v1/jobs/999999'), 404, 'not_found');
});

test('the result of a job without a file → 409', async () => {
  assert.ok(failedJob);
  const r = await gansu.get(`/api/v1/jobs/${failedJob}/result`);
  assertError(r, 409);
});

test('a members export of over 5,000 rows is a job; its result is the whole CSV, sealed while it waits', async () => {
  const n = await total();
  assert.ok(n > 5000, `${n} members`);
  const r = await admin.post('/api/v1/members/export?format=csv&id_numbers=whole');
  assertStatus(r, 202, 'big export');
  const id = r.json.job.id;
  // asking for the whole numbers is recorded when the job is queued
  const audit = (await (await as(s, 'auditor')).get('/api/v1/audit?entity=member&limit=5')).json.items.find((e) => e.action === 'export_id_numbers');
  assert.equal(audit?.after?.job_id, id, JSON.stringify(audit));
  assert.equal(r.json.job.kind, 'member_export');
  const { job, statuses } = await waitJob(admin, id);
  assertStatusOrder(statuses);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.has_file, true);
  assert.equal(job.result_url, `/api/v1/jobs/${id}/result`);
  assert.equal(job.result.rows, n);
  const f = await admin.request('GET', job.result_url, { raw: true });
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^text\/csv/);
  assert.match(f.headers.get('content-disposition') || '', /attachment/);
  const bytes = Buffer.from(await f.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.toString('utf8'));
  assert.deepEqual(rows[0], ROSTER_HEADER);
  assert.equal(rows.length - 1, n);
  assert.ok(rows.slice(1).every((x) => x.length === ROSTER_HEADER.length));
  // every imported ID number is in it, whole
  const ids = new Set(rows.slice(1).map((x) => x[4]));
  assert.ok(roster.slice(1, 50).every((l) => ids.has(l.split(',')[4])));
  // but not in the file as the database keeps it
  assert.equal(storedHolds(id, 'result', roster[1].split(',')[4]), false, 'the stored result holds an ID number in clear');
  assert.equal(storedHolds(id, 'result', '姓名'), false, 'the stored result is not the CSV');
});

test('an export job keeps the filter and the caller’s view (masked ID numbers for a viewer)', async () => {
  const want = (await viewer.get('/api/v1/members?is_standing=false&limit=1')).json.total;
  assert.ok(want > 5000, `${want}`);
  const r = await viewer.post('/api/v1/members/export?is_standing=false&format=csv');
  assertStatus(r, 202);
  const { job } = await waitJob(viewer, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const f = await viewer.get(job.result_url);
  assertStatus(f, 200);
  const rows = parseCsv(f.text).slice(1);
  assert.equal(rows.length, want);
  assert.ok(rows.every((x) => x[10] === '否'), 'only members who are not standing');
  assert.ok(rows.every((x) => x[4] === '' || /^\d{6}\*{12}$/.test(x[4])), 'ID numbers masked for a viewer');
  // nobody else sees the job or fetches the file, the administrator neither
  assertError(await gansu.get(job.result_url), 404, 'not_found');
  assertError(await admin.get(`/api/v1/jobs/${job.id}`), 404, 'not_found');
  assertError(await admin.get(job.result_url), 404, 'not_found');
});

test('an XLSX export of over 5,000 rows is a job whose file is a workbook', async () => {
  const r = await admin.post('/api/v1/members/export?format=xlsx');
  assertStatus(r, 202);
  const { job } = await waitJob(admin, r.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const f = await admin.request('GET', job.result_url, { raw: true });
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const b = Buffer.from(await f.arrayBuffer());
  assert.equal(b.subarray(0, 2).toString('latin1'), 'PK');
});

test('a big import for a committee outside the caller’s scope fails and imports nothing', async () => {
  const lines = roster.map((l, i) => (i === 0 ? l : l.replace(',甘肃省政协,', ',七里河区政协,')));
  const cg = await as(s, 'chengguan');
  const before = await total();
  const r = await cg.post('/api/v1/members/import', `${lines.join('\r\n')}\r\n`, { headers: { 'content-type': 'text/csv' } });
  assertStatus(r, 202);
  const { job } = await waitJob(cg, r.json.job.id);
  assert.equal(job.status, 'failed');
  assert.ok(job.result.rows.length > 0);
  assert.equal(await total(), before);
});
