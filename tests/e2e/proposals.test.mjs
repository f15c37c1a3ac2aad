// tests/e2e/proposals.test.mjs: one proposal through its life in the browser, across three
// accounts. member1 writes it on the phone (写提案: the similar proposals show while typing, the
// body is counted against the limit) and submits it; the proposal office (tiban) finds it in the
// review queue of the console, files it and assigns it to 甘肃省教育厅 as lead; the unit (jiaoyu)
// finds it in 我的交办, accepts it and replies with category A; the office approves the reply;
// member1 rates it 满意 on the phone and sees it closed. The state label on the page is checked
// at every step, and the stored proposal through the API at the end. Then a joint proposal:
// member1 writes it on the phone and invites member2 by name through the co-signer picker (a
// member cannot search the roster: the picker asks for the members of its own committee), submits
// it (联名征集中), and member2 confirms on its phone (待审查). Once replied, member2 (a co-signer)
// rates it 不满意 — recorded, the proposal waits for its lead proposer — and member1's 满意
// decides: closed; the console shows each rating with who gave it and as what. Last, the office
// exports the list and the statistics' list: each button starts a job, shows its progress, then
// the workbook downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startApp, launch, login, loginMobile, as, assertNoPageErrors, answerConfirmStep } from './lib/browser.mjs';

let server;
let phone;    // member1 on a 390-px phone
let phone2;   // member2 on another
let desk;     // the console: tiban, then jiaoyu, then tiban
let tiban;
let id;
const TITLE = '关于加强乡村医生队伍建设的提案（浏览器测试）';
const FACTS = '部分乡村卫生室缺少执业医生，乡村医生年龄偏大。';
const ANALYSIS = '待遇偏低、上升通道窄，年轻人不愿留在村里。';
const SUGGESTIONS = '一是提高乡村医生补助；二是推行“县管乡用、乡聘村用”；三是定向培养本土医学生。';
const REPLY = '已将乡村医生补助标准提高到每人每月 800 元，并开展定向培养。';

before(async () => {
  server = await startApp();
  phone = await launch({ width: 390, height: 844 });
  desk = await launch();
  tiban = await as(server, 'tiban');
});
after(async () => {
  await phone?.close();
  await phone2?.close();
  await desk?.close();
  await server?.close();
});

/** Waits until the console's detail page shows the state label. */
async function consoleState(page, label) {
  await page.getByTestId('proposal-state').getByText(label, { exact: true }).waitFor();
}

