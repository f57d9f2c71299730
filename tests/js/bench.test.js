// bench.test.js — `npm run bench` runs: its smallest size (100k rows), one round,
// in Debian's chromium over the built page (dist/, made by scripts/test.sh). It
// checks what was measured, never how fast: every case whose component is a folder
// under components/ ran, and the plain scan in the page's worker read every row of
// the case's columns (its sums and missing counts equal the file's, summed here).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from '../../bench/components.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Each column's sum and missing count as sf_scan defines them: numbers summed in
 * row order; a column of text summed as codes in order of first appearance.
 * @param {string} file @param {string[]} names
 */
function fileSums(file, names) {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const idx = names.map((n) => header.indexOf(n));
  const values = idx.map((j) => lines.slice(1).map((l) => l.split(',')[j]));
  return values.map((vs) => {
    const numeric = vs.every((v) => v === '' || Number.isFinite(Number(v)));
    /** @type {Map<string, number>} */
    const codes = new Map();
    let sum = 0, missing = 0;
    for (const v of vs) {
      if (v === '') { missing++; continue; }
      if (numeric) { sum += Number(v); continue; }
      if (!codes.has(v)) codes.set(v, codes.size);
      sum += /** @type {number} */ (codes.get(v));
    }
    return { sum, missing };
  });
}

test('npm run bench at its smallest size measures every registered evaluation component against a scan that reads every row', { timeout: 600000 }, () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'worker.js')), 'dist/ is missing: node scripts/build-web.mjs');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-bench-'));
  try {
    const run = spawnSync(process.execPath, [path.join(root, 'bench', 'run.mjs'), '--suites', 'components', '--sizes', '100k', '--runs', '1', '--min-ms', '0', '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, `bench/run.mjs failed:\n${run.stdout}\n${run.stderr}`);
    const jsonName = fs.readdirSync(out).find((f) => f.endsWith('-components.json'));
    assert.ok(jsonName, `no <date>-components.json in ${fs.readdirSync(out).join(', ')}`);
    const result = JSON.parse(fs.readFileSync(path.join(out, jsonName), 'utf8'));
    const md = fs.readFileSync(path.join(out, jsonName.replace(/\.json$/, '.md')), 'utf8');

    assert.deepEqual(result.sizes, [100000]);
    assert.equal(result.data[0].rows, 100000);
    const folders = fs.readdirSync(path.join(root, 'components'));
    const expected = CASES.filter((c) => folders.includes(c.component)).map((c) => c.name);
    assert.ok(expected.includes('roc-pr (binary)') && expected.includes('threshold (setView + confusion-matrix)'));
    assert.deepEqual(result.cases.map((/** @type {any} */ c) => c.name), expected);
    assert.deepEqual(result.skipped.map((/** @type {any} */ s) => s.component).sort(),
      [...new Set(CASES.filter((c) => !folders.includes(c.component)).map((c) => c.component))].sort());

    const csv = path.join(root, result.data[0].file);
    for (const c of result.cases) {
      const at = c.sizes[0];
      assert.equal(at.rows, 100000);
      assert.equal(at.componentMs.samples.length, 1, c.name);
      assert.equal(at.scanMs.samples.length, 1, c.name);
      assert.ok(at.resultBytes > 2, `${c.name}: the component answered nothing`);
      assert.equal(at.scan.rows, 100000, c.name);
      assert.deepEqual(at.scan.columns, c.reads, c.name);
      const want = fileSums(csv, c.reads);
      want.forEach((w, j) => {
        assert.equal(at.scan.missing[j], w.missing, `${c.name}: ${c.reads[j]} missing`);
        assert.ok(Math.abs(at.scan.sums[j] - w.sum) <= 1e-9 * Math.max(1, Math.abs(w.sum)), `${c.name}: ${c.reads[j]} sums to ${at.scan.sums[j]}, the file to ${w.sum}`);
      });
      assert.ok(md.includes(`| ${c.name} |`), `${c.name} is not in the markdown table`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
