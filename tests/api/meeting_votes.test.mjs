// tests/api/meeting_votes.test.mjs: votes (表决) and elections (选举) of a meeting (issue 19) over
// HTTP, on the engine under test: a motion passes only with more than half of ALL the members
// of the body (abstentions and absences count against it), one ballot each (a second is 409,
// two at once count once), none after the close (409), a non-voting attendee (列席) 403, a
// member not invited 404; while open only the count shows, never a running result; a secret
// ballot keeps no choice beside its voter (read in the database, the audit log too); an
// election with a tie at the last seat elects neither; the results PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, sql, Client } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, exportFile, pdfText } from './lib/util.mjs';

let s;
const c = {};
let prov;
const voters = []; // clients of member accounts: member1, member2, v3 … v7
let unvoiced; // a provincial member without an account (counts in the body, never votes)
let outsider; // a member account not invited

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['admin', 'secadmin', 'gansu', 'lanzhou', 'member1', 'member2']) c[u] = await as(s, u);
  prov = await committeeId(c.admin, '甘肃省政协');
  const taken = new Set([c.member1.user.member_id, c.member2.user.member_id]);
  const members = (await c.admin.get(`/api/v1/members?committee_id=${prov}&status=active&limit=40`)).json.items
    .filter((m) => !taken.has(m.id));
  voters.push(c.member1, c.member2);
  for (let i = 3; i <= 8; i++) {
    const m = members.shift();
    const username = `voter${i}`;
    assertStatus(await c.secadmin.post('/api/v1/users', { username, password: 'Secret-2026', role: 'member', committee_id: prov, member_id: m.id }), 201, 'user');
    const cl = await new Client(s.url).login(username, 'Secret-2026');
    if (i < 8) voters.push(cl); else outsider = cl;
  }
  unvoiced = members.shift().id;
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

/** A standing-committee meeting in session whose members are the given voters (and extra
 * members without accounts), with attendees (member ids) as 列席. */
async function meetingWith(n, { extra = [unvoiced], attendees = [] } = {}) {
  let r = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title: `表决测试会议 ${Math.random().toString(36).slice(2, 7)}`,
    starts_at: '2026-12-20T09:00:00+08:00', ends_at: '2026-12-20T17:30:00+08:00',
  });
  assertStatus(r, 201, 'meeting');
  const id = r.json.id;
  const ids = voters.slice(0, n).map((v) => v.user.member_id).concat(extra);
  assertStatus(await c.gansu.post(`/api/v1/meetings/${id}/invitees`, { member_ids: ids }), 200, 'invite');
  if (attendees.length)
    assertStatus(await c.gansu.post(`/api/v1/meetings/${id}/invitees`, { role: 'attendee', member_ids: attendees }), 200, 'attendees');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${id}/notify`, {}), 200, 'notify');
  assertStatus(await c.gansu.post(`/api/v1/meetings/${id}/open`, {}), 200, 'open');
  return id;
}

async function motion(id, extra = {}) {
  const r = await c.gansu.post(`/api/v1/meetings/${id}/votes`, { kind: 'motion', title: '关于通过常委会工作报告的决议', ...extra });
  assertStatus(r, 201, 'create vote');
  return r.json;
}

const V = (id, v, rest = '') => `/api/v1/meetings/${id}/votes/${v}${rest}`;

test('a motion passes only with more than half of ALL members: abstentions and absences count against', async () => {
  const id = await meetingWith(4); // 4 voters + 1 member without an account: 5 members
  const v = await motion(id);
  assert.equal(v.status, 'draft');
  assert.equal(v.status_label, '未开始');
  assert.equal(v.kind_label, '表决');
  assert.equal(v.secret, false);
  assert.deepEqual(v.actions, ['open']);
  // not before it opens
  assertError(await voters[0].post(V(id, v.id, '/ballot'), { choice: 'yes' }), 409, 'wrong_state');
  let r = await c.gansu.post(V(id, v.id, '/open'), {});
  assertStatus(r, 200, 'open');
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.members_total, 5);
  assert.deepEqual(r.json.actions, ['close']);
  const choices = ['yes', 'yes', 'abstain', 'no'];
  for (let i = 0; i < 4; i++) {
    r = await voters[i].post(V(id, v.id, '/ballot'), { choice: choices[i] });
    assertStatus(r, 200, `ballot ${i}`);
    assert.equal(r.json.voted, i + 1);
    assert.equal(r.json.mine.voted, true);
    assert.equal(r.json.mine.choice, choices[i], 'a named vote shows the voter its own choice');
    // while open: the count only, never a running result
    assert.equal(r.json.result, null);
  }
  for (const who of [c.gansu, voters[0]]) {
    const g = (await who.get(`/api/v1/meetings/${id}/votes`)).json.items.find((x) => x.id === v.id);
    assert.equal(g.voted, 4);
    assert.equal(g.result, null);
    assert.ok(!('yes' in g));
  }
  // the vote is open: the meeting does not close
  assertError(await c.gansu.post(`/api/v1/meetings/${id}/close`, {}), 409, 'conflict');
  r = await c.gansu.post(V(id, v.id, '/close'), {});
  assertStatus(r, 200, 'close');
  assert.equal(r.json.status_label, '已结束');
  const res = r.json.result;
  assert.deepEqual({ ...res, passed_label: undefined },
    { passed: false, yes: 2, no: 1, abstain: 1, members_total: 5, voted: 4, passed_label: undefined });
  assert.equal(res.passed_label, '未通过');
  // a named vote keeps each choice beside its voter
  assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id} AND choice IS NOT NULL`), '4');

  // three of five: more than half of all members
  const w = await motion(id, { title: '关于通过提案工作报告的决议' });
  await c.gansu.post(V(id, w.id, '/open'), {});
  for (let i = 0; i < 3; i++) assertStatus(await voters[i].post(V(id, w.id, '/ballot'), { choice: 'yes' }), 200);
  r = await c.gansu.post(V(id, w.id, '/close'), {});
  assert.equal(r.json.result.passed, true);
  assert.equal(r.json.result.passed_label, '通过');
  assert.equal(r.json.result.yes, 3);
  // the timeline has the steps; the labels are the app's
  const tl = (await c.gansu.get(`/api/v1/meetings/${id}/timeline`)).json.items.map((e) => e.action);
  assert.deepEqual(tl.filter((a) => a.startsWith('vote_')), ['vote_open', 'vote_close', 'vote_open', 'vote_close']);
  const L = (await voters[0].get('/api/v1/labels')).json;
  assert.equal(L['meeting.choice'].find((x) => x.name === 'abstain').zh, '弃权');
  assert.equal(L['meeting.vote_state'].find((x) => x.name === 'open').zh, '投票中');
});

