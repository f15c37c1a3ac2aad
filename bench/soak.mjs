// bench/soak.mjs: `make soak` (not part of `make test`). A mixed read/write load at half the
// peak measured in the same run, for SOAK_MINUTES minutes (30 by default), against a server of
// its own on fresh demo data; reports the errors, the p99 and the server's resident memory at
// the start and at the end, and minute by minute.
//
//   1. `lvzhi demo --scale SOAK_SCALE` (20,000 members by default) into build/soak/, then
//      `lvzhi serve` on a free loopback port; an API token of gansu (the provincial office,
//      read_write) for the load.
//   2. Peak: wrk, SOAK_CONNECTIONS connections (64) for SOAK_PEAK_SECONDS (20), no pause
//      between requests: the requests per second the machine serves of the mix.
//   3. Soak: wrk again, one run per minute, each connection pausing between its requests so that
//      all together send half the peak (the pause is corrected after each minute by the rate the
//      minute had); the server's VmRSS after each minute.
// The mix (bench/soak.lua), of every ten requests: three reads of one member, two pages of the
// member list, two pages of proposals, one /health, one member changed (PATCH: an audit entry)
// and one item of the daily digest entered (POST).
// Every wrk run is bounded in time; the server is stopped at the end (and on an error).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'build/lvzhi');
const out = join(root, 'build/soak');
const MINUTES = Number(process.env.SOAK_MINUTES || 30);
const SCALE = Number(process.env.SOAK_SCALE || 20000);
const CONN = Number(process.env.SOAK_CONNECTIONS || 64);
const PEAK_S = Number(process.env.SOAK_PEAK_SECONDS || 20);
if (!(MINUTES > 0) || !(SCALE >= 0) || !(CONN > 0) || !(PEAK_S > 0)) {
  console.error('SOAK_MINUTES, SOAK_SCALE, SOAK_CONNECTIONS and SOAK_PEAK_SECONDS must be positive numbers');
  process.exit(2);
}

