// tests/api/bulletins.test.mjs: the bulletins of social-conditions reports (《社情民意》) and
// the daily digests of online social conditions (《网络社情摘要》) over HTTP, with the accounts
// of the people who use them — gansu (the provincial committee's office: report.review),
// viewer (reads bulletins, writes nothing), member1 (a member of the province: the author of the
// reports, who reads the issued bulletins and digests of the province and nothing else of them)
// and qilihe (a county's office, out of the province's scope).
//
// Bulletins: adopted reports edited into an issue, signed off (numbered 1, 2, … in the CST year
// at the first sign-off; a reopened issue keeps its number, a deleted draft leaves no gap),
// sent up (the reports' timelines, the authors' notifications, the report detail, the
// statistics' sent_up), every refusal (422 bad input, 403 route permission and scope, 404 out
// of view, 409 wrong_state naming the state and 409 conflict), the PDF (through pdftotext) and
// the Word file (read with a small zip reader: central directory, inflate, CRC-32).
// Digests: the day's items, the suggested grouping of a small hand-made day (three items on
// heating, two on school lunches, one on buses), the threshold, digests made of the groups,
// regrouping (items left out are released), issuing with a number, what an issued digest
// refuses, deleting a draft, the PDF and Word forms.
// What a member reads (issue 16): the issued bulletins and digests of its own committee, in
// the lists, by id and as PDF through a job; never a draft (not even one reopened after its
// sign-off, nor the file of a job asked for before) nor one of a committee below its own, nor the
// office's working routes (the day's items, the suggestion, the candidates, the targets) or any
// write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { startServer, as, lvzhi } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, listAll, waitJob } from './lib/util.mjs';

let s;
let tmp;
const c = {};
let prov, qlh;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // CST
const year = Number(today.slice(0, 4));
const issue = (n) => `${year}年第${n}期`;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'qilihe', 'viewer', 'member1', 'member2']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  qlh = await committeeId(c.admin, '七里河区政协');
  tmp = mkdtempSync(join(tmpdir(), 'lvzhi-bulletins-'));
});

after(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

// ---- helpers ------------------------------------------------------------------------------------

/** A report of member1 in the province, submitted, and adopted by gansu unless adopt is false. */
async function report(title, { adopt = true } = {}) {
  let r = await c.member1.post('/api/v1/reports', { title, category: '社会建设', committee_id: prov,
    body: `${title}：情况、分析和建议。` });
  assertStatus(r, 201, 'report draft');
  const id = r.json.id;
  assertStatus(await c.member1.post(`/api/v1/reports/${id}/submit`, {}), 200, 'submit');
  if (adopt) assertStatus(await c.gansu.post(`/api/v1/reports/${id}/adopt`, {}), 200, 'adopt');
  return id;
}

const bact = (cl, id, action, body = {}) => cl.post(`/api/v1/bulletins/${id}/${action}`, body);

async function bulletin(reportIds, extra = {}) {
  const r = await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: reportIds, ...extra });
  assertStatus(r, 201, 'bulletin');
  return r.json;
}

/** Asserts a 409 wrong_state whose message names the current state (its Chinese label). */
function assertWrongState(r, label) {
  const e = assertError(r, 409, 'wrong_state');
  assert.ok(e.message.includes(`当前状态：${label}`), `the message names the state ${label}: ${e.message}`);
}

/** The bytes of a download, with its status and content type checked. */
async function download(cl, path, type) {
  const res = await exportFile(cl, path); // POST path → 202 {job} → the job's file
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.match(res.headers.get('content-type'), type);
  assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
  return bytes;
}

