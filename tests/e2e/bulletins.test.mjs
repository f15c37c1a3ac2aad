// tests/e2e/bulletins.test.mjs: the whole path of issue 8 in the browser, across two accounts.
// member1 writes and submits a social-conditions report on the phone (社情民意 → 写信息); the
// provincial office (gansu, 甘肃省政协办公厅) adopts it on the console's report page, makes a new
// bulletin 《社情民意》 (the report picked from the candidates after another one, moved up to first
// place, its title edited for the bulletin), signs it off (the next number of the year; a missing signer is
// refused at the field), sends it up to 全国政协 and 省政协, downloads its PDF and Word files, and
// records a central leader's instruction on the report page; member1 then finds the report's
// points, entry by entry, on the phone's ledger (我的积分 → 积分明细). Then the daily digest
// 《网络社情摘要》: three items on two subjects are added for a day in the console (one edited, a
// fourth added and deleted), the suggested grouping puts the two on heating together and the third
// apart, the subject is renamed, the digest is created and issued, and its number shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startApp, launch, login, loginMobile, as, assertNoPageErrors, answerConfirmStep } from './lib/browser.mjs';

let server;
let desk;    // the console, as gansu
let phone;   // member1 on a 390-px phone
let gansu;
let member1;
let reportId;
let bulletinId;
const PROV = 2; // 甘肃省政协, gansu's own committee
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const TITLE = '关于城区老旧小区加装电梯推进缓慢的情况反映（浏览器测试）';
const BODY = '部分老旧小区加装电梯意愿强烈，但因低层住户意见不一、审批环节多，推进缓慢。\n建议简化审批流程，建立协商调解机制，给予适当补贴。';
const PRINTED = '老旧小区加装电梯亟待提速';

before(async () => {
  server = await startApp();
  desk = await launch();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
  await login(desk.page, server, 'gansu');
});
after(async () => {
  await desk?.close();
  await phone?.close();
  await server?.close();
});

/** Clicks the primary button of the Element Plus confirmation box on screen. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** The bytes of the file a click on the button with testid downloads: the click starts the
 * export's job (POST, 202), its progress shows in a dialog, and the file comes when it is done;
 * the dialog is closed again. */
async function downloaded(page, testid) {
  const [d, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/v1\/(bulletins|digests)\/\d+\/(pdf|docx)$/.test(new URL(r.url()).pathname)),
    page.getByTestId(testid).click(),
  ]);
  assert.equal(post.status(), 202, 'the export is a job');
  const dialog = page.getByTestId('export-dialog');
  assert.equal(await dialog.getByTestId('job-progress').getAttribute('data-status'), 'done');
  const file = await d.path();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

