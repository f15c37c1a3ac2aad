// tests/e2e/members.test.mjs: the roster in a real browser: find a member by name, see the
// server's error at the field for an invalid value, import a roster with a bad row (the row is
// named, nothing is imported), then import it fixed, and export the list as CSV and XLSX; the ID
// number masked in the list and on the record, revealed by 显示 for the secretariat (and recorded
// in the audit log), with no such button and only the birth year for a viewer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

async function committeeId(name) {
  const r = await gansu.get(`/api/v1/committees?q=${encodeURIComponent(name)}&limit=50`);
  return r.json.items.find((c) => c.name === name).id;
}

test('find a member by name and open the record', async () => {
  const { page } = b;
  // a member of the demo data, by the name the API gives
  const someone = (await gansu.get('/api/v1/members?limit=1&committee_id=' + await committeeId('兰州市政协'))).json.items[0];
  await page.goto(`${server.url}/members`);
  await page.getByTestId('member-table').waitFor();
  const all = await listTotal(page);
  await page.getByTestId('member-search').fill(someone.name);
  await page.waitForFunction((n) => {
    const t = document.querySelector('[data-testid=list-total]')?.textContent || '';
    return Number((/\d+/.exec(t) || ['0'])[0]) < n;
  }, all);
  assert.ok(new URL(page.url()).searchParams.get('q') === someone.name, 'the search is in the address');
  const link = page.getByTestId('member-table').getByRole('link', { name: someone.name, exact: true }).first();
  await link.waitFor();
  await link.click();
  await page.waitForURL(new RegExp(`/members/\\d+$`));
  assert.equal(await page.getByTestId('member-name').innerText().then((s) => s.trim().split(/\s/)[0]), someone.name);
  const detail = await page.getByTestId('member-detail').innerText();
  assert.ok(detail.includes(someone.committee_name), 'the committee is shown');
  assertNoPageErrors(b.errors);
});

test('editing a member with an invalid phone shows the server\'s message at the field, and saves nothing', async () => {
  const { page } = b;
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const before = (await gansu.get(`/api/v1/members/${id}`)).json;
  await page.getByTestId('member-edit').click();
  await page.waitForURL(new RegExp(`/members/${id}/edit$`));
  const phone = page.locator('[data-field=phone] input');
  await phone.waitFor();
  // the form is filled once the record has loaded (the name is never empty)
  await page.waitForFunction((name) => document.querySelector('[data-field=name] input')?.value === name, before.name);
  assert.equal(await phone.inputValue(), before.phone);
  // the references show their names, not their ids
  for (const f of ['sector', 'party', 'special_committee', 'group']) {
    if (!before[`${f}_id`]) continue;
    const shown = page.locator(`[data-field=${f}_id] .el-select__wrapper`);
    await page.waitForFunction(([sel, name]) => document.querySelector(sel)?.textContent.includes(name),
      [`[data-field=${f}_id] .el-select__wrapper`, before[`${f}_name`]]);
    assert.ok((await shown.innerText()).includes(before[`${f}_name`]), f);
  }
  await phone.fill('abc');
  await page.getByTestId('member-save').click();
  const err = page.locator('[data-field=phone] .el-form-item__error');
  await err.waitFor();
  assert.equal((await err.innerText()).trim(), '手机号格式不正确');
  assert.match(page.url(), /\/edit$/, 'still on the form');
  assert.equal((await gansu.get(`/api/v1/members/${id}`)).json.phone, before.phone);
  // a valid value is saved and shown on the record
  await phone.fill('13900001234');
  await page.getByTestId('member-save').click();
  await page.waitForURL(new RegExp(`/members/${id}$`));
  await page.getByTestId('member-detail').getByText('13900001234').waitFor();
  assert.equal((await gansu.get(`/api/v1/members/${id}`)).json.phone, '13900001234');
  assertNoPageErrors(b.errors);
});

/** A roster: the template's header and rows for 城关区政协, row k's phone from phones[k]. */
async function roster(phones) {
  const tpl = (await gansu.get('/api/v1/members/import-template')).text.replace(/^\uFEFF/, '');
  const header = tpl.split(/\r?\n/)[0];
  const rows = phones.map((p, k) =>
    `导入测试${String.fromCharCode(0x7532 + k)},${k % 2 ? '女' : '男'},汉族,1980-0${k + 1}-1${k},,城关区政协,经济界,,,,否,16,城关区某公司经理,${p},在任`);
  return [header, ...rows].join('\r\n') + '\r\n';
}

test('importing a roster with one bad row names the row and imports nothing; fixed, it imports', async () => {
  const { page } = b;
  const csv = await roster(['13800000001', 'abc', '13800000003']);
  await page.goto(`${server.url}/members/import`);
  await page.getByTestId('import-file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-file-name').waitFor();
  await page.getByTestId('import-submit').click();
  const bad = page.getByTestId('bad-rows');
  await bad.waitFor();
  const rows = bad.locator('.el-table__body tr');
  assert.equal(await rows.count(), 1);
  const text = await rows.first().innerText();
  assert.match(text, /^\s*3\b/, `the line number of the bad row (the header is line 1): ${text}`);
  assert.match(text, /手机号/);
  assert.match(text, /手机号格式不正确/);
  assert.match(await page.getByTestId('import-failure').innerText(), /未导入/);
  assert.equal((await gansu.get(`/api/v1/members?q=${encodeURIComponent('导入测试')}`)).json.total, 0, 'nothing imported');
  // the same roster, fixed
  const fixed = await roster(['13800000001', '13800000002', '13800000003']);
  await page.getByTestId('import-file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-result').getByText('已导入 3 名委员').waitFor();
  assert.equal((await gansu.get(`/api/v1/members?q=${encodeURIComponent('导入测试')}`)).json.total, 3);
  assertNoPageErrors(b.errors);
});

