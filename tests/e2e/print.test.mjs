// tests/e2e/print.test.mjs: what issue 18 adds to the console, as staff use it in Chromium. The
// print button (打印) of a proposal yields its notices as PDF (text read back with pdftotext); the
// members list prints its roster; an irreversible step (立案) asks first: cancelled, nothing
// changes and no form opens; confirmed, the step is taken; staff check a member's self-logged
// activity in 活动审核 (审核通过 asks first) and it earns its points.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startApp, launch, login, as, assertNoPageErrors, answerConfirmStep } from './lib/browser.mjs';

let server, desk, tiban, gansu, member1;
let prov, jy;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const shift = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

before(async () => {
  server = await startApp();
  desk = await launch({ width: 1440, height: 900 });
  tiban = await as(server, 'tiban');
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
  prov = member1.user.committee.id;
  jy = (await gansu.get(`/api/v1/units?committee_id=${prov}&limit=100`)).json.items.find((u) => u.name === '甘肃省教育厅').id;
  const r = await tiban.post('/api/v1/proposal-sessions', { name: '十三届一次会议', committee_id: prov, year,
    opens_on: shift(-10), closes_on: shift(10) });
  assert.ok(r.status === 201, r.text);
});
after(async () => {
  await desk?.close();
  await server?.close();
});

/** Logs the console in as username, leaving any earlier session. */
async function loginAs(page, username) {
  await page.context().clearCookies();
  await login(page, server, username);
}

/** A proposal of member1, submitted (and filed and assigned when asked). */
async function proposal(title, { file = false, assign = false } = {}) {
  let r = await member1.post('/api/v1/proposals', { title, category: '教育科技', committee_id: prov,
    facts: '情况。', analysis: '分析。', suggestions: '建议。' });
  const id = r.json.id;
  r = await member1.post(`/api/v1/proposals/${id}/submit`, {});
  assert.equal(r.status, 200, r.text);
  if (file) assert.equal((await tiban.post(`/api/v1/proposals/${id}/file`, {})).status, 200);
  if (assign) assert.equal((await tiban.post(`/api/v1/proposals/${id}/assign`, { mode: 'lead', lead_unit_id: jy })).status, 200);
  return id;
}

/** The text (no white space) of the PDF a click on the element with testid downloads through the export dialog. */
async function printed(page, click, path) {
  const [d, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && path.test(new URL(r.url()).pathname)),
    click(),
  ]);
  assert.equal(post.status(), 202, 'printing is a job');
  const dialog = page.getByTestId('export-dialog');
  assert.equal(await dialog.getByTestId('job-progress').getAttribute('data-status'), 'done');
  const bytes = readFileSync(await d.path());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' }).replace(/\s+/g, '');
}

test('the print button yields the proposal\'s notices and the roster as PDF', async () => {
  const { page, errors } = desk;
  const id = await proposal('关于改善农村学校供暖条件的提案', { file: true, assign: true });
  const p = (await tiban.get(`/api/v1/proposals/${id}`)).json;
  await loginAs(page, 'tiban');
  await page.goto(`${server.url}/proposals/${id}`);
  await page.getByTestId('proposal-title').getByText('关于改善农村学校供暖条件的提案').waitFor();
  const menu = async (item) => {
    await page.getByTestId('proposal-print').click();
    await page.getByTestId(item).click();
  };
  let text = await printed(page, () => menu('print-filing'), /\/proposals\/\d+\/filing-notice$/);
  for (const want of ['提案立案通知书', `案号：${p.case_number.replace(/\s+/g, '')}`, '关于改善农村学校供暖条件的提案', '提案委员会（盖章）'])
    assert.ok(text.includes(want), `${want} in:\n${text}`);
  text = await printed(page, () => menu('print-assignment'), /\/proposals\/\d+\/assignment-notice$/);
  assert.ok(text.includes('提案交办通知书') && text.includes('甘肃省教育厅'), text);
  text = await printed(page, () => menu('print-proposal'), /\/proposals\/\d+\/pdf$/);
  assert.ok(text.includes('提案单'), text);

  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  text = await printed(page, () => page.getByTestId('member-print').click(), /\/members\/export$/);
  assert.ok(text.includes('委员名册'), text);
  assertNoPageErrors(errors);
});

test('an irreversible step asks first: cancel changes nothing, confirm takes it', async () => {
  const { page, errors } = desk;
  const id = await proposal('关于规范校外培训收费的提案');
  await loginAs(page, 'tiban');
  await page.goto(`${server.url}/proposals/${id}`);
  await page.getByTestId('action-file').click();
  const box = page.locator('.el-message-box.confirm-step');
  await box.waitFor();
  assert.match(await box.innerText(), /立案后将编定案号，不能撤销/);
  await answerConfirmStep(page, { cancel: true });
  assert.equal(await page.locator('[data-testid=action-dialog][data-action="file"]').isVisible(), false, 'no form after a cancel');
  assert.equal((await tiban.get(`/api/v1/proposals/${id}`)).json.status, 'submitted', 'nothing changed');

  await page.getByTestId('action-file').click();
  await answerConfirmStep(page);
  const dialog = page.locator('[data-testid=action-dialog][data-action="file"]');
  await dialog.waitFor();
  await dialog.getByTestId('action-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('proposal-state').getByText('已立案').waitFor();
  assert.equal((await tiban.get(`/api/v1/proposals/${id}`)).json.status, 'filed');
  assertNoPageErrors(errors);
});

test('staff check a member\'s self-logged activity in 活动审核; it then earns its points', async () => {
  const { page, errors } = desk;
  const r = await member1.post('/api/v1/activities', { title: '走访城关区社区听取意见（浏览器测试）', kind: 'visit', committee_id: prov,
    starts_at: new Date(Date.now() - 2 * 3600e3).toISOString(), status: 'done', people_reached: 8 });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.check.status, 'pending');
  const points = async () => (await member1.get(`/api/v1/points?member_id=${member1.user.member_id}&year=${year}`)).json.items
    .filter((e) => e.source_kind === 'activity' && e.source_id === id).length;
  assert.equal(await points(), 0);

  await loginAs(page, 'gansu');
  await page.goto(`${server.url}/contact/activity-checks`);
  const row = page.getByTestId(`check-row-${id}`);
  await row.waitFor();
  // cancelled: still waiting
  await row.getByTestId('action-approve').click();
  await answerConfirmStep(page, { cancel: true });
  assert.equal((await gansu.get(`/api/v1/activities/${id}`)).json.check.status, 'pending');
  await row.getByTestId('action-approve').click();
  await answerConfirmStep(page);
  await row.waitFor({ state: 'detached' });
  assert.equal((await gansu.get(`/api/v1/activities/${id}`)).json.check.status, 'approved');
  assert.equal(await points(), 1);
  // the activity's page shows the check's state
  await page.goto(`${server.url}/contact/activities/${id}`);
  await page.getByTestId('activity-check').getByText('审核通过').waitFor();
  assertNoPageErrors(errors);
});
