// tests/e2e/points.test.mjs: duty points in the browser. The rule editor: 甘肃省政协 has no rules of
// its own, so the secretariat revises those in force (the example rule set above it); a rule's
// points out of range are refused by the server, whose message shows next to that rule and no
// version is stored; a good value is saved as 甘肃省政协's version 1, a second change as version 2,
// marked 现行 on the page and in the list, and each save's recompute job runs to its end and the
// member's ledger follows the new points. The ranking page shows what GET /api/v1/ranking says,
// page by page, and the bottom of the ranking with its count and first rank; the reminder job
// reports its tally. On the phone member1 sees the total, grade and rank that GET /api/v1/points/me
// gives, the ledger entry by entry, makes the duty file's PDF (a job: its progress in a sheet, then
// the file), and writes, saves and submits the self-report, which then is read-only. The duty file
// of a member opens from the member's page, shows the API's total, and its PDF button makes the
// PDF as a job (a progress bar, then the download) whose text names the member; the workbook the
// same way. The dashboard shows the figures. The rule set names its term (届): a term that does not
// hold the year is refused at its field, a named one is saved and shows on the rule set page and on
// the assessment page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startApp, launch, login, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server;
let desk;   // the console, as gansu (办公厅 of 甘肃省政协)
let phone;  // member1 on a 390-px phone
let gansu;
let member1;
let year;
const GANSU = 2; // 甘肃省政协, gansu's own committee

/** Points as the pages write them: "12", "12.5", "−5", and "+3" with sign. */
function pts(v, sign = false) {
  const s = Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(1);
  return v < 0 ? `−${s}` : sign && v > 0 ? `+${s}` : s;
}

