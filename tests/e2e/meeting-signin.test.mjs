// tests/e2e/meeting-signin.test.mjs: a member signs in on the phone while the big screen shows the
// count (issue 19, part C). The venue's screen opens /screen/meetings/:id?token=… without a login
// and shows the meeting's title, the sitting's QR code (its text: the phone page's URL with the
// rotating code) and the attendance; the member's phone opens that URL, is signed in and told so;
// the screen's present count goes up by itself (its event stream). A wrong token shows only that
// the link is wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launch, loginMobile, as, assertNoPageErrors } from './lib/browser.mjs';
import { committeeId } from '../api/lib/util.mjs';

let server;
let screen;
let phone;
let gansu;
let meeting;
let token;
const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

before(async () => {
  server = await startApp({ contact: false, proposals: false, reports: false });
  screen = await launch({ width: 1600, height: 900 });
  phone = await launch({ width: 390, height: 844 });
  gansu = await as(server, 'gansu');
  const member1 = await as(server, 'member1');
  const prov = await committeeId(gansu, '甘肃省政协');
  const now = Math.floor(Date.now() / 1000);
  meeting = (await gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title: '省政协常委会第六次会议', venue: '省政协会议中心',
    starts_at: iso(now - 3600), ends_at: iso(now + 8 * 3600),
  })).json;
  const list = (await gansu.get(`/api/v1/members?committee_id=${prov}&status=active&limit=5`)).json.items;
  const other = list.find((m) => m.id !== member1.user.member_id).id;
  await gansu.post(`/api/v1/meetings/${meeting.id}/invitees`, { member_ids: [member1.user.member_id, other] });
  const r = await gansu.post(`/api/v1/meetings/${meeting.id}/sittings`, { label: '第一次全体会议', starts_at: iso(now - 60), ends_at: iso(now + 3600) });
  assert.equal(r.status, 201);
  for (const step of ['notify', 'open']) assert.equal((await gansu.post(`/api/v1/meetings/${meeting.id}/${step}`, {})).status, 200);
  token = (await gansu.post(`/api/v1/meetings/${meeting.id}/screen-token`, {})).json.token;
});

after(async () => {
  await screen?.close();
  await phone?.close();
  await server?.close();
});

test('the member scans the screen\'s code on the phone and the screen\'s count goes up', async () => {
  const sp = screen.page;
  await sp.goto(`${server.url}/screen/meetings/${meeting.id}?token=${token}`);
  assert.equal(await sp.getByTestId('screen-title').innerText(), '省政协常委会第六次会议');
  assert.equal(await sp.getByTestId('screen-present').innerText(), '0');
  const qr = sp.getByTestId('screen-qr');
  await qr.waitFor();
  const url = await qr.getAttribute('data-text');
  assert.match(url, new RegExp(`^${server.url}/m/meetings/${meeting.id}/signin\\?code=[A-Z2-9]{8}$`));
  assert.ok(await qr.locator('path').getAttribute('d'), 'the QR code is drawn');
  assert.equal(new URL(sp.url()).pathname, `/screen/meetings/${meeting.id}`, 'no login asked');

  const pp = phone.page;
  await loginMobile(pp, server, 'member1');
  await pp.goto(url);
  await pp.getByTestId('signin-ok').waitFor();
  assert.ok(!new URL(pp.url()).search.includes('code='), 'the code is taken out of the address');
  // the screen hears of it by its stream, without a reload
  await sp.waitForFunction(() => document.querySelector('[data-testid="screen-present"]')?.textContent === '1', null, { timeout: 10000 });
  // scanning again: signed in already
  await pp.goto(url);
  await pp.getByTestId('signin-already').waitFor();
  assertNoPageErrors(screen.errors);
  assertNoPageErrors(phone.errors);
});

test('a wrong token shows that the link is wrong and nothing of the meeting', async () => {
  const sp = screen.page;
  await sp.goto(`${server.url}/screen/meetings/${meeting.id}?token=${'0'.repeat(64)}`);
  await sp.getByTestId('screen-bad').waitFor();
  assert.equal(await sp.getByTestId('screen-title').count(), 0);
});