/** Clicks the primary button of the Element Plus confirmation box on screen. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
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

test('member1 writes a proposal on the phone, sees similar ones while typing, and submits it', async () => {
  const { page } = phone;
  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-proposal-write').click();
  await page.waitForURL((u) => u.pathname === '/m/proposals/new');
  const form = page.getByTestId('m-proposal-form');
  await form.waitFor();
  await page.getByTestId('m-proposal-title').locator('textarea').fill(TITLE);
  await page.getByTestId('m-cat-医疗卫生').click();
  // the demo has proposals on village doctors: they are offered while typing
  const similar = page.getByTestId('m-similar');
  await similar.getByText(/发现 \d+ 件相似提案/).waitFor();
  await similar.getByText(/发现 \d+ 件相似提案/).click();
  await similar.getByTestId('m-similar-item').first().waitFor();
  assert.match(await similar.getByTestId('m-similar-item').first().innerText(), /乡村医生/);

  await page.getByTestId('m-proposal-facts').locator('textarea').fill(FACTS);
  await page.getByTestId('m-proposal-analysis').locator('textarea').fill(ANALYSIS);
  await page.getByTestId('m-proposal-suggestions').locator('textarea').fill(SUGGESTIONS);
  const n = [...FACTS].length + [...ANALYSIS].length + [...SUGGESTIONS].length;
  await page.getByTestId('m-body-count').getByText(`正文 ${n} / 2500 字`).waitFor();

  await page.getByTestId('m-proposal-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => /^\/m\/proposals\/\d+$/.test(u.pathname));
  id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('m-proposal-state').getByText('待审查', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('m-proposal-title-text').innerText(), TITLE);
  // submitted: only withdrawing is left to the proposer
  assert.equal(await page.getByTestId('m-action-submit').count(), 0);
  await page.getByTestId('m-action-withdraw').waitFor();

  // my proposals lists it
  await page.goto(`${server.url}/m/proposals`);
  const row = page.locator(`[data-testid=m-proposal][data-id="${id}"]`);
  await row.getByText('待审查').waitFor();

  const p = (await tiban.get(`/api/v1/proposals/${id}`)).json;
  assert.equal(p.status, 'submitted');
  assert.equal(p.title, TITLE);
  assert.equal(p.category, '医疗卫生');
  assert.equal(p.kind, 'member');
  assert.equal(p.suggestions, SUGGESTIONS);
  assert.equal(p.body_length, n);
  assertNoPageErrors(phone.errors);
});

test('the proposal office finds it in the review queue, files it and assigns it to 甘肃省教育厅 as lead', async () => {
  const { page } = desk;
  await login(page, server, 'tiban');
  await page.goto(`${server.url}/proposals/review`);
  await page.getByTestId('proposal-search').fill('乡村医生队伍建设的提案（浏览器测试）');
  const link = page.locator(`[data-testid=proposal-link][data-id="${id}"]`);
  await link.waitFor();
  await link.click();
  await page.waitForURL((u) => u.pathname === `/proposals/${id}`);
  await consoleState(page, '待审查');
  // the reviewer is offered the similar proposals, to merge a duplicate
  await page.getByTestId('proposal-similar').waitFor();
  for (const a of ['file', 'merge', 'return', 'reject']) await page.getByTestId(`action-${a}`).waitFor();

  const file = await actionDialog(page, 'file');
  await file.locator('textarea').fill('符合立案要求');
  await file.getByTestId('action-confirm').click();
  await file.waitFor({ state: 'hidden' });
  await consoleState(page, '已立案');
  const serial = (await tiban.get(`/api/v1/proposals/${id}`)).json.serial;
  assert.ok(serial > 0, 'filed with a serial number');
  assert.match(await page.getByTestId('proposal-title').innerText(), new RegExp(`\\[${serial}\\]`));

  const assign = await actionDialog(page, 'assign');
  await assign.getByTestId('action-lead_unit_id').click();
  await page.keyboard.type('教育厅');
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^甘肃省教育厅$/ }).click();
  await assign.getByTestId('action-confirm').click();
  await assign.waitFor({ state: 'hidden' });
  await consoleState(page, '已交办');
  const unit = page.locator('[data-testid=assignment][data-unit="甘肃省教育厅"]');
  await unit.getByText('主办').waitFor();
  await unit.getByTestId('assignment-status').getByText('待签收').waitFor();
  // the timeline tells the story so far
  const timeline = await page.getByTestId('proposal-timeline').innerText();
  for (const step of ['起草', '提交', '立案', '交办']) assert.match(timeline, new RegExp(step));
  assertNoPageErrors(desk.errors);
});

test('甘肃省教育厅 accepts it in 我的交办 and replies with category A; the office approves the reply', async () => {
  const { page, context } = desk;
  await context.clearCookies();
  await login(page, server, 'jiaoyu', { path: '/login?redirect=/proposals/assigned' });
  await page.waitForURL((u) => u.pathname === '/proposals/assigned');
  const link = page.locator(`[data-testid=proposal-link][data-id="${id}"]`);
  await link.waitFor();
  await link.click();
  await page.waitForURL((u) => u.pathname === `/proposals/${id}`);
  await consoleState(page, '已交办');
  const mine = page.locator('[data-testid=assignment][data-unit="甘肃省教育厅"]');
  await mine.getByText('本单位').waitFor();

  await page.getByTestId('action-accept').click();
  await confirmBox(page);
  await consoleState(page, '办理中');
  await mine.getByTestId('assignment-status').getByText('已签收').waitFor();

  const reply = await actionDialog(page, 'reply');
  await reply.getByTestId('action-category').getByText('A 类', { exact: false }).click();
  await reply.locator('textarea').fill(REPLY);
  // the answer letter, its signing leader and the contact person are required (issue 18)
  await reply.getByTestId('action-file_id').setInputFiles({ name: '答复函.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 答复函') });
  await reply.getByTestId('reply-letter-name').getByText('答复函.pdf').waitFor();
  await reply.getByTestId('action-leader').fill('王厅长');
  await reply.getByTestId('action-contact_name').fill('李明');
  await reply.getByTestId('action-contact_phone').fill('0931-8123456');
  await reply.getByTestId('action-confirm').click();
  await reply.waitFor({ state: 'hidden' });
  await mine.getByTestId('reply-status').getByText('待审核').waitFor();
  await mine.getByTestId('reply-category').getByText('A 类', { exact: false }).waitFor();
  await consoleState(page, '办理中');
  // the reply is in: the unit is not offered to send it again
  assert.equal(await page.getByTestId('action-reply').count(), 0);

  // the proposal office checks it
  await context.clearCookies();
  await login(page, server, 'tiban', { path: `/login?redirect=/proposals/${id}` });
  await page.waitForURL((u) => u.pathname === `/proposals/${id}`);
  await consoleState(page, '办理中');
  const lead = page.locator('[data-testid=assignment][data-unit="甘肃省教育厅"]');
  await lead.getByTestId('reply-text').getByText(REPLY).waitFor();
  await lead.getByTestId('action-approve-reply').click();
  await answerConfirmStep(page); // irreversible: the app asks first
  await consoleState(page, '已答复');
  await lead.getByTestId('reply-status').getByText('已通过').waitFor();
  assertNoPageErrors(desk.errors);
});

test('member1 rates the reply 满意 on the phone and sees the proposal closed', async () => {
  const { page } = phone;
  await page.goto(`${server.url}/m/proposals`);
  const row = page.locator(`[data-testid=m-proposal][data-id="${id}"]`);
  await row.getByText('已答复').waitFor();
  await row.click();
  await page.waitForURL((u) => u.pathname === `/m/proposals/${id}`);
  await page.getByTestId('m-proposal-state').getByText('已答复', { exact: true }).waitFor();
  const replies = page.getByTestId('m-replies');
  await replies.getByText('甘肃省教育厅').waitFor();
  await replies.getByText(REPLY).waitFor();
  await replies.getByText('A 类').waitFor();

  await page.getByTestId('m-action-rate').click();
  const sheet = page.getByTestId('m-proposal-sheet');
  await sheet.getByTestId('m-rating-satisfied').click();
  await sheet.getByTestId('m-sheet-text').locator('textarea').fill('答复具体，措施有力');
  await sheet.getByTestId('m-sheet-confirm').click();
  await page.getByTestId('m-proposal-state').getByText('已办结', { exact: true }).waitFor();
  await page.getByTestId('m-rated').getByText('已评价：满意').waitFor();
  assert.equal(await page.getByTestId('m-action-rate').count(), 0);

  const p = (await tiban.get(`/api/v1/proposals/${id}`)).json;
  assert.equal(p.status, 'closed');
  assert.ok(p.closed_at);
  assert.deepEqual(p.ratings.map((r) => [r.rating, r.comment]), [['satisfied', '答复具体，措施有力']]);
  const a = p.assignments.find((x) => x.unit_name === '甘肃省教育厅');
  assert.equal(a.role, 'lead');
  assert.equal(a.reply_status, 'approved');
  assert.equal(a.reply_category, 'A');
  assert.equal(a.reply_text, REPLY);
  const events = (await tiban.get(`/api/v1/proposals/${id}/timeline`)).json.items.map((e) => e.action);
  assert.deepEqual(events, ['create', 'submit', 'file', 'assign', 'accept', 'reply', 'approve-reply', 'rate']);

  // the console shows it closed too, with the rating
  await desk.page.goto(`${server.url}/proposals/${id}`);
  await consoleState(desk.page, '已办结');
  await desk.page.getByTestId('proposal-ratings').getByTestId('rating').getByText('满意').waitFor();
  assertNoPageErrors(phone.errors);
  assertNoPageErrors(desk.errors);
});

test('member1 writes a joint proposal on the phone, invites member2 by name, and member2 confirms on its phone', async () => {
  const JOINT = '关于完善农村养老服务体系的提案（浏览器测试）';
  const member1 = await as(server, 'member1');
  const member2 = await as(server, 'member2');
  const { page } = phone;
  await page.goto(`${server.url}/m`);
  await page.getByTestId('m-tile-proposal-write').click();
  await page.waitForURL((u) => u.pathname === '/m/proposals/new');
  await page.getByTestId('m-proposal-form').waitFor();
  await page.getByTestId('m-kind-joint').click();

  const search = page.getByTestId('m-cosigner-search').locator('input');
  // not oneself
  await search.fill(member1.user.display_name);
  await page.getByTestId('m-cosigner-none').getByText('没有找到这位委员').waitFor();
  assert.equal(await page.getByTestId('m-cosigner-found').count(), 0);
  // member2, found by name among the members of the committee
  await search.fill(member2.user.display_name);
  const found = page.locator(`[data-testid=m-cosigner-found][data-id="${member2.user.member_id}"]`);
  await found.waitFor();
  assert.match(await found.innerText(), new RegExp(member2.user.display_name));
  await found.click();
  assert.equal(await search.inputValue(), '', 'the search is cleared once picked');
  await page.locator('.chips .van-tag').getByText(member2.user.display_name).waitFor();

  await page.getByTestId('m-proposal-title').locator('textarea').fill(JOINT);
  await page.getByTestId('m-cat-社会建设').click();
  await page.getByTestId('m-proposal-suggestions').locator('textarea').fill('建设村级互助养老站，给予运营补贴。');
  await page.getByTestId('m-proposal-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await page.waitForURL((u) => /^\/m\/proposals\/\d+$/.test(u.pathname));
  const jid = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('m-proposal-state').getByText('联名征集中', { exact: true }).waitFor();
  const signers = page.getByTestId('m-signers');
  await signers.getByText(member2.user.display_name).waitFor();
  await signers.getByText('待确认').waitFor();

  let p = (await tiban.get(`/api/v1/proposals/${jid}`)).json;
  assert.equal(p.status, 'cosigning');
  assert.equal(p.kind, 'joint');
  assert.deepEqual(p.signers.map((x) => [x.member_id, x.role, x.status]),
    [[member1.user.member_id, 'first', 'confirmed'], [member2.user.member_id, 'cosigner', 'invited']]);

  // member2 finds it among those waiting for it and confirms
  phone2 = await launch({ width: 390, height: 844 });
  const p2 = phone2.page;
  await loginMobile(p2, server, 'member2');
  await p2.goto(`${server.url}/m/proposals`);
  const row = p2.getByTestId('m-proposals-invited').locator(`[data-testid=m-proposal][data-id="${jid}"]`);
  await row.getByText(JOINT).waitFor();
  await row.click();
  await p2.waitForURL((u) => u.pathname === `/m/proposals/${jid}`);
  await p2.getByTestId('m-proposal-state').getByText('联名征集中', { exact: true }).waitFor();
  await p2.getByTestId('m-action-cosign').click();
  await p2.getByTestId('m-proposal-state').getByText('待审查', { exact: true }).waitFor();
  assert.equal(await p2.getByTestId('m-action-cosign').count(), 0);
  await p2.getByTestId('m-signers').getByText('已确认').nth(1).waitFor();

  p = (await tiban.get(`/api/v1/proposals/${jid}`)).json;
  assert.equal(p.status, 'submitted');
  assert.deepEqual(p.signers.map((x) => [x.member_id, x.status]), [[member1.user.member_id, 'confirmed'], [member2.user.member_id, 'confirmed']]);
  // member1 sees it go on to review
  await page.reload();
  await page.getByTestId('m-proposal-state').getByText('待审查', { exact: true }).waitFor();
  assertNoPageErrors(phone.errors);
  assertNoPageErrors(phone2.errors);
});

test('the joint proposal is replied: member2 rates 不满意 on its phone and it waits for member1, whose 满意 decides; the console shows every rating with who gave it', async () => {
  const member1 = await as(server, 'member1');
  const member2 = await as(server, 'member2');
  const jiaoyu = await as(server, 'jiaoyu');
  const JOINT = '关于完善农村养老服务体系的提案（浏览器测试）';
  const jid = (await tiban.get(`/api/v1/proposals?q=${encodeURIComponent('农村养老服务体系')}`)).json.items.find((x) => x.title === JOINT).id;
  // the office files and assigns it, the unit replies, the office approves: replied
  const ok = (r) => assert.equal(r.status, 200, r.text);
  ok(await tiban.post(`/api/v1/proposals/${jid}/file`, {}));
  const units = (await tiban.get('/api/v1/units?limit=100')).json.items;
  ok(await tiban.post(`/api/v1/proposals/${jid}/assign`, { mode: 'lead', lead_unit_id: units.find((u) => u.name === '甘肃省教育厅').id }));
  ok(await jiaoyu.post(`/api/v1/proposals/${jid}/accept`, {}));
  const letter = await jiaoyu.post('/api/v1/files', new TextEncoder().encode('%PDF-1.4 答复函'),
    { headers: { 'x-filename': encodeURIComponent('答复函.pdf'), 'content-type': 'application/pdf' } });
  assert.equal(letter.status, 201, letter.text);
  let r = await jiaoyu.post(`/api/v1/proposals/${jid}/reply`, { category: 'B', text: '已列入明年民生实事。',
    file_id: letter.json.id, leader: '王厅长', contact_name: '李明', contact_phone: '0931-8123456' });
  ok(r);
  const lead = r.json.assignments.find((a) => a.role === 'lead' && a.status !== 'withdrawn');
  r = await tiban.post(`/api/v1/proposals/${jid}/approve-reply`, { assignment_id: lead.id });
  assert.equal(r.json.status, 'replied');

  // member2, a co-signer, rates 不满意 on its phone: recorded, the proposal still waits for the lead
  const p2 = phone2.page;
  await p2.goto(`${server.url}/m/proposals/${jid}`);
  await p2.getByTestId('m-proposal-state').getByText('已答复', { exact: true }).waitFor();
  await p2.getByTestId('m-action-rate').click();
  const sheet2 = p2.getByTestId('m-proposal-sheet');
  await sheet2.getByTestId('m-rating-unsatisfied').click();
  await sheet2.getByTestId('m-sheet-text').locator('textarea').fill('养老站覆盖面还不够');
  await sheet2.getByTestId('m-sheet-confirm').click();
  await p2.getByTestId('m-rated').getByText('已评价：不满意').waitFor();
  await p2.getByTestId('m-proposal-state').getByText('已答复', { exact: true }).waitFor();
  await p2.getByTestId('m-evaluation').getByText('待领衔人评价').waitFor();
  assert.equal((await member2.get(`/api/v1/proposals/${jid}`)).json.round, 1, 'not sent back');

  // the console: the co-signer's rating, with who gave it, and what the evaluation waits for
  await desk.page.goto(`${server.url}/proposals/${jid}`);
  await consoleState(desk.page, '已答复');
  const ev = desk.page.getByTestId('proposal-evaluation');
  await ev.getByTestId('evaluation-status').getByText('待领衔人评价').waitFor();
  await ev.getByTestId('evaluation-pending').getByText(member1.user.display_name, { exact: false }).waitFor();
  const ratings = desk.page.getByTestId('proposal-ratings');
  await ratings.getByText(member2.user.display_name).waitFor();
  await ratings.getByTestId('rating-role').getByText('联名人').waitFor();
  await ratings.getByTestId('rating').getByText('不满意').waitFor();
  assert.equal(await ratings.getByTestId('rating-decisive').count(), 0);

  // member1, the lead proposer, rates 满意 on its phone: that decides, the proposal is closed
  const { page } = phone;
  await page.goto(`${server.url}/m/proposals/${jid}`);
  await page.getByTestId('m-action-rate').click();
  const sheet = page.getByTestId('m-proposal-sheet');
  await sheet.getByTestId('m-rating-satisfied').click();
  await sheet.getByTestId('m-sheet-confirm').click();
  await page.getByTestId('m-proposal-state').getByText('已办结', { exact: true }).waitFor();
  await page.getByTestId('m-evaluation').getByText('评价已生效').waitFor();

  await desk.page.reload();
  await consoleState(desk.page, '已办结');
  await desk.page.getByTestId('proposal-evaluation').getByTestId('evaluation-status').getByText('评价已生效').waitFor();
  const rows = desk.page.getByTestId('proposal-ratings').locator('.el-table__body tr');
  await rows.nth(1).getByText(member1.user.display_name).waitFor();
  await rows.nth(1).getByTestId('rating-role').getByText('第一提案人').waitFor();
  await rows.nth(1).getByTestId('rating-decisive').getByText('以此为准').waitFor();
  await rows.nth(1).getByTestId('rating').getByText('满意', { exact: true }).waitFor();
  const p = (await member1.get(`/api/v1/proposals/${jid}`)).json;
  assert.deepEqual(p.ratings.map((x) => [x.member_id, x.role, x.decisive, x.rating]), [
    [member2.user.member_id, 'cosigner', false, 'unsatisfied'], [member1.user.member_id, 'first', true, 'satisfied']]);
  assertNoPageErrors(phone.errors);
  assertNoPageErrors(phone2.errors);
});

/** Clicks the export button testid: the export is a job (POST path, 202), its progress shows in a
 * dialog, and the file downloads by itself once it is done. Returns the download and the POST. */
