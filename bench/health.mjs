// bench/health.mjs URL [SECONDS] [--sync]: GET /api/v1/health one request after another for
// SECONDS (10 by default) alone, then for SECONDS while two clients (two sessions of gansu)
// export the proposals as a PDF list over and over, two exports always in hand (each client
// starts the next when its last is done). Prints, tab-separated:
//   alone    p50_ms  p99_ms  requests
//   exports  p50_ms  p99_ms  requests  exports_done
// (issue 15, defect 10: two clients exporting proposals as PDF pushed /health from 2 ms to 2 s).
// Exports are jobs: POST /api/v1/proposals/export?format=pdf answers 202 at once and the worker
// builds the file. --sync measures a build from before that change, whose GET of the same URL
// built the PDF on the event loop: each client GETs it and reads the whole file.
const base = process.argv[2];
const seconds = Number(process.argv[3] || 10);
const sync = process.argv.includes('--sync');
if (!base) {
  console.error('usage: node bench/health.mjs URL [SECONDS] [--sync]');
  process.exit(2);
}
const EXPORT = '/api/v1/proposals/export?format=pdf';

async function login() {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'gansu', password: 'lvzhi-demo-2026' }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return { cookie, csrf: (await r.json()).csrf_token };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

/** /health one after another until stop() is true; the latencies in ms. */
async function healthLoop(stop) {
  const ms = [];
  while (!stop()) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/v1/health`);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`/health answered ${r.status}`);
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** One client exporting until stop(): the number of exports it finished. */
async function exporter(s, stop) {
  let n = 0;
  const h = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  while (!stop()) {
    if (sync) {
      const r = await fetch(base + EXPORT, { headers: h });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET export: ${r.status}`);
      n++;
      continue;
    }
    const r = await fetch(base + EXPORT, { method: 'POST', headers: h });
    if (r.status !== 202) throw new Error(`POST export: ${r.status} ${await r.text()}`);
    const { job } = await r.json();
    for (;;) {
      await new Promise((ok) => setTimeout(ok, 200));
      const j = await (await fetch(`${base}/api/v1/jobs/${job.id}`, { headers: h })).json();
      if (j.status === 'failed') throw new Error(`export job failed: ${j.error}`);
      if (j.status === 'done') break;
    }
    n++;
  }
  return n;
}

const fmt = (x) => x.toFixed(3);
const until = (t) => () => performance.now() > t;

const alone = await healthLoop(until(performance.now() + seconds * 1000));
console.log(['alone', fmt(pct(alone, 50)), fmt(pct(alone, 99)), alone.length].join('\t'));

const clients = [await login(), await login()];
const end = performance.now() + seconds * 1000;
const running = clients.map((c) => exporter(c, until(end)));
await new Promise((ok) => setTimeout(ok, 300)); // both exports under way
const during = await healthLoop(until(end));
const done = (await Promise.all(running)).reduce((a, b) => a + b, 0);
console.log(['exports', fmt(pct(during, 50)), fmt(pct(during, 99)), during.length, done].join('\t'));
