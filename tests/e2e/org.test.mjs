// tests/e2e/org.test.mjs: the organisation pages and the committee switcher in a real browser:
// the committee tree, a record form showing the server's errors at its fields, and the header's
// committee choice narrowing the roster and the dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
let gansu;
before(async () => {
  server = await startApp();
  b = await launch();
  gansu = await as(server, 'gansu');
  await login(b.page, server, 'gansu');
});
after(async () => {
  await b?.close();
  await server?.close();
});

test('the committee tree opens on the province and its cities', async () => {
  const { page } = b;
  await page.goto(`${server.url}/org/committees`);
  const tree = page.getByTestId('committee-tree');
  await tree.getByText('兰州市政协', { exact: true }).waitFor();
  await tree.getByText('天水市政协', { exact: true }).waitFor();
  assertNoPageErrors(b.errors);
});

test('a special committee saved without a name shows the server\'s error at the name field', async () => {
  const { page } = b;
  await page.goto(`${server.url}/org/special-committees`);
  await page.getByTestId('record-table').waitFor();
  await page.getByTestId('record-new').click();
  const dialog = page.getByTestId('record-dialog');
  await dialog.locator('[data-field=name]').waitFor();
  await page.getByTestId('record-save').click();
  const err = dialog.locator('[data-field=name] .el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /不能为空|名称/);
  // with a name it is created and listed
  await dialog.locator('[data-field=name] input').fill('测试工作委员会');
  await page.getByTestId('record-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('record-search').fill('测试工作委员会');
  await page.getByTestId('record-table').getByText('测试工作委员会').waitFor();
  const r = (await gansu.get(`/api/v1/special-committees?q=${encodeURIComponent('测试工作委员会')}`)).json;
  assert.equal(r.total, 1);
  assert.equal(r.items[0].committee_name, '甘肃省政协');
  assertNoPageErrors(b.errors);
});

test('choosing a committee in the header narrows the roster and the dashboard to its subtree', async () => {
  const { page } = b;
  const lanzhou = (await gansu.get(`/api/v1/committees?q=${encodeURIComponent('兰州市政协')}`)).json.items[0];
  const want = (await gansu.get(`/api/v1/members?committee_id=${lanzhou.id}&limit=1`)).json.total;
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  const switcher = page.getByTestId('committee-switcher');
  await switcher.locator('.el-select').click();
  await page.getByRole('listbox', { name: '当前政协' }).getByText('兰州市政协', { exact: true }).click();
  await page.waitForFunction((n) => {
    const t = document.querySelector('[data-testid=list-total]')?.textContent || '';
    return Number((/\d+/.exec(t) || ['0'])[0]) === n;
  }, want);
  assert.equal(await listTotal(page), want);
  // the dashboard follows, and the choice survives a reload
  const stats = (await gansu.get(`/api/v1/stats/members?committee_id=${lanzhou.id}`)).json;
  await page.goto(`${server.url}/dashboard`);
  await page.reload();
  await page.getByTestId('member-total').getByText(stats.total.toLocaleString('en-US'), { exact: true }).waitFor();
  assert.match(await page.getByTestId('member-total').innerText(), /兰州市政协/);
  assertNoPageErrors(b.errors);
});
