// tests/api/contention.test.mjs: a long roster import job must not shut everyone else out:
// logging in and small writes by other users keep working while it runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, Client, DEMO_PASSWORD, BIN } from './lib/server.mjs';
import { assertStatus, sleep } from './lib/util.mjs';

// big enough that the import holds the database for longer than SQLite's 5 s busy timeout,
// (~7.6 MB in the release build, well under the 32 MB body limit; the sanitizer build is slower)
const ROWS = /asan/.test(BIN) ? 25000 : 60000;
let s;

before(async () => { s = await startServer({}); });
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

test('while a big import job runs, other users log in and write (no 500)', async (t) => {
  const gansu = await as(s, 'gansu');
  const lanzhou = await as(s, 'lanzhou');
  const body = execFileSync(process.execPath, [new URL('../../bench/gen-roster.mjs', import.meta.url).pathname, String(ROWS)],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  const r = await gansu.post('/api/v1/members/import', body, { headers: { 'content-type': 'text/csv' } });
  assertStatus(r, 202, 'big import');
  const id = r.json.job.id;
  const member = (await lanzhou.get('/api/v1/members?limit=1')).json.items[0];
  const seen = [];
  let job;
  const until = Date.now() + 50000;
  for (let i = 0; ; i++) {
    job = (await gansu.get(`/api/v1/jobs/${id}`)).json;
    if (job.status === 'done' || job.status === 'failed') break;
    assert.ok(Date.now() < until, `job still ${job.status}`);
    if (job.status === 'running') {
      const t0 = Date.now();
      const p = await lanzhou.patch(`/api/v1/members/${member.id}`, { occupation: `导入期间${i}`, committee_id: member.committee_id });
      const t1 = Date.now();
      const l = await new Client(s.url).post('/api/v1/session', { username: 'viewer', password: DEMO_PASSWORD });
      seen.push(`PATCH ${p.status} in ${t1 - t0} ms, login ${l.status} in ${Date.now() - t1} ms (job ${job.done}/${job.total})`);
    }
    await sleep(200);
  }
  t.diagnostic(seen.join('; '));
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.ok(seen.length > 0, 'the job was seen running');
  const refused = seen.filter((x) => !/^PATCH 200 .* login 200 /.test(x));
  assert.deepEqual(refused, [], 'requests refused while the import ran');
});