test('one ballot each: a second 409, two at once count once, after the close 409; attendees 403, others 404', async () => {
  const id = await meetingWith(3, { attendees: [voters[4].user.member_id] });
  const v = await motion(id, { title: '关于接受辞职的决定' });
  await c.gansu.post(V(id, v.id, '/open'), {});
  // the same member twice at once: one counted
  const both = await Promise.all([0, 1].map(() => voters[0].post(V(id, v.id, '/ballot'), { choice: 'yes' })));
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  assertError(both.find((r) => r.status === 409), 409, 'conflict');
  assertError(await voters[0].post(V(id, v.id, '/ballot'), { choice: 'no' }), 409, 'conflict');
  // bad ballots change nothing
  assertError(await voters[1].post(V(id, v.id, '/ballot'), { choice: 'maybe' }), 422, 'invalid_field', 'choice');
  assertError(await voters[1].post(V(id, v.id, '/ballot'), {}), 422, 'invalid_field', 'choice');
  assertError(await voters[1].post(V(id, v.id, '/ballot'), { candidate_ids: [1] }), 422, 'invalid_field', 'choice');
  // a non-voting attendee (列席) 403; staff 403; a member not invited 404
  const att = await voters[4].post(V(id, v.id, '/ballot'), { choice: 'yes' });
  assertError(att, 403);
  assert.match(att.json.error.message, /列席/);
  assertError(await c.gansu.post(V(id, v.id, '/ballot'), { choice: 'yes' }), 403);
  assertError(await outsider.post(V(id, v.id, '/ballot'), { choice: 'yes' }), 404);
  assertError(await outsider.get(`/api/v1/meetings/${id}/votes`), 404);
  // a vote of another meeting through this one: 404
  const other = await meetingWith(1);
  assertError(await voters[0].get(`/api/v1/meetings/${other}/votes/${v.id}`), 404);
  let g = (await c.gansu.get(V(id, v.id))).json;
  assert.equal(g.voted, 1);
  // the close twice at once: one closes
  const closes = await Promise.all([0, 1].map(() => c.gansu.post(V(id, v.id, '/close'), {})));
  assert.deepEqual(closes.map((r) => r.status).sort(), [200, 409]);
  assertError(await voters[1].post(V(id, v.id, '/ballot'), { choice: 'yes' }), 409, 'wrong_state');
  g = (await c.gansu.get(V(id, v.id))).json;
  assert.equal(g.voted, 1);
  assert.equal(g.result.yes + g.result.no + g.result.abstain, 1);
  assert.equal(sql(s.db, `SELECT SUM(n) FROM meeting_vote_counts WHERE vote_id = ${v.id}`), '1');
  // a closed vote does not open again; a member neither creates nor opens votes
  assertError(await c.gansu.post(V(id, v.id, '/open'), {}), 409, 'wrong_state');
  assertError(await voters[0].post(`/api/v1/meetings/${id}/votes`, { kind: 'motion', title: 'x' }), 403);
  assertError(await voters[0].post(V(id, v.id, '/close'), {}), 403);
});

