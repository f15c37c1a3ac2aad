// bench/meeting.mjs URL DB PID [N]: a plenary's live vote and sign-in at scale (issue 19): N
// members (3,000 unless told; the national plenary is about 2,200) of the province, each with an
// account and a session, invited to one meeting in session.
//   1. sign-in: every member signs in to the meeting's sitting with the rotating code (POST
//      /api/v1/meetings/{id}/signin, 64 in flight): all within 60 s, each answered 200, a second
//      one 409, the count of sign-ins N;
//   2. the vote: each member holds the meeting's event stream open (GET
//      /api/v1/meetings/{id}/stream) and one big screen holds its stream (GET
//      /api/v1/screen/meetings/{id}/stream?token=); a motion is opened and the N ballots are cast
//      (64 in flight) within 10 s: every ballot answered 200, a second ballot 409, the vote's
//      count and its result N (none lost, none counted twice); for each ballot, the time from
//      its answer to the screen stream showing a count that includes it (p50, p99) and from the
//      last ballot to the screen showing N; the server's RSS before the streams, with them open
//      and after the vote;
//   3. the reference, in the same run: GET /api/v1/health the same N times, 64 in flight
//      (requests/s and p50 of one request).
// Accounts and sessions are written straight into the SQLite file DB (the way a login writes a
// session: the BLAKE2b-256 of a random token), since N argon2id logins from one address would
// meet the login limits and take minutes of CPU. Parts whose routes this build lacks (the streams
// and sign-in of the meeting's sittings) are skipped and said so. Prints, tab-separated:
//   signin   n  seconds  ok  second_409  counted
//   vote     n  seconds  ok  second_409  counted  result_total  streams_open  streams_saw_n
//   screen   p50_ms  p99_ms  last_ms
//   health   n  seconds  p50_ms
//   rss      before_mib  streams_mib  after_mib
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [base, dbPath, pidArg, nArg] = process.argv.slice(2);
if (!base || !dbPath) {
  console.error('usage: node bench/meeting.mjs URL DB PID [N]');
  process.exit(2);
}
const N = Number(nArg || 3000);
const INFLIGHT = 64;
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: INFLIGHT });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

