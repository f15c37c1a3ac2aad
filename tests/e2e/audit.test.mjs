// tests/e2e/audit.test.mjs: 三员分立 in the console: the menu each of the three administrators
// sees (the system administrator no accounts and no audit log, the security administrator the
// accounts and roles and no records, the audit administrator the audit log and its jobs), and the
// audit administrator's page: the search, the check of the chain, an export through a job.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, assertNoPageErrors } from './lib/browser.mjs';
import { Client } from '../api/lib/server.mjs';

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

/** The texts of the side menu's entries once the 系统管理 group (if any) is open. */
async function menuTexts(page) {
  const menu = page.getByTestId('side-menu');
  await menu.getByText('数据看板').waitFor();
  if (await menu.getByText('系统管理').count()) await menu.getByText('系统管理').click();
  await page.waitForTimeout(300);
  return (await menu.locator('.el-menu-item').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

async function logout(page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
}

test('each administrator sees its own duties in the menu, and is refused the others\' pages', async () => {
  const { page } = b;
  const want = {
    admin: { has: ['委员名册', '政协组织', '后台任务'], not: ['用户账号', '角色权限', '审计日志'], refused: ['/system/users', '/system/audit'] },
    secadmin: { has: ['用户账号', '角色权限'], not: ['委员名册', '审计日志', '后台任务'], refused: ['/members', '/system/audit'] },
    auditor: { has: ['审计日志', '后台任务'], not: ['委员名册', '用户账号', '角色权限', '提案'], refused: ['/members', '/system/users'] },
  };
  for (const [who, w] of Object.entries(want)) {
    await login(page, server, who);
    const items = await menuTexts(page);
    for (const x of w.has) assert.ok(items.includes(x), `${who}: ${x} in ${items}`);
    for (const x of w.not) assert.ok(!items.includes(x), `${who}: no ${x} in ${items}`);
    for (const path of w.refused) {
      await page.goto(server.url + path);
      await page.getByTestId('forbidden').waitFor();
    }
    await page.goto(`${server.url}/`);
    await logout(page);
  }
  assertNoPageErrors(b.errors);
});

test('the security administrator cannot give an administrator\'s role from the users page', async () => {
  const { page } = b;
  await login(page, server, 'secadmin', { path: '/login?redirect=/system/users' });
  await page.waitForURL((u) => u.pathname === '/system/users');
  await page.getByTestId('record-new').click();
  await page.locator('[data-field=role] .el-select').click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first().waitFor();
  const options = (await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').allInnerTexts()).map((s) => s.trim());
  assert.ok(options.includes('办公厅') && options.includes('委员'), options.join(','));
  for (const o of ['系统管理员', '安全管理员', '审计管理员']) assert.ok(!options.includes(o), `${o} offered: ${options}`);
  await page.keyboard.press('Escape');
  await page.goto(`${server.url}/system/roles`);
  const roles = await page.getByTestId('roles-table').innerText();
  for (const r of ['系统管理员', '安全管理员', '审计管理员']) assert.match(roles, new RegExp(r));
  await page.goto(`${server.url}/`);
  await logout(page);
  assertNoPageErrors(b.errors);
});

test('the audit administrator searches the log, checks the chain and exports it', async () => {
  const { page } = b;
  // a failed login to find
  const r = await new Client(server.url).post('/api/v1/session', { username: 'qilihe', password: 'not-the-password-1' });
  assert.equal(r.status, 401);
  await login(page, server, 'auditor', { path: '/login?redirect=/system/audit' });
  await page.waitForURL((u) => u.pathname === '/system/audit');
  const table = page.getByTestId('audit-table');
  await table.locator('tbody tr').first().waitFor();
  // by user and action
  await page.getByTestId('audit-filter-user').fill('qilihe');
  await page.getByTestId('audit-filter-action').click();
  await page.locator('.el-select-dropdown:visible').getByText('登录失败', { exact: true }).click();
  await page.getByTestId('audit-search').click();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=audit-table] tbody tr.el-table__row')];
    return rows.length === 1 && rows[0].innerText.includes('登录失败') && rows[0].innerText.includes('qilihe');
  });
  // the chain holds
  await page.getByTestId('audit-verify').click();
  const verdict = page.getByTestId('audit-verdict');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-problem'), 'ok');
  assert.match(await verdict.innerText(), /审计链完整/);
  // the export runs as a job and offers the file
  await page.getByTestId('audit-export').click();
  await page.getByTestId('audit-export-xlsx').click();
  const progress = page.getByTestId('job-progress');
  await progress.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=job-progress]')?.getAttribute('data-status') === 'done',
    null, { timeout: 30000 });
  const href = await page.getByTestId('job-result-link').getAttribute('href');
  const file = await page.evaluate(async (u) => {
    const res = await fetch(u);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), pk: String.fromCharCode(bytes[0], bytes[1]) };
  }, href);
  assert.deepEqual(file, { status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pk: 'PK' });
  assertNoPageErrors(b.errors);
});
