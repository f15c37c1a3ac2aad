// tests/api/openapi.test.mjs: docs/api/openapi.yaml and the server's route tables agree: the
// same (method, path) pairs, and the same permission for each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lvzhi } from './lib/server.mjs';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** The operations of the paths section: Map "METHOD /path" → {summary, permission, line}. */
function parseOpenapi(text) {
  const ops = new Map();
  const lines = text.split('\n');
  let inPaths = false, path = null, op = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (!line || /^\s*#/.test(line)) return;
    if (/^\S/.test(line)) { // a top-level key
      inPaths = line === 'paths:';
      path = op = null;
      return;
    }
    if (!inPaths) return;
    let m;
    if ((m = /^ {2}(\/\S*):$/.exec(line))) { path = m[1]; op = null; return; }
    if ((m = /^ {4}([a-z]+):$/.exec(line)) && path) {
      assert.ok(METHODS.has(m[1]), `line ${i + 1}: unknown method ${m[1]}`);
      const key = `${m[1].toUpperCase()} ${path}`;
      assert.ok(!ops.has(key), `line ${i + 1}: ${key} twice`);
      op = { line: i + 1, summary: null, permission: null };
      ops.set(key, op);
      return;
    }
    if (/^ {4}\S/.test(line)) { op = null; return; } // parameters: and the like at path level
    if (op && (m = /^ {6}x-permission:\s*(\S+)$/.exec(line))) op.permission = m[1];
    if (op && (m = /^ {6}summary:\s*(.+)$/.exec(line))) op.summary = m[1];
  });
  return ops;
}

/** The server's routes: Map "METHOD /path" → {permission, summary}. */
function serverRoutes() {
  const out = new Map();
  for (const line of lvzhi(['routes']).split('\n')) {
    if (!line.trim()) continue;
    const [method, path, permission, ...rest] = line.trim().split(/\s+/);
    const key = `${method} ${path}`;
    assert.ok(!out.has(key), `route ${key} declared twice`);
    out.set(key, { permission, summary: rest.join(' ') });
  }
  return out;
}

const doc = parseOpenapi(readFileSync(new URL('../../docs/api/openapi.yaml', import.meta.url), 'utf8'));
const routes = serverRoutes();

test('the paths section parses into operations', () => {
  assert.ok(doc.size >= 40, `${doc.size} operations`);
  assert.ok(routes.size >= 40, `${routes.size} routes`);
  assert.ok(doc.has('POST /api/v1/session'));
  assert.ok(doc.has('GET /api/v1/members/{id}'));
});

test('every server route is in openapi.yaml', () => {
  const missing = [...routes.keys()].filter((k) => !doc.has(k));
  assert.deepEqual(missing, [], `routes missing from docs/api/openapi.yaml:\n  ${missing.join('\n  ')}`);
});

test('every documented operation is a server route', () => {
  const extra = [...doc.keys()].filter((k) => !routes.has(k));
  assert.deepEqual(extra, [], `documented but not served:\n  ${extra.join('\n  ')}`);
});

test('each operation names the permission the router checks (x-permission)', () => {
  const wrong = [];
  for (const [k, r] of routes) {
    const d = doc.get(k);
    if (!d) continue;
    if (d.permission !== r.permission) wrong.push(`${k}: openapi ${d.permission ?? '(none)'} (line ${d.line}), server ${r.permission}`);
  }
  assert.deepEqual(wrong, []);
});

test('each operation has a summary', () => {
  const none = [...doc].filter(([, d]) => !d.summary).map(([k, d]) => `${k} (line ${d.line})`);
  assert.deepEqual(none, []);
});

/** The x-error-codes of components: Map code → status. */
function docErrorCodes(text) {
  const codes = new Map();
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^ {2}x-error-codes:$/.test(line)) { inside = true; continue; }
    if (inside && !/^ {4}\S/.test(line)) break;
    const m = inside && /^ {4}([a-z_]+): \{status: (\d{3}),/.exec(line);
    if (m) codes.set(m[1], Number(m[2]));
  }
  return codes;
}

test('the error codes: every code the server has, with its one status, is documented, and no other', () => {
  const text = readFileSync('docs/api/openapi.yaml', 'utf8');
  const server = new Map(lvzhi(['errors']).trim().split('\n').map((l) => l.split(/\s+/)).map(([c, s]) => [c, Number(s)]));
  assert.ok(server.size >= 20, `${server.size} codes`);
  assert.deepEqual([...docErrorCodes(text)].sort(), [...server].sort(), 'x-error-codes in docs/api/openapi.yaml is `lvzhi errors`');
  const m = /code:\n\s+type: string\n\s+description: .*\n\s+enum: \[([^\]]+)\]/.exec(text);
  assert.ok(m, 'the Error schema lists its codes');
  assert.deepEqual(m[1].split(', ').sort(), [...server.keys()].sort(), 'the Error schema enumerates every code');
});