test('creating votes: bad input refused; a vote opens only while the meeting is in session', async () => {
  const id = await meetingWith(2);
  const P = `/api/v1/meetings/${id}/votes`;
  const n = (await c.gansu.get(P)).json.items.length;
  assertError(await c.gansu.post(P, { kind: 'poll', title: 'x' }), 422, 'invalid_field', 'kind');
  assertError(await c.gansu.post(P, { kind: 'motion', title: '' }), 422, 'invalid_field', 'title');
  assertError(await c.gansu.post(P, { kind: 'motion', title: 'x', seats: 2 }), 422, 'invalid_field', 'seats');
  assertError(await c.gansu.post(P, { kind: 'election', title: 'x', seats: 2, candidates: [{ name: '甲' }] }), 422, 'invalid_field', 'candidates');
  assertError(await c.gansu.post(P, { kind: 'election', title: 'x', seats: 1, candidates: [{ name: '甲' }, { name: '甲' }] }), 422, 'invalid_field', 'candidates');
  assertError(await c.gansu.post(P, { kind: 'election', title: 'x', seats: 1, secret: false, candidates: [{ name: '甲' }] }), 422, 'invalid_field', 'secret');
  assertError(await c.gansu.post(P, { kind: 'election', title: 'x', seats: 0, candidates: [{ name: '甲' }] }), 422, 'invalid_field', 'seats');
  assertError(await c.gansu.post(P, { kind: 'motion', title: 'x', colour: 1 }), 422, 'invalid_field');
  assertError(await c.lanzhou.post(P, { kind: 'motion', title: 'x' }), 404);
  assert.equal((await c.gansu.get(P)).json.items.length, n, 'nothing written');
  // an equal election (等额) and a competitive one (差额)
  let r = await c.gansu.post(P, { kind: 'election', title: '增选常委', seats: 2, candidates: [{ name: '甲' }, { name: '乙' }] });
  assertStatus(r, 201, 'equal');
  assert.equal(r.json.form_label, '等额选举');
  assert.equal(r.json.secret, true);
  r = await c.gansu.post(P, { kind: 'election', title: '增选常委', seats: 1, candidates: [{ name: '甲', member_id: voters[0].user.member_id }, { name: '乙' }] });
  assert.equal(r.json.form_label, '差额选举');
  assert.equal(r.json.candidates[0].member_id, voters[0].user.member_id);
  // a meeting not in session: the vote does not open
  const m = await c.gansu.post('/api/v1/meetings', {
    committee_id: prov, kind: 'standing', title: '尚未开会', starts_at: '2026-12-21T09:00:00+08:00', ends_at: '2026-12-21T12:00:00+08:00',
  });
  await c.gansu.post(`/api/v1/meetings/${m.json.id}/invitees`, { member_ids: [voters[0].user.member_id] });
  const d = await motion(m.json.id);
  assertError(await c.gansu.post(V(m.json.id, d.id, '/open'), {}), 409, 'wrong_state');
  // the results PDF only once closed
  assertError(await c.gansu.post(V(m.json.id, d.id, '/pdf')), 409, 'wrong_state');
});