/** The text of a PDF as pdftotext reads it, with every white space removed. */
function pdfText(bytes) {
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF starts with %PDF-');
  const f = join(tmp, `d${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

let crcTable = null;
/** CRC-32 (IEEE) of bytes: zlib's when this Node has it, else computed here. */
function crc32(bytes) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(bytes) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let x = n;
      for (let k = 0; k < 8; k++) x = x & 1 ? 0xedb88320 ^ (x >>> 1) : x >>> 1;
      crcTable[n] = x >>> 0;
    }
  }
  let x = 0xffffffff;
  for (const b of bytes) x = crcTable[(x ^ b) & 0xff] ^ (x >>> 8);
  return (x ^ 0xffffffff) >>> 0;
}

/**
 * The entries of a zip file (Map name → Buffer), read through its central directory: every
 * entry's local header is where the directory says, its data inflates (or is stored) to the
 * size the directory gives, and its CRC-32 matches.
 */
function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'a zip ends with an end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12), dirStart = buf.readUInt32LE(eocd + 16);
  assert.equal(buf.readUInt16LE(eocd + 8), count, 'one disk');
  assert.equal(dirStart + dirSize, eocd, 'the central directory ends where the record says');
  const files = new Map();
  let p = dirStart;
  for (let k = 0; k < count; k++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, `central directory entry ${k}`);
    const method = buf.readUInt16LE(p + 10), crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20), usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    p += 46 + nlen + xlen + clen;
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `${name}: the local header`);
    assert.equal(buf.readUInt16LE(local + 26), nlen, `${name}: the local header's name length`);
    assert.equal(buf.toString('utf8', local + 30, local + 30 + nlen), name, `${name}: the local header's name`);
    const start = local + 30 + nlen + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated, not method ${method}`);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    assert.equal(data.length, usize, `${name}: the uncompressed size`);
    assert.equal(crc32(data), crc, `${name}: CRC-32`);
    assert.ok(!files.has(name), `${name} twice`);
    files.set(name, data);
  }
  assert.equal(p, eocd, 'the central directory holds exactly its entries');
  return files;
}

/** The text of word/document.xml of a .docx (its runs' text joined), after checking the zip. */
function docxText(bytes) {
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a .docx is a zip');
  const files = unzip(bytes);
  for (const name of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml']) assert.ok(files.has(name), `${name} in the .docx`);
  const xml = files.get('word/document.xml').toString('utf8');
  assert.match(xml, /^<\?xml/);
  assert.match(xml, /<w:document[\s>]/);
  const entities = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => entities[e]);
}

// ---- bulletins ----------------------------------------------------------------------------------

const R = {}; // report ids by name
const B = {}; // bulletin ids by name

test('bulletins are numbered at their first sign-off, in order: a reopened one keeps its number, a deleted draft leaves no gap', async () => {
  for (const [k, title] of [['heat', '关于城区集中供暖温度不达标的情况反映'], ['lunch', '关于中小学校午餐配送质量的情况反映'],
    ['bus', '关于增开夜间公交线路的建议'], ['elder', '关于社区养老服务站运营困难的情况反映'],
    ['water', '关于农村饮水安全的情况反映'], ['road', '关于乡村道路养护资金不足的情况反映'],
    ['park', '关于老旧小区停车难的情况反映'], ['flood', '关于汛期山洪预警的建议']]) R[k] = await report(title);
  R.pending = await report('关于夜市占道经营的情况反映', { adopt: false });

  // the adopted reports not yet in a bulletin, and where bulletins go
  let r = await c.gansu.get('/api/v1/bulletins/candidates');
  assertStatus(r, 200);
  const adoptedIds = Object.entries(R).filter(([k]) => k !== 'pending').map(([, id]) => id);
  assert.deepEqual(r.json.items.map((x) => x.id).sort((a, b) => a - b), adoptedIds.sort((a, b) => a - b));
  assert.ok(r.json.items.every((x) => x.status === 'adopted'));
  r = await c.gansu.get('/api/v1/bulletins/targets');
  assertStatus(r, 200);
  assert.deepEqual(r.json.targets.map((t) => t.name), ['national_cppcc', 'province_cppcc', 'party_committee', 'government']);
  assert.deepEqual(r.json.targets.map((t) => t.label), ['全国政协', '省政协', '党委', '政府']);

  // three drafts in the order A, C, B
  const a = await bulletin([R.heat], { editor: '张编辑', note: '本期反映民生问题。' });
  assert.equal(a.status, 'draft');
  assert.equal(a.status_label, '草稿');
  assert.equal(a.number, null);
  assert.equal(a.year, year);
  assert.equal(a.title, '社情民意', 'the title defaults to the masthead');
  assert.equal(a.label, '社情民意（草稿）');
  assert.equal(a.committee_id, prov);
  assert.equal(a.committee_name, '甘肃省政协');
  assert.equal(a.created_by, c.gansu.user.id);
  assert.equal(a.item_count, 1);
  assert.deepEqual(a.targets, []);
  assert.deepEqual(a.items.map((i) => [i.report_id, i.position, i.title, i.report_status]),
    [[R.heat, 1, '关于城区集中供暖温度不达标的情况反映', 'adopted']]);
  assert.equal(a.items[0].original_title, a.items[0].title);
  assert.equal(a.items[0].author, c.member1.user.display_name);
  assert.equal(a.items[0].report_committee_id, prov);
  assert.deepEqual([...a.actions].sort(), ['delete', 'edit', 'items', 'sign']);
  B.a = a.id;
  const cc = await bulletin([R.elder]);
  const b = await bulletin([R.lunch]);
  B.b = b.id;

  r = await c.gansu.get('/api/v1/bulletins/candidates');
  assert.ok(!r.json.items.some((x) => [R.heat, R.elder, R.lunch].includes(x.id)), 'reports in a bulletin are no candidates');

  // the never-signed draft C is deleted; its report is free again
  assertStatus(await c.gansu.del(`/api/v1/bulletins/${cc.id}`), 204, 'delete a draft');
  assertError(await c.gansu.get(`/api/v1/bulletins/${cc.id}`), 404, 'not_found');
  r = await c.gansu.get('/api/v1/bulletins/candidates');
  assert.ok(r.json.items.some((x) => x.id === R.elder), 'the deleted draft released its report');

  // A and B signed in order: 1 and 2 of the year
  r = await bact(c.gansu, B.a, 'sign', { signer: '王主任' });
  assertStatus(r, 200, 'sign A');
  assert.equal(r.json.status, 'signed');
  assert.equal(r.json.status_label, '已签发');
  assert.equal(r.json.number, 1);
  assert.equal(r.json.year, year);
  assert.equal(r.json.signer, '王主任');
  assert.ok(r.json.signed_at);
  assert.equal(r.json.label, `社情民意 ${issue(1)}`);
  assert.deepEqual([...r.json.actions].sort(), ['reopen', 'send']);
  r = await bact(c.gansu, B.b, 'sign', { signer: '王主任' });
  assertStatus(r, 200, 'sign B');
  assert.equal(r.json.number, 2, 'the deleted draft left no gap');

  // B reopened: a draft again, with its number, and no longer deletable
  r = await bact(c.gansu, B.b, 'reopen');
  assertStatus(r, 200, 'reopen B');
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.number, 2);
  assert.equal(r.json.label, `社情民意 ${issue(2)}`);
  assert.deepEqual([...r.json.actions].sort(), ['edit', 'items', 'sign'], 'a numbered draft cannot be deleted');
  assertError(await c.gansu.del(`/api/v1/bulletins/${B.b}`), 409, 'wrong_state', 'status');
  // its reports edited for the bulletin: a title of its own, and the report freed by C
  r = await c.gansu.request('PUT', `/api/v1/bulletins/${B.b}/items`, { body: { items: [
    { report_id: R.elder },
    { report_id: R.lunch, title: '中小学校午餐配送质量亟待提高', body: '编辑后的正文。' }] } });
  assertStatus(r, 200, 'items of B');
  assert.deepEqual(r.json.items.map((i) => [i.report_id, i.position, i.title]),
    [[R.elder, 1, '关于社区养老服务站运营困难的情况反映'], [R.lunch, 2, '中小学校午餐配送质量亟待提高']]);
  assert.equal(r.json.items[1].original_title, '关于中小学校午餐配送质量的情况反映');
  assert.equal(r.json.items[1].body, '编辑后的正文。');
  assert.equal(r.json.items[0].body, '关于社区养老服务站运营困难的情况反映：情况、分析和建议。', 'the report\'s text when none is given');
  assert.equal(r.json.item_count, 2);
  r = await c.gansu.patch(`/api/v1/bulletins/${B.b}`, { title: '社情民意专报', editor: '李编辑' });
  assertStatus(r, 200, 'edit B');
  assert.equal(r.json.title, '社情民意专报');
  r = await bact(c.gansu, B.b, 'sign', { signer: '赵副主席' });
  assertStatus(r, 200, 'sign B again');
  assert.equal(r.json.number, 2, 'signed again, it keeps its number');
  assert.equal(r.json.signer, '赵副主席');
  assert.equal(r.json.label, `社情民意专报 ${issue(2)}`);

  // the next one signed is 3
  const d = await bulletin([R.bus]);
  B.d = d.id;
  r = await bact(c.gansu, B.d, 'sign', { signer: '王主任' });
  assertStatus(r, 200);
  assert.equal(r.json.number, 3);

  // two signed at the same moment get two numbers
  const e = await bulletin([R.water]), f = await bulletin([R.road]);
  const [re, rf] = await Promise.all([bact(c.gansu, e.id, 'sign', { signer: '甲' }), bact(c.gansu, f.id, 'sign', { signer: '乙' })]);
  assertStatus(re, 200, 'concurrent sign E');
  assertStatus(rf, 200, 'concurrent sign F');
  assert.deepEqual([re.json.number, rf.json.number].sort(), [4, 5]);
  B.e = e.id;

  // the list: newest first, by status and year
  r = await c.gansu.get('/api/v1/bulletins');
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((x) => x.id), [f.id, e.id, d.id, B.b, B.a]);
  assert.equal(r.json.total, 5);
  r = await c.viewer.get(`/api/v1/bulletins?status=signed&year=${year}&committee_id=${prov}`);
  assertStatus(r, 200);
  assert.equal(r.json.items.length, 5);
  r = await c.gansu.get(`/api/v1/bulletins?year=${year - 1}`);
  assert.deepEqual(r.json.items, []);
  r = await c.gansu.get('/api/v1/bulletins?status=draft&limit=2');
  assert.deepEqual(r.json.items, []);
  r = await c.gansu.get('/api/v1/bulletins?limit=2');
  assert.equal(r.json.items.length, 2);
  assert.ok(r.json.next_cursor);
  r = await c.gansu.get(`/api/v1/bulletins?limit=2&cursor=${encodeURIComponent(r.json.next_cursor)}`);
  assert.deepEqual(r.json.items.map((x) => x.id), [d.id, B.b]);
  assertError(await c.gansu.get('/api/v1/bulletins?status=nope'), 422, 'invalid_field', 'status');
  assertError(await c.gansu.get('/api/v1/bulletins?year=1999'), 422, 'invalid_field', 'year');
});

test('sending up: the reports\' timelines, their author told, the report detail, sent_up in the statistics', async () => {
  let r = await c.gansu.get(`/api/v1/reports/stats?committee_id=${prov}&year=${year}`);
  assertStatus(r, 200);
  assert.equal(r.json.totals.sent_up, 0, 'nothing sent yet');
  const before = (await c.member1.get('/api/v1/notifications?limit=200')).json.items.filter((x) => x.kind === 'report_bulletin').length;
  assert.equal(before, 0);

  r = await bact(c.gansu, B.a, 'send', { targets: ['national_cppcc', 'province_cppcc', 'national_cppcc'], sent_on: today });
  assertStatus(r, 200, 'send A');
  assert.equal(r.json.status, 'sent');
  assert.equal(r.json.status_label, '已报送');
  assert.deepEqual(r.json.targets, ['national_cppcc', 'province_cppcc'], 'a target named twice counts once');
  assert.deepEqual(r.json.target_labels, ['全国政协', '省政协']);
  assert.equal(r.json.sent_on, today);
  assert.ok(r.json.sent_at);
  assert.equal(r.json.number, 1);
  assert.deepEqual(r.json.actions, [], 'nothing more to do with a sent bulletin');

  // the report's timeline gains a 'bulletin' event naming the issue
  r = await c.member1.get(`/api/v1/reports/${R.heat}/timeline`);
  assertStatus(r, 200);
  const ev = r.json.items.at(-1);
  assert.equal(ev.action, 'bulletin');
  assert.equal(ev.from_status, 'adopted');
  assert.equal(ev.to_status, 'adopted');
  assert.equal(ev.user_id, c.gansu.user.id);
  assert.ok(ev.note.includes(`《社情民意》${issue(1)}`), ev.note);
  assert.ok(ev.note.includes('全国政协、省政协'), ev.note);
  assert.equal(ev.data.bulletin_id, B.a);
  assert.equal(ev.data.year, year);
  assert.equal(ev.data.number, 1);
  // no event on a report of a bulletin not sent
  r = await c.member1.get(`/api/v1/reports/${R.lunch}/timeline`);
  assert.ok(!r.json.items.some((x) => x.action === 'bulletin'));

  // the author is told
  const n = (await c.member1.get('/api/v1/notifications?limit=200')).json.items.filter((x) => x.kind === 'report_bulletin');
  assert.equal(n.length, 1, 'one notification for one report sent');
  assert.ok(n[0].body.includes('关于城区集中供暖温度不达标的情况反映'), n[0].body);
  assert.ok(n[0].body.includes(issue(1)), n[0].body);
  assert.ok(!(await c.member2.get('/api/v1/notifications?limit=200')).json.items.some((x) => x.kind === 'report_bulletin'),
    'member2 wrote none of them');

  // the report detail lists its bulletins, for its author too
  r = await c.member1.get(`/api/v1/reports/${R.heat}`);
  assertStatus(r, 200);
  assert.equal(r.json.bulletins.length, 1);
  assert.equal(r.json.bulletins[0].id, B.a);
  assert.equal(r.json.bulletins[0].number, 1);
  assert.equal(r.json.bulletins[0].year, year);
  assert.equal(r.json.bulletins[0].status, 'sent');
  assert.equal(r.json.bulletins[0].label, `社情民意 ${issue(1)}`);
  assert.equal(r.json.bulletins[0].committee_id, prov);
  assert.ok(r.json.bulletins[0].sent_at);
  r = await c.gansu.get(`/api/v1/reports/${R.lunch}`);
  assert.deepEqual(r.json.bulletins.map((x) => [x.id, x.status, x.label]), [[B.b, 'signed', `社情民意专报 ${issue(2)}`]]);
  r = await c.gansu.get(`/api/v1/reports/${R.park}`);
  assert.deepEqual(r.json.bulletins, []);

  // the statistics count the reports sent up
  r = await c.gansu.get(`/api/v1/reports/stats?committee_id=${prov}&year=${year}`);
  assert.equal(r.json.totals.sent_up, 1);
  assert.equal(r.json.by_member.find((x) => x.member_id === c.member1.user.member_id).sent_up, 1);
  // B sent with the default date: two sent up
  r = await bact(c.gansu, B.b, 'send', { targets: ['government'] });
  assertStatus(r, 200, 'send B');
  assert.equal(r.json.sent_on, today, 'sent_on defaults to today (CST)');
  r = await c.gansu.get(`/api/v1/reports/stats?committee_id=${prov}&year=${year}`);
  assert.equal(r.json.totals.sent_up, 3, 'A had one report, B two');
  const kinds = (await c.member1.get('/api/v1/notifications?limit=200')).json.items.filter((x) => x.kind === 'report_bulletin');
  assert.equal(kinds.length, 3);
  r = await c.gansu.get('/api/v1/bulletins?status=sent');
  assert.deepEqual(r.json.items.map((x) => x.id), [B.b, B.a]);

  // a sent bulletin is final
  assertWrongState(await bact(c.gansu, B.a, 'send', { targets: ['government'] }), '已报送');
  assertWrongState(await bact(c.gansu, B.a, 'reopen'), '已报送');
  assertWrongState(await bact(c.gansu, B.a, 'sign', { signer: '王主任' }), '已报送');
  assertWrongState(await c.gansu.request('PUT', `/api/v1/bulletins/${B.a}/items`, { body: { items: [] } }), '已报送');
  assertError(await c.gansu.patch(`/api/v1/bulletins/${B.a}`, { note: '改' }), 409, 'wrong_state');
  assertError(await c.gansu.del(`/api/v1/bulletins/${B.a}`), 409, 'wrong_state');
});

test('bulletin refusals: 422 bad input, 403 the route\'s permission or the scope, 404 out of view, 409 wrong state and conflict', async () => {
  const draft = await bulletin([]);
  assert.equal(draft.item_count, 0);
  const id = draft.id;

  // 422 on create
  let e = assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: [R.pending] }), 422, 'invalid_field', 'items[0]');
  assert.match(e.message, /已采用/);
  e = assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: qlh, report_ids: [R.park] }), 422, 'invalid_field', 'items[0]');
  assert.match(e.message, /本政协及下级/, 'a provincial report is outside the county\'s subtree');
  assertError(await c.qilihe.post('/api/v1/bulletins', { committee_id: qlh, report_ids: [R.park] }), 422, 'invalid_field', 'items[0]');
  assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: [999999] }), 422, 'invalid_field', 'items[0]');
  assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: ['x'] }), 422, 'invalid_field', 'items[0]');
  assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, bogus: 1 }), 422, 'invalid_field', 'bogus');
  assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: R.park }), 422, 'invalid_field', 'report_ids');
  assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, title: '刊'.repeat(41) }), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post('/api/v1/bulletins', { report_ids: [] }), 422, 'invalid_field', 'committee_id');
  // 409 conflict: a report in another bulletin of the committee (the failed create leaves nothing)
  const total = (await c.gansu.get('/api/v1/bulletins')).json.total;
  e = assertError(await c.gansu.post('/api/v1/bulletins', { committee_id: prov, report_ids: [R.park, R.lunch] }), 409, 'conflict', 'items[1]');
  assert.ok(e.message.includes(issue(2)), `the message names the bulletin it is in: ${e.message}`);
  assert.equal((await c.gansu.get('/api/v1/bulletins')).json.total, total, 'the refused create wrote no bulletin');
  e = assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [{ report_id: R.heat }] } }), 409, 'conflict', 'items[0]');
  assert.ok(e.message.includes(issue(1)), e.message);
  // the same report twice in one bulletin: bad input, as an item twice in a digest
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [{ report_id: R.park }, { report_id: R.park }] } }),
    422, 'invalid_field', 'items[1]');
  // 422 on the items
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: 'x' } }), 422, 'invalid_field', 'items');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: {} }), 422, 'invalid_field', 'items');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [R.park] } }), 422, 'invalid_field', 'items[0]');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [{ report_id: R.pending }] } }), 422, 'invalid_field', 'items[0]');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [{ report_id: R.park, extra: 1 }] } }), 422, 'invalid_field', 'extra');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [], more: 1 } }), 422, 'invalid_field', 'more');
  assertError(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: Array.from({ length: 51 }, () => ({ report_id: R.park })) } }),
    422, 'invalid_field', 'items');
  // the refused writes changed nothing
  assert.equal((await c.gansu.get(`/api/v1/bulletins/${id}`)).json.item_count, 0);
  assertError(await c.gansu.patch(`/api/v1/bulletins/${id}`, { signer: '我' }), 422, 'invalid_field', 'signer');
  assertError(await c.gansu.patch(`/api/v1/bulletins/${id}`, { committee_id: qlh }), 422, 'invalid_field', 'committee_id');

  // 422 on sign-off: no signer, no reports, an unknown field
  assertError(await bact(c.gansu, id, 'sign', {}), 422, 'invalid_field', 'signer');
  assertError(await bact(c.gansu, id, 'sign', { signer: '' }), 422, 'invalid_field', 'signer');
  assertError(await bact(c.gansu, id, 'sign', { signer: 7 }), 422, 'invalid_field', 'signer');
  assertError(await bact(c.gansu, id, 'sign', { signer: '王主任' }), 422, 'invalid_field', 'items');
  assertError(await bact(c.gansu, id, 'sign', { signer: '王主任', number: 9 }), 422, 'invalid_field', 'number');
  // 409 wrong_state on a draft, naming it
  assertWrongState(await bact(c.gansu, id, 'reopen'), '草稿');
  assertWrongState(await bact(c.gansu, id, 'send', { targets: ['government'] }), '草稿');

  // a signed one: 422 on sending, 409 on the draft's steps
  assertStatus(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [{ report_id: R.park }] } }), 200);
  assertStatus(await bact(c.gansu, id, 'sign', { signer: '王主任' }), 200);
  assertError(await bact(c.gansu, id, 'send', {}), 422, 'invalid_field', 'targets');
  assertError(await bact(c.gansu, id, 'send', { targets: [] }), 422, 'invalid_field', 'targets');
  assertError(await bact(c.gansu, id, 'send', { targets: 'government' }), 422, 'invalid_field', 'targets');
  assertError(await bact(c.gansu, id, 'send', { targets: ['government', 'mars'] }), 422, 'invalid_field', 'targets');
  assertError(await bact(c.gansu, id, 'send', { targets: ['government'], sent_on: '2026-13-01' }), 422, 'invalid_field', 'sent_on');
  assertError(await bact(c.gansu, id, 'send', { targets: ['government'], sent_on: 'tomorrow' }), 422, 'invalid_field', 'sent_on');
  assertError(await bact(c.gansu, id, 'send', { targets: ['government'], via: 'fax' }), 422, 'invalid_field', 'via');
  assertError(await bact(c.gansu, id, 'reopen', { why: 'x' }), 422, 'invalid_field', 'why');
  assertWrongState(await bact(c.gansu, id, 'sign', { signer: '王主任' }), '已签发');
  assertWrongState(await c.gansu.request('PUT', `/api/v1/bulletins/${id}/items`, { body: { items: [] } }), '已签发');
  assertError(await c.gansu.patch(`/api/v1/bulletins/${id}`, { editor: '改' }), 409, 'wrong_state');
  assertError(await c.gansu.del(`/api/v1/bulletins/${id}`), 409, 'wrong_state', 'status');
  assert.equal((await c.gansu.get(`/api/v1/bulletins/${id}`)).json.status, 'signed', 'the refused sends changed nothing');

  // 403: a member reads, the viewer too, and neither edits nor reads the office's working routes
  for (const who of ['member1', 'viewer']) {
    for (const path of ['/api/v1/bulletins/targets', '/api/v1/bulletins/candidates']) assertError(await c[who].get(path), 403, 'forbidden');
    assertError(await c[who].post('/api/v1/bulletins', { committee_id: prov }), 403, 'forbidden');
  }
  let r = await c.viewer.get(`/api/v1/bulletins/${id}`);
  assertStatus(r, 200, 'the viewer reads it');
  assert.deepEqual(r.json.actions, [], 'the viewer may do nothing with it');
  assertError(await c.viewer.post('/api/v1/bulletins', { committee_id: prov }), 403, 'forbidden');
  assertError(await bact(c.viewer, id, 'reopen'), 403, 'forbidden');
  assertError(await c.viewer.patch(`/api/v1/bulletins/${id}`, { note: 'x' }), 403, 'forbidden');
  assertError(await c.viewer.del(`/api/v1/bulletins/${id}`), 403, 'forbidden');
  assertError(await c.viewer.get('/api/v1/bulletins/candidates'), 403, 'forbidden');
  // 403 out of the caller's scope (a committee named), 404 for a bulletin out of view
  assertError(await c.qilihe.post('/api/v1/bulletins', { committee_id: prov }), 403, 'forbidden_scope');
  assertError(await c.qilihe.get(`/api/v1/bulletins?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  assertError(await c.qilihe.get(`/api/v1/bulletins/candidates?committee_id=${prov}`), 403, 'forbidden_scope', 'committee_id');
  for (const path of [`/api/v1/bulletins/${id}`, `/api/v1/bulletins/${id}/pdf`, `/api/v1/bulletins/${id}/docx`])
    assertError(await c.qilihe.get(path), 404, 'not_found');
  // the exports refuse at once, before any job: out of view (404)
  for (const f of ['pdf', 'docx']) assertError(await c.qilihe.post(`/api/v1/bulletins/${id}/${f}`), 404, 'not_found');
  assertError(await bact(c.qilihe, id, 'reopen'), 404, 'not_found');
  assertError(await c.qilihe.patch(`/api/v1/bulletins/${id}`, { note: 'x' }), 404, 'not_found');
  assertError(await c.qilihe.del(`/api/v1/bulletins/${id}`), 404, 'not_found');
  r = await c.qilihe.get('/api/v1/bulletins');
  assertStatus(r, 200);
  assert.deepEqual(r.json.items, [], 'the county sees none of the province\'s bulletins');
  assertError(await c.gansu.get('/api/v1/bulletins/999999'), 404, 'not_found');
  assertError(await bact(c.gansu, 999999, 'sign', { signer: '王主任' }), 404, 'not_found');

  // a county office edits its own bulletin, of its own committee
  r = await c.qilihe.post('/api/v1/bulletins', { committee_id: qlh, title: '七里河社情' });
  assertStatus(r, 201, 'county bulletin');
  assert.equal(r.json.committee_name, '七里河区政协');
  const county = r.json.id;
  r = await c.gansu.get(`/api/v1/bulletins?committee_id=${qlh}`);
  assert.deepEqual(r.json.items.map((x) => x.id), [county], 'the province sees the county\'s');
  assertStatus(await c.qilihe.del(`/api/v1/bulletins/${county}`), 204);
});

