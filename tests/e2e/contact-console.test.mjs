// tests/e2e/contact-console.test.mjs: the console's 联系群众 pages. A studio cannot be certified
// until each item of the 六有 checklist has evidence: the refusal names the missing items, the
// evidence goes up as files, then certification and its revocation. The quotas page lists the
// members falling short (the same count as the API) and sends reminders through a job. A
// request from the masses goes through its actions. The dashboard shows the roll-up's figures.
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
  assert.equal((await me.get(`/api/v1/members/${member.id}/compliance`)).json.met, true);
  const all = (await gansu.get('/api/v1/compliance?limit=1')).json;
  // ?short=1 lists only those falling short; its total is the number of members examined
  let shortCount = 0;
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page1 = (await gansu.get(`/api/v1/compliance?short=1&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json;
    assert.ok(page1.items.every((i) => !i.met));
    shortCount += page1.items.length;
    cursor = page1.next_cursor;
  }
  assert.ok(shortCount > 0 && shortCount < all.total, `some but not all fall short: ${shortCount} of ${all.total}`);

  await page.goto(`${server.url}/contact/compliance`);
  await page.getByTestId('compliance-table').waitFor();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=list-total]')?.textContent || '').includes(String(n)), all.total);
  assert.equal(await listTotal(page), all.total);
  await page.getByTestId('compliance-rule').getByText('每季度至少参加 1 次活动，全年联系群众不少于 40 人次', { exact: false }).waitFor();

  await page.getByTestId('compliance-short').click();
  await page.waitForURL((u) => u.searchParams.get('short') === '1');
  await page.getByTestId('compliance-examined').getByText(`共考察 ${all.total} 名在任委员`).waitFor();
  assert.equal(await page.getByTestId('list-total').count(), 0, 'no list total: the server does not count those falling short');
  // member1, who meets both quotas, is not listed
  assert.equal(await page.getByTestId('compliance-table').getByText(member.name, { exact: true }).count(), 0);
  // every row shown falls short in the quarter or in the year
  const rows = page.getByTestId('compliance-table').locator('.el-table__body tr');
  const n = await rows.count();
  assert.ok(n > 0);
  for (let i = 0; i < Math.min(n, 10); i++) assert.match(await rows.nth(i).innerText(), /未达标|差 \d+/);

  await page.getByTestId('compliance-remind').click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  const dialog = page.getByTestId('remind-dialog');
  await dialog.getByTestId('job-progress').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=remind-dialog] [data-testid=job-progress]')?.getAttribute('data-status') === 'done',
    null, { timeout: 60000 });
  const result = await dialog.getByTestId('remind-result').innerText();
  assert.match(result, new RegExp(`未达标委员\\s*${shortCount}`), result);
  assert.match(result, /已发送提醒\s*\d+/);
  assert.match(result, /没有账号\s*\d+/);
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
  await page.goto(`${server.url}/`);
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
