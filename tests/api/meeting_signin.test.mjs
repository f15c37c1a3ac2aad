// tests/api/meeting_signin.test.mjs: sittings, sign-in, attendance, the big screen and the
// points of a meeting (issue 19, part C) over HTTP, on both engines. A member invitee signs in
// with the rotating code of the screen (the code this test computes itself from the
// installation key, as the server does: BLAKE2b keyed with a subkey of it), once (the same
// sign-in twice at once has one effect; again: 409), not with a code of two minutes ago (422);
// a member not invited gets 404; staff sign a member in by hand with a reason (timeline
// "signin"); a member signs out. Attendance by the two-thirds rule: present, excused (approved
// leave), absent (refused leave and no sign-in; signed out at once). The screen by its display
// token without a login (a wrong or replaced token: 403). Closing the meeting writes its points
// to the ledger with the meeting as the source.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, as, sql, ENGINE } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, waitJob } from './lib/util.mjs';

// ---- the sign-in code, computed here as libsodium computes it (RFC 7693 BLAKE2b) --------------

const MASK = (1n << 64n) - 1n;
const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const rotr = (x, n) => ((x >> BigInt(n)) | (x << BigInt(64 - n))) & MASK;
const le64 = (b, o) => { let x = 0n; for (let i = 7; i >= 0; i--) x = (x << 8n) | BigInt(b[o + i]); return x; };

/** BLAKE2b of msg with key (bytes), outlen bytes, salt and personal (16 bytes each or none). */
function blake2b(msg, key, outlen, salt, personal) {
  const h = IV.slice();
  h[0] ^= 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outlen);
  if (salt) { h[4] ^= le64(salt, 0); h[5] ^= le64(salt, 8); }
  if (personal) { h[6] ^= le64(personal, 0); h[7] ^= le64(personal, 8); }
  const blocks = [];
  let data = Buffer.from(msg);
  if (key.length) data = Buffer.concat([Buffer.concat([Buffer.from(key), Buffer.alloc(128 - key.length)]), data]);
  if (data.length === 0) data = Buffer.alloc(128);
  let t = 0n;
  for (let off = 0; off < data.length; off += 128) blocks.push(off);
  blocks.forEach((off, k) => {
    const last = k === blocks.length - 1;
    const block = Buffer.alloc(128);
    data.copy(block, 0, off, Math.min(off + 128, data.length));
    t += BigInt(Math.min(128, data.length - off));
    if (key.length && !msg.length && last) t = 128n;
    const m = []; for (let i = 0; i < 16; i++) m.push(le64(block, 8 * i));
    const v = [...h, ...IV];
    v[12] ^= t & MASK; v[13] ^= t >> 64n;
    if (last) v[14] ^= MASK;
    const G = (a, b, c, d, x, y) => {
      v[a] = (v[a] + v[b] + x) & MASK; v[d] = rotr(v[d] ^ v[a], 32);
      v[c] = (v[c] + v[d]) & MASK; v[b] = rotr(v[b] ^ v[c], 24);
      v[a] = (v[a] + v[b] + y) & MASK; v[d] = rotr(v[d] ^ v[a], 16);
      v[c] = (v[c] + v[d]) & MASK; v[b] = rotr(v[b] ^ v[c], 63);
    };
    for (let r = 0; r < 12; r++) {
      const s = SIGMA[r % 10];
      G(0, 4, 8, 12, m[s[0]], m[s[1]]); G(1, 5, 9, 13, m[s[2]], m[s[3]]);
      G(2, 6, 10, 14, m[s[4]], m[s[5]]); G(3, 7, 11, 15, m[s[6]], m[s[7]]);
      G(0, 5, 10, 15, m[s[8]], m[s[9]]); G(1, 6, 11, 12, m[s[10]], m[s[11]]);
      G(2, 7, 8, 13, m[s[12]], m[s[13]]); G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  });
  const out = Buffer.alloc(64);
  h.forEach((x, i) => out.writeBigUInt64LE(x, 8 * i));
  return out.subarray(0, outlen);
}

const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };

/** The code of sitting at UTC second now (meeting_signin_code with meeting_code_key). */
function signinCode(installKey, sitting, now) {
  const salt = Buffer.concat([u64(1), Buffer.alloc(8)]);
  const personal = Buffer.concat([Buffer.from('lvzhimtg'), Buffer.alloc(8)]);
  const key = blake2b(Buffer.alloc(0), installKey, 32, salt, personal);
  const mac = blake2b(Buffer.concat([u64(sitting), u64(Math.floor(now / 30))]), key, 8);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...mac].map((b) => alphabet[b & 31]).join('');
}

