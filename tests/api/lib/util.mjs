// tests/api/lib/util.mjs: small helpers shared by the API tests (not a test file itself).
import assert from 'node:assert/strict';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11643 check character of the first 17 digits. */
export function checkDigit(id17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id17[i]) * WEIGHTS[i];
  return '10X98765432'[s % 11];
}

let seq = 0;
/**
 * A fresh valid ID number. The demo's members are born 1955-1990 and bench/gen-roster.mjs's
 * 1991-2000, so these are born 2001-2005 and never meet either.
 * Returns {id, birth ('YYYY-MM-DD'), gender ('male'|'female')}.
 */
export function newId({ male = true, birth } = {}) {
  const n = seq++;
  let k = n % 499;
  if (!birth) {
    const y = 2001 + (n % 5), m = 1 + (Math.floor(n / 5) % 12), d = 1 + (Math.floor(n / 60) % 28);
    birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    k = Math.floor(n / 1680) % 499;
  }
  // the sequence number is odd for men, even for women
  const s3 = String(male ? 2 * k + 1 : 2 * k + 2).padStart(3, '0');
  const id17 = `620104${birth.replaceAll('-', '')}${s3}`;
  return { id: id17 + checkDigit(id17), birth, gender: male ? 'male' : 'female' };
}

/** The same ID number with a wrong check character. */
export function withBadCheck(id) {
  const good = id[17];
  const bad = good === '0' ? '1' : '0';
  return id.slice(0, 17) + bad;
}

/** Asserts the error envelope: status, code and (if given) field. Returns the error object. */
export function assertError(r, status, code, field) {
  const ctx = `${r.status} ${r.text}`;
  assert.equal(r.status, status, ctx);
  assert.ok(r.json && r.json.error, `error envelope expected: ${ctx}`);
  assert.equal(typeof r.json.error.message, 'string', ctx);
  assert.ok(r.json.error.message.length > 0, ctx);
  if (code) assert.equal(r.json.error.code, code, ctx);
  if (field !== undefined) assert.equal(r.json.error.field, field, ctx);
  return r.json.error;
}

/** Asserts a status, showing the body when it is not. Returns r. */
export function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} ${r.status} ${r.text.slice(0, 500)}`);
  return r;
}

/** Every item of a paged list, following next_cursor. */
export async function listAll(client, path, limit = 500) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor = null;
  for (let pages = 0; pages < 10000; pages++) {
    const r = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assertStatus(r, 200, `GET ${path}`);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

/** The id of the committee named exactly name (found with ?q=). */
export async function committeeId(client, name) {
  const r = await client.get(`/api/v1/committees?q=${encodeURIComponent(name)}&limit=500`);
  assertStatus(r, 200, `committee ${name}`);
  const c = r.json.items.find((x) => x.name === name);
  assert.ok(c, `committee ${name} not found`);
  return c.id;
}

/** A CSV text from rows of cells (quoting where needed), CRLF line ends. */
export function csv(rows) {
  const cell = (v) => {
    const s = String(v ?? '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The roster header of the import template. */
export const ROSTER_HEADER = ['姓名', '性别', '民族', '出生日期', '身份证号', '所属政协', '界别', '党派', '专委会',
  '界别活动组', '常委', '届次', '工作单位及职务', '手机号', '状态'];

/** One roster row for a person born with a fresh ID number. */
export function rosterRow({ name, committee = '甘肃省政协', male = true, sector = '经济界', phone = '' } = {}) {
  const p = newId({ male });
  return [name, male ? '男' : '女', '汉族', p.birth, p.id, committee, sector, '', '', '', '否', '13',
    '某公司经理', phone, '在任'];
}

/** Parses a CSV text (RFC 4180) into rows of cells; drops a UTF-8 BOM. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls a job until it is done or failed; returns {job, statuses, polls}. */
export async function waitJob(client, id, timeoutMs = 45000) {
  const statuses = [];
  const polls = [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.get(`/api/v1/jobs/${id}`);
    assertStatus(r, 200, `GET /jobs/${id}`);
    const j = r.json;
    polls.push(j);
    if (statuses.at(-1) !== j.status) statuses.push(j.status);
    if (j.status === 'done' || j.status === 'failed') return { job: j, statuses, polls };
    if (Date.now() > until) throw new Error(`job ${id} still ${j.status} after ${timeoutMs} ms: ${JSON.stringify(j)}`);
    await sleep(100);
  }
}

/**
 * Exports a file the one way every export goes: POST path (the export's URL with its query)
 * answers 202 {job} with Location /api/v1/jobs/{id}; the job is waited for (it must end done,
 * with a file) and its result downloaded by the same client. Returns the result's raw Response
 * (status 200 asserted), with the job as res.job.
 */
export async function exportFile(client, path, timeoutMs = 45000) {
  const r = await client.post(path);
  assertStatus(r, 202, `POST ${path}`);
  assert.ok(r.json?.job?.id, `POST ${path} answers {job}: ${r.text}`);
  assert.equal(r.headers.get('location'), `/api/v1/jobs/${r.json.job.id}`);
  const { job } = await waitJob(client, r.json.job.id, timeoutMs);
  assert.equal(job.status, 'done', `export job of ${path}: ${JSON.stringify(job)}`);
  assert.equal(job.has_file, true, `export job of ${path} made a file`);
  const res = await client.request('GET', job.result_url, { raw: true });
  assert.equal(res.status, 200, `GET ${job.result_url}`);
  res.job = job;
  return res;
}

/**
 * The text of a PDF as pdftotext reads it (from stdin, UTF-8), with every white space removed,
 * after checking that the bytes are a PDF.
 */
export async function pdfText(bytes) {
  const { execFileSync } = await import('node:child_process');
  assert.equal(Buffer.from(bytes).subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF starts with %PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8', maxBuffer: 64 << 20 })
    .replace(/\s+/g, '');
}

let letters = 0;
/**
 * What a handling unit's reply needs beside its category and text (issue 18): its answer letter
 * (答复函) uploaded by the unit's client cl, the signing leader and the contact person with phone.
 * Returns {file_id, leader, contact_name, contact_phone}.
 */
export async function replyLetter(cl, { phone = '0931-8123456' } = {}) {
  const r = await cl.post('/api/v1/files', new TextEncoder().encode(`%PDF-1.4 答复函 ${++letters}`),
    { headers: { 'x-filename': encodeURIComponent(`答复函-${letters}.pdf`), 'content-type': 'application/pdf' } });
  assertStatus(r, 201, 'upload the answer letter');
  return { file_id: r.json.id, leader: '王厅长', contact_name: '李明', contact_phone: phone };
}
