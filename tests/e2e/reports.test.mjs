// tests/e2e/reports.test.mjs: one social-conditions report through its life in the browser,
// across two accounts. member1 writes it on the phone (社情民意 → 写信息: the body counted against
// the committee's limit) and submits it; the information office (gansu, the secretariat) finds it
// in the console's review queue and returns it with a note (an empty note is refused at the
// field); member1 sees the note, revises the text on the phone and submits again; the office
// sees the two versions and their difference by line and by character, adopts it and records a
// province adoption; member1 sees 已采用 and the adoptions on the phone. The state label on the
// page is checked at every step, the buttons against the server's actions, and the stored report
// (versions, adoptions, timeline) through the API at the end. Then the statistics page against
// the API and its workbook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, loginMobile, as, assertNoPageErrors, answerConfirmStep } from './lib/browser.mjs';

let server;
let phone; // member1 on a 390-px phone
let desk;  // the console: gansu
let gansu;
let member1;
let id;
const TITLE = '关于农村冷链物流短板的情况反映（浏览器测试）';
const LINE1 = '近期走访发现，部分乡镇果蔬产地冷库容量不足，旺季损耗率达两成以上。';
const LINE2 = '冷链短板制约农民增收，也推高了城市菜价。';
const LINE3 = '建议统筹建设产地冷链集配中心。';
const LINE3B = '建议统筹建设县域产地冷链集配中心，并对合作社自建冷库给予补贴。';
const BODY1 = `${LINE1}\n${LINE2}\n${LINE3}`;
const BODY2 = `${LINE1}\n${LINE2}\n${LINE3B}`;
const NOTE = '建议部分请写具体一些：建在哪一级、怎样扶持。';
const ADOPTED_BY = '甘肃省政协办公厅《社情民意》';
const PROVINCE_BY = '甘肃省委办公厅';
const count = (s) => [...s].length;

before(async () => {
  server = await startApp();
  phone = await launch({ width: 390, height: 844 });
  desk = await launch();
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
});
after(async () => {
  await phone?.close();
  await desk?.close();
  await server?.close();
});

/** Waits until the console's detail page shows the state label. */
async function consoleState(page, label) {
  await page.getByTestId('report-state').getByText(label, { exact: true }).waitFor();
}
/** Waits until the phone's report page shows the state label. */
async function phoneState(page, label) {
  await page.getByTestId('m-report-state').getByText(label, { exact: true }).waitFor();
}

/** The action buttons on the console's detail page, as action names. */
async function consoleActions(page) {
  const ids = await page.getByTestId('report-actions').locator('[data-testid^="action-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid').slice('action-'.length)));
  return ids.sort();
}

/** The action dialog of the detail page for action, once open. */
async function actionDialog(page, action) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator(`[data-testid=action-dialog][data-action="${action}"]`);
  // an irreversible step asks first (the flow's question); then its form opens
  const box = page.locator('.el-message-box.confirm-step');
  await dialog.or(box).first().waitFor();
  if (await box.isVisible()) await answerConfirmStep(page);
  await dialog.waitFor();
  return dialog;
}

