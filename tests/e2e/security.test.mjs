// tests/e2e/security.test.mjs: logging in safely in a real browser (等保 2.0 level 3): the last
// login's time and address told after logging in and on the profile page; the devices signed in
// listed there, one ended and then all the others; an expired password leads to the profile
// page, nothing else opens until it is changed, and a weak new password is refused saying which
// rule; the security settings page saves a committee's idle timeout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, loginMobile, as, Client, assertNoPageErrors } from './lib/browser.mjs';
import { sql } from '../api/lib/server.mjs';
import { committeeId } from '../api/lib/util.mjs';

let server, desk, secadmin;

before(async () => {
  server = await startApp({ contact: false, proposals: false, reports: false });
  desk = await launch();
  secadmin = await as(server, 'secadmin'); // accounts and security settings are its own (三员分立)
});

after(async () => {
  await desk?.close();
  await server?.close();
});

/** Confirms the open Element Plus message box with its button named name. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.getByRole('button', { name }).click();
  await box.waitFor({ state: 'hidden' });
}

test('the last login is told after logging in and on the profile; devices are listed and ended', async () => {
  const { page } = desk;
  // the account logged in before, from another client (the API's, at 127.0.0.1)
  const other = await as(server, 'lanzhou');
  const otherId = (await other.get('/api/v1/sessions')).json.items.find((x) => x.current).id;
  await login(page, server, 'lanzhou');
  const message = page.locator('.last-login-message');
  await message.waitFor();
  assert.match(await message.innerText(), /上次登录：\d{4}-\d\d-\d\d \d\d:\d\d，地址 127\.0\.0\.1/);

  await page.goto(`${server.url}/profile`);
  assert.match(await page.getByTestId('profile-last-login').innerText(), /\d{4}-\d\d-\d\d \d\d:\d\d（127\.0\.0\.1）/);
  const table = page.getByTestId('sessions-table');
  await table.getByTestId('session-current').waitFor();
  await page.getByTestId(`session-end-${otherId}`).waitFor();
  assert.equal(await table.locator('tbody tr').count(), 2);
  // ending the other client's session: its cookie opens nothing any more
  await page.getByTestId(`session-end-${otherId}`).click();
  await confirmBox(page, '结束');
  await page.getByText('会话已结束').first().waitFor();
  assert.equal((await other.get('/api/v1/session')).status, 401);
  await page.getByTestId(`session-end-${otherId}`).waitFor({ state: 'detached' });
  // two more clients, then "sign out all other devices"
  const c1 = await as(server, 'lanzhou');
  const c2 = await as(server, 'lanzhou');
  await page.reload();
  await page.getByTestId('sessions-table').locator('tbody tr').nth(2).waitFor();
  await page.getByTestId('sessions-end-others').click();
  await confirmBox(page, '退出其他所有设备');
  await page.getByText('已结束 2 个会话').first().waitFor();
  assert.equal((await c1.get('/api/v1/session')).status, 401);
  assert.equal((await c2.get('/api/v1/session')).status, 401);
  assert.equal(await page.getByTestId('sessions-table').locator('tbody tr').count(), 1);
  // this browser still works
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  assertNoPageErrors(desk.errors);
});

test('an expired password leads to the profile page; nothing else opens until it is changed', async () => {
  const { page, context } = desk;
  const cid = await committeeId(secadmin, '城关区政协');
  const made = await secadmin.post('/api/v1/users', { username: 'expiring', password: 'First-Pass-2026', role: 'secretariat', committee_id: cid });
  assert.equal(made.status, 201, made.text);
  const put = await secadmin.request('PUT', `/api/v1/committees/${cid}/security-settings`, { body: { password_max_age_days: 90 } });
  assert.equal(put.status, 200, put.text);
  sql(server.db, `UPDATE users SET password_changed_at = password_changed_at - 91 * 86400 WHERE id = ${made.json.id}`);

  await context.clearCookies();
  await page.goto(`${server.url}/login`);
  await page.locator('input[name=username]').fill('expiring');
  await page.locator('input[name=password]').fill('First-Pass-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/profile');
  await page.getByTestId('password-expired').waitFor();
  assert.match(await page.getByTestId('password-rules').innerText(), /三类/);
  // another page sends back here
  await page.goto(`${server.url}/members`);
  await page.waitForURL((u) => u.pathname === '/profile');
  await page.getByTestId('password-expired').waitFor();
  // a weak new password is refused, saying which rule
  const form = page.getByTestId('password-form');
  await form.locator('input[name=current_password]').fill('First-Pass-2026');
  await form.locator('input[name=new_password]').fill('alllowercase');
  await form.locator('input[name=confirm]').fill('alllowercase');
  await page.getByTestId('password-save').click();
  await form.getByText(/三类/).waitFor();
  // a good one: logged out, and the new password opens everything
  await form.locator('input[name=new_password]').fill('Second-Pass-2026');
  await form.locator('input[name=confirm]').fill('Second-Pass-2026');
  await page.getByTestId('password-save').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.locator('input[name=username]').fill('expiring');
  await page.locator('input[name=password]').fill('Second-Pass-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  assert.equal(await page.getByTestId('password-expired').count(), 0);
  assertNoPageErrors(desk.errors);
});

test('the security settings page saves a committee\'s idle timeout', async () => {
  const { page, context } = desk;
  await context.clearCookies();
  await login(page, server, 'secadmin');
  const root = secadmin.user.committee.id;
  await page.goto(`${server.url}/system/security`);
  await page.getByTestId('settings-form').waitFor();
  const input = page.locator('[data-testid="setting-session_idle_minutes"] input');
  assert.equal(await input.inputValue(), '30');
  await page.getByTestId('setting-session_idle_minutes-inherit').click();
  await input.fill('15');
  await input.press('Tab');
  await page.getByTestId('settings-save').click();
  await page.getByText('已保存').first().waitFor();
  const s = (await secadmin.get(`/api/v1/committees/${root}/security-settings`)).json;
  assert.equal(s.own.session_idle_minutes, 15);
  // a session begun now idles out after 15 minutes
  const c = await new Client(server.url).login('gansu', 'lvzhi-demo-2026');
  assert.equal((await c.get('/api/v1/session')).json.idle_timeout_minutes, 15);
  assertNoPageErrors(desk.errors);
});

test('on the phone, an expired password leads to the password page, which changes it', async () => {
  const { page, context } = desk;
  const prov = await committeeId(secadmin, '甘肃省政协');
  const put = await secadmin.request('PUT', `/api/v1/committees/${prov}/security-settings`, { body: { password_max_age_days: 30 } });
  assert.equal(put.status, 200, put.text);
  const id = (await secadmin.get('/api/v1/users?q=member2')).json.items.find((u) => u.username === 'member2').id;
  sql(server.db, `UPDATE users SET password_changed_at = CAST(${Math.floor(Date.now() / 1000) - 31 * 86400} AS BIGINT) WHERE id = ${id}`);
  try {
    await context.clearCookies();
    await loginMobile(page, server, 'member2');
    await page.waitForURL((u) => u.pathname === '/m/password');
    await page.getByTestId('m-password-expired').waitFor();
    // the home page sends back
    await page.goto(`${server.url}/m/`);
    await page.waitForURL((u) => u.pathname === '/m/password');
    await page.locator('input[name=current_password]').fill('lvzhi-demo-2026');
    await page.locator('input[name=new_password]').fill('Short1');
    await page.locator('input[name=confirm]').fill('Short1');
    await page.getByTestId('m-password-submit').click();
    await page.getByText(/至少需要 8 个字符/).waitFor();
    await page.locator('input[name=new_password]').fill('Phone-Pass-2026');
    await page.locator('input[name=confirm]').fill('Phone-Pass-2026');
    await page.getByTestId('m-password-submit').click();
    await page.waitForURL((u) => u.pathname === '/m/login');
    await page.locator('input[name=username]').fill('member2');
    await page.locator('input[name=password]').fill('Phone-Pass-2026');
    await page.getByTestId('m-login-submit').click();
    await page.waitForURL((u) => u.pathname === '/m/');
    // the profile tells the last login and leads to the password page
    await page.goto(`${server.url}/m/profile`);
    assert.match(await page.getByTestId('m-profile-last-login').innerText(), /127\.0\.0\.1/);
    await page.getByTestId('m-profile-password').click();
    await page.waitForURL((u) => u.pathname === '/m/password');
    assert.equal(await page.getByTestId('m-password-expired').count(), 0);
    assertNoPageErrors(desk.errors);
  } finally {
    await secadmin.request('PUT', `/api/v1/committees/${prov}/security-settings`, { body: { password_max_age_days: null } });
  }
});