// ---- the server -----------------------------------------------------------------------------

let s;
const c = {};
let prov, installKey, others;
const nowSec = () => Math.floor(Date.now() / 1000);
const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'gansu', 'lanzhou', 'member1', 'member2', 'auditor']) {
    c[u] = await as(s, u);
  }
  prov = await committeeId(c.admin, '甘肃省政协');
  const hex = ENGINE === 'sqlite' ? readFileSync(`${s.db}.key`, 'utf8').trim() : process.env.LVZHI_SECRET_KEY;
  installKey = Buffer.from(hex, 'hex');
  const list = (await c.gansu.get(`/api/v1/members?committee_id=${prov}&status=active&limit=20`)).json.items;
  others = list.map((m) => m.id).filter((id) => id !== c.member1.user.member_id && id !== c.member2.user.member_id);
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/** A standing-committee meeting in session with member_ids invited and one sitting around now. */
async function meetingInSession(memberIds, title) {
  const now = nowSec();
  let r = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title, starts_at: iso(now - 3600), ends_at: iso(now + 8 * 3600),
  });
  assertStatus(r, 201, 'create');
  const m = r.json;
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/invitees`, { member_ids: memberIds }), 200, 'invite');
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/sittings`, { label: '第一次全体会议', starts_at: iso(now - 60), ends_at: iso(now + 3600) });
  assertStatus(r, 201, 'sitting');
  const sitting = r.json;
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/notify`, {}), 200, 'notify');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/open`, {}), 200, 'open');
  return { m, sitting };
}

let X; // the meeting of member1 and three others

test('sittings: planned by staff, bad input refused, listed with the caller\'s sign-in', async () => {
  const [a, b, d] = others;
  X = await meetingInSession([c.member1.user.member_id, a, b, d], '签到测试常委会议');
  const { m } = X;
  const now = nowSec();
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/sittings`, { label: '', starts_at: iso(now), ends_at: iso(now + 60) }),
    422, 'invalid_field', 'label');
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/sittings`, { label: '下午', starts_at: iso(now), ends_at: iso(now - 60) }),
    422, 'invalid_field', 'ends_at');
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/sittings`, { label: '下午', starts_at: 'tomorrow', ends_at: iso(now) }),
    422, 'invalid_field', 'starts_at');
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/sittings`, { label: '下午', starts_at: iso(now), ends_at: iso(now + 60) }), 403);
  const r = await c.member1.get(`/api/v1/meetings/${m.id}/sittings`);
  assertStatus(r, 200, 'sittings');
  assert.equal(r.json.items.length, 1, 'the bad ones were not written');
  assert.equal(r.json.items[0].current, true);
  assert.equal(r.json.items[0].signin_open, true);
  assert.equal(r.json.items[0].mine, null);
  // the member does not read the code; another committee's staff do not see the meeting
  assertError(await c.member1.get(`/api/v1/meetings/${m.id}/sittings/${X.sitting.id}/code`), 403);
  assertError(await c.lanzhou.get(`/api/v1/meetings/${m.id}/sittings`), 404);
});