/** Clicks the primary button of the Element Plus confirmation box on screen. */
async function confirmBox(page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** Waits until the job progress inside loc says the job is done; returns the progress element. */
async function jobDone(page, loc) {
  const job = loc.getByTestId('job-progress');
  await job.and(page.locator('[data-status=done]')).waitFor({ timeout: 60000 });
  return job;
}

/** The versions of 甘肃省政协's own rule sets for the year, newest first. */
async function ownVersions() {
  const r = await gansu.get(`/api/v1/rule-sets?committee_id=${GANSU}&year=${year}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x.committee_id === GANSU && x.year === year);
}

before(async () => {
  server = await startApp();
  desk = await launch();
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
  // the server's year (CST), as the pages reckon it
  year = (await gansu.get('/api/v1/ranking?limit=1')).json.year;
  assert.ok(year >= 2026, `year ${year}`);
  await login(desk.page, server, 'gansu');
});
after(async () => {
  await desk?.close();
  await phone?.close();
  await server?.close();
});

test('rule editor: a bad value shows the server\'s error at its rule; saving twice makes version 2, current, and the recompute runs', async () => {
  const { page } = desk;
  const effective = (await gansu.get(`/api/v1/rule-sets/effective?committee_id=${GANSU}&year=${year}`)).json;
  assert.notEqual(effective.committee_id, GANSU, '甘肃省政协 starts with the rules of a committee above it');
  assert.deepEqual(await ownVersions(), []);
  const EVENT = 'activity.visit';
  const index = effective.rules.findIndex((r) => r.event === EVENT);
  const before = effective.rules[index].points;

  await page.goto(`${server.url}/points/rules`);
  const eff = page.getByTestId('rules-effective');
  await eff.getByText(effective.name).waitFor();
  await page.getByTestId('rules-revise').click();
  await page.waitForURL((u) => u.pathname === '/points/rules/new' && u.searchParams.get('committee_id') === String(GANSU));
  const row = page.locator(`[data-testid=rule-row][data-event="${EVENT}"]`);
  const points = row.getByTestId('rule-points').locator('input');
  assert.equal(Number(await points.inputValue()), before, 'the editor starts from the rules in force');

  // out of range: the server refuses, and says so at the rule
  await points.fill('1000');
  await points.press('Tab');
  await page.getByTestId('rule-set-save').click();
  const error = row.getByTestId('rule-error');
  await error.waitFor();
  const body = { ...effective, committee_id: GANSU, year, rules: effective.rules.map((r, i) => (i === index ? { ...r, points: 1000 } : r)) };
  const refused = await gansu.post('/api/v1/rule-sets', body);
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.error.field, `rules[${index}]`);
  assert.equal((await error.innerText()).trim(), refused.json.error.message);
  assert.equal(await page.getByTestId('rule-error').count(), 1, 'only that rule is marked');
  assert.deepEqual(await ownVersions(), [], 'nothing was stored');
  assert.equal(new URL(page.url()).pathname, '/points/rules/new');

  // a good value: 甘肃省政协's first version
  await points.fill(String(before + 1));
  await points.press('Tab');
  await page.getByTestId('rule-note').fill('走访分值调整（浏览器测试）');
  await page.getByTestId('rule-set-save').click();
  await page.waitForURL((u) => /^\/points\/rules\/\d+$/.test(u.pathname) && u.searchParams.has('job'));
  await page.getByTestId('rule-set-version').and(page.locator('[data-version="1"]')).waitFor();
  await jobDone(page, page.getByTestId('rule-set-job'));
  const v1 = await ownVersions();
  assert.equal(v1.length, 1);
  assert.equal(v1[0].version, 1);
  assert.equal(v1[0].note, '走访分值调整（浏览器测试）');

  // a second change: version 2, current
  const row2 = page.locator(`[data-testid=rule-row][data-event="${EVENT}"]`);
  const points2 = row2.getByTestId('rule-points').locator('input');
  assert.equal(Number(await points2.inputValue()), before + 1);
  await points2.fill(String(before + 2));
  await points2.press('Tab');
  await page.getByTestId('rule-set-save').click();
  await page.waitForURL((u) => /^\/points\/rules\/\d+$/.test(u.pathname) && u.pathname !== `/points/rules/${v1[0].id}`);
  const id2 = Number(new URL(page.url()).pathname.split('/').pop());
  const jobId = Number(new URL(page.url()).searchParams.get('job'));
  await page.getByTestId('rule-set-version').and(page.locator('[data-version="2"]')).waitFor();
  await page.getByTestId('rule-set-current').waitFor();
  const progress = await jobDone(page, page.getByTestId('rule-set-job'));
  const job = (await gansu.get(`/api/v1/jobs/${jobId}`)).json;
  assert.equal(job.status, 'done');
  assert.equal(job.kind, 'points_recompute');
  assert.match(await progress.getByTestId('recompute-result').innerText(), new RegExp(`${job.result.members}\\D.*${job.result.entries}`));

  const stored = (await gansu.get(`/api/v1/rule-sets/${id2}`)).json;
  assert.equal(stored.version, 2);
  assert.equal(stored.current, true);
  assert.equal(stored.rules[index].points, before + 2);
  const versions = await ownVersions();
  assert.deepEqual(versions.map((v) => [v.version, v.current]), [[2, true], [1, false]]);
  assert.equal((await gansu.get(`/api/v1/rule-sets/effective?committee_id=${GANSU}&year=${year}`)).json.id, id2);
  // the recompute scored the year again under version 2
  const ledger = (await gansu.get(`/api/v1/points?member_id=${member1.user.member_id}&year=${year}`)).json;
  const visits = ledger.items.filter((e) => e.rule === EVENT);
  assert.ok(visits.length > 0, 'member1 has visits this year');
  for (const e of visits) {
    assert.equal(e.rule_set_version, 2);
    assert.equal(e.raw, before + 2);
  }

  // the list marks version 2 as current, version 1 not
  await page.goto(`${server.url}/points/rules`);
  const mine = page.locator(`[data-testid=rules-version][data-committee="${GANSU}"]`);
  await mine.first().waitFor();
  assert.equal(await mine.count(), 2);
  assert.equal(await page.locator(`[data-testid=rules-version][data-committee="${GANSU}"][data-version="2"][data-current="1"]`).count(), 1);
  assert.equal(await page.locator(`[data-testid=rules-version][data-committee="${GANSU}"][data-version="1"][data-current="0"]`).count(), 1);
  await page.getByTestId('rules-effective').getByText(stored.name).waitFor();
  assertNoPageErrors(desk.errors);
});

test('the rule set names its term (届): a year outside it is refused at the field; the name shows on the rule set and the assessment', async () => {
  const { page } = desk;
  const termOf = (y) => 2023 + Math.floor((y - 2023) / 5) * 5;
  const start = termOf(year);
  const effective = (await gansu.get(`/api/v1/rule-sets/effective?committee_id=${GANSU}&year=${year}`)).json;
  assert.deepEqual(effective.term, { name: `${start}–${start + 4}年`, start_year: start, end_year: start + 4 });
  const before = (await ownVersions()).length;

  await page.goto(`${server.url}/points/rules/${effective.id}`);
  await page.getByTestId('rule-set-term').getByText(`${start}–${start + 4}年`).waitFor();
  await page.goto(`${server.url}/points/rules/new?committee_id=${GANSU}&year=${year}`);
  const card = page.getByTestId('rule-term');
  await card.getByTestId('rule-term-text').getByText(`${start}–${start + 4}年`).waitFor();
  // a term that does not hold the year: the server's words at the field, nothing stored
  await card.getByTestId('rule-term-name').fill('第十三届');
  const startInput = card.getByTestId('rule-term-start').locator('input');
  await startInput.fill(String(year + 1));
  await startInput.press('Tab');
  await page.getByTestId('rule-set-save').click();
  const field = card.locator('[data-field="term.start_year"]');
  const refused = await gansu.post('/api/v1/rule-sets', { ...effective, committee_id: GANSU, year, term: { name: '第十三届', start_year: year + 1 },
    flags: { ...effective.flags, term_start_year: undefined } });
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.error.field, 'term.start_year');
  await field.locator('.el-form-item__error').getByText(refused.json.error.message).waitFor();
  assert.equal((await ownVersions()).length, before, 'nothing was stored');

  // the term that holds the year, named: saved, and shown by its name and years
  await startInput.fill(String(start));
  await startInput.press('Tab');
  await card.getByTestId('rule-term-text').getByText(`第十三届（${start}–${start + 4}年）`).waitFor();
  await page.getByTestId('rule-set-save').click();
  await page.waitForURL((u) => /^\/points\/rules\/\d+$/.test(u.pathname));
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('rule-set-term').getByText(`第十三届（${start}–${start + 4}年）`).waitFor();
  const stored = (await gansu.get(`/api/v1/rule-sets/${id}`)).json;
  assert.deepEqual(stored.term, { name: '第十三届', start_year: start, end_year: start + 4 });
  assert.equal(stored.flags.term_start_year, start);
  await jobDone(page, page.getByTestId('rule-set-job'));

  // the assessment names the term whose plenary absences it counts
  await page.goto(`${server.url}/points/assessment?committee_id=${GANSU}&year=${year}`);
  await page.getByTestId('assessment-term').getByText(`本届：第十三届（${start}–${start + 4}年）`).waitFor();
  await page.getByTestId('assessment-rule').getByText(`届内（第十三届（${start}–${start + 4}年））`, { exact: false }).waitFor();
  const a = (await gansu.get(`/api/v1/assessments?committee_id=${GANSU}&year=${year}&limit=1`)).json;
  assert.deepEqual(a.rule_set.term, stored.term);
  assertNoPageErrors(desk.errors);
});

test('a speech entered on the duty records page scores in the member\'s ledger', async () => {
  const { page } = desk;
  const id = member1.user.member_id;
  const member = (await gansu.get(`/api/v1/members/${id}`)).json;
  const rules = (await gansu.get(`/api/v1/rule-sets/effective?committee_id=${member.committee_id}&year=${year}`)).json;
  const worth = rules.rules.find((r) => r.event === 'speech.other').points;
  const TITLE = '在乡村振兴专题协商会上发言（浏览器测试）';

  await page.goto(`${server.url}/points/records`);
  await page.getByTestId('record-table').waitFor();
  await page.getByTestId('record-new').click();
  const dialog = page.getByTestId('record-dialog');
  await dialog.waitFor();
  await dialog.locator('[data-field=member_id] .el-select').click();
  await page.keyboard.type(member.name);
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: `${member.name}（${member.committee_name}）` }).first().click();
  await dialog.locator('[data-field=kind] .el-select').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^其他会议发言$/ }).click();
  // a speech has no attendance
  await dialog.locator('[data-field=attendance]').waitFor({ state: 'detached' });
  await dialog.locator('[data-field=title] input').fill(TITLE);
  await page.getByTestId('record-save').click();
  await dialog.waitFor({ state: 'hidden' });

  const records = (await gansu.get(`/api/v1/points/records?member_id=${id}&kind=speech`)).json.items.filter((r) => r.title === TITLE);
  assert.equal(records.length, 1);
  const entry = (await gansu.get(`/api/v1/points?member_id=${id}&year=${year}`)).json.items
    .find((e) => e.source_kind === 'duty_record' && e.source_id === records[0].id);
  assert.ok(entry, 'the ledger has the speech');
  assert.equal(entry.rule, 'speech.other');
  assert.equal(entry.raw, worth);
  assertNoPageErrors(desk.errors);
});

test('a 常委会议 record offers only standing members in the member picker; another kind offers every member', async () => {
  const { page } = desk;
  // a member of gansu's committee who is not on the standing committee, and whose name no
  // standing member shares
  const plain = (await gansu.get(`/api/v1/members?committee_id=${GANSU}&is_standing=false&limit=50`)).json.items;
  let other = null;
  for (const m of plain) {
    const same = (await gansu.get(`/api/v1/members?committee_id=${GANSU}&is_standing=true&q=${encodeURIComponent(m.name)}`)).json.items;
    if (same.length === 0) { other = m; break; }
  }
  assert.ok(other, 'the demo has a member off the standing committee with a name of their own');
  const standing = (await gansu.get(`/api/v1/members?committee_id=${GANSU}&is_standing=true&limit=1`)).json.items[0];
  assert.ok(standing, 'the demo has a standing member');

  await page.goto(`${server.url}/points/records`);
  await page.getByTestId('record-table').waitFor();
  await page.getByTestId('record-new').click();
  const dialog = page.getByTestId('record-dialog');
  await dialog.waitFor();
  const pick = async (kind) => {
    await dialog.locator('[data-field=kind] .el-select').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${kind}$`) }).click();
  };
  // types a name into the member picker and waits for the search's answer: is it offered?
  const offered = async (name) => {
    await dialog.locator('[data-field=member_id] .el-select').click();
    await page.keyboard.press('Control+A');
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/members?') &&
      new URL(r.url()).searchParams.get('q') === name);
    await page.keyboard.type(name);
    await answer;
    const item = page.locator('.el-select-dropdown__item:visible').filter({ hasText: `${name}（` });
    // the remote search's answer drawn: an item, or the empty text once loading is over
    const empty = page.locator('.el-select-dropdown__empty:visible').filter({ hasNotText: /加载|Loading/ });
    await item.or(empty).first().waitFor();
    const n = await item.count();
    // away from the picker: its list closes
    await dialog.locator('[data-field=title] input').click();
    await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' });
    return n > 0;
  };
  await pick('常委会议');
  assert.equal(await offered(other.name), false, `${other.name} is not a standing member: not offered for a 常委会议`);
  assert.equal(await offered(standing.name), true, 'a standing member is offered');
  await pick('其他会议');
  assert.equal(await offered(other.name), true, 'another kind of meeting offers every member');
  assertNoPageErrors(desk.errors);
});