test('a bulletin as PDF and as Word: the masthead, the issue, the reports, the sign-off and distribution lines', async () => {
  // A: sent, No. 1
  const pdf = pdfText(await download(c.viewer, `/api/v1/bulletins/${B.a}/pdf`, /^application\/pdf/));
  for (const want of ['社情民意', issue(1), '甘肃省政协', '关于城区集中供暖温度不达标的情况反映', `（${c.member1.user.display_name}）`,
    '编者按：本期反映民生问题。', '签发：王主任', '责任编辑：张编辑', '报：全国政协、省政协'])
    assert.ok(pdf.includes(want), `the PDF shows ${want}:\n${pdf}`);
  const docx = docxText(await download(c.gansu, `/api/v1/bulletins/${B.a}/docx`,
    /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document/));
  for (const want of ['社情民意', issue(1), '关于城区集中供暖温度不达标的情况反映', '签发：王主任', '报：全国政协、省政协'])
    assert.ok(docx.includes(want), `word/document.xml holds ${want}:\n${docx}`);

  // B: the bulletin's own title and text of a report, in order
  const b = pdfText(await download(c.gansu, `/api/v1/bulletins/${B.b}/pdf`, /^application\/pdf/));
  for (const want of ['社情民意专报', issue(2), '中小学校午餐配送质量亟待提高', '编辑后的正文。', '签发：赵副主席', '报：政府'])
    assert.ok(b.includes(want), `B's PDF shows ${want}:\n${b}`);
  assert.ok(b.indexOf('关于社区养老服务站运营困难的情况反映') < b.indexOf('中小学校午餐配送质量亟待提高'), 'in the bulletin\'s order');
  assert.ok(!b.includes('关于中小学校午餐配送质量的情况反映'), 'the report\'s own title is replaced');

  // a draft prints as such, and a signed one waits to be sent
  const draft = await bulletin([R.flood]);
  let t = pdfText(await download(c.gansu, `/api/v1/bulletins/${draft.id}/pdf`, /^application\/pdf/));
  assert.ok(t.includes('（草稿）'), t);
  assert.ok(t.includes('关于汛期山洪预警的建议'), t);
  t = docxText(await download(c.gansu, `/api/v1/bulletins/${draft.id}/docx`, /wordprocessingml/));
  assert.ok(t.includes('（草稿）') && t.includes('关于汛期山洪预警的建议'), t);
  t = pdfText(await download(c.gansu, `/api/v1/bulletins/${B.d}/pdf`, /^application\/pdf/));
  assert.ok(t.includes(issue(3)) && t.includes('报：（待报送）'), t);
  assertStatus(await c.gansu.del(`/api/v1/bulletins/${draft.id}`), 204);
});

