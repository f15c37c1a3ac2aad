// tests/api/org.test.mjs: the organisation records (committees, sectors, parties, special
// committees, activity groups, handling units): CRUD, paging, filters, search, every kind of
// invalid input, conflicts, and that a refused request changes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertError, assertStatus, committeeId, listAll } from './lib/util.mjs';

let s, admin, gansu, chengguan;
const cid = {};

before(async () => {
  s = await startServer({});
  admin = await as(s, 'admin');
  gansu = await as(s, 'gansu');
  chengguan = await as(s, 'chengguan');
  cid.province = await committeeId(admin, '甘肃省政协');
  cid.lanzhou = await committeeId(admin, '兰州市政协');
  cid.chengguan = await committeeId(admin, '城关区政协');
  cid.qilihe = await committeeId(admin, '七里河区政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

let n = 0;
const uniq = (p) => `${p}${++n}`;

// One entry per record type: how to make a valid one, what to change, its rules.
const SPECS = {
  committees: {
    create: () => ({ name: uniq('测试市政协'), parent_id: cid.province, level: 'city', region: '测试市', sort: 5 }),
    patch: { region: '改过的区划', sort: 6 },
    required: ['name', 'level'],
    long: { field: 'name', max: 60 },
    enums: { level: 'town' },
    ints: ['sort'],
    filters: [['level', 'county', (x) => x.level === 'county'], ['parent_id', () => cid.lanzhou, (x) => x.parent_id === cid.lanzhou]],
    q: ['兰州', (x) => x.name.includes('兰州')],
    fixed: { parent_id: () => cid.lanzhou, level: 'county' },
  },
  sectors: {
    create: () => ({ name: uniq('测试界别'), committee_id: cid.province, kind: 'sector', name_en: 'Test sector', sort: 3 }),
    patch: { name_en: 'Changed sector', sort: 4 },
    required: ['name'],
    long: { field: 'name', max: 60 },
    enums: { kind: 'club' },
    ints: ['sort'],
    filters: [['kind', 'party', (x) => x.kind === 'party']],
    q: ['界', (x) => x.name.includes('界')],
    fixed: { committee_id: () => cid.lanzhou },
  },
  parties: {
    create: () => ({ name: uniq('测试党派'), short_name: '测党', sort: 20 }),
    patch: { short_name: '改党', sort: 21 },
    required: ['name'],
    long: { field: 'short_name', max: 20 },
    enums: {},
    ints: ['sort'],
    filters: [],
    q: ['民主', (x) => x.name.includes('民主')],
    fixed: {},
  },
  'special-committees': {
    create: () => ({ name: uniq('测试委员会'), committee_id: cid.province, sort: 1 }),
    patch: { sort: 9 },
    required: ['name', 'committee_id'],
    long: { field: 'name', max: 60 },
    enums: {},
    ints: ['sort'],
    filters: [],
    q: ['农业', (x) => x.name.includes('农业')],
    fixed: { committee_id: () => cid.lanzhou },
  },
  groups: {
    create: () => ({ name: uniq('测试活动组'), committee_id: cid.province, lead_kind: 'party', lead_party_id: 3, sort: 17 }),
    patch: { lead_kind: 'federation', sort: 18 },
    required: ['name', 'committee_id', 'lead_kind'],
    long: { field: 'name', max: 60 },
    enums: { lead_kind: 'club' },
    ints: ['sort'],
    filters: [['lead_kind', 'party', (x) => x.lead_kind === 'party']],
    q: ['民', (x) => x.name.includes('民')],
    fixed: { committee_id: () => cid.lanzhou },
  },
  units: {
    create: () => ({ name: uniq('测试单位'), committee_id: cid.province, kind: 'government', contact: '张三', phone: '0931-1234567' }),
    patch: { contact: '李四', phone: '0931-7654321' },
    required: ['name', 'committee_id'],
    long: { field: 'contact', max: 30 },
    enums: { kind: 'ministry' },
    ints: [],
    filters: [['kind', 'government', (x) => x.kind === 'government']],
    q: ['教育', (x) => x.name.includes('教育')],
    fixed: { committee_id: () => cid.lanzhou },
  },
};

const val = (v) => (typeof v === 'function' ? v() : v);

for (const [kind, spec] of Object.entries(SPECS)) {
  const base = `/api/v1/${kind}`;
  describe(kind, () => {
    test('create 201, get 200, delete 204, then 404', async () => {
      const body = spec.create();
      const r = await admin.post(base, body);
      assertStatus(r, 201, `POST ${base}`);
      assert.ok(Number.isInteger(r.json.id) && r.json.id > 0);
      for (const [k, v] of Object.entries(body)) assert.deepEqual(r.json[k], v, k);
      assert.match(r.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      const id = r.json.id;
      const g = await admin.get(`${base}/${id}`);
      assertStatus(g, 200);
      assert.deepEqual(g.json, r.json);
      const d = await admin.del(`${base}/${id}`);
      assert.equal(d.status, 204, d.text);
      assert.equal(d.text, '');
      assertError(await admin.get(`${base}/${id}`), 404, 'not_found');
      assertError(await admin.del(`${base}/${id}`), 404, 'not_found');
      assertError(await admin.patch(`${base}/${id}`, spec.patch), 404, 'not_found');
    });

    test('patch 200 changes the given fields and keeps the others', async () => {
      const body = spec.create();
      const r = await admin.post(base, body);
      assertStatus(r, 201, `POST ${base}`);
      const id = r.json.id;
      const p = await admin.patch(`${base}/${id}`, spec.patch);
      assertStatus(p, 200, `PATCH ${base}/${id} ${JSON.stringify(spec.patch)}`);
      for (const [k, v] of Object.entries(spec.patch)) assert.deepEqual(p.json[k], v, k);
      for (const k of Object.keys(body)) if (!(k in spec.patch)) assert.deepEqual(p.json[k], body[k], `${k} kept`);
      assert.deepEqual((await admin.get(`${base}/${id}`)).json, p.json);
      // an empty patch changes nothing
      const empty = await admin.patch(`${base}/${id}`, {});
      assertStatus(empty, 200, 'PATCH {}');
      for (const k of Object.keys(p.json)) if (k !== 'updated_at') assert.deepEqual(empty.json[k], p.json[k], k);
    });

    test('the secretariat patches a record of its own committee without naming the committee', async () => {
      if (kind === 'parties') return; // global: root-scope users only (see below)
      const body = spec.create();
      if (kind === 'committees') { body.parent_id = cid.lanzhou; body.level = 'county'; }
      const r = await gansu.post(base, body);
      assertStatus(r, 201);
      const p = await gansu.patch(`${base}/${r.json.id}`, spec.patch);
      assertStatus(p, 200, `gansu PATCH ${base}/${r.json.id} ${JSON.stringify(spec.patch)}`);
      for (const [k, v] of Object.entries(spec.patch)) assert.deepEqual(p.json[k], v, k);
    });

    test('paging: limit=2 gives next_cursor; the cursors give every item once; total', async () => {
      for (let i = 0; i < 3; i++) assertStatus(await admin.post(base, spec.create()), 201);
      const all = await listAll(admin, base, 500);
      const first = await admin.get(`${base}?limit=2`);
      assertStatus(first, 200);
      assert.equal(first.json.items.length, 2);
      assert.equal(typeof first.json.next_cursor, 'string');
      assert.equal(first.json.total, all.length);
      const seen = [];
      let cursor = null;
      for (let page = 0; page < 1000; page++) {
        const r = await admin.get(`${base}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assertStatus(r, 200);
        assert.ok(r.json.items.length <= 2);
        assert.equal(r.json.total, all.length, 'total does not change with the cursor');
        seen.push(...r.json.items.map((x) => x.id));
        cursor = r.json.next_cursor;
        if (!cursor) break;
        assert.equal(r.json.items.length, 2, 'only the last page is short');
      }
      assert.equal(new Set(seen).size, seen.length, 'no item twice');
      assert.deepEqual(seen, all.map((x) => x.id));
      assert.ok(seen.every((id, i) => i === 0 || id > seen[i - 1]), 'in id order');
      if (all.length > 50) {
        const d = await admin.get(base);
        assert.equal(d.json.items.length, 50, 'the default limit is 50');
        assert.ok(d.json.next_cursor);
      }
      // the last page says null
      const last = await admin.get(`${base}?limit=500`);
      assert.equal(last.json.next_cursor, null);
    });

    test('filters and q search', async () => {
      for (const [name, value, pred] of spec.filters) {
        const items = await listAll(admin, `${base}?${name}=${encodeURIComponent(val(value))}`);
        assert.ok(items.length > 0, `${name}=${val(value)} finds something`);
        for (const x of items) assert.ok(pred(x), `${name}=${val(value)}: ${JSON.stringify(x)}`);
        const everything = await listAll(admin, base);
        assert.equal(items.length, everything.filter(pred).length, `${name}: all matching items`);
      }
      const [word, pred] = spec.q;
      const found = await listAll(admin, `${base}?q=${encodeURIComponent(word)}`);
      assert.ok(found.length > 0, `q=${word}`);
      for (const x of found) assert.ok(pred(x), `q=${word}: ${x.name}`);
      const everything = await listAll(admin, base);
      assert.equal(found.length, everything.filter(pred).length);
      const none = await admin.get(`${base}?q=${encodeURIComponent('不存在的名字%_')}`);
      assert.equal(none.json.total, 0);
      assert.deepEqual(none.json.items, []);
    });

    test('bad paging parameters → 422', async () => {
      for (const qs of ['limit=0', 'limit=501', 'limit=-1', 'limit=abc', 'limit=2.5', 'cursor=abc', 'cursor=-5']) {
        const r = await admin.get(`${base}?${qs}`);
        assertError(r, 422, 'invalid_field', qs.split('=')[0]);
      }
      assertStatus(await admin.get(`${base}?limit=1`), 200);
      assertStatus(await admin.get(`${base}?limit=500`), 200);
    });

    test('validation: required, length, enum, type, unknown field — each 422 naming the field, nothing written', async () => {
      const count = async () => (await admin.get(`${base}?limit=1`)).json.total;
      const before = await count();
      for (const f of spec.required) {
        const body = spec.create();
        delete body[f];
        const e = assertError(await admin.post(base, body), 422, 'invalid_field', f);
        assert.ok(Array.isArray(e.errors) && e.errors.some((x) => x.field === f), JSON.stringify(e));
        const body2 = spec.create();
        body2[f] = null;
        assertError(await admin.post(base, body2), 422, 'invalid_field', f);
      }
      // a blank name is no name
      assertError(await admin.post(base, { ...spec.create(), name: '   ' }), 422, 'invalid_field', 'name');
      assertError(await admin.post(base, { ...spec.create(), name: '\u3000\u3000' }), 422, 'invalid_field', 'name');
      // too long: max characters (Chinese count as one each) is fine, one more is not
      const { field, max } = spec.long;
      const ok = await admin.post(base, { ...spec.create(), [field]: field === 'name' ? uniq('长').padEnd(max, '长') : '长'.repeat(max) });
      assertStatus(ok, 201, `${field} of ${max} characters`);
      assertError(await admin.post(base, { ...spec.create(), [field]: '长'.repeat(max + 1) }), 422, 'invalid_field', field);
      for (const [f, bad] of Object.entries(spec.enums)) {
        const e = assertError(await admin.post(base, { ...spec.create(), [f]: bad }), 422, 'invalid_field', f);
        assert.ok(e.message.includes(f === 'level' ? 'county' : ''), e.message);
      }
      assertError(await admin.post(base, { ...spec.create(), name: 123 }), 422, 'invalid_field', 'name');
      assertError(await admin.post(base, { ...spec.create(), name: ['x'] }), 422, 'invalid_field', 'name');
      for (const f of spec.ints) {
        assertError(await admin.post(base, { ...spec.create(), [f]: '5' }), 422, 'invalid_field', f);
        assertError(await admin.post(base, { ...spec.create(), [f]: 1.5 }), 422, 'invalid_field', f);
        assertError(await admin.post(base, { ...spec.create(), [f]: -1 }), 422, 'invalid_field', f);
        assertError(await admin.post(base, { ...spec.create(), [f]: 100001 }), 422, 'invalid_field', f);
      }
      assertError(await admin.post(base, { ...spec.create(), colour: 'red' }), 422, 'invalid_field', 'colour');
      // several bad fields are all listed
      const many = assertError(await admin.post(base, { ...spec.create(), name: '', colour: 'red' }), 422, 'invalid_field');
      assert.deepEqual(many.errors.map((x) => x.field).sort(), ['colour', 'name']);
      assert.equal(await count(), before + 1, 'only the valid create was written');
    });

    test('refused patches change nothing', async () => {
      const r = await admin.post(base, spec.create());
      assertStatus(r, 201);
      const id = r.json.id;
      const original = (await admin.get(`${base}/${id}`)).json;
      const bad = [
        [{ name: '' }, 'name'],
        [{ name: null }, 'name'],
        [{ [spec.long.field]: '长'.repeat(spec.long.max + 1) }, spec.long.field],
        [{ colour: 'red' }, 'colour'],
        ...Object.entries(spec.enums).map(([f, v]) => [{ [f]: v }, f]),
        ...spec.ints.map((f) => [{ [f]: 'x' }, f]),
        ...Object.entries(spec.fixed).map(([f, v]) => [{ [f]: val(v) }, f]),
      ];
      for (const [body, f] of bad) {
        assertError(await admin.patch(`${base}/${id}`, body), 422, 'invalid_field', f);
        assert.deepEqual((await admin.get(`${base}/${id}`)).json, original, `after PATCH ${JSON.stringify(body)}`);
      }
    });
  });
}

test('committees: the level must be below the parent’s', async () => {
  const before = (await admin.get('/api/v1/committees?limit=1')).json.total;
  for (const level of ['national', 'province', 'city']) {
    const e = assertError(await admin.post('/api/v1/committees', { name: uniq('错层级'), parent_id: cid.lanzhou, level }), 422, 'invalid_field', 'level');
    assert.match(e.message, /层级/);
  }
  assertError(await admin.post('/api/v1/committees', { name: uniq('县下县'), parent_id: cid.chengguan, level: 'county' }), 422, 'invalid_field', 'level');
  assertError(await admin.post('/api/v1/committees', { name: uniq('无上级'), level: 'city' }), 422, 'invalid_field', 'parent_id');
  assertError(await admin.post('/api/v1/committees', { name: uniq('上级不存在'), parent_id: 999999, level: 'county' }), 422, 'invalid_field', 'parent_id');
  assert.equal((await admin.get('/api/v1/committees?limit=1')).json.total, before);
  // a new committee's path is its parent's and its own id; path is not taken from input
  const r = await admin.post('/api/v1/committees', { name: uniq('新区'), parent_id: cid.lanzhou, level: 'county', path: '/9/' });
  assertStatus(r, 201);
  assert.equal(r.json.path, `/1/${cid.province}/${cid.lanzhou}/${r.json.id}/`);
  assert.equal(r.json.parent_name, '兰州市政协');
});

test('committees: parent_id and level are fixed after creation (422), the same value is fine', async () => {
  const before = (await admin.get(`/api/v1/committees/${cid.chengguan}`)).json;
  assertError(await admin.patch(`/api/v1/committees/${cid.chengguan}`, { parent_id: cid.province }), 422, 'invalid_field', 'parent_id');
  assertError(await admin.patch(`/api/v1/committees/${cid.chengguan}`, { parent_id: null }), 422, 'invalid_field', 'parent_id');
  assertError(await admin.patch(`/api/v1/committees/${cid.chengguan}`, { level: 'city' }), 422, 'invalid_field', 'level');
  assert.deepEqual((await admin.get(`/api/v1/committees/${cid.chengguan}`)).json, before);
  const same = await admin.patch(`/api/v1/committees/${cid.chengguan}`, { parent_id: cid.lanzhou, level: 'county' });
  assertStatus(same, 200);
  assert.equal(same.json.path, before.path);
});

test('committees: deleting one that has members or subordinates → 409 in_use, nothing changes', async () => {
  const members = (await admin.get(`/api/v1/members?committee_id=${cid.chengguan}&limit=1`)).json.total;
  assert.ok(members > 0);
  assertError(await admin.del(`/api/v1/committees/${cid.chengguan}`), 409, 'in_use');
  assertError(await admin.del(`/api/v1/committees/${cid.lanzhou}`), 409, 'in_use');
  assertStatus(await admin.get(`/api/v1/committees/${cid.chengguan}`), 200);
  assert.equal((await admin.get(`/api/v1/members?committee_id=${cid.chengguan}&limit=1`)).json.total, members);
});

test('committees: a duplicate name under the same parent → 409', async () => {
  const name = uniq('重名县');
  assertStatus(await admin.post('/api/v1/committees', { name, parent_id: cid.lanzhou, level: 'county' }), 201);
  const before = (await admin.get('/api/v1/committees?limit=1')).json.total;
  const r = await admin.post('/api/v1/committees', { name, parent_id: cid.lanzhou, level: 'county' });
  assertError(r, 409);
  assert.ok(['conflict', 'duplicate'].includes(r.json.error.code), r.text);
  assert.equal((await admin.get('/api/v1/committees?limit=1')).json.total, before);
  // under another parent the name is free
  const other = (await admin.get('/api/v1/committees?q=天水市政协')).json.items[0].id;
  assertStatus(await admin.post('/api/v1/committees', { name, parent_id: other, level: 'county' }), 201);
});

test('duplicate names in the same committee → 409; in another committee fine', async () => {
  const cases = [
    ['sectors', (c) => ({ name: '重复界别', committee_id: c })],
    ['special-committees', (c) => ({ name: '重复委员会', committee_id: c })],
    ['groups', (c) => ({ name: '重复活动组', committee_id: c, lead_kind: 'federation' })],
    ['units', (c) => ({ name: '重复单位', committee_id: c })],
  ];
  for (const [kind, make] of cases) {
    assertStatus(await admin.post(`/api/v1/${kind}`, make(cid.province)), 201, kind);
    const before = (await admin.get(`/api/v1/${kind}?limit=1`)).json.total;
    assertError(await admin.post(`/api/v1/${kind}`, make(cid.province)), 409, 'conflict');
    assert.equal((await admin.get(`/api/v1/${kind}?limit=1`)).json.total, before, kind);
    assertStatus(await admin.post(`/api/v1/${kind}`, make(cid.lanzhou)), 201, `${kind} elsewhere`);
    // renaming onto an existing name is a conflict too
    const other = await admin.post(`/api/v1/${kind}`, { ...make(cid.province), name: uniq('另一个') });
    assertStatus(other, 201);
    assertError(await admin.patch(`/api/v1/${kind}/${other.json.id}`, { name: make(cid.province).name, committee_id: cid.province }), 409, 'conflict');
    assert.equal((await admin.get(`/api/v1/${kind}/${other.json.id}`)).json.name, other.json.name);
  }
  // the sector names of the whole country are unique among national sectors
  assertError(await admin.post('/api/v1/sectors', { name: '经济界' }), 409, 'conflict');
  assertError(await admin.post('/api/v1/parties', { name: '中国民主同盟' }), 409, 'conflict');
});

test('deleting records still in use → 409 in_use', async () => {
  for (const path of ['/api/v1/sectors/21', '/api/v1/parties/1', '/api/v1/special-committees/1', '/api/v1/groups/11']) {
    const before = (await admin.get(path)).json;
    assertError(await admin.del(path), 409, 'in_use');
    assert.deepEqual((await admin.get(path)).json, before, path);
  }
  const unitUser = await (await as(s, 'secadmin')).post('/api/v1/users', { username: 'unit-holder', password: 'Secret-2026', role: 'handling_unit', committee_id: cid.province, unit_id: 1 });
  assertStatus(unitUser, 201);
  assertError(await admin.del('/api/v1/units/1'), 409, 'in_use');
});

test('groups: the leading body must match lead_kind', async () => {
  const before = (await admin.get('/api/v1/groups?limit=1')).json.total;
  assertError(await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.province, lead_kind: 'special_committee' }),
    422, 'invalid_field', 'lead_special_committee_id');
  assertError(await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.province, lead_kind: 'special_committee', lead_special_committee_id: null }),
    422, 'invalid_field', 'lead_special_committee_id');
  assertError(await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.province, lead_kind: 'party' }),
    422, 'invalid_field', 'lead_party_id');
  assertError(await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.province, lead_kind: 'party', lead_party_id: 99999 }),
    422, 'invalid_field', 'lead_party_id');
  // a special committee of another committee (not on the group's path)
  const lz = (await admin.get(`/api/v1/special-committees?committee_id=${cid.lanzhou}&limit=500`)).json.items.find((x) => x.committee_id === cid.lanzhou);
  assert.ok(lz);
  assertError(await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.province, lead_kind: 'special_committee', lead_special_committee_id: lz.id }),
    422, 'invalid_field', 'lead_special_committee_id');
  assert.equal((await admin.get('/api/v1/groups?limit=1')).json.total, before);
  // a county group may be led by a special committee of its city (an ancestor)
  const ok = await admin.post('/api/v1/groups', { name: uniq('组'), committee_id: cid.chengguan, lead_kind: 'special_committee', lead_special_committee_id: lz.id });
  assertStatus(ok, 201);
  assert.equal(ok.json.lead_special_committee_id, lz.id);
  // changing the kind without a leading body is refused too
  assertError(await admin.patch(`/api/v1/groups/${ok.json.id}`, { lead_kind: 'party', committee_id: cid.chengguan }), 422, 'invalid_field', 'lead_party_id');
  assert.equal((await admin.get(`/api/v1/groups/${ok.json.id}`)).json.lead_kind, 'special_committee');
});

test('units: an empty phone or kind is stored empty or refused by name, never 409', async () => {
  const r = await admin.post('/api/v1/units', { name: uniq('空电话单位'), committee_id: cid.province, phone: '' });
  assertStatus(r, 201, 'phone ""');
  assert.equal(r.json.phone, '');
  for (const extra of [{ kind: '' }, { kind: null }, { contact: null }, { phone: null }]) {
    const x = await admin.post('/api/v1/units', { name: uniq('空字段单位'), committee_id: cid.province, ...extra });
    const [field] = Object.keys(extra);
    assert.ok(x.status === 201 || (x.status === 422 && x.json.error.field === field), `${JSON.stringify(extra)}: ${x.status} ${x.text.slice(0, 200)}`);
  }
});

test('units: phone format', async () => {
  for (const phone of ['abc', '12', '0931-123x567', '1'.repeat(21)])
    assertError(await admin.post('/api/v1/units', { name: uniq('单位'), committee_id: cid.province, phone }), 422, 'invalid_field', 'phone');
  assertStatus(await admin.post('/api/v1/units', { name: uniq('单位'), committee_id: cid.province, phone: '+86 931 1234567' }), 201);
});

test('committee_id filter: that committee and its subordinates', async () => {
  const tree = new Set([cid.lanzhou, ...(await listAll(admin, `/api/v1/committees?parent_id=${cid.lanzhou}`)).map((x) => x.id)]);
  for (const kind of ['units', 'special-committees']) {
    const items = await listAll(admin, `/api/v1/${kind}?committee_id=${cid.lanzhou}`);
    assert.ok(items.length > 0);
    const outside = items.filter((x) => !tree.has(x.committee_id));
    assert.deepEqual(outside.map((x) => `${x.id}:${x.committee_name}`), [], `${kind}?committee_id=兰州市 lists records of other committees`);
  }
  assertError(await admin.get('/api/v1/units?committee_id=abc'), 422, 'invalid_field', 'committee_id');
  assertError(await admin.get('/api/v1/units?committee_id=999999'), 422, 'invalid_field', 'committee_id');
  assertError(await admin.get('/api/v1/committees?parent_id=abc'), 422, 'invalid_field', 'parent_id');
});

test('a county secretariat cannot write parties (global: 403 forbidden_scope) but reads them', async () => {
  const list = await chengguan.get('/api/v1/parties');
  assertStatus(list, 200);
  assert.ok(list.json.total >= 9);
  assertStatus(await chengguan.get('/api/v1/parties/1'), 200);
  const before = (await admin.get('/api/v1/parties/2')).json;
  assertError(await chengguan.post('/api/v1/parties', { name: uniq('县建党派') }), 403, 'forbidden_scope');
  assertError(await chengguan.patch('/api/v1/parties/2', { short_name: '改' }), 403, 'forbidden_scope');
  assertError(await chengguan.del('/api/v1/parties/2'), 403, 'forbidden_scope');
  assert.deepEqual((await admin.get('/api/v1/parties/2')).json, before);
  assert.equal((await admin.get(`/api/v1/parties?q=${encodeURIComponent('县建党派')}`)).json.total, 0);
  // nor national sectors; its own committee's sectors it may
  assertError(await chengguan.post('/api/v1/sectors', { name: uniq('县建界别') }), 403, 'forbidden_scope');
  assertError(await chengguan.patch('/api/v1/sectors/21', { name_en: 'x' }), 403, 'forbidden_scope');
  assertStatus(await chengguan.post('/api/v1/sectors', { name: uniq('城关界别'), committee_id: cid.chengguan }), 201);
  assertError(await chengguan.post('/api/v1/units', { name: uniq('七里河单位'), committee_id: cid.qilihe }), 403, 'forbidden_scope');
});
