// tests/e2e/bulletins-member.test.mjs: what a member reads of its committee's publications
// (issue 16, "What members see": the platform serves the members' 知情明政). On the phone, member1
// opens the tile 社情民意刊物: the issued 《社情民意》 of 甘肃省政协 (the demo's three sent and one
// signed off; not its draft), newest first; it opens one, reads its reports as printed and gets
// its PDF through the export sheet; the second tab lists the issued 《网络社情摘要》 and one opens with
// its groups. In the console the same member finds the bulletins' list and an issue without the
// office's buttons, filters or pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startApp, launch, login, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let phone;
let gansu;
let member1;
const PROV = 2; // 甘肃省政协, member1's committee

before(async () => {
  server = await startApp();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
});
after(async () => {
  await phone?.close();
  await server?.close();
});

/** Every item of a list of the API, as the client reads it. */
async function all(client, path) {
  const r = await client.get(`${path}?limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('member1 opens 社情民意刊物 on the phone: the issued bulletins, one of them with its text and its PDF, and the digests', async () => {
  const { page } = phone;
  // what the office has: issued bulletins and a draft of the province
  const office = await all(gansu, '/api/v1/bulletins');
  const issued = office.filter((b) => b.committee_id === PROV && b.status !== 'draft');
  const drafts = office.filter((b) => b.status === 'draft');
  assert.ok(issued.length >= 3 && drafts.length >= 1, 'the demo has issued bulletins and a draft');

  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-bulletins').getByText('社情民意刊物').click();
  await page.waitForURL((u) => u.pathname === '/m/bulletins');
  const list = page.getByTestId('m-issues-bulletins');
  await list.getByTestId('m-issue').first().waitFor();
  const shown = await list.getByTestId('m-issue').evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
  assert.deepEqual(shown, issued.map((b) => b.id), 'the issued bulletins of the province, newest first');
  for (const d of drafts) assert.ok(!shown.includes(d.id), `not the draft ${d.id}`);
  const text = await list.innerText();
  assert.ok(!text.includes('草稿'), text);
  assert.ok(text.includes(issued[0].label), `the list names ${issued[0].label}`);

  // one issue: its number, its reports as printed (title, author, text)
  const b = issued.find((x) => x.status === 'sent');
  const detail = (await member1.get(`/api/v1/bulletins/${b.id}`)).json;
  await list.locator(`[data-testid=m-issue][data-id="${b.id}"]`).click();
  await page.waitForURL((u) => u.pathname === `/m/bulletins/${b.id}`);
  assert.equal(await page.getByTestId('m-issue-label').innerText(), b.label);
  const items = page.getByTestId('m-issue-item');
  await items.first().waitFor();
  assert.equal(await items.count(), detail.items.length);
  const first = await items.first().innerText();
  assert.ok(first.includes(detail.items[0].title), first);
  assert.ok(first.includes(detail.items[0].body.slice(0, 20)), first);
  if (detail.items[0].author) assert.ok(first.includes(detail.items[0].author), first);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 0, 'it fits the phone');

  // its PDF: a job whose progress shows in the sheet, then the file
  const [pdf, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/bulletins/${b.id}/pdf`),
    page.getByTestId('m-issue-pdf').click(),
  ]);
  assert.equal(post.status(), 202);
  const sheet = page.getByTestId('m-export');
  assert.equal(await sheet.getByTestId('job-progress').getAttribute('data-status'), 'done');
  assert.match(pdf.suggestedFilename(), /\.pdf$/);
  assert.equal(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1'), '%PDF-');
  await page.keyboard.press('Escape');

  // back to the list, then the digests' tab: the province's issued digest, with its groups
  await page.goto(`${server.url}/m/bulletins`);
  await page.getByTestId('m-issue-tabs').getByText('《网络社情摘要》').click();
  await page.waitForURL((u) => u.searchParams.get('tab') === 'digests');
  const digests = (await all(gansu, '/api/v1/digests')).filter((d) => d.committee_id === PROV && d.status === 'issued');
  assert.ok(digests.length >= 1, 'the demo has an issued digest');
  const dl = page.getByTestId('m-issues-digests');
  await dl.getByTestId('m-issue').first().waitFor();
  assert.deepEqual(await dl.getByTestId('m-issue').evaluateAll((els) => els.map((e) => Number(e.dataset.id))), digests.map((d) => d.id));
  await dl.getByTestId('m-issue').first().click();
  await page.waitForURL((u) => u.pathname === `/m/digests/${digests[0].id}`);
  const groups = (await member1.get(`/api/v1/digests/${digests[0].id}`)).json.groups;
  await page.getByTestId('m-issue-group').first().waitFor();
  assert.equal(await page.getByTestId('m-issue-group').count(), groups.length);
  assert.ok((await page.getByTestId('m-issue-group').first().innerText()).includes(`一、${groups[0].subject}`));

  // a draft asked for by its address: the server's 404, said on the page
  await page.goto(`${server.url}/m/bulletins/${drafts[0].id}`);
  await page.getByTestId('m-issue-error').waitFor();
  assert.equal(await page.getByTestId('m-issue-label').count(), 0);
  assertNoPageErrors(phone.errors);
});

test('member1 in the console: the bulletins it may read, without the office\'s pages, filters and buttons', async () => {
  const desk = await launch();
  try {
    const { page } = desk;
    await login(page, server, 'member1', { path: '/login?redirect=%2Fbulletins' });
    await page.waitForURL((u) => u.pathname === '/bulletins');
    const table = page.getByTestId('bulletin-table');
    await table.getByTestId('bulletin-link').first().waitFor();
    const ids = await table.getByTestId('bulletin-link').evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
    const mine = (await all(member1, '/api/v1/bulletins')).map((b) => b.id);
    assert.deepEqual(ids, mine.slice(0, ids.length));
    assert.equal(await page.getByTestId('bulletin-new').count(), 0, 'no 新建刊物');
    await page.getByTestId('filter-status').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first().waitFor();
    const states = (await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').allInnerTexts()).map((x) => x.trim());
    assert.ok(states.length >= 2 && !states.includes('草稿'), `the state filter offers no draft: ${states}`);
    await page.keyboard.press('Escape');
    // the side menu: the lists, not the office's items and grouping pages
    const menu = await page.getByTestId('side-menu').locator('[data-path]').evaluateAll((els) => els.map((e) => e.dataset.path));
    assert.ok(menu.includes('/bulletins') && menu.includes('/digests'), `${menu}`);
    assert.ok(!menu.includes('/digests/items') && !menu.includes('/digests/suggest'), `${menu}`);
    // an issue: its reports, no editing, no action but the files
    await table.getByTestId('bulletin-link').first().click();
    await page.getByTestId('bulletin-items').waitFor();
    assert.ok(await page.getByTestId('item-title-text').count() >= 1);
    assert.equal(await page.getByTestId('bulletin-save').count(), 0);
    assert.equal(await page.getByTestId('action-delete').count(), 0);
    assert.equal(await page.getByTestId('bulletin-candidates').count(), 0);
    await page.getByTestId('action-pdf').waitFor();
    assertNoPageErrors(desk.errors);
  } finally {
    await desk.close();
  }
});
