// tests/api/report_edit_race.test.mjs: an edit of a report and a step that takes it out of the
// editable state, sent at the same moment (issue 17, defect: report_edit checked the state
// before its transaction, not under the row's write lock). The author (member1) may edit its
// report only as a draft (or returned); it edits and submits (报送) at once, many times over. Either
// the edit comes first (200, and the timeline says edit before submit, the report submitted with
// the new title) or the submit comes first and the edit is refused (409 wrong_state, the title
// unchanged): an edit never lands on a submitted report. The same with the office (gansu), which
// may edit a submitted or adopted report but not a rejected one, editing while it rejects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib/server.mjs';
import { assertStatus, committeeId } from './lib/util.mjs';

let s;
const c = {};
let prov;
const ROUNDS = 25;

before(async () => {
  s = await startServer({ contact: false, proposals: false, reports: false });
  for (const u of ['gansu', 'member1']) c[u] = await as(s, u);
  prov = await committeeId(c.gansu, '甘肃省政协');
});

after(async () => {
  const code = await s.close();
  assert.equal(code, 0, `lvzhi serve should exit 0 on SIGTERM; logs:\n${s.logs().slice(-3000)}`);
});

const TITLE = '关于农村客运班线停运的情况反映';

async function draft() {
  const r = await c.member1.post('/api/v1/reports', { title: TITLE, category: '社会建设', committee_id: prov,
    body: '部分农村客运班线停运，群众出行不便。\n建议给予运营补贴。\n' });
  assertStatus(r, 201, 'draft');
  return r.json.id;
}

// The timeline's actions of report id, in order.
async function actions(id) {
  const r = await c.member1.get(`/api/v1/reports/${id}/timeline`);
  assertStatus(r, 200, 'timeline');
  return r.json.items.map((e) => e.action);
}

test('an edit and a submit sent at once: the edit never lands on the submitted report', async () => {
  const seen = { edit_first: 0, refused: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const id = await draft();
    const title = `${TITLE}（修改${i}）`;
    const [edit, submit] = await Promise.all([
      c.member1.patch(`/api/v1/reports/${id}`, { title }),
      c.member1.post(`/api/v1/reports/${id}/submit`, {}),
    ]);
    assertStatus(submit, 200, `round ${i}: submit`);
    const tl = await actions(id);
    const report = (await c.member1.get(`/api/v1/reports/${id}`)).json;
    assert.equal(report.status, 'submitted');
    if (edit.status === 200) {
      seen.edit_first++;
      assert.ok(tl.indexOf('edit') >= 0 && tl.indexOf('edit') < tl.indexOf('submit'),
        `round ${i}: the edit was accepted, so it came before the submit: ${tl.join(', ')}`);
      assert.equal(report.title, title, `round ${i}`);
    } else {
      seen.refused++;
      assert.equal(edit.status, 409, `round ${i}: ${edit.status} ${JSON.stringify(edit.json)}`);
      assert.equal(edit.json.error.code, 'wrong_state');
      assert.ok(!tl.includes('edit'), `round ${i}: a refused edit leaves no event: ${tl.join(', ')}`);
      assert.equal(report.title, TITLE, `round ${i}: a refused edit changes nothing`);
      assert.equal((await c.member1.get(`/api/v1/reports/${id}/versions`)).json.items.length, 1,
        `round ${i}: no version kept for a refused edit (the current one only)`);
    }
  }
  assert.equal(seen.edit_first + seen.refused, ROUNDS);
});

test('the office edits while it rejects: the edit never lands on the rejected report', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const id = await draft();
    assertStatus(await c.member1.post(`/api/v1/reports/${id}/submit`, {}), 200, 'submit');
    const title = `${TITLE}（编辑${i}）`;
    const [edit, reject] = await Promise.all([
      c.gansu.patch(`/api/v1/reports/${id}`, { title }),
      c.gansu.post(`/api/v1/reports/${id}/reject`, { reason: '与已报送信息重复' }),
    ]);
    assertStatus(reject, 200, `round ${i}: reject`);
    const tl = await actions(id);
    const report = (await c.gansu.get(`/api/v1/reports/${id}`)).json;
    assert.equal(report.status, 'rejected');
    if (edit.status === 200) {
      assert.ok(tl.indexOf('edit') >= 0 && tl.indexOf('edit') < tl.indexOf('reject'),
        `round ${i}: the edit was accepted, so it came before the rejection: ${tl.join(', ')}`);
      assert.equal(report.title, title);
    } else {
      assert.equal(edit.status, 409, `round ${i}: ${edit.status} ${JSON.stringify(edit.json)}`);
      assert.ok(!tl.includes('edit'), `round ${i}: ${tl.join(', ')}`);
      assert.equal(report.title, TITLE);
    }
  }
});
