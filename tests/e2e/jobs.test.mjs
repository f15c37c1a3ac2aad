// tests/e2e/jobs.test.mjs: long work in a real browser. With more members than an export
// answers at once, the export runs as a job: a progress bar, then the file; the bell hears
// of the finished job over Server-Sent Events. A roster over 1 MiB is imported by a job too:
// its progress bar, then the bad row named, or the count imported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApp, launch, login, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
before(async () => {
  server = await startApp({ scale: 6000 });
  b = await launch();
});
after(async () => {
  await b?.close();
  await server?.close();
});

test('a large export runs as a job with a progress bar, offers the file, and rings the bell', async () => {
  const { page } = b;
  await login(page, server, 'gansu');
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=list-total]')?.textContent || ''));
  const total = await listTotal(page);
  assert.ok(total > 5000, `enough members for a job: ${total}`);
  const bell = page.getByTestId('notification-bell');
  await bell.waitFor();
  const unreadBefore = (await (await as(server, 'gansu')).get('/api/v1/notifications?limit=1')).json.unread;

  await page.getByTestId('member-export').click();
  await page.getByTestId('export-csv').click();
  const progress = page.getByTestId('job-progress');
  await progress.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=job-progress]')?.getAttribute('data-status') === 'done',
    null, { timeout: 60000 });
  const link = page.getByTestId('job-result-link');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length);
  assert.equal(lines.length - 1, total, 'the job\'s file has every member');

  // the job's owner is told, live: the bell's count goes up without a reload
  await page.waitForFunction((n) => {
    const t = document.querySelector('[data-testid=notification-unread] sup')?.textContent || '0';
    return Number(t) > n;
  }, unreadBefore, { timeout: 20000 });
  await page.keyboard.press('Escape');
  await bell.click();
  const item = page.getByTestId('notification-list').locator('li').first();
  await item.getByText('委员名册导出已完成').waitFor();
  await item.click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await page.getByTestId('job-result-link').waitFor();
  assertNoPageErrors(b.errors);
});

test('a roster over 1 MiB is imported by a job: a bad row is named, then the fixed file imports', async () => {
  const { page } = b;
  // bench/gen-roster.mjs: valid rows for 甘肃省政协 that never meet the demo's ID numbers
  const csv = execFileSync(process.execPath, [fileURLToPath(new URL('../../bench/gen-roster.mjs', import.meta.url)), '9000'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(Buffer.byteLength(csv) > 1 << 20, 'big enough for a job');
  const lines = csv.split('\r\n');
  const bad = lines[4999].split(',');
  bad[13] = 'abc'; // the phone of line 5000
  const broken = [...lines.slice(0, 4999), bad.join(','), ...lines.slice(5000)].join('\r\n');
  const gansu = await as(server, 'gansu');
  const before = (await gansu.get('/api/v1/members?limit=1')).json.total;

  await page.goto(`${server.url}/members/import`);
  await page.getByTestId('import-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await page.getByTestId('import-submit').click();
  await page.getByTestId('job-progress').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=job-progress]')?.getAttribute('data-status') === 'failed',
    null, { timeout: 120000 });
  const rows = page.getByTestId('job-progress').getByTestId('bad-rows').locator('.el-table__body tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /^\s*5000\b[\s\S]*手机号格式不正确/);
  assert.equal((await gansu.get('/api/v1/members?limit=1')).json.total, before, 'nothing imported');

  await page.getByTestId('import-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-result').getByText('已导入 9000 名委员').waitFor({ timeout: 120000 });
  assert.equal((await gansu.get('/api/v1/members?limit=1')).json.total, before + 9000);
  assertNoPageErrors(b.errors);
});
