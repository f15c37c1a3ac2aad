// tests/api/meeting_documents.test.mjs: a meeting's agenda and documents (issue 19, part B) over
// HTTP on both engines — items in order (added, changed, reordered, removed; bad input refused
// with nothing changed), documents under items with versions (a new file is version n+1, the old
// kept), who reads what (a member not invited gets 404 for the list, the document and its file;
// an internal document is hidden from readers who are not invited), an internal PDF — a real
// multi-page roster printed by src/doc/pdf.c — served to an invitee only stamped with its name on
// every page, the read log (who opened which, how often, which invitees have not), withdrawal at
// the close (404 to invitees, listed to staff as withdrawn), and two writes at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, pdfText, waitJob } from './lib/util.mjs';

let s;
const c = {};
let prov, m, roster;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'lanzhou', 'member1', 'member2', 'viewer']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  let r = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title: '省政协常委会第六次会议', starts_at: '2026-12-21T09:00:00+08:00',
    ends_at: '2026-12-21T17:30:00+08:00',
  });
  assertStatus(r, 201, 'create');
  m = r.json;
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [c.member1.user.member_id] });
  assertStatus(r, 200, 'invite member1');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 200, 'notify');
  // a real PDF of several pages, printed by src/doc/pdf.c: the provincial roster
  const res = await exportFile(c.gansu, `/api/v1/members/export?committee_id=${prov}&format=pdf`, 120000);
  roster = new Uint8Array(await res.arrayBuffer());
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const P = () => `/api/v1/meetings/${m.id}`;

async function upload(cl, name, bytes, type) {
  const r = await cl.post(`/api/v1/files?committee_id=${prov}`, bytes,
    { headers: { 'x-filename': encodeURIComponent(name), 'content-type': type } });
  assertStatus(r, 201, `upload ${name}`);
  return r.json.id;
}

function pages(bytes) {
  const info = execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)[1]);
}

function pageText(bytes, n) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), '-', '-'],
    { input: bytes, encoding: 'utf8' }).replace(/\s+/g, '');
}

let items;

test('the agenda: items in order, changed, reordered and removed; bad input changes nothing', async () => {
  for (const [title, presenter] of [['审议工作报告', '张主席'], ['协商议政', '李副主席'], ['其他事项', '']]) {
    const r = await c.gansu.post(`${P()}/items`, { title, presenter });
    assertStatus(r, 201, `add ${title}`);
    assert.equal(r.json.title, title);
  }
  let list = (await c.member1.get(`${P()}/items`)).json;
  assert.deepEqual(list.items.map((x) => [x.seq, x.title]), [[1, '审议工作报告'], [2, '协商议政'], [3, '其他事项']]);
  const ids = list.items.map((x) => x.id);
  // bad input, each refused with nothing written
  assertError(await c.gansu.post(`${P()}/items`, { title: '' }), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post(`${P()}/items`, { title: '议题', colour: 'red' }), 422, 'invalid_field');
  assertError(await c.gansu.post(`${P()}/items`, { title: '议题', sitting_id: 999999 }), 422, 'invalid_field', 'sitting_id');
  assertError(await c.gansu.patch(`${P()}/items/${ids[0]}`, { title: '' }), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post(`${P()}/items/order`, { item_ids: [ids[1], ids[0]] }), 422, 'invalid_field', 'item_ids');
  assertError(await c.gansu.post(`${P()}/items/order`, { item_ids: [ids[1], ids[0], 999999] }), 422, 'invalid_field', 'item_ids');
  // a member reads the agenda but does not set it; another committee's staff does not see it
  assertError(await c.member1.post(`${P()}/items`, { title: '我的议题' }), 403);
  assertError(await c.lanzhou.get(`${P()}/items`), 404);
  assertError(await c.member2.get(`${P()}/items`), 404);
  list = (await c.gansu.get(`${P()}/items`)).json;
  assert.equal(list.total, 3);
  // reorder, change, remove (the ones after it move up)
  let r = await c.gansu.post(`${P()}/items/order`, { item_ids: [ids[2], ids[0], ids[1]] });
  assertStatus(r, 200, 'order');
  assert.deepEqual(r.json.items.map((x) => x.id), [ids[2], ids[0], ids[1]]);
  r = await c.gansu.patch(`${P()}/items/${ids[1]}`, { presenter: '王副主席' });
  assertStatus(r, 200, 'patch');
  assert.equal(r.json.presenter, '王副主席');
  assert.equal(r.json.title, '协商议政');
  assertStatus(await c.gansu.del(`${P()}/items/${ids[2]}`), 204, 'remove');
  list = (await c.gansu.get(`${P()}/items`)).json;
  assert.deepEqual(list.items.map((x) => [x.seq, x.id]), [[1, ids[0]], [2, ids[1]]]);
  items = list.items;
  const tl = (await c.gansu.get(`${P()}/timeline`)).json.items;
  assert.ok(tl.some((e) => e.action === 'agenda' && e.action_label === '议程'), 'the agenda is in the timeline');
});

