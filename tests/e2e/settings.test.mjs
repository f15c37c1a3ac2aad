// tests/e2e/settings.test.mjs: the three committee settings pages (联系群众设置, 提案工作设置,
// 社情民意信息工作设置) are one component with three areas. For each, the provincial office
// (gansu) opens the page, gives the committee its own value of one figure, saves, and the server
// has it; then sets it back to 沿用上级 and the own value is gone. viewer reads a page with the
// figures disabled and no save button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, assertNoPageErrors } from './lib/browser.mjs';
import { committeeId } from '../api/lib/util.mjs';

let server, desk, gansu, prov;

before(async () => {
  server = await startApp({ contact: false, proposals: false, reports: false });
  desk = await launch();
  gansu = await as(server, 'gansu');
  prov = await committeeId(gansu, '甘肃省政协');
  await login(desk.page, server, 'gansu');
});

after(async () => {
  await desk?.close();
  await server?.close();
});

const pages = [
  { path: '/contact/settings', api: 'settings', key: 'year_min_people', value: 45 },
  { path: '/proposals/settings', api: 'proposal-settings', key: 'cosign_days', value: 9 },
  { path: '/reports/settings', api: 'report-settings', key: 'body_max', value: 1800 },
];

for (const p of pages) {
  test(`${p.path}: own value saved, then inherited again`, async () => {
    const { page } = desk;
    await page.goto(server.url + p.path);
    await page.getByTestId('settings-form').waitFor();
    const input = page.locator(`[data-testid="setting-${p.key}"] input`);
    const inherit = page.getByTestId(`setting-${p.key}-inherit`);
    const before = (await gansu.get(`/api/v1/committees/${prov}/${p.api}`)).json;
    assert.equal(before.own[p.key] ?? null, null, 'the demo sets no own value');
    assert.equal(await input.isDisabled(), true, 'an inherited value is not edited');

    await inherit.click();
    await input.fill(String(p.value));
    await input.press('Tab');
    await page.getByTestId('settings-save').click();
    await page.getByText('已保存').first().waitFor();
    let s = (await gansu.get(`/api/v1/committees/${prov}/${p.api}`)).json;
    assert.equal(s.own[p.key], p.value);
    assert.equal(s[p.key], p.value);

    await inherit.click();
    await page.getByTestId('settings-save').click();
    for (let i = 0; i < 50 && s.own[p.key] != null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = (await gansu.get(`/api/v1/committees/${prov}/${p.api}`)).json;
    }
    assert.equal(s.own[p.key] ?? null, null, 'back to the inherited value');
    assert.equal(s[p.key], before[p.key]);
    assertNoPageErrors(desk.errors);
  });
}

test('viewer reads the settings without changing them', async () => {
  const v = await launch();
  try {
    await login(v.page, server, 'viewer');
    await v.page.goto(`${server.url}/reports/settings`);
    await v.page.getByTestId('settings-form').waitFor();
    assert.equal(await v.page.locator('[data-testid="setting-body_max"] input').isDisabled(), true);
    assert.equal(await v.page.getByTestId('settings-save').count(), 0);
    assertNoPageErrors(v.errors);
  } finally {
    await v.close();
  }
});
