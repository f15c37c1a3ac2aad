// tests/e2e/contact-console.test.mjs: the console's 联系群众 pages. A studio cannot be certified
// until each item of the 六有 checklist has evidence: the refusal names the missing items, the
// evidence goes up as files, then certification and its revocation. The quotas page lists the
// members not on track (the same count as the API) and sends reminders through a job, and lists
// the members linked to no grassroots unit. An activity's outcome is chosen by title from a
// participant's own proposals, and the proposal's page names the activity. People reached are
// shared among those present and a share is entered by hand. A request from the masses goes
// through its actions. The dashboard shows the roll-up's figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
let gansu;
before(async () => {
  server = await startApp();
  b = await launch();
  gansu = await as(server, 'gansu');
  await login(b.page, server, 'gansu');
});
after(async () => {
  await b?.close();
  await server?.close();
});

const ITEMS = ['site', 'signage', 'rules', 'specialty', 'archive', 'results'];
const LABELS = { site: '场地', signage: '标识', rules: '制度', specialty: '特色', archive: '档案', results: '成果' };

test('certifying a studio is refused while 六有 items lack evidence, naming them; with all six it is certified, then revoked', async () => {
  const { page } = b;
  const studio = (await gansu.post('/api/v1/stations', { name: '浏览器测试委员工作室', kind: 'studio', committee_id: 2, specialty: '乡村振兴' })).json;
  assert.ok(studio.id, JSON.stringify(studio));

  await page.goto(`${server.url}/contact/studios`);
  await page.getByTestId('record-search').fill('浏览器测试委员工作室');
  await page.getByTestId('record-table').getByTestId('link-name').filter({ hasText: '浏览器测试委员工作室' }).click();
  await page.waitForURL((u) => u.pathname === `/contact/studios/${studio.id}`);
  assert.equal((await page.getByTestId('station-cert').innerText()).trim(), '未认定');

  // nothing yet: the refusal names all six
  await page.getByTestId('station-certify').click();
  const refusal = page.getByTestId('certify-error');
  await refusal.waitFor();
  let text = await refusal.innerText();
  assert.match(text, /不能认定/, text);
  for (const i of ITEMS) assert.match(text, new RegExp(LABELS[i]), `${LABELS[i]} is named: ${text}`);

  // a note, and evidence for five items
  const site = page.getByTestId('checklist-site');
  await site.locator('textarea').fill('活动场地约 60 平方米，设接待室');
  await site.getByTestId('checklist-save-note').click();
  await site.getByTestId('checklist-save-note').and(page.locator('[disabled]')).waitFor();
  for (const i of ITEMS.slice(0, 5)) {
    const item = page.getByTestId(`checklist-${i}`);
    await item.getByTestId('checklist-file').setInputFiles({ name: `${LABELS[i]}证明.txt`, mimeType: 'text/plain', buffer: Buffer.from(`${LABELS[i]}的证明材料`) });
    await item.getByText('已有材料').waitFor();
    await item.getByText(`${LABELS[i]}证明.txt`).waitFor();
  }
  await page.getByTestId('certify-error').locator('.el-alert__close-btn').click().catch(() => {});
  await page.getByTestId('station-certify').click();
  await refusal.waitFor();
  await page.waitForFunction(() => /缺少成果的证明材料/.test(document.querySelector('[data-testid=certify-error]')?.textContent || ''));
  text = await refusal.innerText();
  for (const i of ITEMS.slice(0, 5)) assert.doesNotMatch(text, new RegExp(`缺少.*${LABELS[i]}`), `${LABELS[i]} is no longer missing: ${text}`);
  assert.equal((await gansu.get(`/api/v1/stations/${studio.id}`)).json.cert_status, 'none');

  // the sixth, then certification
  const results = page.getByTestId('checklist-results');
  await results.getByTestId('checklist-file').setInputFiles({ name: '成果汇编.txt', mimeType: 'text/plain', buffer: Buffer.from('成果') });
  await results.getByText('已有材料').waitFor();
  await page.getByTestId('station-certify').click();
  await page.getByTestId('station-cert').getByText('已认定').waitFor();
  assert.equal(await page.getByTestId('certify-error').count(), 0, 'the refusal is gone');
  const certified = (await gansu.get(`/api/v1/stations/${studio.id}`)).json;
  assert.equal(certified.cert_status, 'certified');
  assert.ok(certified.certified_at);
  const list = (await gansu.get(`/api/v1/stations/${studio.id}/checklist`)).json;
  assert.equal(list.complete, true);
  assert.equal(list.items.find((i) => i.item === 'site').note, '活动场地约 60 平方米，设接待室');

  // revoking takes a reason
  await page.getByTestId('station-revoke').click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('textarea').fill('场地已改作他用');
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await page.getByTestId('station-cert').getByText('已撤销').waitFor();
  const revoked = (await gansu.get(`/api/v1/stations/${studio.id}`)).json;
  assert.equal(revoked.cert_status, 'revoked');
  assert.equal(revoked.revoke_reason, '场地已改作他用');
  await page.getByTestId('station-detail').getByText('场地已改作他用').waitFor();
  assertNoPageErrors(b.errors);
});

