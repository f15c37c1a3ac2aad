// tests/e2e/shell.test.mjs: the console's shell in a real browser: logging in (and the error of
// a wrong password), being sent to the login page and back, the menu by permission, switching
// the language, the dashboard's charts, logging out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, assertNoPageErrors } from './lib/browser.mjs';

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

test('a wrong password is refused with the server\'s message; a page asked for before login opens after it', async () => {
  const { page } = b;
  await page.goto(`${server.url}/members`);
  await page.waitForURL(/\/login\?redirect=/);
  await page.locator('input[name=username]').fill('gansu');
  await page.locator('input[name=password]').fill('not-the-password-1');
  await page.getByTestId('login-submit').click();
  await assert.doesNotReject(page.getByTestId('login-error').waitFor());
  assert.match(await page.getByTestId('login-error').innerText(), /用户名或密码/);
  await page.locator('input[name=password]').fill('lvzhi-demo-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/members');
  await page.getByTestId('member-table').waitFor();
  // the header names the user and the committee
  assert.equal(await page.getByTestId('current-user').innerText(), '甘肃省政协办公厅');
  assert.match(await page.getByTestId('committee-switcher').innerText(), /甘肃省政协/);
  assertNoPageErrors(b.errors);
});

test('the menu shows the modules the role may use: no audit log for a secretariat account', async () => {
  const { page } = b;
  const menu = page.getByTestId('side-menu');
  await menu.getByText('系统管理').click();
  await menu.getByText('用户账号').waitFor();
  assert.equal(await menu.getByText('审计日志').count(), 0);
  // and typing the address of the page is answered by the forbidden page
  await page.goto(`${server.url}/system/audit`);
  await page.getByTestId('forbidden').waitFor();
});

test('switching the language turns the menu English, is remembered, and switches back', async () => {
  const { page } = b;
  await page.goto(`${server.url}/`);
  const menu = page.getByTestId('side-menu');
  await menu.getByText('数据看板').waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-en').click();
  await menu.getByText('Dashboard').waitFor();
  await menu.getByText('Members').waitFor();
  assert.equal(await menu.getByText('数据看板').count(), 0);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // remembered across a reload, and the server answers in English too
  await page.reload();
  await menu.getByText('Organisation').waitFor();
  await page.goto(`${server.url}/members/1/edit`);
  await page.locator('[data-field=phone] input').fill('abc');
  await page.getByTestId('member-save').click();
  await page.locator('[data-field=phone] .el-form-item__error').waitFor();
  assert.match(await page.locator('[data-field=phone] .el-form-item__error').innerText(), /phone/i);
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-zh-CN').click();
  await menu.getByText('委员管理').waitFor();
  assert.equal(await menu.getByText('Members').count(), 0);
  assertNoPageErrors(b.errors);
});

test('the dashboard draws every chart on a canvas, and the total is the server\'s', async () => {
  const { page } = b;
  const gansu = await as(server, 'gansu');
  const stats = (await gansu.get('/api/v1/stats/members')).json;
  await page.goto(`${server.url}/dashboard`);
  const total = page.getByTestId('member-total');
  await total.waitFor();
  assert.match(await total.innerText(), new RegExp(stats.total.toLocaleString('en-US')));
  for (const id of ['chart-by-level', 'chart-by-gender', 'chart-by-age', 'chart-by-party', 'chart-by-sector']) {
    const canvas = page.locator(`[data-testid=${id}] canvas`).first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `${id}: canvas ${JSON.stringify(box)}`);
    // something is drawn: the canvas has pixels that are not transparent
    await page.waitForFunction((sel) => {
      const c = document.querySelector(sel);
      const ctx = c && c.getContext('2d');
      if (!ctx) return false;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4 * 16) if (d[i] > 0) n++;
      return n > 50;
    }, `[data-testid=${id}] canvas`);
  }
  assertNoPageErrors(b.errors);
});

test('the first page loads a few shared files and its own, not one file per component', async (t) => {
  // a fresh tab of a logged-in browser opens the landing page: count the scripts and styles
  const page = await b.context.newPage();
  const files = [];
  page.on('request', (r) => { if (/\/assets\/.*\.(js|css)$/.test(r.url())) files.push(new URL(r.url()).pathname); });
  await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  await page.getByTestId('side-menu').waitFor();
  // Element Plus in one script and one stylesheet, not one file per component
  assert.equal(files.filter((f) => /\/element-plus-[^/]*\.js$/.test(f)).length, 1, files.join('\n'));
  assert.equal(files.filter((f) => /\/el-[a-z-]+-[^/]*\.(js|css)$/.test(f)).length, 0, files.join('\n'));
  t.diagnostic(`first page: ${files.length} script and style files`);
  assert.ok(files.length <= 40, `${files.length} files:\n${files.join('\n')}`);
  await page.close();
});

test('logging out ends the session: the next page asks for a login', async () => {
  const { page } = b;
  await page.goto(`${server.url}/`);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
  await page.goto(`${server.url}/members`);
  await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("redirect") === "/members");
});

test('a phone-wide console folds its menu into a drawer', async () => {
  const { page } = b;
  await login(page, server, 'lanzhou');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  assert.equal(await page.getByTestId('side-menu').isVisible(), false);
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('side-menu').getByText('数据看板').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  await page.setViewportSize({ width: 1366, height: 860 });
  assertNoPageErrors(b.errors);
});