let secret, open1, rosterFile;

test('documents: versions, an internal PDF only stamped for invitees, 404 to those not invited', async () => {
  rosterFile = await upload(c.gansu, '委员名册（内部）.pdf', roster, 'application/pdf');
  const before = (await c.gansu.get(`${P()}/documents`)).json.total;
  // bad input: nothing written
  assertError(await c.gansu.post(`${P()}/documents`, { title: '', file_id: rosterFile }), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post(`${P()}/documents`, { title: '名册', file_id: 999999 }), 422, 'invalid_field', 'file_id');
  assertError(await c.gansu.post(`${P()}/documents`, { title: '名册' }), 422, 'invalid_field', 'file_id');
  assertError(await c.gansu.post(`${P()}/documents`, { title: '名册', file_id: rosterFile, item_id: 999999 }), 422,
    'invalid_field', 'item_id');
  assertError(await c.gansu.post(`${P()}/documents`, { title: '名册', file_id: rosterFile, internal: 'yes' }), 422,
    'invalid_field', 'internal');
  assertError(await c.member1.post(`${P()}/documents`, { title: '名册', file_id: rosterFile }), 403);
  assert.equal((await c.gansu.get(`${P()}/documents`)).json.total, before);

  let r = await c.gansu.post(`${P()}/documents`, { title: '委员名册', item_id: items[0].id, internal: true, file_id: rosterFile });
  assertStatus(r, 201, 'internal document');
  secret = r.json;
  assert.equal(secret.version, 1);
  assert.equal(secret.internal, true);
  assert.equal(secret.is_pdf, true);
  const v1 = await upload(c.gansu, '会议日程.txt', new TextEncoder().encode('会议日程 第一稿'), 'text/plain');
  r = await c.gansu.post(`${P()}/documents`, { title: '会议日程', item_id: items[1].id, file_id: v1, withdraw_after_close: true });
  assertStatus(r, 201, 'open document');
  open1 = r.json;
  // a new file is version 2; the first is kept
  const v2 = await upload(c.gansu, '会议日程.txt', new TextEncoder().encode('会议日程 第二稿'), 'text/plain');
  assertError(await c.gansu.post(`${P()}/documents/${open1.id}/versions`, { file_id: 'x' }), 422, 'invalid_field', 'file_id');
  r = await c.gansu.post(`${P()}/documents/${open1.id}/versions`, { file_id: v2, note: '第二稿' });
  assertStatus(r, 201, 'version 2');
  assert.equal(r.json.version, 2);
  assert.deepEqual(r.json.versions.map((x) => [x.version, x.file.id, x.note]), [[1, v1, ''], [2, v2, '第二稿']]);
  let f = await c.member1.get(`${P()}/documents/${open1.id}/file`);
  assertStatus(f, 200, 'current version');
  assert.equal(f.text, '会议日程 第二稿');
  f = await c.member1.get(`${P()}/documents/${open1.id}/file?version=1`);
  assert.equal(f.text, '会议日程 第一稿');
  assertError(await c.member1.get(`${P()}/documents/${open1.id}/file?version=7`), 422, 'invalid_field', 'version');

  // the invited member lists both, the internal one to be opened stamped
  const mine = (await c.member1.get(`${P()}/documents`)).json.items;
  assert.deepEqual(mine.map((x) => x.id).sort(), [secret.id, open1.id].sort());
  assert.equal(mine.find((x) => x.id === secret.id).stamped, true);
  assert.equal(mine.find((x) => x.id === open1.id).item_title, items[1].title);
  // a member not invited: 404 for the list, the document, its file and the file itself
  assertError(await c.member2.get(`${P()}/documents`), 404);
  assertError(await c.member2.get(`${P()}/documents/${secret.id}`), 404);
  assertError(await c.member2.post(`${P()}/documents/${secret.id}/pdf`), 404);
  assertError(await c.member2.get(`/api/v1/files/${rosterFile}`), 404);
  assertError(await c.member2.get(`/api/v1/files/${v2}`), 404);
  // a reader in scope sees the meeting's open documents but not the internal one
  const vr = await c.viewer.get(`${P()}/documents`);
  if (vr.status === 200) {
    assert.ok(!vr.json.items.some((x) => x.id === secret.id), 'internal hidden from a reader not invited');
    assertError(await c.viewer.get(`${P()}/documents/${secret.id}`), 404);
  }
  // the internal PDF itself is the staff's: the invitee gets it stamped only
  assertError(await c.member1.get(`${P()}/documents/${secret.id}/file`), 403, 'forbidden');
  assertError(await c.member1.get(`/api/v1/files/${rosterFile}`), 404);
  assert.equal((await c.gansu.get(`/api/v1/files/${rosterFile}`, { raw: true })).status, 200, 'staff read the file');
  // an open document's file is the invitee's through the file module too
  assertStatus(await c.member1.get(`/api/v1/files/${v2}`), 200, 'open file');
  // a text file is not stamped
  assertError(await c.member1.post(`${P()}/documents/${open1.id}/pdf`), 422, 'invalid_field');
});

