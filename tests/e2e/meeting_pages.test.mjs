// tests/e2e/meeting_pages.test.mjs: a meeting through the pages (issue 19, part A). In the console
// the provincial secretariat (gansu) plans a meeting with its notice, invites the province's
// members, arranges the seats and sends the notice (asked first: the step cannot be undone); on the
// phone (390×844) member1 opens 我的会议, reads the notice, confirms it attends, then asks for
// leave with a reason and sees it wait; in the console gansu approves it on the meeting's 请假 tab;
// the phone shows it approved. The other parts' tabs are there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, loginMobile, as, answerConfirmStep, assertNoPageErrors } from './lib/browser.mjs';

let server;
let desk;
let phone;
let gansu;

before(async () => {
  server = await startApp();
  desk = await launch();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
});
after(async () => {
  await desk?.close();
  await phone?.close();
  await server?.close();
});

const TITLE = '省政协常委会第九次会议';
const NOTICE = '请各位常委于12月28日上午8:30前到省政协会议中心报到。';

/** The input (or textarea) of an Element Plus or Vant field with the test id (on it or around it). */
const field = (page, testid) => page.locator(`[data-testid=${testid}]`).locator('xpath=descendant-or-self::input | descendant-or-self::textarea').first();

/** Types a date-time into an Element Plus date picker (its input) and commits it. */
async function pickTime(page, testid, text) {
  const input = field(page, testid);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

test('staff plan and notify a meeting; the member confirms and asks for leave on the phone; staff approve it', async () => {
  const { page, errors } = desk;
  await login(page, server, 'gansu');
  // the menu item 会议 opens the list; 新建会议 the form
  await page.goto(`${server.url}/meetings`);
  await page.getByTestId('meeting-table').waitFor();
  await page.getByTestId('meeting-new').click();
  await page.waitForURL((u) => u.pathname === '/meetings/new');
  await field(page, 'meeting-title').fill(TITLE);
  await field(page, 'meeting-venue').fill('省政协会议中心');
  await pickTime(page, 'meeting-starts', '2026-12-28 09:00');
  await pickTime(page, 'meeting-ends', '2026-12-28 17:30');
  await field(page, 'meeting-notice').fill(NOTICE);
  await page.getByTestId('meeting-save').click();
  await page.waitForURL((u) => /^\/meetings\/\d+$/.test(u.pathname));
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('meeting-title').getByText(TITLE).waitFor();
  assert.equal((await page.getByTestId('meeting-state').innerText()).trim(), '筹备中');
  const m = (await gansu.get(`/api/v1/meetings/${id}`)).json;
  assert.equal(m.title, TITLE);
  assert.equal(m.notice, NOTICE);
  assert.equal(m.starts_at, '2026-12-28T09:00:00+08:00');

  // 参会人员: every member of the province
  await page.getByRole('tab', { name: '参会人员' }).click();
  await page.getByTestId('invite-add').click();
  await page.getByTestId('invitee-table').locator('tbody tr').first().waitFor();
  const invited = (await gansu.get(`/api/v1/meetings/${id}/invitees?limit=1`)).json.total;
  assert.ok(invited > 10, `the province's members are invited (${invited})`);
  // 座位: seated by sector in a hall big enough, and the chart is offered
  await page.getByRole('tab', { name: '座位' }).click();
  await field(page, 'seat-rows').fill(String(Math.ceil(invited / 20) + 1));
  await field(page, 'seat-cols').fill('20');
  await page.getByTestId('seat-assign').click();
  await page.getByTestId('seat-1-1').waitFor();
  const plan = (await gansu.get(`/api/v1/meetings/${id}/seats`)).json;
  assert.equal(plan.seated.length, invited);
  assert.equal((await page.getByTestId('seat-1-1').innerText()).trim(), plan.seated[0].name);
  // the parts' tabs are there and open
  for (const name of ['议程与材料', '签到', '大会发言', '表决']) {
    const tab = page.getByRole('tab', { name });
    await tab.click();
    await page.locator(`[role=tab][aria-selected=true]`).getByText(name).waitFor();
  }

  // the notice, asked first
  await page.getByTestId('action-notify').click();
  await answerConfirmStep(page);
  await page.getByTestId('meeting-state').getByText('已通知').waitFor();

  // the member on the phone: 我的会议, the notice, attend
  const p = phone.page;
  await loginMobile(p, server, 'member1');
  await p.getByTestId('m-tile-meetings').click();
  await p.waitForURL((u) => u.pathname === '/m/meetings');
  await p.locator(`[data-testid=m-meeting][data-id="${id}"]`).click();
  await p.waitForURL((u) => u.pathname === `/m/meetings/${id}`);
  await p.getByTestId('m-meeting-notice').getByText(NOTICE).waitFor();
  assert.match(await p.getByTestId('m-meeting-reply').innerText(), /未回复/);
  await p.getByTestId('m-meeting-seat').waitFor();
  await p.getByTestId('m-meeting-attend').click();
  await p.getByTestId('m-meeting-reply').getByText('参加').waitFor();
  // then a change of plans: leave with a reason
  await p.getByTestId('m-leave-ask').click();
  await field(p, 'm-leave-reason').fill('赴京参加全国政协专题调研');
  await p.getByTestId('m-leave-send').click();
  await p.getByTestId('m-leave-status').getByText('待审批').waitFor();
  assert.equal(await p.getByTestId('m-leave-ask').count(), 0, 'one open request at a time');
  // the links to the parts' pages
  for (const k of ['documents', 'signin', 'votes'])
    assert.equal(await p.getByTestId(`m-meeting-${k}`).count(), 1, `the link to ${k}`);

  // staff approve it on the meeting's 请假 tab (the notification's link)
  const note = (await gansu.get('/api/v1/notifications?limit=20')).json.items.find((n) => n.kind === 'meeting_leave');
  assert.equal(note.link, `/meetings/${id}?tab=leave`);
  await page.goto(server.url + note.link);
  const row = page.getByTestId('leave-table').locator('tbody tr').filter({ hasText: '赴京参加全国政协专题调研' });
  await row.getByTestId('leave-approve').click();
  const box = page.locator('.el-message-box.leave-decide');
  await box.locator('input').fill('同意');
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await row.getByTestId('leave-status').getByText('已准假').waitFor();
  await page.getByRole('tab', { name: '基本信息' }).click();
  await page.getByTestId('meeting-timeline').getByText('批准请假').waitFor();

  // the phone shows it approved
  await p.reload();
  await p.getByTestId('m-leave-status').getByText('已准假').waitFor();
  assertNoPageErrors(errors);
  assertNoPageErrors(phone.errors);
});