test('a member signs in with the screen\'s code once; twice at once has one effect; an old code is 422', async () => {
  const { m, sitting } = X;
  const code = await c.gansu.get(`/api/v1/meetings/${m.id}/sittings/${sitting.id}/code`);
  assertStatus(code, 200, 'code');
  assert.match(code.json.code, /^[A-HJ-NP-Z2-9]{8}$/);
  assert.equal(code.json.url, `/m/meetings/${m.id}/signin?code=${code.json.code}`);
  const now = nowSec();
  // the code is the one of this 30-second step (or the last, at a step's edge)
  assert.ok([signinCode(installKey, sitting.id, now), signinCode(installKey, sitting.id, now - 30)].includes(code.json.code),
    'the server\'s code is BLAKE2b of the sitting and the step with the meeting subkey');
  // a code of two minutes ago (a photo sent to someone elsewhere) does not sign in
  const old = signinCode(installKey, sitting.id, now - 120);
  const r0 = await c.member1.post(`/api/v1/meetings/${m.id}/signin`, { code: old });
  assertError(r0, 422, 'invalid_field', 'code');
  assert.match(r0.json.error.message, /过期/);
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/signin`, {}), 422, 'invalid_field', 'code');
  // the same sign-in twice at once: one signs in, the other is told it has
  const fresh = signinCode(installKey, sitting.id, nowSec());
  const both = await Promise.all([0, 1].map(() => c.member1.post(`/api/v1/meetings/${m.id}/signin`, { code: fresh })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  const ok = both.find((r) => r.status === 200);
  assert.equal(ok.json.sitting_id, sitting.id);
  assert.equal(ok.json.label, '第一次全体会议');
  const again = await c.member1.post(`/api/v1/meetings/${m.id}/signin`, { code: signinCode(installKey, sitting.id, nowSec()) });
  assertError(again, 409, 'conflict');
  assert.equal(again.json.error.message, '已签到');
  const list = (await c.member1.get(`/api/v1/meetings/${m.id}/sittings`)).json.items;
  assert.equal(list[0].signed_in, 1, 'one sign-in, not two');
  assert.equal(list[0].mine.way, 'scan');
  // a member not invited does not see the meeting at all
  assertError(await c.member2.post(`/api/v1/meetings/${m.id}/signin`, { code: signinCode(installKey, sitting.id, nowSec()) }), 404);
});

test('staff sign a member in by hand with a reason: timeline and audit; twice is 409', async () => {
  const { m, sitting } = X;
  const [a] = others;
  const p = `/api/v1/meetings/${m.id}/sittings/${sitting.id}/signins`;
  assertError(await c.gansu.post(p, { member_id: a }), 422, 'invalid_field', 'reason');
  assertError(await c.gansu.post(p, { member_id: c.member2.user.member_id, reason: '手机没电' }), 422, 'invalid_field', 'member_id');
  assertError(await c.member1.post(p, { member_id: a, reason: '手机没电' }), 403);
  const both = await Promise.all([0, 1].map(() => c.gansu.post(p, { member_id: a, reason: '手机没电，现场核对身份' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  const r = both.find((x) => x.status === 201);
  assert.equal(r.json.way, 'staff');
  assert.equal(r.json.reason, '手机没电，现场核对身份');
  const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items.filter((e) => e.action === 'signin');
  assert.equal(tl.length, 1);
  assert.equal(tl[0].action_label, '代为签到');
  assert.match(tl[0].note, /手机没电/);
  const audit = await c.auditor.get('/api/v1/audit?action=meeting.signin&limit=5');
  assertStatus(audit, 200, 'audit');
  assert.ok(audit.json.items.some((e) => e.entity_id === m.id || e.entity_id === String(m.id)), JSON.stringify(audit.json.items[0]));
});

test('attendance: present, excused with approved leave, absent with refused leave; live figures', async () => {
  const { m } = X;
  const [a, b, d] = others;
  // b and d ask for leave on their own accounts; the office approves b's and refuses d's
  const secadmin = await as(s, 'secadmin');
  for (const [member, reason, decision] of [[b, '出差', 'approve'], [d, '有事', 'refuse']]) {
    const username = `leave${member}`, password = `Leave-${member}-Word`;
    assertStatus(await secadmin.post('/api/v1/users', { username, password, role: 'member', committee_id: prov, member_id: member }),
      201, 'member account');
    const cl = await as(s, username, password);
    const lr = await cl.post(`/api/v1/meetings/${m.id}/leaves`, { reason });
    assertStatus(lr, 201, 'leave asked');
    const body = decision === 'refuse' ? { note: '本次会议须出席' } : {};
    assertStatus(await c.gansu.post(`/api/v1/meetings/${m.id}/leaves/${lr.json.id}/${decision}`, body), 200, decision);
  }
  const r = await c.gansu.get(`/api/v1/meetings/${m.id}/attendance`);
  assertStatus(r, 200, 'attendance');
  const by = Object.fromEntries(r.json.items.map((x) => [x.member_id, x]));
  assert.equal(by[c.member1.user.member_id].attendance, 'present');
  assert.equal(by[c.member1.user.member_id].attendance_label, '出席');
  assert.equal(by[a].attendance, 'present');
  assert.equal(by[a].signins[0].way, 'staff');
  assert.equal(by[b].attendance, 'excused');
  assert.equal(by[b].attendance_label, '请假');
  assert.equal(by[d].attendance, 'absent');
  assert.deepEqual(r.json.totals, { present: 2, excused: 1, absent: 1 });
  assert.equal(r.json.members, 4);
  assert.equal(r.json.present, 2);
  assert.equal(r.json.excused, 1);
  assert.equal(r.json.absent, 1);
  assert.equal(r.json.quorum, false, 'two of four is not more than half');
  // members do not read the list
  assertError(await c.member1.get(`/api/v1/meetings/${m.id}/attendance`), 403);
});

test('sign-out: a member signed in and out at once attended under two-thirds: absent', async () => {
  const { m, sitting } = await meetingInSession([c.member2.user.member_id], '签退测试会议');
  const p = `/api/v1/meetings/${m.id}/sittings/${sitting.id}/signout`;
  assertError(await c.member2.post(p, {}), 409, 'conflict');
  assertStatus(await c.member2.post(`/api/v1/meetings/${m.id}/signin`, { code: signinCode(installKey, sitting.id, nowSec()) }), 200, 'signin');
  let r = await c.gansu.get(`/api/v1/meetings/${m.id}/attendance`);
  assert.equal(r.json.items[0].attendance, 'present');
  assert.equal(r.json.present, 1);
  assert.equal(r.json.quorum, true);
  r = await c.member2.post(p, {});
  assertStatus(r, 200, 'signout');
  assert.ok(r.json.signed_out_at);
  assertError(await c.member2.post(p, {}), 409, 'conflict');
  r = await c.gansu.get(`/api/v1/meetings/${m.id}/attendance`);
  assert.equal(r.json.items[0].attendance, 'absent');
  assert.ok(r.json.items[0].signins[0].signed_out_at);
  assert.equal(r.json.present, 0);
  // a sitting with a sign-in stays
  assertError(await c.gansu.del(`/api/v1/meetings/${m.id}/sittings/${sitting.id}`), 409, 'in_use');
});

test('the big screen: by its display token, without a login; a wrong or replaced token is 403', async () => {
  const { m, sitting } = X;
  assertError(await c.member1.post(`/api/v1/meetings/${m.id}/screen-token`, {}), 403);
  let r = await c.gansu.post(`/api/v1/meetings/${m.id}/screen-token`, {});
  assertStatus(r, 201, 'token');
  const { token } = r.json;
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(r.json.url, `/screen/meetings/${m.id}?token=${token}`);
  const get = (tk) => fetch(`${s.url}/api/v1/screen/meetings/${m.id}${tk === undefined ? '' : `?token=${tk}`}`);
  assert.equal((await get()).status, 403);
  assert.equal((await get('0'.repeat(64))).status, 403);
  const res = await get(token);
  assert.equal(res.status, 200);
  const screen = await res.json();
  assert.equal(screen.meeting.title, '签到测试常委会议');
  assert.equal(screen.sitting.id, sitting.id);
  const now = nowSec();
  assert.ok([signinCode(installKey, sitting.id, now), signinCode(installKey, sitting.id, now - 30)].includes(screen.code.code));
  assert.equal(screen.attendance.present, 2);
  assert.equal(screen.attendance.members, 4);
  assert.equal(screen.vote, null);
  assert.equal(screen.speaker, null);
  // the token of another meeting does not open this one
  assert.equal((await fetch(`${s.url}/api/v1/screen/meetings/${m.id + 1}?token=${token}`)).status, 403);
  // replaced: the old token stops working
  r = await c.gansu.post(`/api/v1/meetings/${m.id}/screen-token`, {});
  assert.equal(r.json.replaced, true);
  assert.equal((await get(token)).status, 403);
  assert.equal((await get(r.json.token)).status, 200);
});

/** Reads the event stream at url until an event whose data satisfies want; returns the data. */
async function streamUntil(url, want, headers = {}, ms = 10000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  const r = await fetch(url, { headers, signal: ctl.signal });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/event-stream/);
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const seen = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.includes('event: live')) continue;
        const data = JSON.parse(block.split('\n').find((l) => l.startsWith('data: ')).slice(6));
        seen.push(data);
        const ok = await want(data, seen.length);
        if (ok) return data;
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return null;
    throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
}

test('the streams: the screen\'s (by token) and the meeting\'s (invitees and staff) send the figures after a sign-in', async () => {
  const e = others[3];
  const { m, sitting } = await meetingInSession([c.member2.user.member_id, e], '大屏事件流测试会议');
  const { token } = (await c.gansu.post(`/api/v1/meetings/${m.id}/screen-token`, {})).json;
  assert.equal((await fetch(`${s.url}/api/v1/screen/meetings/${m.id}/stream?token=${'1'.repeat(64)}`)).status, 403);
  assertError(await c.lanzhou.get(`/api/v1/meetings/${m.id}/stream`), 404);
  const screen = streamUntil(`${s.url}/api/v1/screen/meetings/${m.id}/stream?token=${token}`, async (d, n) => {
    if (n === 1) {
      assert.equal(d.attendance.present, 0);
      assert.equal(d.attendance.members, 2);
      assert.equal(d.status, 'in_session');
      // the first event is there: sign the member in now
      const r = await c.gansu.post(`/api/v1/meetings/${m.id}/sittings/${sitting.id}/signins`, { member_id: e, reason: '现场登记' });
      assertStatus(r, 201, 'staff signin');
      return false;
    }
    return d.attendance.present === 1;
  });
  const got = await screen;
  assert.ok(got, 'the screen\'s stream sent the figures after the sign-in');
  assert.equal(got.attendance.quorum, false, 'one of two is not more than half');
  // the member's own stream of the meeting shows the same figures
  const mine = await streamUntil(`${s.url}/api/v1/meetings/${m.id}/stream`, (d) => d.attendance.present === 1,
    { cookie: c.member2.cookie });
  assert.ok(mine);
});

test('closing the meeting writes its attendance to the points ledger with the meeting as source', async () => {
  const { m } = X;
  const [a, b, d] = others;
  // a speech delivered and a vote taken part in, written as the speeches' and votes' own steps
  // leave them (their APIs have their own tests: meeting_speeches, meeting_votes), so that this
  // test is about what the ledger derives
  const t = nowSec();
  sql(s.db, `INSERT INTO meeting_speeches (meeting_id, member_id, kind, title, status, created_at, updated_at)
    VALUES (${m.id}, ${c.member1.user.member_id}, 'oral', '关于乡村振兴的发言', 'delivered', ${t}, ${t}),
    (${m.id}, ${d}, 'oral', '未被安排的发言', 'not_selected', ${t}, ${t})`);
  sql(s.db, `INSERT INTO meeting_votes (meeting_id, kind, title, status, members_total, voted, result, created_at, updated_at)
    VALUES (${m.id}, 'motion', '表决通过会议决议', 'closed', 4, 1, '{"passed": false, "yes": 1, "no": 0, "abstain": 0, "members_total": 4, "voted": 1}', ${t}, ${t})`);
  const vote = Number(sql(s.db, `SELECT MAX(id) FROM meeting_votes WHERE meeting_id = ${m.id}`));
  sql(s.db, `INSERT INTO meeting_voters (vote_id, member_id, voted_at) VALUES (${vote}, ${a}, ${t})`);
  // the screen shows the last vote's result as stored
  const tk = (await c.gansu.post(`/api/v1/meetings/${m.id}/screen-token`, {})).json.token;
  const screen = await (await fetch(`${s.url}/api/v1/screen/meetings/${m.id}?token=${tk}`)).json();
  assert.equal(screen.last_vote.id, vote);
  assert.deepEqual(screen.last_vote.result, { passed: false, yes: 1, no: 0, abstain: 0, members_total: 4, voted: 1 });
  const both = await Promise.all([0, 1].map(() => c.gansu.post(`/api/v1/meetings/${m.id}/close`, {})));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  const year = new Date((nowSec() - 3600 + 8 * 3600) * 1000).getUTCFullYear();
  const entry = async (member) => {
    const r = await c.gansu.get(`/api/v1/points?member_id=${member}&year=${year}`);
    assertStatus(r, 200, 'ledger');
    return r.json.items.filter((x) => x.source_kind === 'meeting' && x.source_id === m.id);
  };
  const e1 = await entry(c.member1.user.member_id);
  assert.deepEqual(e1.map((x) => x.event).sort(), ['speech.other', 'standing.present'], JSON.stringify(e1));
  assert.equal(e1[0].source_title, '签到测试常委会议');
  assert.deepEqual((await entry(a)).map((x) => x.event).sort(), ['meeting.vote', 'standing.present']);
  assert.equal((await entry(b))[0].event, 'standing.excused');
  const ed = await entry(d);
  assert.deepEqual(ed.map((x) => x.event), ['standing.absent'], 'a speech not selected earns nothing');
  // closed: sign-in is over
  assertError(await c.gansu.post(`/api/v1/meetings/${m.id}/sittings/${X.sitting.id}/signins`, { member_id: d, reason: '补签' }), 409, 'wrong_state');
  // a recompute of the year derives the same entries
  const rc = await c.gansu.post('/api/v1/points/recompute', { committee_id: prov, year });
  assertStatus(rc, 202, 'recompute');
  const { job } = await waitJob(c.gansu, rc.json.job.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal((await entry(c.member1.user.member_id))[0].event, 'standing.present');
  assert.equal((await entry(d))[0].event, 'standing.absent');
});
