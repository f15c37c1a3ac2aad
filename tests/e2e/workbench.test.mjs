// tests/e2e/workbench.test.mjs: the workbench (工作台) in the browser (issue 18). Each role lands
// on it after logging in (console 1440×900): the proposal office, a handling unit, a provincial
// office; a card's count is the number of rows of the list it opens, and the side menu carries the
// same count as a badge. A new assignment reaches the unit's open workbench over the event
// stream, without a reload. The former dashboard stays in the menu. On the phone (390×844) a
// member's home shows its entries and the latest notifications with their times (CST) and a link
// to all of them. The staff's 本季度未达履职要求的委员 and 待发送的履职提醒 open the compliance list,
// filtered, with as many members as the count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, loginMobile, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let desk;
const api = {};

before(async () => {
  server = await startApp();
  desk = await launch({ width: 1440, height: 900 });
  for (const u of ['tiban', 'jiaoyu', 'gansu', 'member1']) api[u] = await as(server, u);
});
after(async () => {
  await desk?.close();
  await server?.close();
});

const bench = async (cl) => Object.fromEntries((await cl.get('/api/v1/workbench')).json.items.map((e) => [e.key, e]));
const card = (page, key) => page.getByTestId(`wb-${key}`);
const cardCount = async (page, key) => Number((await card(page, key).getByTestId('wb-count').innerText()).replaceAll(',', ''));

async function logout(page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
}

/** Files a submitted proposal of the province and assigns it to 教育厅 as the lead; its id. */
async function assignToJiaoyu() {
  const units = (await api.gansu.get('/api/v1/units?limit=100')).json.items;
  const jy = units.find((u) => u.name === '甘肃省教育厅').id;
  const p = (await api.tiban.get('/api/v1/proposals?status=submitted&limit=1')).json.items[0];
  assert.ok(p, 'a proposal to file');
  let r = await api.tiban.post(`/api/v1/proposals/${p.id}/file`, {});
  assert.equal(r.status, 200, r.text);
  r = await api.tiban.post(`/api/v1/proposals/${p.id}/assign`, { mode: 'lead', lead_unit_id: jy, co_unit_ids: [] });
  assert.equal(r.status, 200, r.text);
  return p.id;
}

test('the proposal office lands on its workbench; a card opens its list with as many rows; the menu carries the badge', async () => {
  const { page } = desk;
  await login(page, server, 'tiban');
  assert.equal(new URL(page.url()).pathname, '/', 'the workbench is the landing page');
  await page.getByTestId('workbench').waitFor();
  const want = await bench(api.tiban);
  await card(page, 'proposal.review').waitFor();
  assert.equal(await cardCount(page, 'proposal.review'), want['proposal.review'].count);
  assert.ok(want['proposal.review'].count > 0);
  // the badge of 提案审查 in the side menu is the same count
  const badge = page.locator('[data-testid=side-menu] [data-path="/proposals/review"] [data-testid=menu-badge]');
  assert.equal(Number(await badge.textContent()), want['proposal.review'].count);
  // the card opens the review queue with that many rows
  await card(page, 'proposal.review').click();
  await page.waitForURL((u) => u.pathname === '/proposals/review');
  await page.getByTestId('proposal-table').waitFor();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)),
    want['proposal.review'].count);
  assert.equal(await listTotal(page), want['proposal.review'].count);

  // a card whose list is filtered: the filter is in the URL and shown as a tag that removes it
  await page.goto(`${server.url}/`);
  const key = ['proposal.late_accept', 'proposal.overdue', 'proposal.near', 'proposal.to_assign'].find((k) => want[k].count > 0);
  assert.ok(key, 'the demo has assignments late or near their deadline');
  await card(page, key).click();
  await page.waitForURL((u) => u.pathname + u.search === want[key].link.replace(',', '%2C') || u.pathname + u.search === want[key].link);
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)), want[key].count);
  assert.equal(await listTotal(page), want[key].count);
  if (key !== 'proposal.to_assign') await page.getByTestId('workbench-filter').waitFor();
  assertNoPageErrors(desk.errors);
  await logout(page);
});