test('ranking page: the first row is the API\'s first, paging by offset, the bottom of the ranking, and the reminder job', async () => {
  const { page } = desk;
  const api = (await gansu.get(`/api/v1/ranking?year=${year}&limit=50`)).json;
  assert.ok(api.of > 50, `${api.of} members`);
  await page.goto(`${server.url}/points/ranking`);
  const table = page.getByTestId('ranking-table');
  await table.getByTestId('ranking-total').first().waitFor();
  assert.equal((await table.getByTestId('ranking-total').first().innerText()).trim(), pts(api.items[0].total));
  assert.equal((await table.getByTestId('ranking-name').first().innerText()).trim(), api.items[0].name);
  assert.equal(await table.getByTestId('ranking-name').count(), 50);
  assert.equal(await page.getByTestId('list-total').innerText(), `共 ${api.of} 条`);

  // the next page starts where the API's offset 50 does
  const next = (await gansu.get(`/api/v1/ranking?year=${year}&offset=50&limit=1`)).json.items[0];
  await page.getByTestId('next-page').click();
  await table.getByTestId('ranking-name').first().filter({ hasText: next.name }).waitFor();
  assert.equal((await table.getByTestId('ranking-rank').first().innerText()).trim(), String(next.rank));

  // the bottom of the ranking
  const bottom = (await gansu.get(`/api/v1/ranking?year=${year}&bottom=1`)).json;
  assert.ok(bottom.bottom.count > 0);
  await page.getByTestId('ranking-bottom').click();
  await page.waitForURL((u) => u.searchParams.get('bottom') === '1');
  const info = page.getByTestId('ranking-bottom-info');
  await info.waitFor();
  const text = await info.innerText();
  assert.match(text, new RegExp(`排名靠后 ${bottom.bottom.count} 人`), text);
  assert.match(text, new RegExp(`第 ${bottom.bottom.from_rank} 名`), text);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=ranking-table] [data-testid=ranking-name]').length === n,
    Math.min(bottom.bottom.count, 1000));
  assert.equal((await table.getByTestId('ranking-name').first().innerText()).trim(), bottom.items[0].name);
  assert.equal((await table.getByTestId('ranking-rank').first().innerText()).trim(), String(bottom.items[0].rank));
  assert.equal(await page.getByTestId('pager').count(), 0, 'the bottom is one list');

  // remind them: the job's tally
  await page.getByTestId('ranking-remind').click();
  await confirmBox(page);
  const dialog = page.getByTestId('remind-dialog');
  await jobDone(page, dialog);
  const tally = {};
  for (const k of ['bottom', 'notified', 'already', 'without_account']) {
    tally[k] = Number(await dialog.locator(`[data-testid=remind-result] li[data-key=${k}] strong`).innerText());
  }
  assert.equal(tally.bottom, bottom.bottom.count);
  assert.equal(tally.notified + tally.already + tally.without_account, tally.bottom);
  const jobs = (await gansu.get('/api/v1/jobs')).json.items;
  const remind = jobs.find((j) => j.kind === 'points_remind');
  assert.deepEqual(remind.result, tally);
  assertNoPageErrors(desk.errors);
});

