// tests/e2e/menus.test.mjs: the console shows each role only what it can use (issue 16, "What
// members see"). For every demo role, every page its side menu offers and its dashboard open
// without a single 403 from the API and without the forbidden page: a menu entry that leads to
// a refusal is a defect of the menu, not of the role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, assertNoPageErrors } from './lib/browser.mjs';

let server;
before(async () => { server = await startApp(); });
after(async () => { await server?.close(); });

// one account of each role the demo has
const ROLES = ['member1', 'viewer', 'tian', 'tiban', 'jiaoyu', 'gansu', 'admin', 'secadmin', 'auditor', 'zuzhi'];

/** Opens path and waits until the app has settled; returns the API refusals seen meanwhile. */
async function visit(page, path, refusals) {
  const start = refusals.length;
  await page.goto(server.url + path);
  await page.waitForLoadState('networkidle');
  return refusals.slice(start);
}

for (const user of ROLES) {
  test(`${user}: every menu entry and the dashboard open without a 403`, async () => {
    const b = await launch();
    try {
      const { page } = b;
      const refusals = [];
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/') && r.status() === 403) refusals.push(`${r.request().method()} ${u.pathname}${u.search}`);
      });
      // a member lands on the phone app; asked for the console, it gets the console
      await login(page, server, user, { path: '/login?redirect=%2F' });
      await page.getByTestId('side-menu').waitFor();
      const paths = await page.locator('[data-testid=side-menu] [data-path]').evaluateAll((els) => els.map((e) => e.dataset.path));
      assert.ok(paths.length >= 1, `${user} has a menu`);
      const found = {};
      for (const path of ['/', ...paths]) {
        const seen = await visit(page, path, refusals);
        if (await page.locator('.el-result__icon .icon-error').count()) seen.push('the page says 无权访问');
        if (seen.length) found[path] = seen;
      }
      assert.deepEqual(found, {}, `${user}: pages of the menu that the API refuses`);
      assertNoPageErrors(b.errors);
    } finally {
      await b.close();
    }
  });
}