test('a handling unit: 待签收 with the days left, and a new assignment arrives live on the open workbench', async () => {
  const { page } = desk;
  await assignToJiaoyu();
  await login(page, server, 'jiaoyu');
  assert.equal(new URL(page.url()).pathname, '/');
  await card(page, 'proposal.to_accept').waitFor();
  let want = await bench(api.jiaoyu);
  const before = want['proposal.to_accept'].count;
  assert.ok(before >= 1);
  assert.equal(await cardCount(page, 'proposal.to_accept'), before);
  const badge = page.locator('[data-testid=side-menu] [data-path="/proposals/assigned"] [data-testid=menu-badge]');
  assert.equal(Number(await badge.textContent()), before);

  // the office assigns another: the notification on the event stream refreshes the count
  await assignToJiaoyu();
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="wb-proposal.to_accept"] [data-testid=wb-count]');
    return el && Number(el.textContent) === n;
  }, before + 1);
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid=side-menu] [data-path="/proposals/assigned"] [data-testid=menu-badge]');
    return el && Number(el.textContent) === n;
  }, before + 1);

  // the list it opens: as many rows, each with the days left to accept
  await card(page, 'proposal.to_accept').click();
  await page.waitForURL((u) => u.pathname === '/proposals/assigned' && u.searchParams.get('assignment') === 'to_accept');
  await page.getByTestId('proposal-table').waitFor();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)), before + 1);
  assert.equal(await listTotal(page), before + 1);
  assert.equal(await page.getByTestId('proposal-link').count(), before + 1);
  const days = await page.getByTestId('accept-days').allInnerTexts();
  assert.ok(days.length >= 1 && days.every((d) => /剩 \d+ 天|今天到期|(超期|逾期) \d+ 天/.test(d)), days.join(','));

  // 办理中 opens the unit's list of what it handles, with as many rows
  want = await bench(api.jiaoyu);
  await page.goto(`${server.url}/`);
  await card(page, 'proposal.handling').click();
  await page.waitForURL((u) => u.pathname === '/proposals/assigned' && u.searchParams.get('status') === 'handling,rehandling');
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)),
    want['proposal.handling'].count);
  assert.equal(await listTotal(page), want['proposal.handling'].count);
  // each with the days left to answer
  if (want['proposal.handling'].count) {
    await page.getByTestId('handle-days').first().waitFor();
    const left = await page.getByTestId('handle-days').allInnerTexts();
    assert.equal(left.length, Math.min(want['proposal.handling'].count, 20));
    assert.ok(left.every((d) => /剩 \d+ 天|今天到期|(超期|逾期) \d+ 天/.test(d)), left.join(','));
  }
  assertNoPageErrors(desk.errors);
  await logout(page);
});

test('a provincial office: 待审核社情民意 opens the review queue; the dashboard stays in the menu', async () => {
  const { page } = desk;
  await login(page, server, 'gansu');
  await card(page, 'report.review').waitFor();
  const want = await bench(api.gansu);
  assert.equal(await cardCount(page, 'report.review'), want['report.review'].count);
  const badge = page.locator('[data-testid=side-menu] [data-path="/reports/review"] [data-testid=menu-badge]');
  assert.equal(Number(await badge.textContent()), want['report.review'].count);
  await card(page, 'report.review').click();
  await page.waitForURL((u) => u.pathname === '/reports/review');
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)),
    want['report.review'].count);
  assert.equal(await listTotal(page), want['report.review'].count);
  // 超期诉求 opens the requests list filtered to them, with as many rows; so does 待编发
  for (const key of ['contact.overdue_requests', 'report.to_edit']) {
    await page.goto(`${server.url}/`);
    await card(page, key).waitFor();
    assert.equal(await cardCount(page, key), want[key].count, key);
    await card(page, key).click();
    await page.waitForURL((u) => u.pathname === new URL(want[key].link, server.url).pathname && u.search.length > 1);
    await page.getByTestId('workbench-filter').waitFor();
    await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)),
      want[key].count);
    assert.equal(await listTotal(page), want[key].count, key);
  }
  assert.ok(want['contact.overdue_requests'].count > 0, 'the demo has overdue requests');
  await page.goto(`${server.url}/`);
  await page.screenshot({ path: process.env.WORKBENCH_SHOT || '/dev/null' }).catch(() => {});
  // the former landing page, the member statistics, from the menu
  await page.locator('[data-testid=side-menu] [data-path="/dashboard"]').click();
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await page.getByTestId('member-total').waitFor();
  assertNoPageErrors(desk.errors);
  await logout(page);
});

