// tests/e2e/meeting-votes.test.mjs: a vote on the phone (issue 19). The secretariat (gansu) holds
// a meeting with member1 and member2 and opens a motion; member1 opens /m/meetings/{id}/votes,
// sees the count (0 of 3) and no result, votes 赞成 after the confirm and sees "已投票" with its
// choice; the count follows member2's ballot (cast through the API) without a reload; after the
// close the page shows the result (2 of 3 members is more than half: 通过). Then an
// election: the page lets member1 mark at most as many candidates as seats.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';

let server, phone, gansu, member1, member2, meeting;

before(async () => {
  server = await startApp({ contact: false, proposals: false, reports: false });
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  member1 = await as(server, 'member1');
  member2 = await as(server, 'member2');
  const prov = 2; // 甘肃省政协, member1's committee
  let r = await gansu.post('/api/v1/meetings', { committee_id: prov, kind: 'standing', title: '手机表决测试会议',
    starts_at: '2026-12-20T09:00:00+08:00', ends_at: '2026-12-20T17:30:00+08:00' });
  meeting = r.json.id;
  const others = (await gansu.get(`/api/v1/members?committee_id=${prov}&status=active&limit=5`)).json.items
    .map((m) => m.id).filter((id) => id !== member1.user.member_id && id !== member2.user.member_id);
  r = await gansu.post(`/api/v1/meetings/${meeting}/invitees`, { member_ids: [member1.user.member_id, member2.user.member_id, others[0]] });
  assert.equal(r.status, 200, r.text);
  for (const s of ['notify', 'open']) assert.equal((await gansu.post(`/api/v1/meetings/${meeting}/${s}`, {})).status, 200);
});
after(async () => {
  await phone?.close();
  await server?.close();
});

test('member1 votes on the phone: the count, a confirm, 已投票, the count follows, the result after the close', async () => {
  const { page, errors } = phone;
  let r = await gansu.post(`/api/v1/meetings/${meeting}/votes`, { kind: 'motion', title: '关于通过工作报告的决议' });
  const v = r.json.id;
  assert.equal((await gansu.post(`/api/v1/meetings/${meeting}/votes/${v}/open`, {})).status, 200);
  await loginMobile(page, server, 'member1');
  await page.goto(`${server.url}/m/meetings/${meeting}/votes`);
  const card = page.getByTestId(`m-vote-${v}`);
  await card.waitFor();
  assert.match(await card.getByTestId('m-vote-count').innerText(), /已投票 0 \/ 3 人/);
  assert.equal(await card.getByTestId('m-vote-result').count(), 0, 'no running result while open');
  await card.getByTestId('m-choice-yes').click();
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /赞成/);
  await dialog.locator('.van-dialog__confirm').click();
  await card.getByTestId('m-voted').waitFor();
  assert.match(await card.getByTestId('m-voted').innerText(), /已投票（赞成）/);
  assert.equal(await card.getByTestId('m-choice-no').count(), 0, 'no second ballot offered');
  // member2 votes through the API: the count follows on the page by itself
  assert.equal((await member2.post(`/api/v1/meetings/${meeting}/votes/${v}/ballot`, { choice: 'yes' })).status, 200);
  await page.waitForFunction((id) => /已投票 2 \/ 3 人/.test(document.querySelector(`[data-testid=m-vote-${id}] [data-testid=m-vote-count]`)?.textContent || ''), v, { timeout: 10000 });
  // closed: the result (2 of 3 members is more than half: passed)
  assert.equal((await gansu.post(`/api/v1/meetings/${meeting}/votes/${v}/close`, {})).status, 200);
  await page.reload();
  await card.getByTestId('m-vote-result').waitFor();
  assert.match(await card.getByTestId('m-vote-result').innerText(), /通过/);
  assert.match(await card.getByTestId('m-vote-state').innerText(), /已结束/);
  assertNoPageErrors(errors);
});

test('an election on the phone: at most as many marks as seats, then the ballot', async () => {
  const { page, errors } = phone;
  const r = await gansu.post(`/api/v1/meetings/${meeting}/votes`, { kind: 'election', title: '增选常务委员', seats: 1,
    candidates: [{ name: '张明' }, { name: '李华' }] });
  const v = r.json;
  await gansu.post(`/api/v1/meetings/${meeting}/votes/${v.id}/open`, {});
  await page.goto(`${server.url}/m/meetings/${meeting}/votes`);
  const card = page.getByTestId(`m-vote-${v.id}`);
  await card.waitFor();
  const [a, b] = v.candidates.map((c) => c.id);
  await card.getByTestId(`m-candidate-${a}`).click();
  await card.getByTestId(`m-candidate-${b}`).click(); // a second mark on one seat is not taken
  assert.match(await card.getByTestId('m-cast').innerText(), /已选 1 人/);
  await card.getByTestId('m-cast').click();
  await page.locator('.van-dialog .van-dialog__confirm').click();
  await card.getByTestId('m-voted').waitFor();
  const got = (await gansu.get(`/api/v1/meetings/${meeting}/votes/${v.id}`)).json;
  assert.equal(got.voted, 1);
  assert.equal((await gansu.post(`/api/v1/meetings/${meeting}/votes/${v.id}/close`, {})).status, 200);
  const res = (await gansu.get(`/api/v1/meetings/${meeting}/votes/${v.id}`)).json.result;
  assert.deepEqual(res.candidates.map((c) => c.votes), [1, 0], 'the first mark was counted, not the second');
  assertNoPageErrors(errors);
});
