// tests/e2e/contact-calendar.test.mjs: the weekly coordination calendar (活动日历) in the console.
// Creating an activity at a grassroots unit another activity visits in the same week, and moving
// (dragging) an activity into such a week, both warn before saving and name the other activity;
// saving anyway saves it, and the calendar marks the clash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
let gansu;
let unit;
let first;
before(async () => {
  server = await startApp();
  b = await launch();
  gansu = await as(server, 'gansu');
  // a place and an activity of its own, in a week of next spring that the demo leaves alone
  unit = (await gansu.post('/api/v1/grassroots-units', { name: '日历测试社区', kind: 'community', committee_id: 2, township: '日历测试街道' })).json;
  assert.ok(unit.id, JSON.stringify(unit));
  first = (await gansu.post('/api/v1/activities', {
    title: '甲：社区养老调研', kind: 'research', committee_id: 2, grassroots_unit_id: unit.id,
    starts_at: '2027-03-02T09:00:00+08:00', ends_at: '2027-03-02T11:00:00+08:00',
  })).json;
  assert.ok(first.id, JSON.stringify(first));
});
after(async () => {
  await b?.close();
  await server?.close();
});

/** Chooses an option of an Element Plus select by typing (remote search) and clicking it. */
async function choose(page, select, text) {
  await select.click();
  await select.locator('input').fill(text);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

/** The <input> of an Element Plus input or date picker carrying data-testid id (on the input or around it). */
const inputOf = (scope, id) => scope.locator(`input[data-testid=${id}], [data-testid=${id}] input`).first();
const day = (page, date) => page.locator(`[data-testid=cal-day][data-date="${date}"]`);
const eventNamed = (page, title) => page.getByTestId('cal-event').filter({ hasText: title });

test('creating an activity at the same grassroots unit in the same week warns and names the other activity', async () => {
  const { page } = b;
  await login(page, server, 'gansu');
  await page.goto(`${server.url}/contact/calendar?view=week&date=2027-03-01`);
  assert.match(await page.getByTestId('calendar-heading').innerText(), /2027-03-01.*2027-03-07/);
  await eventNamed(page, '甲：社区养老调研').waitFor();
  assert.equal(await day(page, '2027-03-02').getByText('甲：社区养老调研').count(), 1, 'the activity is on its day');

  // + on Thursday opens the form on that day, 09:00
  await day(page, '2027-03-04').getByTestId('cal-day-new').click();
  const dialog = page.getByTestId('activity-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('clash-warning').count(), 0, 'no warning before a place is chosen');
  await inputOf(dialog, 'activity-title').fill('乙：社区就业帮扶座谈');
  await choose(page, dialog.getByTestId('activity-unit'), '日历测试社区');
  const warning = dialog.getByTestId('clash-warning');
  await warning.waitFor();
  const text = await warning.innerText();
  assert.match(text, /甲：社区养老调研/, `the warning names the other activity: ${text}`);
  assert.match(text, /同一基层单位/);
  // saving over the clash takes a deliberate click
  const save = dialog.getByTestId('activity-save');
  assert.equal((await save.innerText()).replace(/\s/g, ''), '仍然保存');
  await save.click();
  await dialog.waitFor({ state: 'hidden' });

  const made = (await gansu.get(`/api/v1/activities?grassroots_unit_id=${unit.id}&q=${encodeURIComponent('乙：社区就业帮扶座谈')}`)).json.items;
  assert.equal(made.length, 1, 'the activity was saved');
  assert.equal(made[0].starts_at, '2027-03-04T09:00:00+08:00');
  assert.equal(made[0].ends_at, '2027-03-04T11:00:00+08:00');
  assert.equal(made[0].committee_id, 2);
  assert.equal(made[0].status, 'planned');

  // the calendar now marks both as clashing
  const second = eventNamed(page, '乙：社区就业帮扶座谈');
  await second.waitFor();
  await second.getByTestId('cal-event-clash').waitFor();
  await eventNamed(page, '甲：社区养老调研').getByTestId('cal-event-clash').waitFor();
  await page.getByTestId('calendar-summary').getByText('2 项有冲突').waitFor();
  assertNoPageErrors(b.errors);
});

test('moving an activity into a week where its unit is visited already warns before saving', async () => {
  const { page } = b;
  const later = (await gansu.post('/api/v1/activities', {
    title: '丙：社区文化宣讲', kind: 'lecture', committee_id: 2, grassroots_unit_id: unit.id,
    starts_at: '2027-03-10T14:30:00+08:00', ends_at: '2027-03-10T16:00:00+08:00',
  })).json;
  assert.equal(later.clashes?.length ?? 0, 0, 'alone in its own week');

  // the month shows both weeks; drag 丙 onto Wednesday of the first one
  await page.goto(`${server.url}/contact/calendar?view=month&date=2027-03-01`);
  const moving = eventNamed(page, '丙：社区文化宣讲');
  await moving.waitFor();
  await moving.dragTo(day(page, '2027-03-03'));
  const dialog = page.getByTestId('activity-dialog');
  await dialog.waitFor();
  const warning = dialog.getByTestId('clash-warning');
  await warning.waitFor();
  const text = await warning.innerText();
  assert.match(text, /甲：社区养老调研/, `the warning names the activity already there: ${text}`);
  assert.doesNotMatch(text, /丙：社区文化宣讲/, 'not the activity being moved');
  // nothing saved yet
  assert.equal((await gansu.get(`/api/v1/activities/${later.id}`)).json.starts_at, '2027-03-10T14:30:00+08:00');

  // back out: cancelling keeps the old time
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await gansu.get(`/api/v1/activities/${later.id}`)).json.starts_at, '2027-03-10T14:30:00+08:00');

  // through the summary's 改期 this time, and save anyway: the time of day and the length stay
  await moving.click();
  await page.getByTestId('cal-summary').waitFor();
  await page.getByTestId('cal-move').click();
  await dialog.waitFor();
  const starts = inputOf(dialog, 'activity-starts');
  await starts.fill('2027-03-03 14:30');
  await starts.press('Enter');
  const ends = inputOf(dialog, 'activity-ends');
  await ends.fill('2027-03-03 16:00');
  await ends.press('Enter');
  await dialog.getByTestId('clash-warning').getByText('甲：社区养老调研').first().waitFor();
  await dialog.getByTestId('activity-save').click();
  await dialog.waitFor({ state: 'hidden' });
  const moved = (await gansu.get(`/api/v1/activities/${later.id}`)).json;
  assert.equal(moved.starts_at, '2027-03-03T14:30:00+08:00');
  assert.equal(moved.ends_at, '2027-03-03T16:00:00+08:00');
  await day(page, '2027-03-03').getByText('丙：社区文化宣讲').waitFor();
  assertNoPageErrors(b.errors);
});

test('an activity in a week of its own saves without a warning', async () => {
  const { page } = b;
  await page.goto(`${server.url}/contact/calendar?view=week&date=2027-04-12`);
  await page.getByTestId('calendar-grid').waitFor();
  await day(page, '2027-04-14').getByTestId('cal-day-new').click();
  const dialog = page.getByTestId('activity-dialog');
  await dialog.waitFor();
  await inputOf(dialog, 'activity-title').fill('丁：独立一周的调研');
  await choose(page, dialog.getByTestId('activity-unit'), '日历测试社区');
  await page.waitForTimeout(900); // the check runs after a pause in typing
  assert.equal(await dialog.getByTestId('clash-warning').count(), 0);
  assert.equal((await dialog.getByTestId('activity-save').innerText()).replace(/\s/g, ''), '保存');
  await dialog.getByTestId('activity-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await eventNamed(page, '丁：独立一周的调研').waitFor();
  assert.equal(await eventNamed(page, '丁：独立一周的调研').getByTestId('cal-event-clash').count(), 0);
  assertNoPageErrors(b.errors);
});
