// web/test/openapi-types.test.mjs: src/openapi.d.ts (the API's types, generated from
// docs/api/openapi.yaml by openapi-typescript) must be what the generator makes of the file now.
// When this fails: `npm run gen:api` in web/ (npm run build does it too) and commit the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

test('src/openapi.d.ts is up to date with docs/api/openapi.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-openapi-'));
  try {
    const out = join(dir, 'openapi.d.ts');
    // the same command as `npm run gen:api`, written elsewhere
    const script = JSON.parse(readFileSync(join(web, 'package.json'), 'utf8')).scripts['gen:api'];
    const args = script.split(/\s+/).slice(1).map((a) => (a === 'src/openapi.d.ts' ? out : a));
    execFileSync(join(web, 'node_modules/.bin/openapi-typescript'), args, { cwd: web, stdio: 'pipe' });
    const fresh = readFileSync(out, 'utf8');
    const kept = readFileSync(join(web, 'src/openapi.d.ts'), 'utf8');
    assert.ok(fresh === kept, 'src/openapi.d.ts is stale: run `npm run gen:api` in web/ and commit it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