test('a secret ballot keeps no choice beside its voter, in the tables and the audit log', async () => {
  const id = await meetingWith(3);
  const v = await motion(id, { title: '无记名表决', secret: true });
  await c.gansu.post(V(id, v.id, '/open'), {});
  const choices = ['yes', 'no', 'yes'];
  for (let i = 0; i < 3; i++) {
    const r = await voters[i].post(V(id, v.id, '/ballot'), { choice: choices[i] });
    assertStatus(r, 200, 'ballot');
    assert.equal(r.json.mine.voted, true);
    assert.equal(r.json.mine.choice, undefined, 'not even the voter reads it back');
  }
  assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id}`), '3');
  assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id} AND (choice IS NOT NULL OR marks IS NOT NULL)`), '0');
  assert.equal(sql(s.db, `SELECT option_key || '=' || n FROM meeting_vote_counts WHERE vote_id = ${v.id} ORDER BY option_key`),
    ['abstain=0', 'no=1', 'yes=2'].join('\n'));
  const audit = sql(s.db, "SELECT after_json FROM audit_log WHERE action = 'meeting.ballot'").split('\n')
    .filter((x) => JSON.parse(x).vote === v.id).join('\n');
  assert.equal(audit.split('\n').length, 3, `three audit entries: ${audit}`);
  assert.ok(!/choice|yes|"no"|candidate/.test(audit), audit);
  const r = await c.gansu.post(V(id, v.id, '/close'), {});
  assert.equal(r.json.result.yes, 2);
  assert.equal(r.json.result.passed, false, '2 of 4 members is not more than half');
});