test("an internal PDF carries the reader's name on every page", async () => {
  const res = await exportFile(c.member1, `${P()}/documents/${secret.id}/pdf`, 120000);
  assert.match(res.headers.get('content-type'), /^application\/pdf/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const n = pages(roster);
  assert.ok(n >= 2, `the roster has several pages (${n})`);
  assert.equal(pages(bytes), n, 'every page kept');
  const name = c.member1.user.display_name;
  assert.ok(name, 'the member has a name');
  for (let p = 1; p <= n; p++) assert.ok(pageText(bytes, p).includes(name), `page ${p} carries ${name}`);
  // the page's own text is still text
  const all = await pdfText(bytes);
  assert.ok(all.includes(name));
  assert.ok((await pdfText(roster)).slice(0, 20).length > 0);
  assert.ok(all.includes('内部材料'));
  // another account's copy carries its own name, not the member's
  const staff = new Uint8Array(await (await exportFile(c.gansu, `${P()}/documents/${secret.id}/pdf`, 120000)).arrayBuffer());
  const st = await pdfText(staff);
  assert.ok(st.includes(c.gansu.user.display_name));
  assert.ok(!st.includes(name) || (await pdfText(roster)).includes(name), 'the staff copy does not carry the member');
  // the member's job file is not the staff's to fetch, nor another member's
  assertError(await c.member2.get(res.job.result_url), 404);
});

test('the read log: who opened which, how often, and which invitees have not', async () => {
  let r = await c.gansu.get(`${P()}/documents/${secret.id}/reads`);
  assertStatus(r, 200, 'reads');
  const m1 = r.json.readers.find((x) => x.user_id === c.member1.user.id);
  assert.equal(m1.times, 1);
  assert.equal(m1.role, 'member');
  assert.deepEqual(r.json.not_read, []);
  assert.equal(r.json.read, 1);
  assert.ok(r.json.readers.some((x) => x.user_id === c.gansu.user.id));
  // the open document: member1 opened it twice above (two versions)
  r = (await c.gansu.get(`${P()}/documents/${open1.id}/reads`)).json;
  assert.equal(r.readers.find((x) => x.user_id === c.member1.user.id).times, 2);
  // a third opening counts; first_at stays, last_at moves on
  const before = r.readers.find((x) => x.user_id === c.member1.user.id);
  await c.member1.get(`${P()}/documents/${open1.id}/file`);
  r = (await c.gansu.get(`${P()}/documents/${open1.id}/reads`)).json;
  const after = r.readers.find((x) => x.user_id === c.member1.user.id);
  assert.equal(after.times, 3);
  assert.equal(after.first_at, before.first_at);
  const d = (await c.member1.get(`${P()}/documents/${open1.id}`)).json;
  assert.equal(d.my_read.times, 3);
  // a new document nobody opened: the invitee is listed as not having read it
  const f = await upload(c.gansu, '议程说明.txt', new TextEncoder().encode('说明'), 'text/plain');
  const nd = (await c.gansu.post(`${P()}/documents`, { title: '议程说明', file_id: f })).json;
  r = (await c.gansu.get(`${P()}/documents/${nd.id}/reads`)).json;
  assert.deepEqual(r.not_read.map((x) => x.name), [c.member1.user.display_name]);
  assert.equal(r.read, 0);
  assertError(await c.member1.get(`${P()}/documents/${nd.id}/reads`), 403);
});

test('two new versions at once both land, numbered n+1 and n+2; withdrawal at the close', async () => {
  const [a, b] = await Promise.all(['甲', '乙'].map((x) =>
    upload(c.gansu, `日程${x}.txt`, new TextEncoder().encode(`日程${x}`), 'text/plain')));
  const rs = await Promise.all([a, b].map((fid) => c.gansu.post(`${P()}/documents/${open1.id}/versions`, { file_id: fid })));
  for (const r of rs) assertStatus(r, 201, 'version at once');
  const vs = (await c.gansu.get(`${P()}/documents/${open1.id}`)).json.versions.map((x) => x.version);
  assert.deepEqual(vs, [1, 2, 3, 4]);

  assertStatus(await c.gansu.post(`${P()}/open`, {}), 200, 'open');
  assertStatus(await c.gansu.post(`${P()}/close`, {}), 200, 'close');
  // withdrawn: gone for the invitee, listed to the staff as withdrawn; the internal one stays
  assertError(await c.member1.get(`${P()}/documents/${open1.id}`), 404);
  assertError(await c.member1.get(`${P()}/documents/${open1.id}/file`), 404);
  const vlast = (await c.gansu.get(`${P()}/documents/${open1.id}`)).json;
  assertError(await c.member1.get(`/api/v1/files/${vlast.file.id}`), 404);
  const mine = (await c.member1.get(`${P()}/documents`)).json.items.map((x) => x.id);
  assert.ok(!mine.includes(open1.id));
  assert.ok(mine.includes(secret.id));
  const staff = (await c.gansu.get(`${P()}/documents`)).json.items.find((x) => x.id === open1.id);
  assert.equal(staff.withdrawn, true);
  assert.ok(staff.withdrawn_at);
  // a closed meeting's agenda and documents are fixed
  assertError(await c.gansu.post(`${P()}/items`, { title: '补充议题' }), 409, 'wrong_state');
  assertError(await c.gansu.patch(`${P()}/documents/${secret.id}`, { title: '新名' }), 409, 'wrong_state');
  assertError(await c.gansu.post(`${P()}/documents/${secret.id}/versions`, { file_id: rosterFile }), 409, 'wrong_state');
});