// ---- digests ------------------------------------------------------------------------------------

const D = {}; // digest ids by name
const day1 = `${year}-01-05`, day2 = `${year}-01-06`;
const dayItems = [
  ['heat1', '小区供暖温度不达标', '居民反映小区暖气不热，供暖温度不达标。'],
  ['heat2', '', '网民反映老旧小区暖气不热，供暖温度偏低。'],
  ['heat3', '供暖温度不达标引发收费争议', '小区暖气不热却全额收取供暖费。'],
  ['lunch1', '学校午餐饭菜质量差', '家长反映学校午餐饭菜质量差、分量少。'],
  ['lunch2', '', '家长建议加强学校午餐监管，提高饭菜质量。'],
  ['bus', '增开夜间公交线路', '市民建议增开夜间公交线路。'],
];
const I = {}; // item ids by name
const itemText = {};

const item = (cl, body) => cl.post('/api/v1/digests/items', { committee_id: prov, source: '网络', ...body });

test('digest items: entered for a day (today by default), listed, refused when incomplete', async () => {
  let r = await item(c.gansu, { text: '市民反映某路段夜间照明不足。', source: '12345 热线', url: 'https://example.org/1' });
  assertStatus(r, 201, 'an item of today');
  assert.equal(r.json.day, today, 'the day defaults to today (CST)');
  assert.equal(r.json.digest_id, null);
  assert.equal(r.json.subject, '');
  assert.equal(r.json.title, '');
  assert.equal(r.json.source, '12345 热线');
  assert.equal(r.json.url, 'https://example.org/1');
  assert.equal(r.json.created_by, c.gansu.user.id);
  const todays = r.json.id;

  for (const [k, title, text] of dayItems) {
    r = await item(c.gansu, { day: day1, title, text });
    assertStatus(r, 201, k);
    assert.equal(r.json.day, day1);
    I[k] = r.json.id;
    itemText[r.json.id] = `${title}\n${text}`;
  }
  r = await item(c.gansu, { day: day2, title: '景区门票价格', text: '游客反映景区门票价格偏高。' });
  assertStatus(r, 201);
  I.other = r.json.id;

  // 422: no text, no source, a bad day, an unknown field; 403 for a viewer and a member (the day's
  // items are the office's working material: they read the issued digests)
  assertError(await item(c.gansu, { day: day1 }), 422, 'invalid_field', 'text');
  assertError(await c.gansu.post('/api/v1/digests/items', { committee_id: prov, text: '内容' }), 422, 'invalid_field', 'source');
  assertError(await item(c.gansu, { text: '内容', source: '' }), 422, 'invalid_field', 'source');
  assertError(await item(c.gansu, { text: '内容', day: `${year}-02-30` }), 422, 'invalid_field', 'day');
  assertError(await item(c.gansu, { text: '内容', day: 'yesterday' }), 422, 'invalid_field', 'day');
  assertError(await item(c.gansu, { text: '内容', digest_no: 1 }), 422, 'invalid_field', 'digest_no');
  assertError(await item(c.gansu, { text: '内容', title: '题'.repeat(101) }), 422, 'invalid_field', 'title');
  assertError(await item(c.viewer, { text: '内容' }), 403, 'forbidden');
  assertError(await item(c.qilihe, { text: '内容' }), 403, 'forbidden_scope');
  assertError(await c.member1.get('/api/v1/digests/items'), 403, 'forbidden');
  assertError(await c.viewer.get('/api/v1/digests/items'), 403, 'forbidden');

  // the list of a day, oldest first; today's by default
  r = await c.gansu.get('/api/v1/digests/items');
  assertStatus(r, 200);
  assert.equal(r.json.day, today);
  assert.equal(r.json.committee_id, prov);
  assert.deepEqual(r.json.items.map((x) => x.id), [todays]);
  r = await c.gansu.get(`/api/v1/digests/items?day=${day1}&committee_id=${prov}`);
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((x) => x.id), dayItems.map(([k]) => I[k]));
  assert.deepEqual(r.json.items.map((x) => x.source), dayItems.map(() => '网络'));
  r = await c.gansu.get(`/api/v1/digests/items?day=${day1}&unassigned=1`);
  assert.equal(r.json.items.length, dayItems.length, 'none in a digest yet');
  assertError(await c.gansu.get('/api/v1/digests/items?day=2026-1-5'), 422, 'invalid_field', 'day');
  assertError(await c.gansu.get('/api/v1/digests/items?unassigned=maybe'), 422, 'invalid_field', 'unassigned');
  assertError(await c.qilihe.get(`/api/v1/digests/items?committee_id=${prov}`), 403, 'forbidden_scope');
  r = await c.qilihe.get(`/api/v1/digests/items?day=${day1}`);
  assert.deepEqual(r.json.items, [], 'the county has items of its own only');

  // edited and deleted while in no digest
  r = await c.gansu.patch(`/api/v1/digests/items/${todays}`, { title: '夜间照明不足', day: day2 });
  assertStatus(r, 200, 'edit an item');
  assert.equal(r.json.title, '夜间照明不足');
  assert.equal(r.json.day, day2);
  assertError(await c.gansu.patch(`/api/v1/digests/items/${todays}`, { text: '' }), 422, 'invalid_field', 'text');
  assertError(await c.viewer.patch(`/api/v1/digests/items/${todays}`, { title: 'x' }), 403, 'forbidden');
  assertError(await c.qilihe.patch(`/api/v1/digests/items/${todays}`, { title: 'x' }), 404, 'not_found');
  assertError(await c.qilihe.del(`/api/v1/digests/items/${todays}`), 404, 'not_found');
  assertStatus(await c.gansu.del(`/api/v1/digests/items/${todays}`), 204, 'delete an item');
  assertError(await c.gansu.del(`/api/v1/digests/items/${todays}`), 404, 'not_found');
});

