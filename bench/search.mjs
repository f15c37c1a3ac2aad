// bench/search.mjs BASE_URL [N]: latencies of proposal search on a running server, one request
// at a time, N of each (default 200): two- and four-character Chinese queries, the similar
// proposals of a proposal, the list page — and, as the reference measured in the same run, a
// plain indexed lookup through the same server (GET /api/v1/proposals/{id} and GET
// /api/v1/members/{id}). Prints one line per measure: name, p50 ms, p99 ms, hits.
const base = process.argv[2];
const n = Number(process.argv[3] || 200);
if (!base) {
  console.error('usage: node bench/search.mjs BASE_URL [N]');
  process.exit(2);
}

const login = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'gansu', password: 'lvzhi-demo-2026' }),
});
const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
if (login.status !== 200 || !cookie) {
  console.error(`bench/search: cannot log in at ${base} (${login.status})`);
  process.exit(1);
}

async function time(path, init) {
  const t0 = process.hrtime.bigint();
  const r = await fetch(base + path, { headers: { cookie, ...(init?.headers || {}) }, ...init });
  const body = await r.json();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
  return { ms, hits: body.items ? body.items.length : 1 };
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(name, paths) {
  const ms = [];
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const r = await time(paths[i % paths.length]);
    ms.push(r.ms);
    hits += r.hits;
  }
  console.log(`${name}\t${pct(ms, 50).toFixed(2)}\t${pct(ms, 99).toFixed(2)}\t${(hits / n).toFixed(1)}`);
}

const two = ['养老', '教育', '医疗', '农村', '生态', '产业', '就业', '社区', '黄河', '人才'];
const four = ['养老服务', '乡村振兴', '营商环境', '职业教育', '生态保护', '基层医疗', '老旧小区', '产业链条'];
const q = (w) => `/api/v1/proposals?limit=20&q=${encodeURIComponent(w)}`;
const list = (await (await fetch(`${base}/api/v1/proposals?limit=50&status=filed,handling,closed`, { headers: { cookie } })).json()).items;
if (!list.length) {
  console.error('bench/search: no proposals (load the demo with --scale)');
  process.exit(1);
}
const ids = list.map((p) => p.id);
const members = (await (await fetch(`${base}/api/v1/members?limit=50`, { headers: { cookie } })).json()).items.map((m) => m.id);
await measure('search, two characters', two.map(q));
await measure('search, four characters', four.map(q));
await measure('similar proposals of a proposal', ids.map((id) => `/api/v1/proposals/${id}/similar`));
await measure('proposals list page (50, newest first)', ['/api/v1/proposals?limit=50']);
await measure('reference: GET /proposals/{id}', ids.map((id) => `/api/v1/proposals/${id}`));
await measure('reference: GET /members/{id}', members.map((id) => `/api/v1/members/${id}`));
