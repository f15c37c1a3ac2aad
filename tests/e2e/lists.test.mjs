// tests/e2e/lists.test.mjs: issue 18 in a real browser. The pager of the long lists (共 n 条, the
// page count, a jump to page k, the page size, a sorted column); how long items have waited, overdue
// in red; the ID number masked on the member page with its audited 显示 and the links to the
// member's records; the sectors' 类别 from the label table; quarters, 届次 and 案号 in their Chinese
// forms; the requests list at 1440 px (办理用时 not under 操作, buttons named as actions); the clash
// dialog's reason and time; 后台任务; and on the phone at 390×844 every tap target at least 44 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, login, loginMobile, as, listTotal, assertNoPageErrors } from './lib/browser.mjs';

let server;
let b;
let gansu;
before(async () => {
  server = await startApp();
  b = await launch({ width: 1440, height: 900 });
  gansu = await as(server, 'gansu');
  await login(b.page, server, 'gansu');
});
after(async () => {
  await b?.close();
  await server?.close();
});

const pageNumber = async (page) => Number(/\d+/.exec(await page.getByTestId('page-number').innerText())[0]);
const pageCount = async (page) => Number(/\d+/.exec(await page.getByTestId('page-count').innerText())[0]);

test('the members\' pager: page count, jump to a page, page size, a sorted column', async () => {
  const { page } = b;
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
  const total = await listTotal(page);
  const size = 20;
  await page.evaluate(() => localStorage.removeItem('lvzhi.members.limit'));
  assert.equal(await pageCount(page), Math.ceil(total / size), `${total} members in pages of ${size}`);
  const firstNames = await page.getByTestId('member-link').allInnerTexts();
  // jump to page 3: the API is asked for the page at offset 40
  const asked = page.waitForRequest((r) => r.url().includes('/api/v1/members?') && r.url().includes('offset=40'));
  const jump = page.getByTestId('page-jump').locator('input');
  await jump.fill('3');
  await jump.press('Enter');
  await asked;
  await page.waitForFunction(() => /3/.test(document.querySelector('[data-testid=page-number]')?.textContent || ''));
  assert.equal(await pageNumber(page), 3);
  const third = await page.getByTestId('member-link').allInnerTexts();
  assert.notDeepEqual(third, firstNames, 'another page');
  const api = (await gansu.get(`/api/v1/members?limit=20&offset=40&committee_id=${(await gansu.get('/api/v1/session')).json.user.committee.id}`)).json;
  assert.deepEqual(third, api.items.map((m) => m.name), 'the page the API has at offset 40');
  // next from a jumped page goes on to page 4
  await page.getByTestId('next-page').click();
  await page.waitForFunction(() => /4/.test(document.querySelector('[data-testid=page-number]')?.textContent || ''));
  // the page size: 50 a page, back to the first page, fewer pages
  await page.getByTestId('page-size').click();
  await page.locator('.el-select-dropdown__item', { hasText: '50 条/页' }).click();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=page-count]')?.textContent || '').includes(String(n)), Math.ceil(total / 50));
  assert.equal(await pageNumber(page), 1);
  assert.equal(await page.getByTestId('member-link').count(), Math.min(50, total));
  // sort by 届次 descending: the server sorts (sort=-term) and the column reads 第N届
  const header = page.getByTestId('member-table').locator('th', { hasText: '届次' });
  const sorted = page.waitForResponse((r) => r.url().includes('sort=term'));
  await header.click();
  await sorted;
  await page.waitForTimeout(200);
  const terms = await page.getByTestId('member-row-term').allInnerTexts();
  assert.ok(terms.length > 0);
  for (const t of terms) assert.match(t, /^(第[一二三四五六七八九十]+届)?$/, `届次 in its form: ${t}`);
  const desc = page.waitForResponse((r) => r.url().includes('sort=-term'));
  await header.click();
  await desc;
  await page.evaluate(() => localStorage.removeItem('lvzhi.members.limit'));
  assertNoPageErrors(b.errors);
});

