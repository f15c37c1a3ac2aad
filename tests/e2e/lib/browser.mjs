// tests/e2e/lib/browser.mjs: what the browser tests share. Starts a real `lvzhi serve` with demo
// data (tests/api/lib/server.mjs; the binary from LVZHI_BIN, default build/lvzhi, which serves the
// web app compiled into it) and drives Debian's chromium, headless, through playwright-core
// (installed by `npm ci` in web/).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, as, DEMO_PASSWORD, Client, OFFICERS } from '../../api/lib/server.mjs';

export { startServer, as, DEMO_PASSWORD, Client };

const here = dirname(fileURLToPath(import.meta.url));
const PLAYWRIGHT = join(here, '../../../web/node_modules/playwright-core/index.mjs');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let chromiumType = null;
async function chromium() {
  if (chromiumType) return chromiumType;
  if (!existsSync(PLAYWRIGHT)) throw new Error('playwright-core is missing: run `npm ci` in web/');
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`);
  chromiumType = (await import(PLAYWRIGHT)).chromium;
  return chromiumType;
}

/**
 * Starts lvzhi with demo data and checks that it serves the web app.
 * Returns the server of tests/api/lib/server.mjs ({url, adminPassword, securityPassword,
 * auditPassword, close(), ...}).
 */
export async function startApp(opts = {}) {
  const server = await startServer(opts);
  const r = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
  const html = await r.text();
  if (r.status !== 200 || !html.includes('<div id="app">')) {
    await server.close();
    throw new Error(`lvzhi does not serve the web app (GET / → ${r.status}); build it with make build/lvzhi`);
  }
  return server;
}

/**
 * Launches headless chromium with a fresh profile. Returns {context, page, errors, close()}:
 * errors collects uncaught page errors and Content-Security-Policy refusals, so a test can
 * assert there were none.
 */
export async function launch({ width = 1366, height = 860, locale = 'zh-CN' } = {}) {
  const type = await chromium();
  const profile = mkdtempSync(join(tmpdir(), 'lvzhi-e2e-'));
  const context = await type.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width, height },
    locale,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15000);
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // anything the server's Content-Security-Policy refuses (a font, a script) is an error too
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text().slice(0, 300));
  });
  return {
    context, page, errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The password of a demo account (the three administrators' are printed by `lvzhi demo`). */
export function passwordOf(server, username) {
  return OFFICERS[username] ? server[OFFICERS[username]] : DEMO_PASSWORD;
}

/** Logs in on the console's login page and waits for the first page after it. */
export async function login(page, server, username, { path = '/login' } = {}) {
  await page.goto(server.url + path);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(passwordOf(server, username));
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Logs in on the mobile login page (/m/login, or the one on screen) and waits for the page after it. */
export async function loginMobile(page, server, username, { navigate = true } = {}) {
  if (navigate) await page.goto(`${server.url}/m/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(passwordOf(server, username));
  await page.getByTestId('m-login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/m/login'));
}

/** The number in "共 n 条" (the list's total), once the list has loaded. */
export async function listTotal(page) {
  const text = await page.getByTestId('list-total').innerText();
  const m = /(\d[\d,]*)/.exec(text);
  assert.ok(m, `no number in the list total "${text}"`);
  return Number(m[1].replaceAll(',', ''));
}

/** Asserts the page threw no uncaught errors. */
export function assertNoPageErrors(errors) {
  assert.deepEqual(errors, [], `uncaught errors in the page:\n${errors.join('\n')}`);
}

/**
 * Answers the question the app asks before an irreversible workflow step (the flow's
 * `<record>.confirm` label, shown by confirmStep in an .el-message-box.confirm-step): confirms it,
 * or with cancel presses 取消; then waits for the box to go.
 */
export async function answerConfirmStep(page, { cancel = false } = {}) {
  const box = page.locator('.el-message-box.confirm-step');
  await box.waitFor();
  await box.locator(cancel ? '.el-message-box__btns .el-button:not(.el-button--primary)' : '.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}
