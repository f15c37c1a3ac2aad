// tests/e2e/contact-mobile.test.mjs: a member's own part of linking with the masses on a 390-px
// phone: linking grassroots units up to the limit (the fourth is refused with the server's
// message), logging a contact (form, title, time, unit, people, content, a photo) that then
// shows in my activities and is stored with the right fields, my quotas counting it, and a
// request from the masses taken from 受理 to 已解决.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
let gansu;
let me;
let memberId;
const units = [];
// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Today in China Standard Time, "YYYY-MM-DD". */
const todayCst = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

before(async () => {
  server = await startApp();
  b = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  me = await as(server, 'member1');
  memberId = me.user.member_id;
  assert.ok(memberId, 'member1 is a member account');
  // start from no linked units, and four new units to link
  for (const u of (await me.get(`/api/v1/members/${memberId}/grassroots-units`)).json.items) {
    assert.equal((await me.del(`/api/v1/members/${memberId}/grassroots-units/${u.id}`)).status, 204);
  }
  for (const n of [1, 2, 3, 4]) {
    const u = (await gansu.post('/api/v1/grassroots-units', { name: `手机测试联系点${n}号`, kind: 'village', committee_id: 2, township: '手机测试镇' })).json;
    assert.ok(u.id, JSON.stringify(u));
    units.push(u);
  }
});
after(async () => {
  await b?.close();
  await server?.close();
});

test('a member links three grassroots units; the fourth is refused with the limit named', async () => {
  const { page } = b;
  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-units').click();
  await page.waitForURL((u) => u.pathname === '/m/units');
  await page.getByTestId('m-units').getByText('已联系 0 个（最多 3 个）').waitFor();
  await page.getByTestId('m-units-search').locator('input').fill('手机测试联系点');
  for (const u of units.slice(0, 3)) {
    const row = page.locator(`[data-testid=m-unit-found][data-id="${u.id}"]`);
    await row.getByTestId('m-unit-link').click();
    await page.locator(`[data-testid=m-unit][data-id="${u.id}"]`).waitFor();
  }
  await page.getByTestId('m-units').getByText('已联系 3 个（最多 3 个）').waitFor();
  await page.locator(`[data-testid=m-unit-found][data-id="${units[3].id}"]`).getByTestId('m-unit-link').click();
  const error = page.getByTestId('m-units-error');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /最多联系 3 个基层单位/, `the server's message: ${text}`);
  const linked = (await me.get(`/api/v1/members/${memberId}/grassroots-units`)).json;
  assert.deepEqual(linked.items.map((u) => u.id).sort((x, y) => x - y), units.slice(0, 3).map((u) => u.id).sort((x, y) => x - y));
  assert.equal(linked.max_units, 3);
  assertNoPageErrors(b.errors);
});

test('a member logs a contact on the phone; it shows in my activities and is stored as entered', async () => {
  const { page } = b;
  await page.goto(`${server.url}/m/`);
  await page.getByTestId('m-tile-contact-log').click();
  await page.waitForURL((u) => u.pathname === '/m/contact/new');
  await page.getByTestId('m-log-form').waitFor();
  const day = todayCst();
  const title = '互动协商：听取种植户对合作社的意见';
  await page.getByTestId('m-log-kind-consultation').click();
  await page.getByTestId('m-log-title').locator('input').fill(title);
  await page.getByTestId('m-log-time').fill(`${day}T08:30`);
  await page.getByTestId('m-log-people').locator('input').fill('23');
  await page.getByTestId('m-log-content').locator('textarea').fill('与二十多位种植户座谈，记录了冷库和销路两方面的问题。');
  await page.getByTestId(`m-log-unit-${units[1].id}`).click();
  await page.getByTestId('m-log-photos').locator('input[type=file]').setInputFiles({ name: '座谈.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('.van-uploader__preview').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.van-uploader__mask'), null, { timeout: 15000 });
  await page.getByTestId('m-log-submit').click();

  // the list of my activities opens with it on top
  await page.waitForURL((u) => u.pathname === '/m/activities');
  const item = page.getByTestId('m-activity').first();
  await item.getByText(title).waitFor();
  const itemText = await item.innerText();
  assert.match(itemText, /互动协商/);
  assert.match(itemText, new RegExp(`${day} 08:30`));
  assert.match(itemText, /手机测试联系点2号/);
  assert.match(itemText, /23 人次/);
  assert.match(itemText, /已开展/);
  const id = Number(await item.getAttribute('data-id'));

  // through the API, with the right fields
  const a = (await me.get(`/api/v1/activities/${id}`)).json;
  assert.equal(a.title, title);
  assert.equal(a.kind, 'consultation');
  assert.equal(a.status, 'done');
  assert.equal(a.starts_at, `${day}T08:30:00+08:00`);
  assert.equal(a.grassroots_unit_id, units[1].id);
  assert.equal(a.people_reached, 23);
  assert.equal(a.content, '与二十多位种植户座谈，记录了冷库和销路两方面的问题。');
  const member = (await me.get(`/api/v1/members/${memberId}`)).json;
  assert.equal(a.committee_id, member.committee_id, 'in the member\'s own committee');
  assert.equal(a.created_by, me.user.id);
  assert.equal(a.organiser_kind, null);
  assert.equal(a.photo_file_ids.length, 1);
  assert.equal(a.photos[0].filename, '座谈.png');
  const people = (await me.get(`/api/v1/activities/${id}/participants`)).json.items;
  assert.deepEqual(people.map((p) => [p.member_id, p.attendance]), [[memberId, 'present']]);

  // and its detail page shows what was entered
  await item.click();
  await page.waitForURL((u) => u.pathname === `/m/activities/${id}`);
  assert.equal(await page.getByTestId('m-activity-title').innerText(), title);
  await page.getByTestId('m-activity-detail').getByText('手机测试联系点2号').waitFor();
  assertNoPageErrors(b.errors);
});