const freePort = () => new Promise((ok, fail) => {
  const s = createServer();
  s.on('error', fail);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Runs wrk; returns {rps, p50, p99 (ms), requests, errors, text}. */
function wrk(url, seconds, args) {
  const text = execFileSync('wrk', ['-t2', `-c${CONN}`, `-d${seconds}s`, '--latency', '-s', join(out, 'soak.lua'), url, '--', ...args],
    { encoding: 'utf8', maxBuffer: 16 << 20 });
  const num = (re) => { const m = re.exec(text); return m ? Number(m[1]) : 0; };
  const ms = (label) => {
    const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text);
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = num(/Non-2xx or 3xx responses: (\d+)/) + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps: num(/Requests\/sec:\s+([\d.]+)/), p50: ms('50%'), p99: ms('99%'), requests: num(/(\d+) requests in/), errors, text };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'soak.lua'), readFileSync(join(root, 'bench/soak.lua')));
const db = join(out, 'soak.db');
console.log(`== demo data: ${SCALE} members ==`);
execFileSync(bin, ['demo', '--db', db, '--seed', '1', '--scale', String(SCALE)], { stdio: ['ignore', 'ignore', 'inherit'] });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const srv = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'], { stdio: ['ignore', 'ignore', 'pipe'] });
let logs = '';
srv.stderr.on('data', (d) => { logs += d; });
const stop = () => { if (srv.exitCode === null) srv.kill('SIGTERM'); };
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) break; } catch { /* not up yet */ }
    if (i > 100 || srv.exitCode !== null) throw new Error(`lvzhi serve did not start: ${logs}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  // an API token of gansu for the load (bearer: no CSRF header needed)
  const login = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'gansu', password: 'lvzhi-demo-2026' }) });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf, user } = await login.json();
  const tok = await fetch(`${url}/api/v1/tokens`, { method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ name: 'soak', scope: 'read_write', expires_in_days: 1 }) });
  if (tok.status !== 201) throw new Error(`token: ${tok.status} ${await tok.text()}`);
  const { token } = await tok.json();
  const bearer = { authorization: `Bearer ${token}` };
  // the demo's members have the ids lo..hi (the list is newest first)
  const members = await (await fetch(`${url}/api/v1/members?limit=1`, { headers: bearer })).json();
  const hi = members.items[0].id, lo = Math.max(1, hi - members.total + 1);
  const committee = user.committee.id;
  const args = (pause) => [token, String(lo), String(hi), String(committee), String(pause)];

  console.log(`== peak: wrk ${CONN} connections, ${PEAK_S} s, the mix without pauses ==`);
  const rssIdle = rssMiB(srv.pid);
  const peak = wrk(url, PEAK_S, args(0));
  if (!peak.rps) throw new Error(`wrk measured nothing:\n${peak.text}`);
  console.log(`peak ${peak.rps.toFixed(0)} req/s, p99 ${peak.p99} ms, errors ${peak.errors}`);
  const target = peak.rps / 2;

  console.log(`== soak: ${MINUTES} min at ${target.toFixed(0)} req/s (half the peak) ==`);
  const rssStart = rssMiB(srv.pid);
  // ms each connection waits between its requests: its share of the time, less a request's own
  let pause = Math.max(0, (CONN / target) * 1000 - peak.p50 / 2);
  const minutes = [];
  console.log(['minute', 'req/s', 'p50_ms', 'p99_ms', 'errors', 'rss_MiB'].join('\t'));
  for (let m = 1; m <= MINUTES; m++) {
    const r = wrk(url, 60, args(Math.max(0, Math.round(pause))));
    r.rss = rssMiB(srv.pid);
    minutes.push(r);
    console.log([m, r.rps.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2), r.errors, r.rss.toFixed(1)].join('\t'));
    // the time a request takes is part of each connection's cycle: correct the pause by the rate had
    if (r.rps > 0) pause = Math.max(0, pause + (CONN / target - CONN / r.rps) * 1000);
  }
  // (a keep-alive connection of before the soak may have been closed by the server: once more)
  const health = await fetch(`${url}/api/v1/health`).catch(() => fetch(`${url}/api/v1/health`));
  const total = minutes.reduce((a, r) => a + r.requests, 0);
  const errors = minutes.reduce((a, r) => a + r.errors, 0);
  const first = minutes[0], lastMin = minutes.at(-1);
  const p99max = Math.max(...minutes.map((r) => r.p99));
  const rows = [
    ['peak (closed loop) req/s', peak.rps.toFixed(0)],
    ['target: half the peak, req/s', target.toFixed(0)],
    ['soak minutes', MINUTES],
    ['requests in all', total],
    ['errors (non-2xx/3xx + socket)', errors],
    ['req/s first minute / last minute', `${first.rps.toFixed(0)} / ${lastMin.rps.toFixed(0)}`],
    ['p99 ms first minute / last minute', `${first.p99.toFixed(2)} / ${lastMin.p99.toFixed(2)}`],
    ['p99 ms worst minute', p99max.toFixed(2)],
    ['server RSS MiB idle / at start / at end', `${rssIdle.toFixed(1)} / ${rssStart.toFixed(1)} / ${lastMin.rss.toFixed(1)}`],
    ['/health after the soak', health.status],
  ];
  const report = [`\n== lvzhi soak report (${new Date().toISOString().slice(0, 16)}Z, ${SCALE} members, ${CONN} connections) ==`,
    ...rows.map(([k, v]) => `${String(k).padEnd(44)} ${v}`)].join('\n');
  console.log(report);
  writeFileSync(join(out, 'report.txt'), `${report}\n`);
  stop();
  const code = await new Promise((ok) => (srv.exitCode !== null ? ok(srv.exitCode) : srv.once('exit', (c) => ok(c))));
  if (code !== 0) throw new Error(`lvzhi serve exited ${code}: ${logs.slice(-2000)}`);
  if (errors || health.status !== 200) process.exitCode = 1;
} catch (e) {
  console.error(`soak: ${e.message}${e.cause ? ` (${e.cause.message || e.cause})` : ''}`);
  if (srv.exitCode !== null) console.error(`lvzhi serve exited ${srv.exitCode}: ${logs.slice(-2000)}`);
  stop();
  process.exitCode = 1;
}
