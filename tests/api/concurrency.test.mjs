// tests/api/concurrency.test.mjs: requests that run side by side on a server with four loop
// threads give the same answers as one at a time and leave no trace of each other. Run by
// `make test` on the AddressSanitizer build and, with proposal_races and the other concurrency
// tests, on the ThreadSanitizer build (a data race makes the server exit 66, which after()
// asserts against).
//
// - the suggested grouping of a day's digest items (digest_group.c once sorted through
//   file-scope globals: two requests at once overflowed the heap);
// - logins of one account, and reads of every kind, at the same moment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov;
const day = '2026-02-10';

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false, threads: 4 });
  for (const u of ['gansu', 'member1']) c[u] = await as(s, u);
  prov = await committeeId(c.gansu, '甘肃省政协');
});
after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM (66: ThreadSanitizer found a race); logs:\n${s.logs().slice(-6000)}`);
});

const topics = [
  ['供暖', '小区冬季供暖温度不达标，居民反映室内温度低于十八度。'],
  ['供暖', '老旧小区供暖管网老化，冬季供暖温度偏低，居民多次投诉。'],
  ['午餐', '学校午餐配送不及时，学生午餐经常变凉，家长反映强烈。'],
  ['午餐', '部分学校午餐价格上涨，学生家长希望公开午餐费用明细。'],
  ['公交', '城郊公交线路发车间隔过长，居民出行等车时间太久。'],
  ['公交', '公交线路调整后郊区站点减少，居民出行不便。'],
  ['照明', '某路段夜间照明不足，行人出行存在安全隐患。'],
];

test('the suggested grouping asked 16 times at once equals the one asked alone', async () => {
  for (let round = 0; round < 3; round++)
    for (const [, text] of topics) {
      const r = await c.gansu.post('/api/v1/digests/items', { committee_id: prov, day, text: `${text}（${round}）`, source: '网络' });
      assertStatus(r, 201);
    }
  const url = `/api/v1/digests/suggest?committee_id=${prov}&day=${day}`;
  const alone = await c.gansu.get(url);
  assertStatus(alone, 200);
  assert.ok(alone.json.groups.length >= 3, `grouped: ${alone.text.slice(0, 300)}`);
  const office = await Promise.all([1, 2, 3, 4].map(() => as(s, 'gansu')));
  for (let round = 0; round < 4; round++) {
    const rs = await Promise.all(office.flatMap((cl) => [cl.get(url), cl.get(`${url}&threshold=0.2`), cl.get(url), cl.get(`${url}&threshold=0.6`)]));
    rs.forEach((r) => assertStatus(r, 200));
    for (let i = 0; i < rs.length; i += 4) {
      assert.deepEqual(rs[i].json, alone.json, 'the same groups as alone');
      assert.deepEqual(rs[i + 2].json, alone.json, 'the same groups as alone');
    }
  }
});

test('one account logs in 12 times at once; every session works; reads of every kind at once', async () => {
  const clients = await Promise.all(Array.from({ length: 12 }, () => as(s, 'member1')));
  const me = await Promise.all(clients.map((cl) => cl.get('/api/v1/session')));
  me.forEach((r) => { assertStatus(r, 200); assert.equal(r.json.user.username, 'member1'); });
  const paths = ['/api/v1/session', '/api/v1/labels', '/api/v1/committees?limit=50', '/api/v1/notifications?limit=20', '/api/v1/health'];
  const rs = await Promise.all(clients.flatMap((cl) => paths.map((p) => cl.get(p))));
  rs.forEach((r) => assertStatus(r, 200));
});