const sqlite = (sql) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', dbPath], { input: `${sql};\n`, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
const rssMib = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pidArg}/status`, 'utf8'))[1]);
    return Math.round(kb / 1024);
  } catch { return NaN; }
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'NaN');

/** One request with agent; resolves {status, json, ms}. */
function request(method, path, { cookie, csrf, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = {};
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (data) { headers['content-type'] = 'application/json'; headers['content-length'] = data.length; }
    const t0 = performance.now();
    const rq = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode, json, text, ms: performance.now() - t0, at: performance.now(), headers: res.headers });
      });
    });
    rq.on('error', reject);
    if (data) rq.write(data);
    rq.end();
  });
}

/** Runs fn(i) for i in [0, n) with `inflight` at a time; resolves the results and the seconds. */
async function pool(n, inflight, fn) {
  const out = new Array(n);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inflight, n) }, async () => {
    while (next < n) { const i = next++; out[i] = await fn(i); }
  }));
  return { out, seconds: (performance.now() - t0) / 1000 };
}

/** Opens an event stream; onEvent(name, data, at) for each event. Resolves {status, close()}. */
function openStream(path, cookie, onEvent) {
  return new Promise((resolve) => {
    const headers = { accept: 'text/event-stream' };
    if (cookie) headers.cookie = cookie;
    const rq = http.request({ host: url.hostname, port: url.port, path, method: 'GET', headers, agent: streamAgent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve({ status: res.statusCode, close() {} });
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        buf += c;
        let k;
        while ((k = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, k);
          buf = buf.slice(k + 2);
          let name = 'message', data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (data) onEvent(name, data, performance.now());
        }
      });
      res.on('error', () => {});
      resolve({ status: 200, close() { rq.destroy(); } });
    });
    rq.on('error', () => resolve({ status: 0, close() {} }));
    rq.end();
  });
}

// ---- setup: N members with accounts and sessions ----------------------------------------------
const now = Math.floor(Date.now() / 1000);
const prov = sqlite("SELECT id FROM committees WHERE name = '甘肃省政协'");
const provPath = sqlite(`SELECT path FROM committees WHERE id = ${prov}`);
const ids = sqlite(`SELECT m.id FROM members m JOIN committees c ON c.id = m.committee_id
  WHERE m.status = 'active' AND c.path >= '${provPath}' AND c.path < '${provPath}~'
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) ORDER BY m.id LIMIT ${N}`).split('\n').map(Number);
if (ids.length < N) throw new Error(`only ${ids.length} members without an account in the province`);
sqlite(`INSERT INTO users (username, display_name, password_hash, role, committee_id, member_id, created_at, updated_at)
  SELECT 'bench-v' || m.id, m.name, (SELECT password_hash FROM users WHERE username = 'member1'), 'member', m.committee_id, m.id, ${now}, ${now}
  FROM members m WHERE m.id IN (${ids.join(',')})`);
const users = new Map(sqlite(`SELECT member_id, id FROM users WHERE username LIKE 'bench-v%' AND member_id IN (${ids.join(',')})`)
  .split('\n').map((l) => l.split('|').map(Number)));
const tokens = ids.map(() => randomBytes(32).toString('base64url'));
const csrfs = ids.map(() => randomBytes(16).toString('hex'));
// BLAKE2b-256 (node's crypto has only the 512-bit BLAKE2b): python's hashlib, once for all
const hashes = execFileSync('python3', ['-c',
  'import sys,hashlib\nfor l in sys.stdin.read().split():\n print(hashlib.blake2b(l.encode(),digest_size=32).hexdigest())'],
{ input: tokens.join('\n'), encoding: 'utf8' }).trim().split('\n');
const rows = ids.map((m, i) => `('${hashes[i]}', ${users.get(m)}, '${csrfs[i]}', ${now}, ${now + 8 * 3600}, '127.0.0.1', ${now}, 28800)`);
for (let i = 0; i < rows.length; i += 1000)
  sqlite(`INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, ip, last_seen_at, idle_seconds) VALUES ${rows.slice(i, i + 1000).join(',')}`);
const voter = ids.map((m, i) => ({ member: m, cookie: `lvzhi_session=${tokens[i]}`, csrf: csrfs[i] }));

// the staff: gansu logs in; the meeting in session with the N members
let r = await request('POST', '/api/v1/session', { body: { username: 'gansu', password: 'lvzhi-demo-2026' } });
if (r.status !== 200) throw new Error(`gansu login: ${r.status} ${r.text}`);
const staff = { cookie: r.headers['set-cookie'][0].split(';')[0], csrf: r.json.csrf_token };
const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
r = await request('POST', '/api/v1/meetings', { ...staff, body: {
  committee_id: Number(prov), kind: 'plenary', title: '性能测试全体会议', starts_at: `${day}T00:00:00+08:00`, ends_at: `${day}T23:59:00+08:00` } });
if (r.status !== 201) throw new Error(`meeting: ${r.status} ${r.text}`);
const mid = r.json.id;
for (let i = 0; i < N; i += 2000) {
  r = await request('POST', `/api/v1/meetings/${mid}/invitees`, { ...staff, body: { member_ids: ids.slice(i, i + 2000) } });
  if (r.status !== 200) throw new Error(`invite: ${r.status} ${r.text}`);
}
for (const step of ['notify', 'open']) {
  r = await request('POST', `/api/v1/meetings/${mid}/${step}`, { ...staff, body: {} });
  if (r.status !== 200) throw new Error(`${step}: ${r.status} ${r.text}`);
}
// a voter's session works (the meeting is visible to it)
r = await request('GET', `/api/v1/meetings/${mid}`, voter[0]);
if (r.status !== 200) throw new Error(`a voter reads the meeting: ${r.status} ${r.text}`);

// ---- 1. sign-in ---------------------------------------------------------------------------------
r = await request('POST', `/api/v1/meetings/${mid}/sittings`, { ...staff, body: {
  label: '全体会议', starts_at: new Date(Date.now() - 60e3).toISOString(), ends_at: new Date(Date.now() + 4 * 3600e3).toISOString() } });
if (r.status === 201 || r.status === 200) {
  const sitting = r.json.id;
  let code = null, codeAt = 0;
  const fresh = async () => {
    if (Date.now() - codeAt > 15000) {
      const c = await request('GET', `/api/v1/meetings/${mid}/sittings/${sitting}/code`, staff);
      code = c.json?.code;
      codeAt = Date.now();
    }
    return code;
  };
  await fresh();
  const s = await pool(N, INFLIGHT, async (i) => (await request('POST', `/api/v1/meetings/${mid}/signin`, { ...voter[i], body: { code: await fresh() } })).status);
  const ok = s.out.filter((x) => x === 200).length;
  const again = (await request('POST', `/api/v1/meetings/${mid}/signin`, { ...voter[0], body: { code: await fresh() } })).status;
  const counted = sqlite(`SELECT COUNT(*) FROM meeting_signins WHERE sitting_id = ${sitting}`);
  console.log(['signin', N, s.seconds.toFixed(2), ok, again, counted].join('\t'));
} else {
  console.log(['signin', N, 'skipped', `POST sittings ${r.status}`, '', ''].join('\t'));
}

// ---- 2. the vote with N member streams and a screen stream -------------------------------------
const rssBefore = rssMib();
let screenTimes = []; // [at, voted]
const screenToken = await request('POST', `/api/v1/meetings/${mid}/screen-token`, { ...staff, body: {} });
let screen = null;
if (screenToken.status === 201 || screenToken.status === 200) {
  screen = await openStream(`/api/v1/screen/meetings/${mid}/stream?token=${encodeURIComponent(screenToken.json.token)}`, null, (name, data, at) => {
    try {
      const v = JSON.parse(data).vote;
      if (v && typeof v.voted === 'number') screenTimes.push([at, v.voted, v.id]);
    } catch { /* not JSON */ }
  });
}
const sawN = new Set();
const streams = [];
let voteId = 0;
const probe = await openStream(`/api/v1/meetings/${mid}/stream`, voter[0].cookie, () => {});
probe.close();
if (probe.status === 200) {
  const opened = await pool(N, 256, (i) => openStream(`/api/v1/meetings/${mid}/stream`, voter[i].cookie, (name, data) => {
    try { if (JSON.parse(data).vote?.id === voteId && JSON.parse(data).vote?.voted === N) sawN.add(i); } catch { /* not JSON */ }
  }));
  streams.push(...opened.out);
}
const streamsOpen = streams.filter((s) => s.status === 200).length;
await new Promise((ok) => setTimeout(ok, 1000));
const rssStreams = rssMib();

r = await request('POST', `/api/v1/meetings/${mid}/votes`, { ...staff, body: { kind: 'motion', title: '性能测试决议', secret: true } });
if (r.status !== 201) throw new Error(`vote: ${r.status} ${r.text}`);
voteId = r.json.id;
r = await request('POST', `/api/v1/meetings/${mid}/votes/${voteId}/open`, { ...staff, body: {} });
if (r.status !== 200) throw new Error(`open: ${r.status} ${r.text}`);
screenTimes = screenTimes.filter((x) => x[2] === voteId);
const choices = ['yes', 'yes', 'yes', 'no', 'abstain'];
const v = await pool(N, INFLIGHT, (i) => request('POST', `/api/v1/meetings/${mid}/votes/${voteId}/ballot`, { ...voter[i], body: { choice: choices[i % 5] } }));
const ok = v.out.filter((x) => x.status === 200).length;
const lastAck = Math.max(...v.out.map((x) => x.at));
const again = (await request('POST', `/api/v1/meetings/${mid}/votes/${voteId}/ballot`, { ...voter[0], body: { choice: 'no' } })).status;
// the screen: wait up to 5 s for the count N
const until = performance.now() + 5000;
const seen = (k) => screenTimes.find((x) => x[2] === voteId && x[1] >= k);
while (screen && !seen(N) && performance.now() < until) await new Promise((res) => setTimeout(res, 5));
await new Promise((res) => setTimeout(res, 1000)); // the members' streams (every 0.5 s at most)
const lat = screen ? v.out.filter((x) => x.status === 200).map((x) => {
  const e = seen(x.json.voted);
  return e ? Math.max(0, e[0] - x.at) : NaN;
}) : [];
const lastMs = screen && seen(N) ? Math.max(0, seen(N)[0] - lastAck) : NaN;
const got = await request('GET', `/api/v1/meetings/${mid}/votes/${voteId}`, staff);
r = await request('POST', `/api/v1/meetings/${mid}/votes/${voteId}/close`, { ...staff, body: {} });
const res = r.json?.result || {};
const rssAfter = rssMib();
console.log(['vote', N, v.seconds.toFixed(2), ok, again, got.json?.voted, (res.yes ?? 0) + (res.no ?? 0) + (res.abstain ?? 0),
  probe.status === 200 ? streamsOpen : `skipped (stream ${probe.status})`, probe.status === 200 ? sawN.size : ''].join('\t'));
console.log(['screen', screen ? f1(pct(lat, 50)) : `skipped (screen-token ${screenToken.status})`, screen ? f1(pct(lat, 99)) : '', screen ? f1(lastMs) : ''].join('\t'));
for (const s of streams) s.close();
if (screen) screen.close();

// ---- 3. the reference: /health, the same count and concurrency --------------------------------
const h = await pool(N, INFLIGHT, () => request('GET', '/api/v1/health'));
console.log(['health', N, h.seconds.toFixed(2), f1(pct(h.out.map((x) => x.ms), 50))].join('\t'));
console.log(['rss', rssBefore, rssStreams, rssAfter].join('\t'));
agent.destroy();
streamAgent.destroy();
process.exit(0);
