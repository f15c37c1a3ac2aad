// tests/api/proxy.test.mjs: behind a trusted reverse proxy the client's address comes from
// X-Forwarded-For: the per-address login limit counts each client apart, and the audit log
// records the client, not the proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client } from './lib/server.mjs';

let server;
before(async () => { server = await startServer({ args: ['--trusted-proxies', '127.0.0.1, ::1'] }); });
after(async () => { assert.equal(await server.close(), 0); });

async function failLogin(ip, i) {
  return new Client(server.url).post('/api/v1/session', { username: `nobody${i}`, password: 'wrong-password' },
    { headers: { 'x-forwarded-for': `198.51.100.77, ${ip}` } });
}

test('the per-address login limit counts each forwarded client apart', async () => {
  for (let i = 0; i < 20; i++) assert.equal((await failLogin('203.0.113.1', i)).status, 401);
  const limited = await failLogin('203.0.113.1', 99);
  assert.equal(limited.status, 429, limited.text);
  // another client behind the same proxy is not held back
  const other = await failLogin('203.0.113.2', 100);
  assert.equal(other.status, 401, other.text);
  // and the proxy's own address was never counted: a direct login works
  await as(server, 'gansu');
});

test('the audit log records the forwarded client address', async () => {
  const c = new Client(server.url);
  const r = await c.post('/api/v1/session', { username: 'lanzhou', password: 'lvzhi-demo-2026' },
    { headers: { 'x-forwarded-for': '203.0.113.50' } });
  assert.equal(r.status, 200, r.text);
  const auditor = await as(server, 'auditor');
  const log = await auditor.get('/api/v1/audit?entity=session&action=login&limit=50');
  const entry = log.json.items.find((e) => e.action === 'login' && e.username === 'lanzhou');
  assert.ok(entry, 'no login entry for lanzhou');
  assert.equal(entry.ip, '203.0.113.50');
});