async function exportByJob(page, testid, path) {
  const [download, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
    page.getByTestId(testid).click(),
  ]);
  assert.equal(post.status(), 202, `${path} answers with its job`);
  const dialog = page.getByTestId('export-dialog');
  assert.equal(await dialog.getByTestId('job-progress').getAttribute('data-status'), 'done');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return { download, post };
}

test('the proposal office exports the list and the statistics\' list as workbooks, each through a job', async () => {
  const { page } = desk; // tiban's console since the reply was approved
  await page.goto(`${server.url}/proposals?status=closed`);
  await page.getByTestId('proposal-table').waitFor();
  const list = await exportByJob(page, 'proposal-export', '/api/v1/proposals/export');
  assert.equal(new URL(list.post.url()).searchParams.get('status'), 'closed', 'the list\'s filter is the export\'s');
  assert.match(list.download.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await list.download.path()).subarray(0, 2).toString('latin1'), 'PK');

  await page.goto(`${server.url}/proposals/stats`);
  const stats = await exportByJob(page, 'stats-export', '/api/v1/proposals/export');
  assert.match(stats.download.suggestedFilename(), /\.xlsx$/);
  // the jobs are the office's own: its list of jobs has them, done
  const jobs = (await tiban.get('/api/v1/jobs')).json.items.filter((j) => j.kind === 'proposal_export');
  assert.ok(jobs.length >= 2 && jobs.slice(0, 2).every((j) => j.status === 'done' && j.has_file), JSON.stringify(jobs.slice(0, 2)));
  assertNoPageErrors(desk.errors);
});
