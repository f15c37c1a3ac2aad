// tests/e2e/mobile.test.mjs: the members' pages under /m/ on a 390-px-wide phone: log in as a
// member, see the home with the places later modules fill, open my profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
before(async () => {
  server = await startApp();
  b = await launch({ width: 390, height: 844 });
});
after(async () => {
  await b?.close();
  await server?.close();
});

const noSideScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('a member logs in on the phone and sees the home page', async () => {
  const { page } = b;
  await page.goto(`${server.url}/m/profile`);
  await page.waitForURL((u) => u.pathname === '/m/login');
  assert.ok(await noSideScroll(page) <= 0, 'the login page fits the screen');
  await page.locator('input[name=username]').fill('member1');
  await page.locator('input[name=password]').fill('wrong-password-1');
  await page.getByTestId('m-login-submit').click();
  await page.getByTestId('m-login-error').waitFor();
  await loginMobile(page, server, 'member1', { navigate: false });
  // back where it was sent from
  assert.equal(new URL(page.url()).pathname, '/m/profile');
  await page.goto(`${server.url}/m/`);
  const tiles = page.getByTestId('m-tiles');
  for (const t of ['我的活动', '我的提案', '我的积分']) await tiles.getByText(t).waitFor();
  assert.ok(await noSideScroll(page) <= 0, 'the home page fits the screen');
  assertNoPageErrors(b.errors);
});

test('my profile shows the member record of the logged-in member', async () => {
  const { page } = b;
  const me = await as(server, 'member1');
  const member = (await me.get(`/api/v1/members/${me.user.member_id}`)).json;
  await page.getByTestId('m-tab-profile').click();
  await page.waitForURL((u) => u.pathname === '/m/profile');
  const profile = page.getByTestId('m-profile');
  await profile.waitFor();
  assert.equal(await page.getByTestId('m-profile-name').innerText(), member.name);
  const text = await profile.innerText();
  // a member account gets its own phone whole, and its birth year (not the date, which with the
  // masked ID number would rebuild it)
  assert.ok(!('birth_date' in member));
  for (const v of [member.name, member.phone, String(member.birth_year)]) assert.ok(text.includes(v), `${v} in the profile`);
  const box = await profile.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the profile fits 390 px: ${JSON.stringify(box)}`);
  assert.ok(await noSideScroll(page) <= 0, 'no sideways scrolling');
  // the tab bar marks this page's tab only
  assert.match(await page.getByTestId('m-tab-profile').getAttribute('class'), /van-tabbar-item--active/);
  assert.doesNotMatch(await page.getByTestId('m-tab-home').getAttribute('class'), /van-tabbar-item--active/);
  assertNoPageErrors(b.errors);
});

test('the language switches to English on the profile and back', async () => {
  const { page } = b;
  await page.getByTestId('m-profile-lang').click();
  await page.getByText('English', { exact: true }).click();
  await page.getByTestId('m-tabbar').getByText('Me', { exact: true }).waitFor();
  await page.getByTestId('m-profile-lang').click();
  await page.getByText('中文', { exact: true }).click();
  await page.getByTestId('m-tabbar').getByText('我的', { exact: true }).waitFor();
});

test('logging out on the phone returns to the login page', async () => {
  const { page } = b;
  await page.getByTestId('m-logout').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => u.pathname === '/m/login');
  await page.goto(`${server.url}/m/`);
  await page.waitForURL((u) => u.pathname === '/m/login');
});