test('my quotas count the contact just logged', async () => {
  const { page } = b;
  const c = (await me.get(`/api/v1/members/${memberId}/compliance`)).json;
  assert.ok(c.people_reached >= 23, JSON.stringify(c));
  await page.goto(`${server.url}/m/compliance`);
  const people = page.getByTestId('m-compliance-people');
  await people.waitFor();
  assert.match(await people.innerText(), new RegExp(`${c.people_reached}\\s*/\\s*${c.year_min}`));
  await page.getByTestId('m-compliance-quarter').getByText(c.quarter_met ? '达标' : '未达标', { exact: true }).waitFor();
  // quarters read 第一季度 … (issue 18), not Q1
  const qName = ['第一季度', '第二季度', '第三季度', '第四季度'][c.quarter - 1];
  assert.match(await page.getByTestId('m-compliance-quarters').innerText(), new RegExp(`${qName}\\s*${c.quarters[c.quarter - 1]}`));
  assertNoPageErrors(b.errors);
});

test('a member records a request from the masses and takes it to 已解决', async () => {
  const { page } = b;
  await page.goto(`${server.url}/m/`);
  await page.getByTestId('m-tile-requests').click();
  await page.waitForURL((u) => u.pathname === '/m/requests');
  await page.goto(`${server.url}/m/requests/new`);
  await page.getByTestId('m-request-form').waitFor();
  await page.getByTestId('m-request-cat-elderly_care').click();
  await page.getByTestId('m-request-title').locator('input').fill('村里老人吃饭难，盼办老年食堂');
  await page.getByTestId('m-request-submit').click();
  await page.waitForURL((u) => /^\/m\/requests\/\d+$/.test(u.pathname));
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal((await page.getByTestId('m-request-status').innerText()).trim(), '已受理');
  await page.getByTestId('m-request-start').click();
  await page.getByTestId('m-request-status').getByText('办理中').waitFor();
  await page.getByTestId('m-request-resolve').click();
  await page.getByTestId('m-request-text').locator('textarea').fill('协调村委会利用闲置村部办起老年食堂，已开餐。');
  await page.getByTestId('m-request-confirm').click();
  await page.getByTestId('m-request-status').getByText('已解决').waitFor();
  await page.getByTestId('m-request-resolution').getByText('协调村委会利用闲置村部办起老年食堂，已开餐。').waitFor();
  const r = (await me.get(`/api/v1/requests/${id}`)).json;
  assert.equal(r.status, 'resolved');
  assert.equal(r.category, 'elderly_care');
  assert.equal(r.member_id, memberId);
  assert.ok(r.closed_at, 'closed');
  // it is listed among my closed requests
  await page.goto(`${server.url}/m/requests`);
  await page.getByTestId('m-requests-closed').locator(`[data-testid=m-request][data-id="${id}"]`).waitFor();
  assertNoPageErrors(b.errors);
});
