#!/usr/bin/env node
// scripts/screenshots.mjs URL: takes the README's screenshots from a running lvzhi (e.g. the one
// `make run` starts with the demo data) with Debian's chromium through playwright-core (npm ci in
// web/): docs/screenshots/console.png (the member roster), dashboard.png (the dashboard) and
// mobile.png (a member's profile on a 390-px-wide phone).
// Accounts: LVZHI_USER (default gansu) for the console, LVZHI_MEMBER (default member1) for the
// phone; their password LVZHI_PASSWORD (default the demo password).
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const url = (process.argv[2] || '').replace(/\/$/, '');
if (!url) {
  console.error('usage: node scripts/screenshots.mjs http://127.0.0.1:8080');
  process.exit(2);
}
const out = join(root, 'docs/screenshots');
const staff = process.env.LVZHI_USER || 'gansu';
const member = process.env.LVZHI_MEMBER || 'member1';
const password = process.env.LVZHI_PASSWORD || 'lvzhi-demo-2026';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const pw = join(root, 'web/node_modules/playwright-core/index.mjs');
if (!existsSync(pw)) {
  console.error('playwright-core is missing: run `npm ci` in web/');
  process.exit(1);
}
const { chromium } = await import(pw);

async function browser(viewport, scale = 1) {
  const profile = mkdtempSync(join(tmpdir(), 'lvzhi-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
    viewport,
    deviceScaleFactor: scale,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(20000);
  const page = context.pages()[0] || await context.newPage();
  return { page, async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

async function login(page, path, user, submit) {
  await page.goto(url + path);
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId(submit).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

mkdirSync(out, { recursive: true });

// the console: the roster, then the dashboard
{
  const { page, close } = await browser({ width: 1440, height: 900 });
  await login(page, '/login', staff, 'login-submit');
  await page.goto(`${url}/members`);
  await page.getByTestId('member-table').locator('.el-table__body tr').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'console.png') });
  console.log('docs/screenshots/console.png');

  await page.goto(`${url}/`);
  for (const id of ['chart-by-level', 'chart-by-gender', 'chart-by-age', 'chart-by-party', 'chart-by-sector']) {
    await page.locator(`[data-testid=${id}] canvas`).first().waitFor();
  }
  await page.waitForTimeout(1500); // the charts' entry animation
  await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true });
  console.log('docs/screenshots/dashboard.png');
  await close();
}

// the phone: a member's profile
{
  const { page, close } = await browser({ width: 390, height: 844 }, 2);
  await login(page, '/m/login', member, 'm-login-submit');
  await page.goto(`${url}/m/profile`);
  await page.getByTestId('m-profile').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'mobile.png') });
  console.log('docs/screenshots/mobile.png');
  await close();
}