test('the proposals: 案号 in the session\'s form, sortable, waiting marks', async () => {
  const { page } = b;
  await page.goto(`${server.url}/proposals?status=filed,assigned,handling,replied,closed`);
  await page.getByTestId('proposal-table').locator('tbody tr').first().waitFor();
  const cases = (await page.getByTestId('case-number').allInnerTexts()).filter((x) => x !== '—');
  assert.ok(cases.length > 0, 'numbered proposals');
  for (const c of cases) assert.match(c, /^\S*届\S*次 第\d+号$|^第\d+号$/, `案号 ${c}`);
  const sorted = page.waitForResponse((r) => r.url().includes('/api/v1/proposals?') && r.url().includes('sort=serial'));
  await page.getByTestId('proposal-table').locator('th', { hasText: '案号' }).click();
  await sorted;
  assert.ok(await page.getByTestId('page-count').isVisible());
  // handling proposals show days left or overdue; an overdue one in red
  await page.goto(`${server.url}/proposals?status=assigned,handling,rehandling`);
  await page.getByTestId('proposal-table').locator('tbody tr').first().waitFor();
  const marks = page.getByTestId('wait-mark');
  assert.ok(await marks.count() > 0, 'waiting marks on handling proposals');
  for (const m of await marks.allInnerTexts()) assert.match(m, /剩 \d+ 天|今天到期|逾期 \d+ 天/, m);
  assertNoPageErrors(b.errors);
});

test('the requests at 1440 px: how long each waited, overdue in red; 办理用时 beside, not under, 操作; buttons named as actions', async () => {
  const { page } = b;
  await page.goto(`${server.url}/contact/requests`);
  const table = page.getByTestId('request-table');
  await table.locator('tbody tr').first().waitFor();
  // the demo's open requests were accepted months ago: overdue, in red
  const open = (await gansu.get('/api/v1/requests?limit=200&status=accepted')).json.items;
  assert.ok(open.length > 0, 'open requests');
  await page.goto(`${server.url}/contact/requests?status=accepted`);
  await table.locator('tbody tr').first().waitFor();
  const overdue = table.locator('[data-testid=wait-mark][data-level=overdue]');
  const expectOverdue = open.filter((r) => Date.parse(r.due_at) < Date.now()).length;
  assert.ok(expectOverdue > 0, 'some open request is past its 60 days');
  assert.ok(await overdue.count() > 0, 'overdue marks shown');
  const text = await overdue.first().innerText();
  assert.match(text, /已等 \d+ 天 · 逾期 \d+ 天/, text);
  const color = await overdue.first().evaluate((e) => getComputedStyle(e).color);
  assert.equal(color, 'rgb(245, 108, 108)', 'overdue in red');
  // 办理用时 is not covered by the fixed 操作 column
  const dur = await page.locator('th.col-duration').first().boundingBox();
  const ops = await page.locator('.el-table__fixed-right th.col-actions, th.col-actions.el-table-fixed-column--right').first().boundingBox();
  assert.ok(dur && ops, 'both headers');
  assert.ok(dur.x + dur.width <= ops.x + 1, `办理用时 ends at ${dur.x + dur.width}, 操作 begins at ${ops.x}`);
  // the buttons are actions; the state is a state
  const buttons = await table.locator('[data-testid^=request-]').filter({ hasText: /./ }).allInnerTexts();
  for (const t of buttons.filter((x) => x)) assert.ok(['开始办理', '办结', '转办', '答复', '已受理'].includes(t.trim()), `button or tag: ${t}`);
  assert.ok(buttons.some((t) => t.trim() === '开始办理'));
  assert.ok((await table.getByTestId('request-status').allInnerTexts()).every((t) => t === '已受理'), 'the state reads as a state');
  assertNoPageErrors(b.errors);
});