test('an election: at most as many marks as seats (more: invalid), blank is valid, a tie at the last seat elects neither; the PDF', async () => {
  const id = await meetingWith(7);
  let r = await c.gansu.post(`/api/v1/meetings/${id}/votes`, {
    kind: 'election', title: '选举常务委员', seats: 2, candidates: ['张明', '李华', '王芳', '赵强'].map((name) => ({ name })),
  });
  assertStatus(r, 201, 'election');
  const v = r.json;
  const [A, B, C, D] = v.candidates.map((x) => x.id);
  await c.gansu.post(V(id, v.id, '/open'), {});
  assertError(await voters[0].post(V(id, v.id, '/ballot'), { candidate_ids: [A, 999999] }), 422, 'invalid_field', 'candidate_ids');
  assertError(await voters[0].post(V(id, v.id, '/ballot'), { choice: 'yes' }), 422, 'invalid_field', 'candidate_ids');
  const ballots = [[A, B], [A, B], [A, C], [A, C], [B, C], [A, B, C], []];
  for (let i = 0; i < ballots.length; i++)
    assertStatus(await voters[i].post(V(id, v.id, '/ballot'), { candidate_ids: ballots[i] }), 200, `ballot ${i}`);
  let g = (await voters[0].get(V(id, v.id))).json;
  assert.equal(g.voted, 7);
  assert.equal(g.result, null);
  assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id} AND (choice IS NOT NULL OR marks IS NOT NULL)`), '0');
  r = await c.gansu.post(V(id, v.id, '/close'), {});
  assertStatus(r, 200, 'close');
  const res = r.json.result;
  assert.equal(res.ballots, 7);
  assert.equal(res.invalid, 1);
  assert.equal(res.blank, 1);
  assert.equal(res.valid, 6);
  const by = Object.fromEntries(res.candidates.map((x) => [x.id, x]));
  assert.deepEqual([A, B, C, D].map((x) => by[x].votes), [4, 3, 3, 0]);
  // A: 4 of 6 valid ballots, elected; B and C: 3 of 6 is not more than half — not elected, not a tie
  assert.deepEqual([A, B, C, D].map((x) => by[x].outcome), ['elected', 'not_elected', 'not_elected', 'not_elected']);

  // a tie at the last seat: A 4, B 3, C 3 of 5 valid ballots, two seats — A elected, B and C tied
  r = await c.gansu.post(`/api/v1/meetings/${id}/votes`, {
    kind: 'election', title: '补选副主席', seats: 2, candidates: ['张明', '李华', '王芳'].map((name) => ({ name })),
  });
  const t = r.json;
  const [a, b, cc] = t.candidates.map((x) => x.id);
  await c.gansu.post(V(id, t.id, '/open'), {});
  const tb = [[a, b], [a, b], [a, cc], [a, cc], [b, cc]];
  for (let i = 0; i < tb.length; i++) assertStatus(await voters[i].post(V(id, t.id, '/ballot'), { candidate_ids: tb[i] }), 200);
  r = await c.gansu.post(V(id, t.id, '/close'), {});
  const tr = Object.fromEntries(r.json.result.candidates.map((x) => [x.id, x]));
  assert.deepEqual([a, b, cc].map((x) => [tr[x].elected, tr[x].tied]), [[true, false], [false, true], [false, true]]);
  assert.equal(tr[b].outcome_label, '得票相同，需另行选举');

  // the results PDF: the figures and each candidate's outcome
  const pdf = await pdfText(Buffer.from(await (await exportFile(voters[0], V(id, t.id, '/pdf'))).arrayBuffer()));
  assert.match(pdf, /选举结果/);
  assert.match(pdf, /补选副主席/);
  assert.match(pdf, /应选名额：2名/);
  assert.match(pdf, /张明4当选/);
  assert.match(pdf, /李华3得票相同，需另行选举/);
  assert.match(pdf, /无记名投票/);
});

test('the results PDF of a named motion lists who voted how', async () => {
  const id = await meetingWith(2);
  const v = await motion(id, { title: '关于召开全体会议的决定' });
  await c.gansu.post(V(id, v.id, '/open'), {});
  await voters[0].post(V(id, v.id, '/ballot'), { choice: 'yes' });
  await voters[1].post(V(id, v.id, '/ballot'), { choice: 'no' });
  await c.gansu.post(V(id, v.id, '/close'), {});
  const pdf = await pdfText(Buffer.from(await (await exportFile(c.gansu, V(id, v.id, '/pdf'))).arrayBuffer()));
  assert.match(pdf, /表决结果/);
  assert.match(pdf, /关于召开全体会议的决定/);
  assert.match(pdf, /赞成：1票/);
  assert.match(pdf, /反对：1票/);
  assert.match(pdf, /未通过/);
  assert.ok(pdf.includes(`${c.member1.user.display_name}赞成`), pdf);
  assert.ok(pdf.includes(`${c.member2.user.display_name}反对`), pdf);
});

test('the demo: the provincial plenary and four standing-committee meetings are closed records whose votes agree with their voters', async () => {
  const list = (await c.gansu.get(`/api/v1/meetings?committee_id=${prov}&status=closed&limit=50`)).json.items;
  const plenary = list.filter((m) => m.kind === 'plenary');
  const standing = list.filter((m) => m.kind === 'standing');
  assert.equal(plenary.length, 1);
  assert.equal(standing.length, 4);
  const members = Number(sql(s.db, `SELECT COUNT(*) FROM members WHERE committee_id = ${prov} AND status = 'active'`));
  const standingMembers = Number(sql(s.db, `SELECT COUNT(*) FROM members WHERE committee_id = ${prov} AND status = 'active' AND is_standing = 1`));
  for (const m of [...plenary, ...standing]) {
    const d = (await c.gansu.get(`/api/v1/meetings/${m.id}`)).json;
    assert.equal(d.counts.members, m.kind === 'plenary' ? members : standingMembers, m.title);
    assert.ok(d.counts.leave_approved > 0, `${m.title}: some on approved leave`);
    const tl = (await c.gansu.get(`/api/v1/meetings/${m.id}/timeline`)).json.items.map((e) => e.action);
    assert.deepEqual(tl.filter((a) => ['create', 'notify', 'open', 'close'].includes(a)), ['create', 'notify', 'open', 'close']);
    const votes = (await c.gansu.get(`/api/v1/meetings/${m.id}/votes`)).json.items;
    assert.equal(votes.length, 1);
    const v = votes[0];
    assert.equal(v.status, 'closed');
    assert.equal(v.members_total, d.counts.members);
    const r = v.result;
    assert.equal(r.yes + r.no + r.abstain, v.voted);
    assert.equal(Number(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id}`)), v.voted);
    assert.equal(r.passed, 2 * r.yes > r.members_total);
    // every voter signed in; nobody on leave signed in
    const sittings = (Number(sql(s.db, `SELECT COUNT(*) FROM meeting_sittings WHERE meeting_id = ${m.id}`)));
    assert.equal(sittings, m.kind === 'plenary' ? 3 : 2);
    assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_signins g JOIN meeting_sittings t ON t.id = g.sitting_id
      JOIN meeting_leaves l ON l.meeting_id = t.meeting_id AND l.member_id = g.member_id AND l.status = 'approved' WHERE t.meeting_id = ${m.id}`), '0');
    if (m.kind === 'plenary') {
      assert.equal(v.secret, true);
      assert.equal(sql(s.db, `SELECT COUNT(*) FROM meeting_voters WHERE vote_id = ${v.id} AND choice IS NOT NULL`), '0');
      const sp = sql(s.db, `SELECT kind || ':' || status FROM meeting_speeches WHERE meeting_id = ${m.id}`).split('\n');
      assert.ok(sp.includes('oral:delivered') && sp.includes('written:delivered'), sp.join(' '));
    }
  }
  // the typed duty records of these meetings are no longer made for the province; the cities keep theirs
  assert.equal(sql(s.db, `SELECT COUNT(*) FROM duty_records WHERE committee_id = ${prov} AND kind IN ('plenary', 'standing')`), '0');
  assert.ok(Number(sql(s.db, "SELECT COUNT(*) FROM duty_records WHERE kind = 'plenary'")) > 0);
});