test('the suggested grouping: heating, school lunches and a lone item, with keywords their members share; the threshold', async () => {
  let r = await c.gansu.get(`/api/v1/digests/suggest?day=${day1}`);
  assertStatus(r, 200);
  assert.equal(r.json.committee_id, prov);
  assert.equal(r.json.day, day1);
  assert.ok(r.json.threshold > 0 && r.json.threshold <= 1, `a default threshold: ${r.json.threshold}`);
  const groups = r.json.groups;
  assert.deepEqual(groups.map((g) => g.item_ids), [[I.heat1, I.heat2, I.heat3], [I.lunch1, I.lunch2], [I.bus]],
    'exactly the three groups, biggest first');
  assert.deepEqual(groups.map((g) => g.subject), ['小区供暖温度不达标', '学校午餐饭菜质量差', '增开夜间公交线路'],
    'each named by its representative item');
  assert.deepEqual(groups.map((g) => g.items.map((x) => x.id)), groups.map((g) => g.item_ids));
  for (const g of groups) {
    assert.ok(g.keywords.length > 0 && g.keywords.length <= 5, JSON.stringify(g));
    for (const kw of g.keywords) {
      const holders = g.item_ids.filter((id) => itemText[id].includes(kw)).length;
      assert.ok(holders >= Math.min(2, g.item_ids.length), `${kw} is shared by the members of ${g.subject}`);
    }
  }
  // the keywords are the shared words that stand free (issue 18): 供暖, or a phrase holding it
  // (学校午餐 where both items write 学校午餐), never a bigram cut across words
  assert.ok(groups[0].keywords.some((k) => k.includes('供暖') || k.includes('暖气')), groups[0].keywords.join());
  assert.ok(groups[1].keywords.some((k) => k.includes('午餐')), groups[1].keywords.join());
  for (const g of groups) for (const kw of g.keywords) assert.ok(!['区供', '校午', '餐饭', '菜质'].includes(kw), `fragment ${kw}`);
  assert.ok(!groups[0].keywords.some((k) => k.includes('午')) && !groups[1].keywords.some((k) => k.includes('暖')));

  // a threshold of 1 joins only items whose tokens held elsewhere in the day are the same: the
  // heating items, which differ, stand alone; a low one still keeps the bus apart
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${day1}&threshold=1`);
  assertStatus(r, 200);
  assert.equal(r.json.threshold, 1);
  const ids1 = r.json.groups.map((g) => g.item_ids);
  assert.ok(ids1.length > groups.length, `more groups at 1: ${JSON.stringify(ids1)}`);
  assert.deepEqual(r.json.groups.find((g) => g.item_ids.includes(I.bus)).item_ids, [I.bus]);
  for (const g of ids1) {
    const heat = g.filter((id) => [I.heat1, I.heat2, I.heat3].includes(id)).length;
    assert.ok(heat === 0 || heat === g.length, `no group mixes subjects: ${JSON.stringify(ids1)}`);
  }
  // an item without a title is named by its first clause
  const lone = (await item(c.gansu, { day: `${year}-03-03`, text: '网民反映某路段路灯不亮，夜间出行不便。' })).json.id;
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${year}-03-03`);
  assert.deepEqual(r.json.groups.map((g) => g.subject), ['网民反映某路段路灯不亮']);
  assertStatus(await c.gansu.del(`/api/v1/digests/items/${lone}`), 204);
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${day1}&threshold=0.2`);
  assert.deepEqual(r.json.groups.map((g) => g.item_ids.length), [3, 2, 1]);
  for (const t of ['0', '1.5', 'x', '-0.1', '0.5x'])
    assertError(await c.gansu.get(`/api/v1/digests/suggest?day=${day1}&threshold=${t}`), 422, 'invalid_field', 'threshold');
  assertError(await c.gansu.get('/api/v1/digests/suggest?day=20260105'), 422, 'invalid_field', 'day');
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${year}-01-01`);
  assert.deepEqual(r.json.groups, [], 'an empty day');
  assertError(await c.member1.get(`/api/v1/digests/suggest?day=${day1}`), 403, 'forbidden');
  assertError(await c.viewer.get(`/api/v1/digests/suggest?day=${day1}`), 403, 'forbidden');
});