test('the quotas page lists those falling short as the API does, and sends reminders through a job', async () => {
  const { page } = b;
  // member1 meets both quotas with one contact this quarter reaching 40 people
  const me = await as(server, 'member1');
  const member = (await me.get(`/api/v1/members/${me.user.member_id}`)).json;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const logged = await me.post('/api/v1/activities', { title: '走访：达标用的一次联系', kind: 'visit', committee_id: member.committee_id,
    starts_at: `${today}T00:30:00+08:00`, people_reached: 40, status: 'done' });
  assert.equal(logged.status, 201, JSON.stringify(logged.json));
  assert.equal((await me.get(`/api/v1/members/${member.id}/compliance`)).json.on_track, true);
  const all = (await gansu.get('/api/v1/compliance?limit=1')).json;
  // ?short=1 lists only those falling short; its total is their number, examined the members looked at
  let shortCount = 0;
  let shortTotal = null;
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page1 = (await gansu.get(`/api/v1/compliance?short=1&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json;
    assert.ok(page1.items.every((i) => !i.on_track));
    assert.equal(page1.examined, all.total);
    shortTotal ??= page1.total;
    shortCount += page1.items.length;
    cursor = page1.next_cursor;
  }
  assert.ok(shortCount > 0 && shortCount < all.total, `some but not all fall short: ${shortCount} of ${all.total}`);
  assert.equal(shortTotal, shortCount, 'the total of ?short=1 is the number it lists');

  await page.goto(`${server.url}/contact/compliance`);
  await page.getByTestId('compliance-table').waitFor();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)), all.total);
  assert.equal(await listTotal(page), all.total);
  await page.getByTestId('compliance-rule').getByText('每季度至少参加 1 次活动（按季度判断），全年联系群众不少于 40 人次（按年末判断', { exact: false }).waitFor();

  await page.getByTestId('compliance-short').click();
  await page.waitForURL((u) => u.searchParams.get('short') === '1');
  await page.getByTestId('compliance-examined').getByText(`共考察 ${all.total} 名在任委员`).waitFor();
  await page.getByTestId('compliance-total').getByText(`未达标或进度落后 ${shortCount} 名`).waitFor();
  assert.equal(await page.getByTestId('list-total').count(), 0, 'no pager total: the short are read in the members\' order, no page jumps');
  // member1, who meets both quotas, is not listed
  assert.equal(await page.getByTestId('compliance-table').getByText(member.name, { exact: true }).count(), 0);
  // every row shown falls short in the quarter, or is behind the year's pace pro-rated to the quarter's end
  const rows = page.getByTestId('compliance-table').locator('.el-table__body tr');
  const n = await rows.count();
  assert.ok(n > 0);
  for (let i = 0; i < Math.min(n, 10); i++) assert.match(await rows.nth(i).innerText(), /未达标|差 \d+|落后进度/);

  await page.getByTestId('compliance-remind').click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  const dialog = page.getByTestId('remind-dialog');
  await dialog.getByTestId('job-progress').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=remind-dialog] [data-testid=job-progress]')?.getAttribute('data-status') === 'done',
    null, { timeout: 60000 });
  const result = await dialog.getByTestId('remind-result').innerText();
  assert.match(result, new RegExp(`未达标或落后的委员\\s*${shortCount}`), result);
  assert.match(result, /已发送提醒\s*\d+/);
  assert.match(result, /没有账号\s*\d+/);
  assertNoPageErrors(b.errors);
});

/** Chooses an option of an Element Plus select by typing (remote search) and clicking it. */
async function choose(page, select, typed, option = typed) {
  await select.click();
  await select.locator('input').fill(typed);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

test('an outcome is chosen by its title from a participant\'s own proposals, and the proposal names the activity it came from', async () => {
  const { page } = b;
  const proposal = (await gansu.get('/api/v1/proposals?committee_id=2&limit=50')).json.items.find((p) => p.proposer_id && p.title.length >= 6);
  assert.ok(proposal, 'a provincial proposal with a first proposer');
  const act = (await gansu.post('/api/v1/activities', { title: '浏览器测试：走访形成提案', kind: 'visit', committee_id: 2,
    starts_at: '2026-03-05T09:00:00+08:00', status: 'done', people_reached: 30 })).json;
  assert.ok(act.id, JSON.stringify(act));
  assert.equal((await gansu.post(`/api/v1/activities/${act.id}/participants`, { member_id: proposal.proposer_id })).status, 201);

  await page.goto(`${server.url}/contact/activities/${act.id}`);
  await page.getByTestId('participants').waitFor();
  // no number to type: the outcome is searched by title among the participant's proposals
  assert.equal(await page.getByPlaceholder('编号').count(), 0);
  await choose(page, page.getByTestId('link-target'), proposal.title.slice(0, 4), proposal.title);
  await page.getByTestId('link-add').click();
  const shown = page.getByTestId('link-title').filter({ hasText: proposal.title });
  await shown.waitFor();
  const links = (await gansu.get(`/api/v1/activities/${act.id}/links`)).json.items;
  assert.deepEqual(links.map((l) => [l.kind, l.target_id]), [['proposal', proposal.id]]);

  // the proposal's page names the activity, and leads back to it
  await shown.click();
  await page.waitForURL((u) => u.pathname === `/proposals/${proposal.id}`);
  const from = page.getByTestId('linked-from');
  await from.getByText('由以下履职活动形成').waitFor();
  await from.getByTestId('linked-from-item').filter({ hasText: '浏览器测试：走访形成提案' }).click();
  await page.waitForURL((u) => u.pathname === `/contact/activities/${act.id}`);
  assertNoPageErrors(b.errors);
});

test('people reached are shared among those present; a share entered by hand, the others share the rest', async () => {
  const { page } = b;
  const members = (await gansu.get('/api/v1/members?committee_id=2&status=active&limit=3')).json.items.map((m) => m.id).sort((x, y) => x - y);
  const act = (await gansu.post('/api/v1/activities', { title: '浏览器测试：三人走访', kind: 'visit', committee_id: 2,
    starts_at: '2026-03-06T09:00:00+08:00', status: 'done', people_reached: 61 })).json;
  for (const m of members) assert.equal((await gansu.post(`/api/v1/activities/${act.id}/participants`, { member_id: m })).status, 201);
  await page.goto(`${server.url}/contact/activities/${act.id}`);
  const total = page.getByTestId('shares-total');
  await total.getByText('合计 61 / 活动 61 人次').waitFor();
  const share = (m) => page.getByTestId(`share-${m}`);
  // 61 over three: 21 to the first by member id, 20 each to the others
  assert.deepEqual(await Promise.all(members.map((m) => share(m).locator('input').inputValue())), ['21', '20', '20']);
  await share(members[1]).locator('input').fill('31');
  await share(members[1]).locator('input').press('Enter');
  await share(members[1]).getByText('手工填写').waitFor();
  await page.waitForFunction((m) => document.querySelector(`[data-testid=share-${m}] input`)?.value === '15', members[0]);
  const api = (await gansu.get(`/api/v1/activities/${act.id}/participants`)).json;
  assert.deepEqual(api.items.map((p) => [p.people_reached, p.people_set]), [[15, false], [31, true], [15, false]]);
  await total.getByText('合计 61 / 活动 61 人次').waitFor();
  // more than the activity reached: refused with the figure named, nothing changed
  await share(members[0]).locator('input').fill('40');
  await share(members[0]).locator('input').press('Enter');
  await page.getByText(/不能超过活动的 61 人次/).waitFor();
  assert.deepEqual((await gansu.get(`/api/v1/activities/${act.id}/participants`)).json.items.map((p) => p.people_reached), [15, 31, 15]);
  // back to shared out
  await share(members[1]).getByTestId('share-reset').click();
  await share(members[1]).getByText('自动分摊').waitFor();
  assert.deepEqual((await gansu.get(`/api/v1/activities/${act.id}/participants`)).json.items.map((p) => p.people_reached), [21, 20, 20]);
  assertNoPageErrors(b.errors);
});

test('the quotas page lists the members linked to no grassroots unit', async () => {
  const { page } = b;
  const none = (await gansu.get('/api/v1/compliance?committee_id=2&no_units=1&limit=500')).json;
  assert.ok(none.items.length > 0, 'the demo has members with no unit yet');
  await page.goto(`${server.url}/contact/compliance?committee_id=2`);
  await page.getByTestId('compliance-table').waitFor();
  await page.getByTestId('compliance-no-units').click();
  await page.waitForURL((u) => u.searchParams.get('no_units') === '1');
  await page.getByTestId('compliance-no-units-rule').getByText('每位委员应联系 1–3 个基层单位').waitFor();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)), none.total);
  const rows = page.getByTestId('compliance-table').locator('.el-table__body tr');
  await rows.first().getByText(none.items[0].name, { exact: true }).waitFor();
  assert.equal(await page.getByTestId('compliance-units-none').count(), await rows.count());
  assertNoPageErrors(b.errors);
});

test('a request from the masses is started and resolved with a resolution on the requests page', async () => {
  const { page } = b;
  const r = (await gansu.post('/api/v1/requests', { title: '浏览器测试：路灯不亮', category: 'transport', committee_id: 2, requester_name: '王师傅' })).json;
  assert.equal(r.status, 'accepted');
  await page.goto(`${server.url}/contact/requests?category=transport&status=accepted`);
  const row = page.getByTestId('request-table').locator('.el-table__body tr').filter({ hasText: '浏览器测试：路灯不亮' });
  await row.waitFor();
  await row.first().getByTestId('request-start').click();
  await page.waitForFunction(async (id) => {
    const res = await fetch(`/api/v1/requests/${id}`);
    return (await res.json()).status === 'in_progress';
  }, r.id);
  await page.goto(`${server.url}/contact/requests?category=transport&status=in_progress`);
  const again = page.getByTestId('request-table').locator('.el-table__body tr').filter({ hasText: '浏览器测试：路灯不亮' }).first();
  await again.getByTestId('request-resolve').click();
  const dialog = page.getByTestId('request-action-dialog');
  await dialog.waitFor();
  await dialog.locator('textarea').fill('协调城管部门更换了灯泡');
  await dialog.getByTestId('request-action-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  const done = (await gansu.get(`/api/v1/requests/${r.id}`)).json;
  assert.equal(done.status, 'resolved');
  assert.equal(done.resolution, '协调城管部门更换了灯泡');
  assert.ok(done.duration_seconds >= 0);
  assertNoPageErrors(b.errors);
});

test('the dashboard shows this year\'s roll-up of the committee, and the roll-up page drills down', async () => {
  const { page } = b;
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const r = (await gansu.get(`/api/v1/compliance/rollup?committee_id=2&year=${year}`)).json;
  const total = r.rows.find((x) => x.scope === 'total');
  await page.goto(`${server.url}/dashboard`);
  await page.getByTestId('widget-contact-figures').getByTestId('fig-activities').getByText(total.activities.toLocaleString('en-US'), { exact: true }).waitFor();
  await page.getByTestId('fig-people').getByText(total.people_reached.toLocaleString('en-US'), { exact: true }).waitFor();
  await page.getByTestId('widget-contact-categories').locator('canvas').waitFor();

  await page.goto(`${server.url}/contact/rollup`);
  const table = page.getByTestId('rollup-table');
  await table.getByText('甘肃省政协（合计）').waitFor();
  const child = r.rows.find((x) => x.scope === 'child');
  await table.getByTestId('rollup-drill').filter({ hasText: child.name }).click();
  await table.getByText(`${child.name}（合计）`).waitFor();
  await page.getByTestId('rollup-trail').getByText('甘肃省政协').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rollup-export').click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assertNoPageErrors(b.errors);
});
