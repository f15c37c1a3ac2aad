// tests/e2e/organiser.test.mjs: the organiser (组织者) in the console. The security
// administrator gives the role on the users page and picks the activity group it organises (the
// groups of the account's committee); the organiser's quotas page (履职要求) opens on its group,
// fixed, and lists its group's members only; a new activity of the organiser is its group's, and
// the members chosen in the form are saved with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let secadmin;
before(async () => {
  server = await startApp();
  secadmin = await as(server, 'secadmin');
});
after(async () => {
  await server?.close();
});

/** Opens the select of form field key in the dialog and clicks the option named text. */
async function pick(page, key, text) {
  await page.getByTestId('record-dialog').locator(`[data-field=${key}] .el-select`).click();
  await page.locator('.el-select-dropdown:visible').getByText(text, { exact: true }).click();
}

test('the security administrator gives the organiser role with the activity group it organises', async () => {
  const b = await launch();
  try {
    const { page } = b;
    const zuzhi = await as(server, 'zuzhi');
    const groupName = zuzhi.user.organiser_name;
    await login(page, server, 'secadmin', { path: '/login?redirect=/system/users' });
    await page.waitForURL((u) => u.pathname === '/system/users');
    // the account is the province's: the groups offered are the province's own
    await page.getByTestId('committee-switcher').locator('.el-select').click();
    await page.getByRole('listbox', { name: '当前政协' }).getByText('甘肃省政协', { exact: true }).click();
    await page.getByTestId('record-new').click();
    const dialog = page.getByTestId('record-dialog');
    await dialog.locator('[data-field=username] input').fill('zuzhi-e2e');
    await dialog.locator('[data-field=password] input').fill('Organise-2026');
    await pick(page, 'role', '组织者');
    // the role asks for its body: saving without it shows the server's refusal
    await dialog.locator('[data-field=organiser_kind]').waitFor();
    await page.getByTestId('record-save').click();
    await dialog.locator('.el-alert__title').getByText(/组织者账号须指定/).waitFor();
    await pick(page, 'organiser_kind', '界别活动组');
    await pick(page, 'organiser_id', groupName);
    await page.getByTestId('record-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const made = (await secadmin.get('/api/v1/users?q=zuzhi-e2e')).json.items[0];
    assert.equal(made.role, 'organiser');
    assert.equal(made.organiser_kind, 'group');
    assert.equal(made.organiser_id, zuzhi.user.organiser_id);
    await page.getByTestId('record-table').getByText(groupName).first().waitFor();
    assertNoPageErrors(b.errors);
  } finally {
    await b.close();
  }
});

test('the organiser\'s quotas page opens on its group and lists its members only', async () => {
  const b = await launch();
  try {
    const { page } = b;
    const zuzhi = await as(server, 'zuzhi');
    const want = (await zuzhi.get('/api/v1/compliance?limit=50')).json;
    assert.ok(want.total > 0);
    const asked = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/compliance') asked.push(u.searchParams.get('group_id'));
    });
    await login(page, server, 'zuzhi', { path: '/login?redirect=/contact/compliance' });
    await page.waitForURL((u) => u.pathname === '/contact/compliance');
    const group = page.getByTestId('compliance-group');
    await group.getByText(zuzhi.user.organiser_name).waitFor();
    assert.ok(await group.locator('.is-disabled').count(), 'its group is fixed');
    const table = page.getByTestId('compliance-table');
    await table.locator('tbody tr.el-table__row').first().waitFor();
    const names = (await table.locator('tbody tr.el-table__row td:first-child').allInnerTexts()).map((x) => x.trim());
    assert.deepEqual(names, want.items.map((i) => i.name));
    assert.ok(asked.length && asked.every((g) => g === String(zuzhi.user.organiser_id)), `asked with group_id ${asked}`);
    // it reminds its members
    await page.getByTestId('compliance-remind').waitFor();
    assertNoPageErrors(b.errors);
  } finally {
    await b.close();
  }
});

test('the organiser records an activity of its group with one of its members', async () => {
  const b = await launch();
  try {
    const { page } = b;
    const zuzhi = await as(server, 'zuzhi');
    const member1 = await as(server, 'member1');
    const me = (await member1.get(`/api/v1/members/${member1.user.member_id}`)).json;
    await login(page, server, 'zuzhi', { path: '/login?redirect=/contact/activities' });
    await page.waitForURL((u) => u.pathname === '/contact/activities');
    await page.getByTestId('activity-new').click();
    const dialog = page.getByTestId('activity-dialog');
    await dialog.waitFor();
    const input = (id) => dialog.locator(`input[data-testid=${id}], [data-testid=${id}] input`).first();
    await input('activity-title').fill('组织者的界别走访');
    const starts = input('activity-starts');
    await starts.fill('2027-05-12 09:00');
    await starts.press('Enter');
    const members = dialog.getByTestId('activity-members');
    await members.click();
    await members.locator('input').fill(me.name);
    await page.locator('.el-select-dropdown__item:visible', { hasText: me.name }).first().click();
    await dialog.getByTestId('activity-title').click(); // close the list
    await page.waitForTimeout(900); // the clash check runs after a pause
    await dialog.getByTestId('activity-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const made = (await zuzhi.get(`/api/v1/activities?q=${encodeURIComponent('组织者的界别走访')}`)).json.items;
    assert.equal(made.length, 1);
    assert.equal(made[0].organiser_kind, 'group');
    assert.equal(made[0].organiser_id, zuzhi.user.organiser_id);
    const parts = (await zuzhi.get(`/api/v1/activities/${made[0].id}/participants`)).json.items;
    assert.deepEqual(parts.map((p) => p.member_id), [me.id]);
    assertNoPageErrors(b.errors);
  } finally {
    await b.close();
  }
});