test('a digest of the suggested groups: refusals, regrouping releases items, issuing numbers it, an issued one is final, deleting a draft', async () => {
  const sug = (await c.gansu.get(`/api/v1/digests/suggest?day=${day1}`)).json.groups;
  const groups = sug.map((g) => ({ subject: g.subject, item_ids: g.item_ids }));
  const create = (body) => c.gansu.post('/api/v1/digests', { committee_id: prov, day: day1, ...body });

  // 422 and 409 before anything is written
  assertError(await create({ groups: [{ subject: '甲', item_ids: [I.heat1] }, { subject: '甲', item_ids: [I.lunch1] }] }),
    422, 'invalid_field', 'groups[1]');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [I.heat1, I.other] }] }), 422, 'invalid_field', 'groups[0]');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [I.heat1] }, { subject: '乙', item_ids: [I.heat1] }] }),
    422, 'invalid_field', 'groups[1]');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [I.heat1, I.heat1] }] }), 422, 'invalid_field', 'groups[0]');
  assertError(await create({ groups: [{ subject: '', item_ids: [I.heat1] }] }), 422, 'invalid_field', 'subject');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [] }] }), 422, 'invalid_field', 'groups[0]');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [I.heat1], note: 1 }] }), 422, 'invalid_field', 'note');
  assertError(await create({ groups: [{ subject: '甲', item_ids: [999999] }] }), 422, 'invalid_field', 'groups[0]');
  assertError(await create({ groups: 'x' }), 422, 'invalid_field', 'groups');
  assertError(await c.gansu.post('/api/v1/digests', { committee_id: qlh, day: day1, groups: [{ subject: '甲', item_ids: [I.heat1] }] }),
    422, 'invalid_field', 'groups[0]');
  assertError(await c.gansu.post('/api/v1/digests', { committee_id: prov, groups }), 422, 'invalid_field', 'day');
  assertError(await create({ day: `${year}-02-30` }), 422, 'invalid_field', 'day');
  assertError(await c.viewer.post('/api/v1/digests', { committee_id: prov, day: day1 }), 403, 'forbidden');
  assertError(await c.qilihe.post('/api/v1/digests', { committee_id: prov, day: day1 }), 403, 'forbidden_scope');
  let r = await c.gansu.get(`/api/v1/digests/items?day=${day1}&unassigned=1`);
  assert.equal(r.json.items.length, dayItems.length, 'the refused creates took no item');
  assert.equal((await c.gansu.get('/api/v1/digests')).json.total, 0, 'and wrote no digest');

  // the digest of the suggestion
  r = await create({ groups });
  assertStatus(r, 201, 'digest');
  const d = r.json;
  D.a = d.id;
  assert.equal(d.status, 'draft');
  assert.equal(d.status_label, '草稿');
  assert.equal(d.number, null);
  assert.equal(d.year, year);
  assert.equal(d.day, day1);
  assert.equal(d.title, '网络社情摘要');
  assert.equal(d.label, '网络社情摘要（草稿）');
  assert.equal(d.committee_name, '甘肃省政协');
  assert.equal(d.item_count, 6);
  assert.deepEqual([...d.actions].sort(), ['delete', 'groups', 'issue']);
  assert.deepEqual(d.groups.map((g) => [g.subject, g.items.map((x) => x.id)]), groups.map((g) => [g.subject, g.item_ids]));
  assert.deepEqual(d.groups.flatMap((g) => g.items.map((x) => x.position)), [1, 2, 3, 4, 5, 6]);
  assert.ok(d.groups.every((g) => g.items.every((x) => x.digest_id === d.id && x.subject === g.subject)));
  r = await c.gansu.get(`/api/v1/digests/items?day=${day1}&unassigned=1`);
  assert.deepEqual(r.json.items, [], 'every item of the day is in it');
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${day1}`);
  assert.deepEqual(r.json.groups, [], 'the suggestion reads the items in no digest');

  // 409: an item in another digest
  let e = assertError(await create({ groups: [{ subject: '甲', item_ids: [I.bus] }] }), 409, 'conflict', 'groups[0]');
  assert.match(e.message, /另一期/);
  const empty = (await create({}));
  assertStatus(empty, 201, 'a digest with no groups yet');
  e = assertError(await c.gansu.request('PUT', `/api/v1/digests/${empty.json.id}/groups`, { body: { groups: [{ subject: '甲', item_ids: [I.heat2] }] } }),
    409, 'conflict', 'groups[0]');
  assertError(await c.gansu.post(`/api/v1/digests/${empty.json.id}/issue`, {}), 422, 'invalid_field', 'groups');

  // items of a draft digest: edited, but not moved to another day nor deleted
  r = await c.gansu.patch(`/api/v1/digests/items/${I.lunch2}`, { source: '人民网留言板' });
  assertStatus(r, 200);
  assert.equal(r.json.source, '人民网留言板');
  assertError(await c.gansu.patch(`/api/v1/digests/items/${I.lunch2}`, { day: day2 }), 409, 'wrong_state', 'day');
  assertError(await c.gansu.del(`/api/v1/digests/items/${I.lunch2}`), 409, 'wrong_state');

  // regrouped: the bus item left out is released, the lunch group renamed and reordered
  r = await c.gansu.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: { groups: [
    { subject: groups[0].subject, item_ids: groups[0].item_ids },
    { subject: '学校午餐质量和监管', item_ids: [I.lunch2, I.lunch1] }] } });
  assertStatus(r, 200, 'regroup');
  assert.equal(r.json.item_count, 5);
  assert.deepEqual(r.json.groups.map((g) => [g.subject, g.items.map((x) => x.id)]),
    [[groups[0].subject, [I.heat1, I.heat2, I.heat3]], ['学校午餐质量和监管', [I.lunch2, I.lunch1]]]);
  r = await c.gansu.get(`/api/v1/digests/items?day=${day1}&unassigned=1`);
  assert.deepEqual(r.json.items.map((x) => [x.id, x.digest_id, x.subject]), [[I.bus, null, '']], 'the item left out is unassigned again');
  r = await c.gansu.get(`/api/v1/digests/suggest?day=${day1}`);
  assert.deepEqual(r.json.groups.map((g) => g.item_ids), [[I.bus]]);
  assertError(await c.gansu.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: { groups: [], extra: 1 } }), 422, 'invalid_field', 'extra');
  assertError(await c.gansu.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: {} }), 422, 'invalid_field', 'groups');
  assertError(await c.viewer.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: { groups: [] } }), 403, 'forbidden');
  assertError(await c.qilihe.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: { groups: [] } }), 404, 'not_found');
  assert.equal((await c.gansu.get(`/api/v1/digests/${D.a}`)).json.item_count, 5, 'the refused regroups changed nothing');

  // issued: numbered in the year of its day, and final
  assertError(await c.gansu.post(`/api/v1/digests/${D.a}/issue`, { number: 7 }), 422, 'invalid_field', 'number');
  assertError(await c.viewer.post(`/api/v1/digests/${D.a}/issue`, {}), 403, 'forbidden');
  r = await c.gansu.post(`/api/v1/digests/${D.a}/issue`, {});
  assertStatus(r, 200, 'issue');
  assert.equal(r.json.status, 'issued');
  assert.equal(r.json.status_label, '已印发');
  assert.equal(r.json.number, 1);
  assert.equal(r.json.label, `网络社情摘要 ${issue(1)}`);
  assert.equal(r.json.issued_by, c.gansu.user.id);
  assert.ok(r.json.issued_at);
  assert.deepEqual(r.json.actions, []);
  for (const res of [
    await c.gansu.post(`/api/v1/digests/${D.a}/issue`, {}),
    await c.gansu.request('PUT', `/api/v1/digests/${D.a}/groups`, { body: { groups: [] } }),
    await c.gansu.del(`/api/v1/digests/${D.a}`),
  ]) assert.match(assertError(res, 409, 'wrong_state', 'status').message, /已印发/);
  assertError(await c.gansu.patch(`/api/v1/digests/items/${I.heat1}`, { text: '改' }), 409, 'wrong_state');
  assertError(await c.gansu.patch(`/api/v1/digests/items/${I.heat1}`, { day: day2 }), 409, 'wrong_state');
  assertError(await c.gansu.del(`/api/v1/digests/items/${I.heat1}`), 409, 'wrong_state');
  assert.equal((await c.gansu.get(`/api/v1/digests/${D.a}`)).json.item_count, 5, 'still whole');

  // a draft deleted releases its items; the next issued is No. 2
  r = await c.gansu.post('/api/v1/digests', { committee_id: prov, day: day2, title: '网络社情摘要（专刊）',
    groups: [{ subject: '景区门票', item_ids: [I.other] }] });
  assertStatus(r, 201);
  const second = r.json.id;
  assertStatus(await c.gansu.del(`/api/v1/digests/${second}`), 204, 'delete a draft');
  assertError(await c.gansu.get(`/api/v1/digests/${second}`), 404, 'not_found');
  r = await c.gansu.get(`/api/v1/digests/items?day=${day2}&unassigned=1`);
  assert.deepEqual(r.json.items.map((x) => [x.id, x.digest_id, x.subject, x.position]), [[I.other, null, '', 0]]);
  assertStatus(await c.gansu.request('PUT', `/api/v1/digests/${empty.json.id}/groups`, { body: { groups: [{ subject: '夜间公交', item_ids: [I.bus] }] } }), 200);
  r = await c.gansu.post(`/api/v1/digests/${empty.json.id}/issue`, {});
  assertStatus(r, 200);
  assert.equal(r.json.number, 2);
  D.b = empty.json.id;
  r = await c.gansu.post('/api/v1/digests', { committee_id: prov, day: day2, groups: [{ subject: '景区门票', item_ids: [I.other] }] });
  assertStatus(r, 201);
  D.c = r.json.id;
  assertStatus(await c.gansu.post(`/api/v1/digests/${D.c}/issue`, {}), 200);
  assert.equal((await c.gansu.get(`/api/v1/digests/${D.c}`)).json.number, 3);

  // the list, reading rights
  r = await c.viewer.get('/api/v1/digests');
  assertStatus(r, 200);
  assert.deepEqual(r.json.items.map((x) => x.id), [D.c, D.b, D.a]);
  r = await c.gansu.get(`/api/v1/digests?status=issued&year=${year}&committee_id=${prov}&limit=2`);
  assert.deepEqual(r.json.items.map((x) => x.number), [3, 2]);
  assert.ok(r.json.next_cursor);
  r = await c.gansu.get('/api/v1/digests?status=draft');
  assert.deepEqual(r.json.items, []);
  assertError(await c.gansu.get('/api/v1/digests?status=nope'), 422, 'invalid_field', 'status');
  r = await c.viewer.get(`/api/v1/digests/${D.a}`);
  assertStatus(r, 200);
  assert.deepEqual(r.json.actions, []);
  assertError(await c.qilihe.get(`/api/v1/digests/${D.a}`), 404, 'not_found');
  assertError(await c.qilihe.get(`/api/v1/digests/${D.a}/pdf`), 404, 'not_found');
  assertError(await c.qilihe.post(`/api/v1/digests/${D.a}/pdf`), 404, 'not_found');
  assertError(await c.qilihe.get(`/api/v1/digests?committee_id=${prov}`), 403, 'forbidden_scope');
  assert.deepEqual((await c.qilihe.get('/api/v1/digests')).json.items, []);
  assertError(await c.gansu.get('/api/v1/digests/999999'), 404, 'not_found');
});

test('a digest as PDF and as Word: the masthead, the issue, the groups headed 一、二、 with their items and sources', async () => {
  const heads = ['一、小区供暖温度不达标', '二、学校午餐质量和监管'];
  const pdf = pdfText(await download(c.viewer, `/api/v1/digests/${D.a}/pdf`, /^application\/pdf/));
  for (const want of ['网络社情摘要', issue(1), '甘肃省政协', ...heads, '居民反映小区暖气不热', '（来源：人民网留言板）', '共5条'])
    assert.ok(pdf.includes(want), `the PDF shows ${want}:\n${pdf}`);
  assert.ok(pdf.indexOf(heads[0]) < pdf.indexOf(heads[1]));
  assert.ok(!pdf.includes('增开夜间公交线路'), 'the item left out is not printed');
  const docx = docxText(await download(c.gansu, `/api/v1/digests/${D.a}/docx`, /wordprocessingml/));
  for (const want of ['网络社情摘要', issue(1), ...heads, '家长建议加强学校午餐监管'])
    assert.ok(docx.includes(want), `word/document.xml holds ${want}:\n${docx}`);
  const b = pdfText(await download(c.gansu, `/api/v1/digests/${D.b}/pdf`, /^application\/pdf/));
  assert.ok(b.includes(issue(2)) && b.includes('一、夜间公交'), b);

  // text that XML and markup would take for their own, in a draft (printed as such)
  const day3 = `${year}-01-07`;
  let r = await item(c.gansu, { day: day3, title: 'A&B <b>公司</b>', text: '网民称“价格 > 成本 & 利润”，要求说明。', source: 'x<y>&z' });
  assertStatus(r, 201);
  r = await c.gansu.post('/api/v1/digests', { committee_id: prov, day: day3, groups: [{ subject: '<主题> & "引号"', item_ids: [r.json.id] }] });
  assertStatus(r, 201);
  const t = pdfText(await download(c.gansu, `/api/v1/digests/${r.json.id}/pdf`, /^application\/pdf/));
  for (const want of ['（草稿）', '一、<主题>&"引号"', 'A&B<b>公司</b>', '价格>成本&利润', '（来源：x<y>&z）'])
    assert.ok(t.includes(want), `the PDF shows ${want}:\n${t}`);
  const x = docxText(await download(c.gansu, `/api/v1/digests/${r.json.id}/docx`, /wordprocessingml/));
  for (const want of ['一、<主题> & "引号"', 'A&B <b>公司</b>', '价格 > 成本 & 利润', '（来源：x<y>&z）'])
    assert.ok(x.includes(want), `word/document.xml holds ${want}:\n${x}`);
  assertStatus(await c.gansu.del(`/api/v1/digests/${r.json.id}`), 204);
});

// ---- what a member reads ----------------------------------------------------------------------------
//
// A member account reads what its committee published (the seed: the platform serves the
// members' 知情明政): the issued bulletins (signed off or sent) and digests of its own committee.
// Drafts stay the office's, and so do the issues of the committees below (a county lies in a
// provincial member's scope but is not its committee); the office's working routes and every
// write are refused. The viewer and the office read as before.
test('a member reads the issued bulletins and digests of its own committee, in the lists, by id and as PDF; never a draft or another committee\'s', async () => {
  // what there is besides the issued ones: a draft bulletin and a draft digest of the province, and
  // an issued bulletin and digest of the county (七里河区政协), all in member1's scope
  const draftB = (await bulletin([await report('关于社区老年食堂运营的情况反映')])).id;
  const dayP = `${year}-01-09`, dayC = `${year}-01-10`;
  let r = await item(c.gansu, { day: dayP, title: '公园健身器材损坏', text: '市民反映公园健身器材损坏多日无人维修。' });
  assertStatus(r, 201);
  r = await c.gansu.post('/api/v1/digests', { committee_id: prov, day: dayP, groups: [{ subject: '健身器材', item_ids: [r.json.id] }] });
  assertStatus(r, 201);
  const draftD = r.json.id;
  const parties = (await c.gansu.get('/api/v1/parties?limit=1')).json.items;
  r = await c.qilihe.post('/api/v1/reports', { title: '关于黄河沿岸步道照明的情况反映', category: '社会建设', committee_id: qlh,
    collective_kind: 'party', collective_id: parties[0].id, body: '沿河步道夜间照明不足。' });
  assertStatus(r, 201, 'a county report');
  const countyReport = r.json.id;
  assertStatus(await c.qilihe.post(`/api/v1/reports/${countyReport}/submit`, {}), 200);
  assertStatus(await c.qilihe.post(`/api/v1/reports/${countyReport}/adopt`, {}), 200);
  r = await c.qilihe.post('/api/v1/bulletins', { committee_id: qlh, report_ids: [countyReport] });
  assertStatus(r, 201, 'a county bulletin');
  const countyB = r.json.id;
  assertStatus(await bact(c.qilihe, countyB, 'sign', { signer: '区政协主席' }), 200);
  r = await c.qilihe.post('/api/v1/digests/items', { committee_id: qlh, day: dayC, text: '网民反映七里河某小区电梯故障频发。', source: '网络' });
  assertStatus(r, 201);
  r = await c.qilihe.post('/api/v1/digests', { committee_id: qlh, day: dayC, groups: [{ subject: '电梯故障', item_ids: [r.json.id] }] });
  assertStatus(r, 201);
  const countyD = r.json.id;
  assertStatus(await c.qilihe.post(`/api/v1/digests/${countyD}/issue`, {}), 200);

  // the office and the viewer read them all (drafts too, the county's too), as before
  const ids = (items) => items.map((x) => x.id);
  for (const who of ['gansu', 'viewer']) {
    const bs = ids(await listAll(c[who], '/api/v1/bulletins'));
    const ds = ids(await listAll(c[who], '/api/v1/digests'));
    for (const x of [draftB, countyB, B.a, B.b, B.d]) assert.ok(bs.includes(x), `${who} lists bulletin ${x}`);
    for (const x of [draftD, countyD, D.a, D.b, D.c]) assert.ok(ds.includes(x), `${who} lists digest ${x}`);
    assertStatus(await c[who].get(`/api/v1/bulletins/${draftB}`), 200, `${who} reads the draft bulletin`);
    assertStatus(await c[who].get(`/api/v1/digests/${countyD}`), 200, `${who} reads the county's digest`);
  }

  // member1's lists: exactly the issued ones of the province, newest first, with their total
  const all = { bulletins: await listAll(c.gansu, '/api/v1/bulletins'), digests: await listAll(c.gansu, '/api/v1/digests') };
  for (const kind of ['bulletins', 'digests']) {
    const want = ids(all[kind].filter((x) => x.status !== 'draft' && x.committee_id === prov));
    r = await c.member1.get(`/api/v1/${kind}`);
    assertStatus(r, 200, `member1 lists the ${kind}`);
    assert.deepEqual(ids(r.json.items), want, `member1's ${kind}: the issued ones of its committee`);
    assert.equal(r.json.total, want.length);
    assert.deepEqual(ids(await listAll(c.member1, `/api/v1/${kind}`, 2)), want, 'page by page, the same');
    assert.deepEqual((await c.member1.get(`/api/v1/${kind}?status=draft`)).json.items, [], 'no draft, even asked for');
    assert.deepEqual((await c.member1.get(`/api/v1/${kind}?committee_id=${qlh}`)).json.items, [], 'none of the county, even named');
  }
  let mine = ids(await listAll(c.member1, '/api/v1/bulletins'));
  for (const x of [B.a, B.b, B.d]) assert.ok(mine.includes(x), `member1 lists the issued bulletin ${x}`);
  assert.ok(!mine.includes(draftB) && !mine.includes(countyB));
  const signed = (await c.member1.get('/api/v1/bulletins?status=signed')).json.items;
  assert.ok(signed.length && signed.every((x) => x.status === 'signed' && x.committee_id === prov));
  assert.deepEqual(ids(await listAll(c.member1, '/api/v1/digests')), [D.c, D.b, D.a]);

  // by id: an issued one with its text and no action; a draft or the county's is 404, as is its file
  r = await c.member1.get(`/api/v1/bulletins/${B.a}`);
  assertStatus(r, 200, 'member1 reads a sent bulletin');
  assert.equal(r.json.label, `社情民意 ${issue(1)}`);
  assert.ok(r.json.items.some((i) => i.title === '关于城区集中供暖温度不达标的情况反映' && i.body), 'with its reports\' text');
  assert.deepEqual(r.json.actions, []);
  r = await c.member1.get(`/api/v1/digests/${D.a}`);
  assertStatus(r, 200, 'member1 reads an issued digest');
  assert.deepEqual(r.json.groups.map((g) => g.subject), ['小区供暖温度不达标', '学校午餐质量和监管']);
  assert.deepEqual(r.json.actions, []);
  const jobs = async () => (await c.member1.get('/api/v1/jobs')).json.items.length;
  const n = await jobs();
  for (const [kind, x] of [['bulletins', draftB], ['bulletins', countyB], ['digests', draftD], ['digests', countyD]]) {
    assertError(await c.member1.get(`/api/v1/${kind}/${x}`), 404, 'not_found');
    for (const f of ['pdf', 'docx']) {
      assertError(await c.member1.post(`/api/v1/${kind}/${x}/${f}`), 404, 'not_found');
      assertError(await c.member1.get(`/api/v1/${kind}/${x}/${f}`), 404, 'not_found');
    }
  }
  assert.equal(await jobs(), n, 'no job for a refused file');

  // the PDF (and Word) of an issued one, through the job
  let t = pdfText(await download(c.member1, `/api/v1/bulletins/${B.a}/pdf`, /^application\/pdf/));
  for (const want of ['社情民意', issue(1), '甘肃省政协', '关于城区集中供暖温度不达标的情况反映', '签发：王主任'])
    assert.ok(t.includes(want), `member1's PDF shows ${want}:\n${t}`);
  t = pdfText(await download(c.member1, `/api/v1/digests/${D.a}/pdf`, /^application\/pdf/));
  assert.ok(t.includes('网络社情摘要') && t.includes('一、小区供暖温度不达标'), t);
  t = docxText(await download(c.member1, `/api/v1/bulletins/${B.d}/docx`, /wordprocessingml/));
  assert.ok(t.includes(issue(3)), t);

  // a signed bulletin reopened is a draft again: gone from the member's list, 404 by id, and the
  // file of a job it asked for before is 404 too; signed off again, it is back
  r = await c.member1.post(`/api/v1/bulletins/${B.d}/pdf`);
  assertStatus(r, 202);
  const job = r.json.job.id;
  assert.equal((await waitJob(c.member1, job)).job.status, 'done');
  assertStatus(await bact(c.gansu, B.d, 'reopen'), 200);
  assertError(await c.member1.get(`/api/v1/bulletins/${B.d}`), 404, 'not_found');
  assertError(await c.member1.get(`/api/v1/jobs/${job}/result`), 404, 'not_found');
  assert.ok(!ids(await listAll(c.member1, '/api/v1/bulletins')).includes(B.d));
  assertStatus(await bact(c.gansu, B.d, 'sign', { signer: '王主任' }), 200);
  assertStatus(await c.member1.get(`/api/v1/bulletins/${B.d}`), 200);
  r = await c.member1.get(`/api/v1/jobs/${job}/result`, { raw: true });
  assert.equal(r.status, 200, 'signed off again, its file is the member\'s again');

  // the office's working routes and every write (report.review) are refused to a member: 403
  const routes = lvzhi(['routes']).trim().split('\n').map((l) => l.trim().split(/\s+/))
    .filter(([, path, perm]) => /^\/api\/v1\/(bulletins|digests)/.test(path) && perm === 'report.review');
  assert.ok(routes.length >= 17, `${routes.length} report.review routes of bulletins and digests`);
  for (const path of ['/api/v1/bulletins/targets', '/api/v1/bulletins/candidates', '/api/v1/digests/items', '/api/v1/digests/suggest'])
    assert.ok(routes.some(([m, p]) => m === 'GET' && p === path), `GET ${path} needs report.review`);
  for (const [method, pattern] of routes) {
    const path = pattern.replace('{id}', String(pattern.startsWith('/api/v1/digests/items') ? 1 : pattern.startsWith('/api/v1/digests') ? D.a : B.a));
    const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
    r = await c.member1.request(method, path, { body, headers: body ? { 'content-type': 'application/json' } : {} });
    assertError(r, 403, 'forbidden');
  }
  assert.equal((await c.gansu.get(`/api/v1/bulletins/${B.a}`)).json.status, 'sent', 'nothing changed');
  mine = ids(await listAll(c.member1, '/api/v1/bulletins'));
  assert.ok(mine.includes(B.a) && mine.includes(B.d));

  // the office's drafts go; the county's issues stay
  assertStatus(await c.gansu.del(`/api/v1/bulletins/${draftB}`), 204);
  assertStatus(await c.gansu.del(`/api/v1/digests/${draftD}`), 204);
});

