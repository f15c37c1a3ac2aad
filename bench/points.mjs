// bench/points.mjs BASE_URL YEAR [N]: duty points on a running server with the demo data:
// the recompute of YEAR for the whole province (POST /api/v1/points/recompute, then the job
// polled every 50 ms until done: wall time), and one member's rank (GET
// /api/v1/ranking/members/{id}) for N members spread over the data, one request at a time.
// Then a new version of the province's rule set with every event worth a point more, whose
// recompute (queued by the save) changes every entry: its wall time from the save to done.
// The first recompute finds the ledger as the demo (and the records) left it, so it compares
// everything and writes little; the second rewrites every entry's points in place.
// Prints tab-separated lines: "recompute" ms members entries; "rank" p50 ms p99 ms;
// "recompute-all" ms written (inserted/updated/deleted/totals).
const base = process.argv[2];
const year = Number(process.argv[3]);
const n = Number(process.argv[4] || 200);
if (!base || !year) {
  console.error('usage: node bench/points.mjs BASE_URL YEAR [N]');
  process.exit(2);
}

const login = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'gansu', password: 'lvzhi-demo-2026' }),
});
const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
const csrf = (await login.json()).csrf_token;
if (login.status !== 200 || !cookie) {
  console.error(`bench/points: cannot log in at ${base} (${login.status})`);
  process.exit(1);
}
const get = async (path) => {
  const r = await fetch(base + path, { headers: { cookie } });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
  return body;
};

const t0 = process.hrtime.bigint();
const post = await fetch(`${base}/api/v1/points/recompute`, {
  method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
  body: JSON.stringify({ committee_id: 2, year }),
});
const { job } = await post.json();
if (post.status !== 202) throw new Error(`recompute: ${post.status}`);
let j;
for (;;) {
  j = await get(`/api/v1/jobs/${job.id}`);
  if (j.status === 'done' || j.status === 'failed') break;
  await new Promise((r) => setTimeout(r, 50));
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (j.status !== 'done') throw new Error(`recompute failed: ${j.error}`);
console.log(`recompute\t${ms.toFixed(0)}\t${j.result.members}\t${j.result.entries}`);

if (j.result.written) console.error(`recompute wrote ${JSON.stringify(j.result.written)}`);

// members spread over the ranking
const of = (await get(`/api/v1/ranking?committee_id=2&year=${year}&limit=1`)).of;
const ids = [];
for (let k = 0; k < 20; k++) {
  const page = await get(`/api/v1/ranking?committee_id=2&year=${year}&limit=1&offset=${Math.floor((k * of) / 20)}`);
  ids.push(page.items[0].member_id);
}
const lat = [];
for (let i = 0; i < n; i++) {
  const t = process.hrtime.bigint();
  await get(`/api/v1/ranking/members/${ids[i % ids.length]}?year=${year}`);
  lat.push(Number(process.hrtime.bigint() - t) / 1e6);
}
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))].toFixed(2);
console.log(`rank\t${pct(50)}\t${pct(99)}`);

// every entry changed: a new rule-set version with each event a point more
const postJson = async (path, body) => {
  const r = await fetch(base + path, {
    method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
};
const rs = await get(`/api/v1/rule-sets/effective?committee_id=2&year=${year}`);
const body = Object.fromEntries(['full_marks', 'pass', 'min_attendance', 'year_cap', 'rules', 'category_caps', 'grades',
  'bottom', 'checkpoints', 'flags', 'honours'].filter((k) => k in rs).map((k) => [k, rs[k]]));
for (const r of body.rules) r.points += r.points >= 0 ? 1 : -1;
const t1 = process.hrtime.bigint();
const saved = await postJson('/api/v1/rule-sets', { committee_id: 2, year, ...body });
if (saved.status !== 201) throw new Error(`rule set: ${saved.status} ${JSON.stringify(saved.json).slice(0, 300)}`);
for (;;) {
  j = await get(`/api/v1/jobs/${saved.json.job.id}`);
  if (j.status === 'done' || j.status === 'failed') break;
  await new Promise((r) => setTimeout(r, 50));
}
if (j.status !== 'done') throw new Error(`recompute after the rule change failed: ${j.error}`);
const w = j.result.written; // (a server before issue 17 does not say)
console.log(`recompute-all\t${(Number(process.hrtime.bigint() - t1) / 1e6).toFixed(0)}\t${w ? `${w.inserted}/${w.updated}/${w.deleted}/${w.totals}` : '-'}`);
