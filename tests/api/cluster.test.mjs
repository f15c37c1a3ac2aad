// tests/api/cluster.test.mjs: two lvzhi nodes on one PostgreSQL database behind haproxy (on
// loopback). A session made on one node works on the other; login failures count on every node
// and a session ended on one is ended on the other; an event raised on one reaches an
// event stream on the other; stopping a node during a run of writes loses none of the writes
// that were acknowledged. PostgreSQL only (LVZHI_TEST_PG_URL); skipped on SQLite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE, startServer, serveNode, freePort, Client, as } from './lib/server.mjs';

const skip = ENGINE !== 'postgresql' ? 'PostgreSQL only (set LVZHI_TEST_PG_URL)' : false;
let a; // node A: made the database, serves it
let b; // node B: the same database
let proxy; // haproxy in front of both
let proxyUrl;

function haproxyBin() {
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy || ls /usr/sbin/haproxy'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('haproxy is missing: scripts/deps installs it');
  }
}

before(async () => {
  if (skip) return;
  a = await startServer({ seed: 11 });
  b = await serveNode({ db: a.db });
  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  const cfg = join(a.dir, 'haproxy.cfg');
  writeFileSync(cfg, `global
  maxconn 256
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 2
  option redispatch
frontend lvzhi
  bind 127.0.0.1:${port}
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /api/v1/health
  default-server inter 200ms fall 1 rise 2
  server a 127.0.0.1:${new URL(a.url).port} check
  server b 127.0.0.1:${b.port} check
`);
  proxy = spawn(haproxyBin(), ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const until = Date.now() + 10000;
  for (;;) {
    try {
      if ((await fetch(`${proxyUrl}/api/v1/health`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > until) throw new Error('haproxy did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (skip) return;
  proxy?.kill('SIGTERM');
  await b?.stop();
  await a?.close();
});

test('a session made on one node works on the other', { skip }, async () => {
  const onA = await new Client(a.url).login('gansu', 'lvzhi-demo-2026');
  const onB = new Client(b.url);
  onB.cookie = onA.cookie;
  onB.csrf = onA.csrf;
  const me = await onB.get('/api/v1/session');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.username, 'gansu');
  // and a write with it, CSRF token included, is accepted by B
  const w = await onB.post('/api/v1/notifications/read-all', {});
  assert.equal(w.status, 204, w.text);
});

test('login failures count on every node, and a session ended on one node is ended on the other', { skip }, async () => {
  // failures alternate between the nodes; the client's next attempt waits on either
  for (let i = 0; i < 5; i++) {
    const r = await new Client(i % 2 ? b.url : a.url).post('/api/v1/session', { username: 'tian', password: `Wrong-${i}-pw` });
    assert.equal(r.status, 401, r.text);
  }
  for (const url of [a.url, b.url]) {
    const r = await new Client(url).post('/api/v1/session', { username: 'tian', password: 'lvzhi-demo-2026' });
    assert.equal(r.status, 429, r.text);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
  }
  // one session on each node, listed by either; A ends B's
  const onA = await new Client(a.url).login('tianshui', 'lvzhi-demo-2026');
  const onB = await new Client(b.url).login('tianshui', 'lvzhi-demo-2026');
  const list = await onB.get('/api/v1/sessions');
  assert.equal(list.status, 200, list.text);
  const bs = list.json.items.find((x) => x.current);
  assert.ok(list.json.items.length >= 2);
  const d = await onA.del(`/api/v1/sessions/${bs.id}`);
  assert.equal(d.status, 204, d.text);
  assert.equal((await onB.get('/api/v1/session')).status, 401);
  assert.equal((await onA.get('/api/v1/session')).status, 200);
});

/** Reads an event stream until an event whose data contains want; resolves to that data. */
async function waitEvent(url, cookie, want, ms = 10000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  const r = await fetch(`${url}/api/v1/events`, { headers: { cookie }, signal: ctl.signal });
  assert.equal(r.status, 200);
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const ready = { resolve: null };
  const opened = new Promise((res) => { ready.resolve = res; });
  const found = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return null;
        buf += dec.decode(value, { stream: true });
        ready.resolve();
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.includes('event: notification') && block.includes(want)) return block;
        }
      }
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
      ctl.abort();
    }
  })();
  await opened;
  return found;
}

test('an event raised on one node reaches an event stream on the other', { skip }, async () => {
  const onA = await new Client(a.url).login('lanzhou', 'lvzhi-demo-2026');
  // the stream on B is open (its first bytes arrived) before the event is raised on A
  const block = waitEvent(b.url, onA.cookie, '测试通知');
  await new Promise((r) => setTimeout(r, 300));
  const sent = await onA.post('/api/v1/notifications/test', {});
  assert.equal(sent.status, 201, sent.text);
  const got = await block;
  assert.ok(got, 'node B streamed no notification raised on node A');
  assert.match(got, new RegExp(`"id":${sent.json.id}\\b`));
});

test('stopping a node during a run of writes loses no acknowledged write', { skip }, async () => {
  const admin = await as(a, 'gansu');
  const client = new Client(proxyUrl);
  client.cookie = admin.cookie;
  client.csrf = admin.csrf;
  const committee = (await admin.get('/api/v1/committees?q=%E5%85%B0%E5%B7%9E%E5%B8%82')).json.items[0].id;
  const acked = [];
  let refused = 0;
  const N = 240;
  for (let i = 0; i < N; i++) {
    if (i === 80) {
      const code = await a.stop('SIGTERM'); // node A goes away mid-run
      assert.equal(code, 0, 'node A did not stop cleanly');
    }
    const name = `集群写入测试单位${i}`;
    try {
      const r = await client.post('/api/v1/units', { name, committee_id: committee, kind: 'government' });
      if (r.status === 201) acked.push({ name, id: r.json.id });
      else refused++;
    } catch {
      refused++; // not acknowledged: the client would try again
    }
  }
  assert.ok(acked.length >= N - 20, `only ${acked.length} of ${N} writes were acknowledged (${refused} not)`);
  // every acknowledged write is there, read through the surviving node
  const reader = new Client(b.url);
  reader.cookie = admin.cookie;
  for (const w of acked) {
    const r = await reader.get(`/api/v1/units/${w.id}`);
    assert.equal(r.status, 200, `acknowledged unit ${w.name} (${w.id}) is missing`);
    assert.equal(r.json.name, w.name);
  }
  await a.restart(); // so that after() closes it as usual
});