// ---- at the same moment ---------------------------------------------------------------------------
//
// Requests on the same record at the same moment (a double click on 签发, two clerks): the step
// takes the record's write lock and checks its state again under it, so one request does the
// step and the others answer 409 wrong_state; the numbers stay 1, 2, 3 … without gaps.
test('the same step asked at the same moment is done once: one number, one event, one notification',
  async () => {
    // a server of its own with four loop threads, so that the requests really run side by side
    const s4 = await startServer({ contact: false, proposals: false, reports: false, threads: 4 });
    try {
      const office = await Promise.all([1, 2, 3, 4].map(() => as(s4, 'gansu')));
      const author = await as(s4, 'member1');
      const p4 = await committeeId(office[0], '甘肃省政协');
      const at = (fn) => Promise.all(office.map(fn));
      const codes = (rs) => rs.map((r) => r.status).sort((a, b) => a - b);
      const once = [200, 409, 409, 409];
      for (let round = 1; round <= 8; round++) {
        let r = await author.post('/api/v1/reports', { title: `关于第${round}个同时签发的测试情况反映`, category: '社会建设', committee_id: p4, body: '正文。' });
        const rid = r.json.id;
        assertStatus(await author.post(`/api/v1/reports/${rid}/submit`, {}), 200);
        assertStatus(await office[0].post(`/api/v1/reports/${rid}/adopt`, {}), 200);
        r = await office[0].post('/api/v1/bulletins', { committee_id: p4, report_ids: [rid] });
        assertStatus(r, 201);
        const id = r.json.id;
        let rs = await at((cl) => bact(cl, id, 'sign', { signer: '王主任' }));
        assert.deepEqual(codes(rs), once, `signed once:\n${rs.map((x) => x.text.slice(0, 100)).join('\n')}`);
        assert.equal((await office[0].get(`/api/v1/bulletins/${id}`)).json.number, round, 'the next number, no gap');
        rs = await at((cl) => bact(cl, id, 'send', { targets: ['government'] }));
        assert.deepEqual(codes(rs), once, 'sent once');
        const events = (await author.get(`/api/v1/reports/${rid}/timeline`)).json.items.filter((e) => e.action === 'bulletin');
        assert.equal(events.length, 1, 'one timeline event');
        const told = (await author.get('/api/v1/notifications?limit=200')).json.items
          .filter((n) => n.kind === 'report_bulletin' && n.body.includes(`第${round}个同时签发`));
        assert.equal(told.length, 1, 'one notification');
      }
      for (let round = 1; round <= 8; round++) {
        const day = `${year}-02-${String(round).padStart(2, '0')}`;
        let r = await office[0].post('/api/v1/digests/items', { committee_id: p4, day, text: '同时印发的测试条目。', source: '网络' });
        assertStatus(r, 201);
        r = await office[0].post('/api/v1/digests', { committee_id: p4, day, groups: [{ subject: '测试', item_ids: [r.json.id] }] });
        assertStatus(r, 201);
        const id = r.json.id;
        const rs = await at((cl) => cl.post(`/api/v1/digests/${id}/issue`, {}));
        assert.deepEqual(codes(rs), once, 'issued once');
        assert.equal((await office[0].get(`/api/v1/digests/${id}`)).json.number, round, 'the next number, no gap');
      }
    } finally {
      await s4.close();
    }
  });
