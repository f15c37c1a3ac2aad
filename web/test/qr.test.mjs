// web/test/qr.test.mjs: src/shared/qr.ts (the QR code of the meeting's sign-in URL on the big
// screen) makes the same matrices as another encoder: fixtures/qr-m.json holds python-qrcode's
// (Debian's python3-qrcode 7.4.2) for texts of versions 1, 4, 5 and 13 (one block, several
// blocks of two lengths, the version information), every mask, level M, byte mode. With no mask
// asked for, the encoder picks one of the eight and the rest of the matrix is the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

async function loadQr() {
  const src = readFileSync(join(web, 'src/shared/qr.ts'), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'lvzhi-qr-'));
  try {
    const file = join(dir, 'qr.mjs');
    writeFileSync(file, js);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixtures = JSON.parse(readFileSync(join(web, 'test/fixtures/qr-m.json'), 'utf8')).codes;
const rows = (code) => code.modules.map((r) => r.map((v) => (v ? '1' : '0')).join(''));

test('each mask gives the matrix of python-qrcode, version and size included', async () => {
  const { qrEncode } = await loadQr();
  assert.equal(fixtures.length, 32);
  for (const f of fixtures) {
    const code = qrEncode(f.text, f.mask);
    assert.equal(code.version, f.version, `version of ${f.text.slice(0, 20)}…`);
    assert.equal(code.size, f.rows.length);
    assert.equal(code.mask, f.mask);
    assert.deepEqual(rows(code), f.rows, `matrix of ${f.text.slice(0, 20)}… mask ${f.mask}`);
  }
});

test('without a mask the encoder chooses one of the eight and draws it the same way', async () => {
  const { qrEncode, qrSvgPath } = await loadQr();
  for (const text of new Set(fixtures.map((f) => f.text))) {
    const code = qrEncode(text);
    const f = fixtures.find((x) => x.text === text && x.mask === code.mask);
    assert.deepEqual(rows(code), f.rows);
    const dark = f.rows.join('').split('').filter((c) => c === '1').length;
    assert.equal((qrSvgPath(code).match(/M/g) || []).length, dark, 'one square per dark module');
  }
  assert.throws(() => qrEncode('x'.repeat(3000)), /too long/);
});