/** text in GBK (what Excel on a Chinese Windows saves as "CSV"), by inverting Node's decoder. */
function toGbk(text) {
  const dec = new TextDecoder('gbk');
  const table = new Map();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (table.has(ch)) out.push(...table.get(ch));
    else throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(out);
}

test('a roster saved by Excel in GBK is converted to UTF-8 and imported', async () => {
  const { page } = b;
  const csv = (await roster(['13800000009'])).replace('导入测试甲', '导入测试戊');
  await page.getByTestId('import-file').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: toGbk(csv) });
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-result').getByText('已导入 1 名委员').waitFor();
  const r = (await gansu.get(`/api/v1/members?q=${encodeURIComponent('导入测试戊')}`)).json;
  assert.equal(r.total, 1);
  assert.equal(r.items[0].committee_name, '城关区政协');
  assertNoPageErrors(b.errors);
});

test('exporting the filtered list gives a CSV with one row per member shown, and an XLSX', async () => {
  const { page } = b;
  const cid = await committeeId('兰州市政协');
  await page.goto(`${server.url}/members?committee_id=${cid}&gender=female`);
  await page.getByTestId('member-table').waitFor();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=list-total]')?.textContent || ''));
  const total = await listTotal(page);
  assert.equal(total, (await gansu.get(`/api/v1/members?committee_id=${cid}&gender=female&limit=1`)).json.total);
  assert.ok(total > 0);

  // the export is a job: its progress in a dialog, then the file by itself
  await page.getByTestId('member-export').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  const dialog = page.getByTestId('export-dialog');
  assert.equal(await dialog.getByTestId('job-progress').getAttribute('data-status'), 'done');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with BOM, for Excel');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length);
  assert.equal(lines[0].split(',')[0], '姓名');
  assert.equal(lines.length - 1, total, 'one line per member, plus the header');
  assert.ok(lines.slice(1).every((l) => l.split(',')[1] === '女'), 'the filter applied');

  await page.getByTestId('member-export').click();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const bytes = readFileSync(await xlsx.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip file');
  assertNoPageErrors(b.errors);
});

test('the ID number shows masked in the list and on the record; 显示 reveals it, recorded in the audit log', async () => {
  const { page } = b;
  const auditor = await as(server, 'auditor');
  const cid = await committeeId('甘肃省政协');
  const someone = (await gansu.get(`/api/v1/members?committee_id=${cid}&limit=50`)).json.items
    .find((m) => m.committee_id === cid && m.id_number);
  const reveals = async () => (await auditor.get(`/api/v1/audit?entity=member&entity_id=${someone.id}`)).json.items
    .filter((e) => e.action === 'reveal_id_number' && e.username === 'gansu').length;
  // the list: the mask
  await page.goto(`${server.url}/members?q=${encodeURIComponent(someone.name)}`);
  await page.getByTestId('member-row-id').first().waitFor();
  for (const cell of await page.getByTestId('member-row-id').allInnerTexts()) assert.match(cell.trim(), /^(\d{6}\*{12}|—)$/);
  // the record: the mask and a button; the birth date for the secretariat
  await page.goto(`${server.url}/members/${someone.id}`);
  const idn = page.getByTestId('member-id-number');
  await idn.waitFor();
  assert.match((await idn.innerText()).trim(), /^\d{6}\*{12}$/);
  assert.equal((await page.getByTestId('member-birth').innerText()).trim(), someone.birth_date);
  const before = await reveals();
  await page.getByTestId('member-reveal').click();
  await page.waitForFunction(() => /^\d{17}[\dX]$/.test(document.querySelector('[data-testid=member-id-number]')?.textContent?.trim() || ''));
  const shown = (await idn.innerText()).trim();
  assert.equal(shown, (await gansu.post(`/api/v1/members/${someone.id}/id-number/reveal`)).json.id_number);
  assert.equal(shown.slice(6, 14), someone.birth_date.replaceAll('-', ''));
  assert.equal(await page.getByTestId('member-reveal').count(), 0, 'the button goes once the number is shown');
  assert.equal(await reveals(), before + 2, 'the page\'s reveal and ours, each in the audit log');
  assertNoPageErrors(b.errors);

  // a viewer: the mask, no button, the birth year instead of the date
  const v = await launch();
  try {
    await login(v.page, server, 'viewer');
    await v.page.goto(`${server.url}/members/${someone.id}`);
    await v.page.getByTestId('member-id-number').waitFor();
    assert.match((await v.page.getByTestId('member-id-number').innerText()).trim(), /^\d{6}\*{12}$/);
    assert.equal(await v.page.getByTestId('member-reveal').count(), 0);
    const birth = (await v.page.getByTestId('member-birth').innerText()).trim();
    assert.ok(birth.includes(someone.birth_date.slice(0, 4)), birth);
    assert.ok(!birth.includes(someone.birth_date), `the viewer sees the birth date: ${birth}`);
    assertNoPageErrors(v.errors);
  } finally {
    await v.close();
  }
});
