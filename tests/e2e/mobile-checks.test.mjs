// tests/e2e/mobile-checks.test.mjs: what the office decided, on the member's phone (issue 18),
// at 390×844. A contact member1 logged itself and staff returned: the list marks it 已退回, its
// page shows the staff's note, and member1 corrects the people reached and sends it again from
// the phone (PATCH, then the check's resubmit step) — the page then says it waits for the check,
// and once approved it offers nothing more. A social-conditions report member1 submitted: its page
// says it waits to be accepted, and once the office has accepted it (受理) says 已受理 with the
// time (China Standard Time) the server recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let phone;
let gansu;
let member1;
const NOTE = '请补充参加群众人数和走访对象';

before(async () => {
  server = await startApp();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
  await loginMobile(phone.page, server, 'member1');
});
after(async () => {
  await phone?.close();
  await server?.close();
});

/** t (ISO 8601) as the phone writes it: YYYY-MM-DD HH:MM in China Standard Time. */
const cst = (t) => new Date(Date.parse(t) + 8 * 3600e3).toISOString().replace('T', ' ').slice(0, 16);

test('a returned self-logged activity: the note on the phone, corrected and sent again', async () => {
  const { page } = phone;
  const me = (await member1.get(`/api/v1/members/${member1.user.member_id}`)).json;
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  let r = await member1.post('/api/v1/activities', { title: '走访社区困难家庭（手机退回测试）', kind: 'visit', committee_id: me.committee_id,
    starts_at: `${today}T00:10:00+08:00`, status: 'done', people_reached: 3, content: '走访了解情况。' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.check?.status, 'pending', 'the committee checks self-logged activities');
  r = await gansu.post(`/api/v1/activities/${id}/return`, { note: NOTE });
  assert.equal(r.status, 200, r.text);

  // the list marks it returned
  await page.goto(`${server.url}/m/activities`);
  const row = page.locator(`[data-testid=m-activity][data-id="${id}"]`);
  await row.getByTestId('m-activity-check-tag').getByText('已退回').waitFor();
  await row.click();
  await page.waitForURL((u) => u.pathname === `/m/activities/${id}`);
  // its page: returned, with the staff's note
  const check = page.locator('[data-testid=m-activity-check][data-status=returned]');
  await check.waitFor();
  await check.getByText('已退回', { exact: true }).waitFor();
  assert.equal((await page.getByTestId('m-check-note').innerText()).trim(), `退回意见：${NOTE}`);
  // corrected and sent again
  const fix = page.getByTestId('m-check-fix');
  const box = await fix.boundingBox();
  assert.ok(box.height >= 44, `the button is ${box.height}px tall`);
  await fix.click();
  await page.getByTestId('m-check-form').waitFor();
  await page.getByTestId('m-fix-people').locator('input').fill('18');
  await page.getByTestId('m-fix-note').locator('input').fill('已补充走访对象和人数');
  await page.getByTestId('m-check-resubmit').click();
  await page.locator('[data-testid=m-activity-check][data-status=pending]').getByText('待审核', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('m-check-fix').count(), 0, 'nothing to send again while it waits');
  const after1 = (await gansu.get(`/api/v1/activities/${id}`)).json;
  assert.equal(after1.people_reached, 18, 'the correction is stored');
  assert.equal(after1.check.status, 'pending');
  assert.equal(after1.check.note, '已补充走访对象和人数');
  assert.deepEqual(after1.check.actions.sort(), ['approve', 'return'], 'back in the staff\'s queue');
  await page.getByTestId('m-activity-detail').getByText('18', { exact: true }).waitFor();

  // approved: the page says so and offers nothing
  r = await gansu.post(`/api/v1/activities/${id}/approve`, {});
  assert.equal(r.status, 200, r.text);
  await page.reload();
  await page.locator('[data-testid=m-activity-check][data-status=approved]').getByText('审核通过', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('m-check-fix').count(), 0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  assertNoPageErrors(phone.errors);
});

test('a submitted report: waiting to be accepted, then 已受理 with the time', async () => {
  const { page } = phone;
  const me = (await member1.get(`/api/v1/members/${member1.user.member_id}`)).json;
  let r = await member1.post('/api/v1/reports', { title: '关于社区食堂运营补贴的情况反映（受理测试）', category: '社会建设',
    committee_id: me.committee_id, body: '部分社区老年食堂运营困难，建议完善补贴办法。' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  r = await member1.post(`/api/v1/reports/${id}/submit`, {});
  assert.equal(r.status, 200, r.text);

  await page.goto(`${server.url}/m/reports/${id}`);
  const bar = page.getByTestId('m-report-accepted');
  await bar.getByText('已报送，等待受理').waitFor();
  assert.equal(await bar.getAttribute('data-accepted'), '0');
  assert.equal(await page.getByTestId('m-report-accepted-at').count(), 0);

  r = await gansu.post(`/api/v1/reports/${id}/accept`, {});
  assert.equal(r.status, 200, r.text);
  const at = (await member1.get(`/api/v1/reports/${id}`)).json.accepted_at;
  assert.ok(at, 'accepted_at recorded');
  await page.reload();
  await page.locator('[data-testid=m-report-accepted][data-accepted="1"]').getByText('已受理', { exact: true }).waitFor();
  assert.match(await bar.innerText(), new RegExp(cst(at)));
  assert.match(await page.getByTestId('m-report-accepted-at').innerText(), new RegExp(`受理时间\\s*${cst(at)}`));
  // still under review: the state is 待审核
  await page.getByTestId('m-report-state').getByText('待审核', { exact: true }).waitFor();
  assertNoPageErrors(phone.errors);
});