test('the member\'s phone: total, grade and rank as GET /api/v1/points/me; the ledger; the self-report saved, submitted, then read-only', async () => {
  const { page } = phone;
  const me = (await member1.get(`/api/v1/points/me?year=${year}`)).json;
  await loginMobile(page, server, 'member1');
  await page.getByTestId('m-tile-points').click();
  await page.waitForURL((u) => u.pathname === '/m/points');
  const total = page.getByTestId('m-points-total');
  await total.waitFor();
  assert.equal((await total.innerText()).trim(), pts(me.total));
  const rank = page.getByTestId('m-points-rank');
  assert.equal(await rank.getAttribute('data-rank'), String(me.rank.rank));
  assert.equal(await rank.getAttribute('data-of'), String(me.rank.of));
  assert.equal((await rank.innerText()).trim(), `第 ${me.rank.rank} 名 / 共 ${me.rank.of} 人`);
  assert.equal((await page.getByTestId('m-points-grade').innerText()).trim(), me.grade_label);
  const pass = await page.getByTestId('m-points-pass').innerText();
  assert.match(pass, me.pass.need > 0 ? new RegExp(`还差 ${pts(me.pass.need)} 分`) : /已达到/, pass);
  if (me.quarter) {
    assert.match(await page.getByTestId('m-points-quarter').innerText(), new RegExp(`${me.quarter.activities} / ${me.quarter.quarter_min}`));
  }
  // the reminder's link (/m/points) opens the same page
  await page.goto(`${server.url}/m/points`);
  await total.waitFor();

  // my duty file as a PDF: a job whose progress shows in a sheet, then the file downloads
  const [pdf, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/members/${member1.user.member_id}/duty-file`),
    page.getByTestId('m-points-pdf').click(),
  ]);
  assert.equal(post.status(), 202);
  const sheet = page.getByTestId('m-export');
  assert.equal(await sheet.getByTestId('job-progress').getAttribute('data-status'), 'done');
  assert.match(await sheet.getByTestId('job-result-link').getAttribute('href'), /^\/api\/v1\/jobs\/\d+\/result$/);
  assert.match(pdf.suggestedFilename(), /\.pdf$/);
  assert.equal(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1'), '%PDF-');
  await page.goto(`${server.url}/m/points`);
  await total.waitFor();

  // the ledger, entry by entry
  const ledger = (await member1.get(`/api/v1/points?year=${year}`)).json;
  await page.getByTestId('m-points-ledger-link').click();
  await page.waitForURL((u) => u.pathname === '/m/points/ledger');
  await page.getByTestId('m-ledger-total').getByText(pts(ledger.total), { exact: true }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=m-ledger-entry]').length === n, ledger.items.length);

  // the self-report: a draft from the records, saved with my words, then submitted
  await page.goto(`${server.url}/m/points/report`);
  const status = page.getByTestId('m-report-status');
  await status.and(page.locator('[data-status=new]')).waitFor();
  const textarea = page.getByTestId('m-report-body').locator('textarea');
  const drafted = await textarea.inputValue();
  assert.match(drafted, new RegExp(String(year)), 'the draft is made from the year\'s records');
  const mine = `${drafted}\n本人牵头开展乡村医生队伍建设专题调研（浏览器测试）。`;
  await textarea.fill(mine);
  await page.getByTestId('m-report-save').click();
  await status.and(page.locator('[data-status=draft]')).waitFor();
  let stored = (await member1.get(`/api/v1/members/${member1.user.member_id}/self-report?year=${year}`)).json;
  assert.equal(stored.status, 'draft');
  assert.equal(stored.body, mine);
  await page.getByTestId('m-report-submit').click();
  await page.locator('.van-dialog__confirm').click();
  await status.and(page.locator('[data-status=submitted]')).waitFor();
  stored = (await member1.get(`/api/v1/members/${member1.user.member_id}/self-report?year=${year}`)).json;
  assert.equal(stored.status, 'submitted');
  assert.equal(stored.body, mine);
  assert.equal(await textarea.getAttribute('readonly'), '', 'a submitted report is read-only');
  assert.equal(await page.getByTestId('m-report-submit').count(), 0);
  assertNoPageErrors(phone.errors);
});

test('the duty file opens from the member\'s page, shows the API\'s figures, and its PDF button makes the PDF as a job, then downloads it', async () => {
  const { page } = desk;
  const id = member1.user.member_id;
  const file = (await gansu.get(`/api/v1/members/${id}/duty-file?year=${year}`)).json;
  await page.goto(`${server.url}/members/${id}`);
  await page.getByTestId('member-points-total').getByText(pts(file.years[0].total), { exact: true }).waitFor();
  await page.getByTestId('member-duty-file').click();
  await page.waitForURL((u) => u.pathname === '/points/file' && u.searchParams.get('member_id') === String(id));
  await page.getByTestId('file-name').getByText(file.member.name, { exact: true }).waitFor();
  const total = page.locator(`[data-testid=file-total][data-year="${year}"]`);
  assert.equal((await total.innerText()).trim(), pts(file.years[0].total));
  assert.equal((await page.getByTestId('file-rank').first().innerText()).trim(), `第 ${file.years[0].rank} 名 / ${file.years[0].of} 人`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-ledger] .el-table__body tr').length === n, file.points.length);
  // the self-report member1 submitted is in the file
  await page.getByTestId('file-self-report').getByText('已提交').waitFor();

  // the PDF: the button starts the export's job (POST, 202), a progress bar shows it, and when it
  // is done the file downloads by itself: a PDF naming the member and the total
  const pdf = page.getByTestId('file-pdf');
  const [download, post] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/members/${id}/duty-file`),
    pdf.click(),
  ]);
  assert.equal(post.status(), 202);
  assert.equal(new URL(post.url()).searchParams.get('format'), 'pdf');
  assert.equal(new URL(post.url()).searchParams.get('year'), String(year));
  const dialog = page.getByTestId('export-dialog');
  assert.equal(await dialog.getByTestId('job-progress').getAttribute('data-status'), 'done');
  assert.match(download.suggestedFilename(), /\.pdf$/);
  assert.match(download.suggestedFilename(), new RegExp(`^${file.member.name}-${year}年度履职档案`));
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  let text = null;
  try {
    text = execFileSync('pdftotext', ['-', '-'], { input: bytes, encoding: 'utf8' });
  } catch { /* no pdftotext here: the header check stands */ }
  if (text !== null) {
    const flat = text.replace(/\s+/g, '');
    assert.ok(flat.includes(file.member.name), 'the PDF names the member');
    assert.ok(flat.includes(`积分${pts(file.years[0].total)}分`), 'the PDF gives the total');
  }
  // the link stays in the dialog to fetch the file again
  const again = dialog.getByTestId('job-result-link');
  assert.match(await again.getAttribute('href'), /^\/api\/v1\/jobs\/\d+\/result$/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // and the workbook, the same way
  const [xdown] = await Promise.all([page.waitForEvent('download'), page.getByTestId('file-xlsx').click()]);
  assert.match(xdown.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await xdown.path()).subarray(0, 2).toString('latin1'), 'PK');
  assertNoPageErrors(desk.errors);
});

test('the dashboard shows the points figures of GET /api/v1/points/stats', async () => {
  const { page } = desk;
  const stats = (await gansu.get(`/api/v1/points/stats?year=${year}`)).json;
  await page.goto(`${server.url}/dashboard`);
  await page.getByTestId('widget-points-distribution').locator('canvas').first().waitFor();
  await page.getByTestId('widget-points-grades').locator('canvas').first().waitFor();
  const per = page.getByTestId('fig-per-member');
  await per.waitFor();
  assert.equal((await per.innerText()).trim(), String(stats.participations.per_member));
  assertNoPageErrors(desk.errors);
});
