// tests/e2e/scope.test.mjs: a county's staff see their own county only. 城关区's account, given
// the address of a 七里河区 member's page, gets the not-found page, never the record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
before(async () => {
  server = await startApp();
  b = await launch();
});
after(async () => {
  await b?.close();
  await server?.close();
});

test('a county account cannot open another county\'s member page', async () => {
  const qilihe = await as(server, 'qilihe');
  const other = (await qilihe.get('/api/v1/members?limit=1')).json.items[0];
  assert.equal(other.committee_name, '七里河区政协');
  const { page } = b;
  await login(page, server, 'chengguan');
  await page.goto(`${server.url}/members/${other.id}`);
  await page.getByTestId('not-found').waitFor();
  const body = await page.locator('body').innerText();
  assert.ok(!body.includes(other.name), 'the name of the other county\'s member is not shown');
  assert.ok(!body.includes(other.phone), 'nor the phone');
  assert.equal(await page.getByTestId('member-detail').count(), 0);
  // the edit form of the same member refuses too
  await page.goto(`${server.url}/members/${other.id}/edit`);
  await page.getByTestId('not-found').waitFor();
  assert.equal(await page.locator('[data-field=phone] input').count(), 0);
  assertNoPageErrors(b.errors);
});

test('the county account\'s roster holds only its county, with no committee switcher', async () => {
  const { page } = b;
  const chengguan = await as(server, 'chengguan');
  const own = (await chengguan.get('/api/v1/members?limit=1')).json.total;
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=list-total]')?.textContent || ''));
  assert.equal(await listTotal(page), own);
  const committees = await page.getByTestId('member-table').locator('.el-table__body tr td:nth-child(3)').allInnerTexts();
  assert.ok(committees.length > 0 && committees.every((c) => c.trim() === '城关区政协'), committees.join());
  assert.equal(await page.getByTestId('committee-switcher').locator('.el-select').count(), 0);
  assert.match(await page.getByTestId('committee-switcher').innerText(), /城关区政协/);
});
