// tests/e2e/meeting-documents-mobile.test.mjs: a meeting's documents on the phone (issue 19, part
// B). The provincial office plans a meeting with member1 invited, an agenda of two items and two
// documents (an open text file and an internal PDF printed by the server); member1 opens
// /m/meetings/{id}/documents: the documents grouped by item in the agenda's order, the internal
// one tagged; tapping it makes the copy stamped with member1's name (a job) and the browser
// receives that PDF, whose every page carries the name; the office's read log then counts it.
// Then member1 registers an oral speech on /m/meetings/{id}/speech and withdraws it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server, phone, gansu, member1, m;
const PROV = 2; // 甘肃省政协

before(async () => {
  server = await startApp();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
});
after(async () => {
  await phone?.close();
  await server?.close();
});

const ok = (r, what) => assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);

async function upload(bytes, name, type) {
  const r = await gansu.post(`/api/v1/files?committee_id=${PROV}`, bytes, { headers: { 'x-filename': encodeURIComponent(name), 'content-type': type } });
  ok(r, `upload ${name}`);
  return r.json.id;
}

test('member1 reads the meeting documents on the phone; the internal PDF comes stamped with its name', async () => {
  let r = await gansu.post('/api/v1/meetings', { committee_id: PROV, kind: 'standing', title: '常委会材料阅读测试',
    starts_at: '2026-12-28T09:00:00+08:00', ends_at: '2026-12-28T12:00:00+08:00' });
  ok(r, 'meeting');
  m = r.json;
  ok(await gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: [member1.user.member_id] }), 'invite');
  ok(await gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 'notify');
  const i1 = (await gansu.post(`/api/v1/meetings/${m.id}/items`, { title: '听取工作通报' })).json;
  const i2 = (await gansu.post(`/api/v1/meetings/${m.id}/items`, { title: '审议人事事项' })).json;
  // a PDF the server prints (member1's duty file), as the internal document of the second item
  r = await gansu.post(`/api/v1/members/${member1.user.member_id}/duty-file?format=pdf`);
  ok(r, 'duty file');
  let job;
  for (let k = 0; k < 300; k++) {
    job = (await gansu.get(`/api/v1/jobs/${r.json.job.id}`)).json;
    if (job.status === 'done' || job.status === 'failed') break;
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.equal(job.status, 'done');
  const pdf = new Uint8Array(await (await gansu.request('GET', job.result_url, { raw: true })).arrayBuffer());
  const secret = (await gansu.post(`/api/v1/meetings/${m.id}/documents`,
    { title: '人事事项说明', item_id: i2.id, internal: true, file_id: await upload(pdf, '人事事项说明.pdf', 'application/pdf') })).json;
  await gansu.post(`/api/v1/meetings/${m.id}/documents`,
    { title: '工作通报', item_id: i1.id, file_id: await upload(new TextEncoder().encode('通报'), '工作通报.txt', 'text/plain') });

  const { page, errors } = phone;
  await page.goto(`${server.url}/m/meetings/${m.id}/documents`);
  await loginMobile(page, server, 'member1', { navigate: false }); // the page asks for the login, then opens
  await page.waitForURL((u) => u.pathname === `/m/meetings/${m.id}/documents`);
  const groups = page.getByTestId('m-doc-group');
  await groups.first().waitFor();
  assert.equal(await groups.count(), 2);
  assert.match(await groups.nth(0).innerText(), /1\. 听取工作通报[\s\S]*工作通报/);
  assert.match(await groups.nth(1).innerText(), /2\. 审议人事事项[\s\S]*人事事项说明[\s\S]*内部/);

  const [download, post] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    page.waitForResponse((x) => x.request().method() === 'POST' && new URL(x.url()).pathname === `/api/v1/meetings/${m.id}/documents/${secret.id}/pdf`),
    page.locator(`[data-testid="m-doc"][data-id="${secret.id}"]`).click(),
  ]);
  assert.equal(post.status(), 202);
  const bytes = readFileSync(await download.path());
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' }))[1]);
  for (let p = 1; p <= n; p++) {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(p), '-l', String(p), '-', '-'], { input: bytes, encoding: 'utf8' });
    assert.ok(text.replace(/\s+/g, '').includes(member1.user.display_name), `page ${p} carries the reader's name`);
  }
  const reads = (await gansu.get(`/api/v1/meetings/${m.id}/documents/${secret.id}/reads`)).json;
  assert.equal(reads.readers.find((x) => x.user_id === member1.user.id)?.times, 1);
  assertNoPageErrors(errors);
});

test('member1 registers an oral speech on the phone and withdraws it', async () => {
  const { page, errors } = phone;
  await page.goto(`${server.url}/m/meetings/${m.id}/speech`);
  await page.getByTestId('m-speech-title').locator('input').fill('关于基层协商的建议');
  await page.getByTestId('m-speech-summary').locator('textarea').fill('两点建议');
  const [post] = await Promise.all([
    page.waitForResponse((x) => x.request().method() === 'POST' && new URL(x.url()).pathname === `/api/v1/meetings/${m.id}/speeches`),
    page.getByTestId('m-speech-submit').click(),
  ]);
  assert.equal(post.status(), 201);
  const row = page.getByTestId('m-speech').filter({ hasText: '关于基层协商的建议' });
  await row.getByText('已报名').waitFor();
  const mine = (await gansu.get(`/api/v1/meetings/${m.id}/speeches`)).json.items;
  assert.deepEqual(mine.map((x) => [x.title, x.kind, x.status]), [['关于基层协商的建议', 'oral', 'registered']]);
  await row.getByTestId('m-speech-withdraw').click();
  await page.locator('.van-dialog__confirm').click();
  await row.getByText('已撤回').waitFor();
  assert.equal((await gansu.get(`/api/v1/meetings/${m.id}/speeches`)).json.items[0].status, 'withdrawn');
  assertNoPageErrors(errors);
});