test('the member page: the ID number masked, 显示 reveals it (audited); links to the member\'s records', async () => {
  const { page } = b;
  const m = (await gansu.get('/api/v1/members?limit=20')).json.items.find((x) => x.id_number);
  await page.goto(`${server.url}/members/${m.id}`);
  const id = page.getByTestId('member-id-number');
  await id.waitFor();
  assert.match(await id.innerText(), /^\d{6}\*{12}$/, 'masked by default');
  await page.getByTestId('member-reveal').click();
  await page.waitForFunction(() => /^\d{17}[\dX]$/.test(document.querySelector('[data-testid=member-id-number]')?.textContent?.trim() || ''));
  for (const [k, path] of [['proposals', `/proposals?proposer_id=${m.id}`], ['reports', `/reports?member_id=${m.id}`],
    ['activities', `/contact/activities?member_id=${m.id}`], ['points', `/points/file?member_id=${m.id}`]]) {
    const href = await page.getByTestId(`member-link-${k}`).getAttribute('href');
    assert.equal(href, path, k);
  }
  const activities = page.waitForResponse((r) => r.url().includes('/api/v1/activities?') && r.url().includes(`member_id=${m.id}`));
  await page.getByTestId('member-link-activities').click();
  await activities;
  assertNoPageErrors(b.errors);
});

test('组织机构 › 界别: every 类别 from the label table, no raw keys', async () => {
  const { page } = b;
  await page.goto(`${server.url}/org/sectors`);
  const table = page.getByTestId('record-table');
  await table.locator('tbody tr').first().waitFor();
  const text = await table.innerText();
  assert.ok(!text.includes('enum.'), 'no raw key in the table');
  const L = (await gansu.get('/api/v1/labels')).json['sector.kind'].map((x) => x.zh);
  const kinds = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(kinds.length > 5);
  for (const k of kinds) assert.ok(L.includes(k.trim()), `类别 ${k}`);
  assertNoPageErrors(b.errors);
});

test('quarters read 第一季度 …; the jobs page is 后台任务', async () => {
  const { page } = b;
  await page.goto(`${server.url}/contact/compliance`);
  await page.getByTestId('compliance-table').waitFor();
  const heads = await page.getByTestId('compliance-table').locator('thead th').allInnerTexts();
  for (const q of ['第一季度', '第二季度', '第三季度', '第四季度']) assert.ok(heads.some((h) => h.includes(q)), `${q} in ${heads}`);
  assert.ok(!heads.some((h) => /^Q\d/.test(h.trim())));
  await page.goto(`${server.url}/jobs`);
  await page.waitForFunction(() => document.body.innerText.includes('后台任务'));
  assert.ok(!(await page.locator('body').innerText()).includes('我的任务'), 'background jobs are not "my tasks"');
  assertNoPageErrors(b.errors);
});

test('the phone at 390×844: radio rows and buttons are tap targets of 44 px at least', async () => {
  const m = await launch({ width: 390, height: 844 });
  try {
    await loginMobile(m.page, server, 'member1');
    for (const path of ['/m/contact/new', '/m/compliance', '/m/requests']) {
      await m.page.goto(`${server.url}${path}`);
      await m.page.locator('.van-nav-bar').waitFor();
      await m.page.waitForTimeout(400);
      const small = await m.page.evaluate(() => {
        const out = [];
        for (const e of document.querySelectorAll('#app .van-button, #app .van-radio, #app .van-checkbox, #app button')) {
          // a radio in a clickable row: the row is what a finger presses
          const target = e.closest('.van-cell--clickable') || e;
          const r = target.getBoundingClientRect();
          if (!r.width || !r.height) continue; // not shown
          if (r.height < 44 || r.width < 44) out.push(`${e.className} "${(e.textContent || '').trim().slice(0, 12)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
        return out;
      });
      assert.deepEqual(small, [], `${path}: targets under 44 px`);
    }
    const radios = await m.page.goto(`${server.url}/m/contact/new`).then(() => m.page.locator('.van-radio').first());
    await radios.waitFor();
    const box = await radios.boundingBox();
    assert.ok(box.height >= 44, `a radio row is ${box.height} px tall`);
    assertNoPageErrors(m.errors);
  } finally {
    await m.close();
  }
});