test('member1 writes a social-conditions report on the phone and submits it; the office adopts it in the console', async () => {
  const { page } = phone;
  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-reports').getByText('社情民意').click();
  await page.waitForURL((u) => u.pathname === '/m/reports');
  await page.locator('.van-nav-bar__right').getByText('写信息').click();
  await page.waitForURL((u) => u.pathname === '/m/reports/new');
  await page.getByTestId('m-report-form').waitFor();
  await page.getByTestId('m-report-title').locator('textarea').fill(TITLE);
  await page.getByTestId('m-cat-社会建设').click();
  await page.getByTestId('m-report-body').locator('textarea').fill(BODY);
  await page.getByTestId('m-report-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => /^\/m\/reports\/\d+$/.test(u.pathname));
  reportId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('m-report-state').getByText('待审核', { exact: true }).waitFor();
  let r = (await gansu.get(`/api/v1/reports/${reportId}`)).json;
  assert.equal(r.status, 'submitted');
  assert.equal(r.title, TITLE);
  assert.equal(r.body, BODY);
  assert.equal(r.member_id, member1.user.member_id);
  assertNoPageErrors(phone.errors);

  const desk1 = desk.page;
  await desk1.goto(`${server.url}/reports/${reportId}`);
  await desk1.getByTestId('report-state').getByText('待审核', { exact: true }).waitFor();
  await desk1.getByTestId('action-adopt').click();
  await answerConfirmStep(desk1);
  const adopt = desk1.locator('[data-testid=action-dialog][data-action="adopt"]');
  await adopt.waitFor();
  await adopt.getByTestId('action-adopted_by').fill('甘肃省政协《社情民意》');
  await adopt.getByTestId('action-confirm').click();
  await adopt.waitFor({ state: 'hidden' });
  await desk1.getByTestId('report-state').getByText('已采用', { exact: true }).waitFor();
  r = (await gansu.get(`/api/v1/reports/${reportId}`)).json;
  assert.equal(r.status, 'adopted');
  assertNoPageErrors(desk.errors);
});

test('the office makes a bulletin of it in the console: picked, moved up, retitled, signed off, sent up, PDF and Word', async () => {
  const { page } = desk;
  // the number it will get: the next of the committee's year (the demo may have numbered some)
  const earlier = (await gansu.get(`/api/v1/bulletins?committee_id=${PROV}&year=${year}&limit=100`)).json.items;
  const next = Math.max(0, ...earlier.filter((x) => x.committee_id === PROV && x.number).map((x) => x.number)) + 1;
  await page.goto(`${server.url}/bulletins`);
  await page.getByTestId('bulletin-table').waitFor();
  await page.getByTestId('bulletin-new').click();
  const dialog = page.getByTestId('bulletin-new-dialog');
  await dialog.waitFor();
  assert.equal(await page.getByTestId('new-title').inputValue(), '社情民意');
  await page.getByTestId('new-editor').fill('王编辑');
  await page.getByTestId('new-note').fill('本期反映城市更新中的民生问题。');
  await page.getByTestId('bulletin-create').click();
  await page.waitForURL((u) => /^\/bulletins\/\d+$/.test(u.pathname));
  bulletinId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('bulletin-state').getByText('草稿', { exact: true }).waitFor();
  await page.getByTestId('bulletin-label').getByText('社情民意（草稿）').waitFor();

  // the candidates are the adopted reports in no bulletin of the committee: ours among them
  const cands = (await gansu.get(`/api/v1/bulletins/candidates?committee_id=${PROV}`)).json.items;
  assert.ok(cands.some((c) => c.id === reportId), 'the adopted report is a candidate');
  const other = cands.find((c) => c.id !== reportId);
  await page.locator(`[data-testid=candidate-add][data-id="${other.id}"]`).click();
  await page.getByTestId('candidate-filter').fill('加装电梯推进缓慢');
  await page.locator(`[data-testid=candidate][data-id="${other.id}"]`).waitFor({ state: 'detached' });
  await page.locator(`[data-testid=candidate-add][data-id="${reportId}"]`).click();
  const ours = page.locator(`[data-testid=bulletin-item][data-report="${reportId}"]`);
  await ours.waitFor();
  assert.equal(await page.locator(`[data-testid=candidate][data-id="${reportId}"]`).count(), 0, 'picked: no longer offered');
  assert.equal(await ours.getByTestId('item-author').innerText(), member1.user.display_name);
  // second: moved up to first; retitled for the bulletin
  assert.equal(await page.getByTestId('bulletin-item').nth(1).getAttribute('data-report'), String(reportId));
  await ours.getByTestId('item-up').click();
  assert.equal(await page.getByTestId('bulletin-item').nth(0).getAttribute('data-report'), String(reportId));
  await ours.getByTestId('item-title').fill(PRINTED);
  await page.getByTestId('bulletin-unsaved').waitFor();
  await page.getByTestId('bulletin-save').click();
  await page.getByTestId('bulletin-unsaved').waitFor({ state: 'detached' });

  let b = (await gansu.get(`/api/v1/bulletins/${bulletinId}`)).json;
  assert.equal(b.status, 'draft');
  assert.equal(b.editor, '王编辑');
  assert.equal(b.note, '本期反映城市更新中的民生问题。');
  assert.deepEqual(b.items.map((i) => i.report_id), [reportId, other.id]);
  assert.equal(b.items[0].title, PRINTED);
  assert.equal(b.items[0].original_title, TITLE);
  assert.equal(b.items[0].body, BODY);
  assert.equal(b.items[1].title, other.title);

  // signing off needs a signer: the server's message shows at the field
  await page.getByTestId('action-sign').click();
  const sign = page.getByTestId('sign-dialog');
  await sign.waitFor();
  await page.getByTestId('sign-confirm').click();
  await sign.locator('.el-form-item__error').getByText('请填写签发人').waitFor();
  await page.getByTestId('signer').fill('张主任');
  await page.getByTestId('sign-confirm').click();
  await sign.waitFor({ state: 'hidden' });
  await page.getByTestId('bulletin-state').getByText('已签发', { exact: true }).waitFor();
  b = (await gansu.get(`/api/v1/bulletins/${bulletinId}`)).json;
  assert.equal(b.number, next, 'the next of the committee\'s year');
  assert.equal(b.signer, '张主任');
  await page.getByTestId('bulletin-label').getByText(b.label).waitFor();
  assert.match(b.label, new RegExp(`${year}年第${next}期`));
  assert.equal(await page.getByTestId('bulletin-number').innerText(), `${year}年第${next}期`);
  assert.equal(await page.getByTestId('bulletin-signer').innerText(), '张主任');
  // signed: no more editing
  assert.equal(await page.getByTestId('item-title').count(), 0);
  assert.equal(await page.getByTestId('bulletin-candidates').count(), 0);
  await page.getByTestId('action-reopen').waitFor();

  await page.getByTestId('action-send').click();
  await answerConfirmStep(page);
  const send = page.getByTestId('send-dialog');
  await send.waitFor();
  await send.getByText('全国政协', { exact: true }).click();
  await send.getByText('省政协', { exact: true }).click();
  await page.getByTestId('send-confirm').click();
  await send.waitFor({ state: 'hidden' });
  await page.getByTestId('bulletin-state').getByText('已报送', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('bulletin-targets').innerText(), '全国政协、省政协');
  assert.equal(await page.getByTestId('action-send').count(), 0);
  assert.equal(await page.getByTestId('action-reopen').count(), 0);
  b = (await gansu.get(`/api/v1/bulletins/${bulletinId}`)).json;
  assert.equal(b.status, 'sent');
  assert.deepEqual(b.targets, ['national_cppcc', 'province_cppcc']);
  assert.equal(b.sent_on, today);
  assert.equal(await page.getByTestId('bulletin-sent-on').innerText(), today);

  const pdf = await downloaded(page, 'action-pdf');
  assert.equal(pdf.bytes.subarray(0, 4).toString('latin1'), '%PDF', `${pdf.name} is a PDF`);
  assert.match(pdf.name, /\.pdf$/);
  const docx = await downloaded(page, 'action-docx');
  assert.equal(docx.bytes.subarray(0, 2).toString('latin1'), 'PK', `${docx.name} is a zip (.docx)`);
  assert.match(docx.name, /\.docx$/);

  // the list shows it sent; the report knows its bulletin
  await page.goto(`${server.url}/bulletins?status=sent`);
  const link = page.locator(`[data-testid=bulletin-link][data-id="${bulletinId}"]`);
  await link.getByText(b.label).waitFor();
  const rep = (await gansu.get(`/api/v1/reports/${reportId}`)).json;
  assert.deepEqual(rep.bulletins.map((x) => [x.id, x.number, x.status]), [[bulletinId, next, 'sent']]);
  assertNoPageErrors(desk.errors);
});

test('the office records a central leader\'s instruction on the report in the console', async () => {
  const { page } = desk;
  await page.goto(`${server.url}/reports/${reportId}`);
  await page.getByTestId('report-state').getByText('已采用', { exact: true }).waitFor();
  await page.getByTestId('action-record-instruction').click();
  const dialog = page.locator('[data-testid=action-dialog][data-action="record-instruction"]');
  await dialog.waitFor();
  await dialog.locator('[data-value=central]').click();
  await dialog.getByTestId('action-leader_name').fill('某某');
  await dialog.getByTestId('action-leader_title').fill('中央领导同志');
  await dialog.getByTestId('action-text').fill('请有关部门研究解决。');
  await dialog.getByTestId('action-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('report-instructions').getByText('中央领导批示').waitFor();
  await page.getByTestId('report-instructions').getByText('请有关部门研究解决。').waitFor();
  const r = (await gansu.get(`/api/v1/reports/${reportId}`)).json;
  assert.deepEqual(r.instructions.map((i) => [i.level, i.leader_name, i.text]), [['central', '某某', '请有关部门研究解决。']]);
  assertNoPageErrors(desk.errors);
});

test('member1 sees the report\'s points on the phone\'s ledger', async () => {
  const ledger = (await member1.get(`/api/v1/points?year=${year}`)).json;
  const mine = ledger.items.filter((e) => e.source_kind === 'report' && e.source_id === reportId);
  assert.deepEqual(mine.map((e) => e.event).sort(), ['report.adopted', 'report.instruction_central', 'report.submitted']);

  const { page } = phone;
  await page.goto(`${server.url}/m`);
  await page.getByTestId('m-tile-points').click();
  await page.waitForURL((u) => u.pathname === '/m/points');
  await page.getByTestId('m-points-ledger-link').click();
  await page.waitForURL((u) => u.pathname === '/m/points/ledger');
  for (const e of mine) {
    const row = page.locator(`[data-testid=m-ledger-entry][data-id="${e.id}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, new RegExp(TITLE.replace(/[()（）]/g, '.')), `${e.event} names the report`);
  }
  const labels = await Promise.all(mine.map((e) => page.locator(`[data-testid=m-ledger-entry][data-id="${e.id}"] .title`).innerText()));
  assert.deepEqual(labels.sort(), ['报送社情民意信息', '社情民意信息本级采用', '获中央领导批示'].sort());

  // the report's page on the phone names the bulletin it went up in, and its timeline the step
  const label = (await member1.get(`/api/v1/reports/${reportId}`)).json.bulletins[0].label;
  await page.goto(`${server.url}/m/reports/${reportId}`);
  await page.getByTestId('m-bulletins').getByText(`《${label}》`).waitFor();
  await page.getByTestId('m-timeline').getByText('编发报送').waitFor();
  assertNoPageErrors(phone.errors);
});

test('a daily digest: three items on two subjects, the suggested grouping, created, issued, numbered', async () => {
  const { page } = desk;
  const DAY = (() => { const d = new Date(`${today}T00:00:00Z`); d.setUTCDate(d.getUTCDate() - 3); return d.toISOString().slice(0, 10); })();
  const before = (await gansu.get(`/api/v1/digests/items?committee_id=${PROV}&day=${DAY}`)).json.items.length;
  await page.goto(`${server.url}/digests/items`);
  await page.getByTestId('digest-items').waitFor();
  // pick the day in the date picker
  const picker = page.getByTestId('items-day').locator('input');
  await picker.click();
  await picker.fill(DAY);
  await picker.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('day') === DAY);

  const ITEMS = [
    { title: '多个小区供暖温度不达标', text: '兰州市多个小区供暖温度不达标，居民家中暖气不热，投诉较多。', source: '微博', url: 'https://weibo.com/1' },
    { title: '暖气不热引发居民投诉', text: '近日多个小区暖气不热、供暖温度偏低，居民反映物业处理不及时。', source: '领导留言板', url: '' },
    { title: '农村学校校车超载', text: '网民称部分农村学校校车超载，存在安全隐患。', source: '今日头条', url: '' },
    { title: '待删除的条目', text: '录入有误，删除。', source: '测试', url: '' },
  ];
  for (const it of ITEMS) {
    await page.getByTestId('item-new').click();
    const dialog = page.getByTestId('item-dialog');
    await dialog.waitFor();
    await page.getByTestId('item-title').fill(it.title);
    await page.getByTestId('item-text').fill(it.text);
    await page.getByTestId('item-source').fill(it.source);
    await page.getByTestId('item-url').fill(it.url);
    await page.getByTestId('item-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('digest-item').getByText(it.title, { exact: true }).waitFor();
  }
  let items = (await gansu.get(`/api/v1/digests/items?committee_id=${PROV}&day=${DAY}`)).json.items;
  assert.equal(items.length, before + 4);
  const id = Object.fromEntries(ITEMS.map((it) => [it.title, items.find((x) => x.title === it.title).id]));

  // an edit, and a delete
  const row = (title) => page.locator('.el-table__row').filter({ has: page.locator(`[data-testid=digest-item][data-id="${id[title]}"]`) });
  await row('农村学校校车超载').getByTestId('item-edit').click();
  await page.getByTestId('item-dialog').waitFor();
  assert.equal(await page.getByTestId('item-source').inputValue(), '今日头条');
  await page.getByTestId('item-source').fill('今日头条客户端');
  await page.getByTestId('item-save').click();
  await page.getByTestId('item-dialog').waitFor({ state: 'hidden' });
  await row('农村学校校车超载').getByText('今日头条客户端').waitFor();
  await row('待删除的条目').getByTestId('item-delete').click();
  await confirmBox(page);
  await page.locator(`[data-testid=digest-item][data-id="${id['待删除的条目']}"]`).waitFor({ state: 'detached' });
  items = (await gansu.get(`/api/v1/digests/items?committee_id=${PROV}&day=${DAY}`)).json.items;
  assert.equal(items.length, before + 3);
  assert.equal(items.find((x) => x.id === id['农村学校校车超载']).source, '今日头条客户端');

  // the suggested grouping: the two on heating together, the school bus apart
  await page.getByTestId('digest-suggest').click();
  await page.waitForURL((u) => u.pathname === '/digests/suggest' && u.searchParams.get('day') === DAY);
  const groupOf = (title) => page.getByTestId('digest-group').filter({ has: page.locator(`[data-testid=group-item][data-id="${id[title]}"]`) });
  await groupOf('多个小区供暖温度不达标').waitFor();
  const heat = groupOf('多个小区供暖温度不达标');
  assert.equal(await heat.locator(`[data-testid=group-item][data-id="${id['暖气不热引发居民投诉']}"]`).count(), 1, 'the two on heating are grouped');
  assert.equal(await heat.locator(`[data-testid=group-item][data-id="${id['农村学校校车超载']}"]`).count(), 0, 'the school bus is not');
  assert.equal(await groupOf('农村学校校车超载').getByTestId('group-item').count(), 1);
  assert.match(await heat.getByTestId('group-keywords').innerText(), /供暖|暖气/);
  const suggested = (await gansu.get(`/api/v1/digests/suggest?committee_id=${PROV}&day=${DAY}`)).json;
  const g = suggested.groups.find((x) => x.item_ids.includes(id['多个小区供暖温度不达标']));
  assert.ok(g.item_ids.includes(id['暖气不热引发居民投诉']));
  await heat.getByTestId('group-subject').fill('供暖问题');

  await page.getByTestId('digest-create').click();
  await page.waitForURL((u) => /^\/digests\/\d+$/.test(u.pathname));
  const digestId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('digest-state').getByText('草稿', { exact: true }).waitFor();
  let d = (await gansu.get(`/api/v1/digests/${digestId}`)).json;
  assert.equal(d.day, DAY);
  assert.equal(d.number, null);
  const heating = d.groups.find((x) => x.subject === '供暖问题');
  assert.deepEqual(heating.items.map((i) => i.id).sort(), [id['多个小区供暖温度不达标'], id['暖气不热引发居民投诉']].sort());

  await page.getByTestId('action-issue').click();
  await answerConfirmStep(page); // the flow's question, asked once
  await page.getByTestId('digest-state').getByText('已印发', { exact: true }).waitFor();
  d = (await gansu.get(`/api/v1/digests/${digestId}`)).json;
  assert.equal(d.status, 'issued');
  assert.ok(d.number >= 1, 'numbered when issued');
  assert.equal(await page.getByTestId('digest-number').innerText(), `${d.year}年第${d.number}期`);
  await page.getByTestId('digest-label').getByText(d.label).waitFor();
  assert.equal(await page.getByTestId('action-issue').count(), 0);
  assert.equal(await page.getByTestId('group-subject').count(), 0, 'issued: no more regrouping');
  await page.getByTestId('group-subject-text').getByText('供暖问题').waitFor();
  const pdf = await downloaded(page, 'action-pdf');
  assert.equal(pdf.bytes.subarray(0, 4).toString('latin1'), '%PDF');

  // the list shows it issued
  await page.goto(`${server.url}/digests`);
  await page.locator(`[data-testid=digest-link][data-id="${digestId}"]`).getByText(d.label).waitFor();
  assertNoPageErrors(desk.errors);
});