test('the staff: members behind their quota and reminders to send open the compliance list with as many members', async () => {
  const { page } = desk;
  await login(page, server, 'gansu');
  const want = await bench(api.gansu);
  assert.ok(want['contact.members_behind'].count > 0, 'the demo has members behind this quarter');
  const badge = page.locator('[data-testid=side-menu] [data-path="/contact/compliance"] [data-testid=menu-badge]');
  await badge.waitFor({ state: 'attached' }); // in the 联系群众 submenu, folded
  assert.equal(Number(await badge.textContent()), want['contact.members_behind'].count);
  for (const [key, filter, words] of [['contact.members_behind', 'short', '未达标或进度落后'], ['contact.reminders_due', 'to_remind', '待发送提醒']]) {
    const n = want[key].count;
    await page.goto(`${server.url}/`);
    await card(page, key).waitFor();
    assert.equal(await cardCount(page, key), n, key);
    await card(page, key).click();
    await page.waitForURL((u) => u.pathname === '/contact/compliance' && u.searchParams.get(filter) === '1');
    await page.getByTestId('compliance-total').getByText(`${words} ${n} 名`).waitFor();
    // the list holds that many members, page by page at 200 a page: the rows the table shows
    await page.getByTestId('compliance-table').waitFor();
    const pageOf = () => page.waitForResponse((r) => r.url().includes('/api/v1/compliance?') && r.url().includes('limit=200'));
    let got = pageOf();
    await page.getByTestId('page-size').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '200 条/页' }).click();
    let rows = 0;
    for (let pages = 0; pages < 100; pages++) {
      const body = await (await got).json();
      assert.ok(body.items.every((i) => !i.on_track), 'each member listed is not on track');
      await page.waitForFunction((k) => document.querySelectorAll('[data-testid=compliance-table] .el-table__body-wrapper tr.el-table__row').length === k
        && !document.querySelector('[data-testid=next-page]')?.classList.contains('is-loading'), body.items.length);
      rows += body.items.length;
      if (!body.next_cursor) break;
      got = pageOf();
      await page.getByTestId('next-page').click();
    }
    assert.equal(rows, n, `${key}: the list opened holds the count's members`);
  }
  // a year's minimum nobody reaches: member1 and member2 (the members with accounts) are to
  // remind; 发送提醒 from the list sends them, and the list and the card have none left
  const prov = (await api.gansu.get('/api/v1/session')).json.user.committee.id;
  const put = (body) => api.gansu.request('PUT', `/api/v1/committees/${prov}/settings`, { body });
  assert.equal((await put({ year_min_people: 100000 })).status, 200);
  try {
    assert.equal((await bench(api.gansu))['contact.reminders_due'].count, 2);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.querySelector('[data-testid="wb-contact.reminders_due"]')?.getAttribute('data-count') === '2');
    await card(page, 'contact.reminders_due').click();
    await page.waitForURL((u) => u.pathname === '/contact/compliance' && u.searchParams.get('to_remind') === '1');
    await page.getByTestId('compliance-total').getByText('待发送提醒 2 名').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=compliance-table] tr.el-table__row').length === 2);
    await page.getByTestId('compliance-remind').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    const result = page.getByTestId('remind-result');
    await result.waitFor();
    assert.match(await result.innerText(), /已发送提醒\s*2/);
    await page.getByTestId('compliance-total').getByText('待发送提醒 0 名').waitFor();
    await page.getByTestId('compliance-table').getByText('没有待发送的提醒').waitFor();
    assert.equal((await bench(api.gansu))['contact.reminders_due'].count, 0);
    // the dialog and the job's notice out of the way of the user menu
    await page.keyboard.press('Escape');
    await page.getByTestId('remind-dialog').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => {
      document.querySelectorAll('.el-notification__closeBtn').forEach((b) => b.click());
      return !document.querySelector('.el-notification');
    }, null, { polling: 200 });
  } finally {
    assert.equal((await put({ year_min_people: null })).status, 200);
  }
  assertNoPageErrors(desk.errors);
  await logout(page);
});

test('the phone: a member\'s home shows its entries and the latest notifications with their times, and all of them', async () => {
  const phone = await launch({ width: 390, height: 844 });
  try {
    const { page } = phone;
    // something to be told of: a notification for member1
    await api.member1.post('/api/v1/notifications/test', {});
    await loginMobile(page, server, 'member1');
    await page.goto(`${server.url}/m/`);
    const wb = page.getByTestId('m-workbench');
    await wb.waitFor();
    const want = await bench(api.member1);
    for (const key of ['proposal.cosign', 'contact.activities_short', 'contact.people_short', 'notify.unread']) {
      const row = page.getByTestId(`m-wb-${key}`);
      await row.waitFor();
      assert.equal(Number(await row.getByTestId('m-wb-count').innerText()), want[key].count, key);
    }
    // the latest notifications with their times (CST, YYYY-MM-DD HH:MM)
    await page.getByTestId('m-notice').first().waitFor();
    const times = await page.getByTestId('m-notice-time').allInnerTexts();
    assert.ok(times.length >= 1 && times.every((t) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(t.trim())), times.join('|'));
    const latest = (await api.member1.get('/api/v1/notifications?limit=1')).json.items[0];
    const cst = new Date(Date.parse(latest.created_at) + 8 * 3600e3).toISOString().replace('T', ' ').slice(0, 16);
    assert.equal(times[0].trim().slice(0, 16), cst, 'the time in China Standard Time');
    // and all of them
    await page.getByTestId('m-notices-all').click();
    await page.waitForURL((u) => u.pathname === '/m/notifications');
    await page.getByTestId('m-notify-item').first().waitFor();
    const all = (await api.member1.get('/api/v1/notifications?limit=20')).json.items.length;
    assert.equal(await page.getByTestId('m-notify-item').count(), all);
    // an entry opens its page: what is still needed this quarter
    await page.goto(`${server.url}/m/`);
    await page.getByTestId('m-wb-contact.activities_short').click();
    await page.waitForURL((u) => u.pathname === '/m/compliance');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
    assertNoPageErrors(phone.errors);
  } finally {
    await phone.close();
  }
});