test('member1 writes a report on the phone, sees the body counted against the limit, and submits it', async () => {
  const { page } = phone;
  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-reports').getByText('社情民意').click();
  await page.waitForURL((u) => u.pathname === '/m/reports');
  await page.locator('.van-nav-bar__right').getByText('写信息').click();
  await page.waitForURL((u) => u.pathname === '/m/reports/new');
  await page.getByTestId('m-report-form').waitFor();
  await page.getByTestId('m-report-title').locator('textarea').fill(TITLE);
  await page.getByTestId('m-cat-乡村振兴').click();
  await page.getByTestId('m-report-body').locator('textarea').fill(BODY1);
  const settings = (await member1.get(`/api/v1/committees/${member1.user.committee.id}/report-settings`)).json;
  assert.equal(settings.body_max, 1500);
  await page.getByTestId('m-body-count').getByText(`正文 ${count(BODY1)} / 1500 字`).waitFor();

  await page.getByTestId('m-report-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => /^\/m\/reports\/\d+$/.test(u.pathname));
  id = Number(new URL(page.url()).pathname.split('/').pop());
  await phoneState(page, '待审核');
  assert.equal(await page.getByTestId('m-report-title-text').innerText(), TITLE);
  // submitted: withdrawing is what is left to the author
  await page.getByTestId('m-action-withdraw').waitFor();
  assert.equal(await page.getByTestId('m-action-submit').count(), 0);
  assert.equal(await page.getByTestId('m-action-edit').count(), 0);

  // 我的社情民意 lists it
  await page.goto(`${server.url}/m/reports`);
  await page.locator(`[data-testid=m-report][data-id="${id}"]`).getByTestId('m-report-status').getByText('待审核').waitFor();

  const r = (await gansu.get(`/api/v1/reports/${id}`)).json;
  assert.equal(r.status, 'submitted');
  assert.equal(r.title, TITLE);
  assert.equal(r.category, '乡村振兴');
  assert.equal(r.body, BODY1);
  assert.equal(r.body_length, count(BODY1));
  assert.equal(r.member_id, member1.user.member_id);
  assert.equal(r.collective_kind, null);
  assertNoPageErrors(phone.errors);
});

test('the office finds it in the review queue and returns it with a note (the note is required)', async () => {
  const { page } = desk;
  await login(page, server, 'gansu');
  // the dashboard's figure of this year's reports (the landing page is the workbench)
  await page.goto(`${server.url}/dashboard`);
  await page.getByTestId('report-widget-total').getByText(/年共报送 \d+ 件/).waitFor();

  await page.goto(`${server.url}/reports/review`);
  await page.getByTestId('report-search').fill('冷链物流短板');
  const link = page.locator(`[data-testid=report-link][data-id="${id}"]`);
  await link.waitFor();
  const row = page.getByTestId('report-table').locator('tr', { has: link });
  await row.getByTestId('report-status').getByText('待审核').waitFor();
  await link.click();
  await page.waitForURL((u) => u.pathname === `/reports/${id}`);
  await consoleState(page, '待审核');
  await page.getByTestId('report-body-text').getByText(LINE3).waitFor();
  // the buttons are exactly the server's actions for the office
  const server1 = (await gansu.get(`/api/v1/reports/${id}`)).json.actions;
  // 受理 (accept for review, issue 18) is offered until the office has accepted it
  assert.deepEqual(server1.slice().sort(), ['accept', 'adopt', 'merge', 'reject', 'return']);
  assert.deepEqual(await consoleActions(page), server1.slice().sort());

  const ret = await actionDialog(page, 'return');
  // no note: the server refuses it, and its message shows at the field
  await ret.getByTestId('action-confirm').click();
  const err = ret.locator('[data-field=note] .el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /退回修改意见/);
  await ret.getByTestId('action-note').fill(NOTE);
  await ret.getByTestId('action-confirm').click();
  await ret.waitFor({ state: 'hidden' });
  await consoleState(page, '退回修改');
  await page.getByTestId('decision-note').getByText(NOTE).waitFor();
  assert.deepEqual(await consoleActions(page), ['merge']);
  const timeline = await page.getByTestId('report-timeline').innerText();
  for (const step of ['撰写', '报送', '退回修改']) assert.match(timeline, new RegExp(step));
  assertNoPageErrors(desk.errors);
});

test('member1 sees the note on the phone, revises the text and submits it again', async () => {
  const { page } = phone;
  await page.goto(`${server.url}/m/reports`);
  const row = page.getByTestId('m-reports-returned').locator(`[data-testid=m-report][data-id="${id}"]`);
  await row.getByText('退回修改').waitFor();
  await row.click();
  await page.waitForURL((u) => u.pathname === `/m/reports/${id}`);
  await phoneState(page, '退回修改');
  await page.getByTestId('m-decision-note').getByText(NOTE).waitFor();

  await page.getByTestId('m-action-edit').click();
  await page.waitForURL((u) => u.pathname === `/m/reports/${id}/edit`);
  await page.getByTestId('m-return-note').getByText(NOTE).waitFor();
  const body = page.getByTestId('m-report-body').locator('textarea');
  assert.equal(await body.inputValue(), BODY1);
  await body.fill(BODY2);
  await page.getByTestId('m-body-count').getByText(`正文 ${count(BODY2)} / 1500 字`).waitFor();
  await page.getByTestId('m-report-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => u.pathname === `/m/reports/${id}`);
  await phoneState(page, '待审核');
  await page.getByTestId('m-report-body-text').getByText(LINE3B).waitFor();
  assertNoPageErrors(phone.errors);
});

test('the office compares the two versions, adopts the report and records a province adoption', async () => {
  const { page } = desk;
  await page.goto(`${server.url}/reports/${id}`);
  await consoleState(page, '待审核');

  // two versions: the text returned, and the revised one (current)
  const versions = page.getByTestId('version-table');
  await versions.getByTestId('version-no').nth(1).waitFor();
  assert.deepEqual(await versions.getByTestId('version-no').allInnerTexts(), ['第 1 版', '第 2 版']);
  // by line: the third line deleted and its new text inserted
  const diff = page.getByTestId('version-diff');
  await diff.locator('.line.delete').first().waitFor();
  assert.deepEqual(await diff.locator('.line.delete').allInnerTexts(), [`−${LINE3}`]);
  assert.deepEqual(await diff.locator('.line.insert').allInnerTexts(), [`+${LINE3B}`]);
  assert.equal(await diff.locator('.line.equal').count(), 2);
  await diff.getByTestId('diff-counts').getByText('增加 1 行，删除 1 行').waitFor();
  // by character: only what was added is marked
  await diff.getByTestId('diff-mode-char').click();
  await diff.locator('.chars .insert').first().waitFor();
  assert.deepEqual(await diff.locator('.chars .insert').allInnerTexts(), ['县域', '，并对合作社自建冷库给予补贴']);
  assert.equal(await diff.locator('.chars .delete').count(), 0);
  await diff.getByTestId('diff-counts').getByText(`增加 ${count('县域，并对合作社自建冷库给予补贴')} 字，删除 0 字`).waitFor();

  // adopt: at the local level by default
  const adopt = await actionDialog(page, 'adopt');
  await adopt.getByTestId('action-adopted_by').fill(ADOPTED_BY);
  await adopt.getByTestId('action-confirm').click();
  await adopt.waitFor({ state: 'hidden' });
  await consoleState(page, '已采用');
  const adoptions = page.getByTestId('report-adoptions');
  await adoptions.getByText(ADOPTED_BY).waitFor();
  await adoptions.getByTestId('adoption-level').getByText('本级采用').waitFor();
  const server2 = (await gansu.get(`/api/v1/reports/${id}`)).json.actions;
  assert.deepEqual(server2.slice().sort(), ['record-adoption', 'record-instruction']);
  assert.deepEqual(await consoleActions(page), server2.slice().sort());

  // the province adopts it too; the local level, recorded already, cannot be picked again
  const rec = await actionDialog(page, 'record-adoption');
  assert.equal(await rec.locator('[data-value=local] input').isDisabled(), true);
  await rec.locator('[data-value=province]').click();
  await rec.getByTestId('action-adopted_by').fill(PROVINCE_BY);
  await rec.getByTestId('action-confirm').click();
  await rec.waitFor({ state: 'hidden' });
  await adoptions.getByText(PROVINCE_BY).waitFor();
  assert.deepEqual(await adoptions.getByTestId('adoption-level').allInnerTexts(), ['本级采用', '省级采用']);
  await consoleState(page, '已采用');
  const timeline = await page.getByTestId('report-timeline').innerText();
  for (const step of ['采用', '登记采用']) assert.match(timeline, new RegExp(step));
  assertNoPageErrors(desk.errors);
});

test('member1 sees 已采用 and the adoptions on the phone; the stored report tells the whole story', async () => {
  const { page } = phone;
  await page.goto(`${server.url}/m/reports`);
  await page.locator(`[data-testid=m-report][data-id="${id}"]`).getByTestId('m-report-status').getByText('已采用').waitFor();
  await page.goto(`${server.url}/m/reports/${id}`);
  await phoneState(page, '已采用');
  const adoptions = page.getByTestId('m-adoptions');
  await adoptions.getByText('省级采用').waitFor();
  await adoptions.getByText(PROVINCE_BY).waitFor();
  await adoptions.getByText('本级采用').waitFor();
  // nothing is left for the author to do
  for (const a of ['submit', 'edit', 'withdraw']) assert.equal(await page.getByTestId(`m-action-${a}`).count(), 0);

  const r = (await member1.get(`/api/v1/reports/${id}`)).json;
  assert.equal(r.status, 'adopted');
  assert.equal(r.body, BODY2);
  assert.equal(r.member_id, member1.user.member_id);
  assert.ok(r.submitted_at && r.decided_at);
  assert.deepEqual(r.actions, []);
  assert.deepEqual(r.adoptions.map((a) => [a.level, a.adopted_by]), [['local', ADOPTED_BY], ['province', PROVINCE_BY]]);
  const versions = (await member1.get(`/api/v1/reports/${id}/versions`)).json.items;
  assert.deepEqual(versions.map((v) => [v.version, v.body, v.current]), [[1, BODY1, false], [2, BODY2, true]]);
  const events = (await member1.get(`/api/v1/reports/${id}/timeline`)).json.items;
  assert.deepEqual(events.map((e) => e.action), ['create', 'submit', 'return', 'edit', 'submit', 'adopt', 'record-adoption']);
  assert.equal(events[2].note, NOTE);
  assertNoPageErrors(phone.errors);
});

test('the statistics page shows the server\'s figures for the year and downloads them as a workbook', async () => {
  const { page } = desk;
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const stats = (await gansu.get(`/api/v1/reports/stats?year=${year}&committee_id=${gansu.user.committee.id}`)).json;
  await page.goto(`${server.url}/reports/stats`);
  await page.getByTestId('stat-submitted').getByText(stats.totals.submitted.toLocaleString('en-US'), { exact: true }).waitFor();
  assert.equal(await page.getByTestId('stat-adopted_above').locator('.value').innerText(), stats.totals.adopted_above.toLocaleString('en-US'));
  assert.equal(await page.getByTestId('stat-instructions').locator('.value').innerText(), stats.totals.instructions.toLocaleString('en-US'));
  await page.locator('[data-testid=chart-month] canvas').first().waitFor();
  // the workbook is a job (POST …/stats/export, 202): its progress in a dialog, then the file by itself
  const [download, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/reports/stats/export'),
    page.getByTestId('stats-export').click(),
  ]);
  assert.equal(post.status(), 202);
  assert.equal(new URL(post.url()).searchParams.get('year'), String(year));
  assert.equal(await page.getByTestId('export-dialog').getByTestId('job-progress').getAttribute('data-status'), 'done');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assertNoPageErrors(desk.errors);
});
