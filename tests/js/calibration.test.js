// calibration.test.js — the calibration component (components/calibration/kernel.c)
// through the CLI's `run`, against scikit-learn's numbers in
// tests/reference/calibration_*.json (made by tests/reference/make_calibration.py).
// reference.test.js already holds every value to 1e-9; this test measures the largest
// difference of each kind (ECE / Brier / log loss, bin means) and reports it, and
// checks what the references cannot say alone: the bins' counts add up to the rows
// used, count + missing + invalid is the selected rows, ECE is the bins' weighted gap,
// and the edge rule (a score on an inner edge in the upper bin) is exercised.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const TOL = 1e-9;

/** Run the CLI's `run` on a file with a spec. @param {string} file @param {object} spec */
function run(file, spec) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-calibration-'));
  try {
    const specPath = path.join(dir, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(spec));
    const r = spawnSync(BIN, ['run', path.resolve(ROOT, file), '--spec', specPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {string} name */
const load = (name) => JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
const refs = fs.readdirSync(REF_DIR).filter((f) => /^calibration_.*\.json$/.test(f)).sort();

test('calibration references exist (binary and top-label, text and numeric labels, filtered)', () => {
  assert.ok(refs.length >= 8, refs.join(', '));
  const modes = new Set(refs.flatMap((n) => Object.values(load(n).expected).map((/** @type {any} */ e) => e.mode || typeof e.positive)));
  assert.deepEqual([...modes].sort(), ['number', 'string', 'top-label']);
});

test('calibration matches scikit-learn within 1e-9: ECE, Brier, log loss and every bin', (t) => {
  const max = { metrics: 0, bins: 0, nulls: 0 };
  /** @param {number | null} a @param {any} b @param {'metrics' | 'bins'} kind */
  const pair = (a, b, kind) => {
    if (a === null) { assert.equal(b, null); max.nulls++; return; }
    assert.equal(typeof b, 'number');
    max[kind] = Math.max(max[kind], Math.abs(a - b));
  };
  let results = 0;
  for (const name of refs) {
    const ref = load(name);
    const out = run(ref.file, ref.spec).results;
    for (const [id, exp] of Object.entries(ref.expected)) {
      const got = out[id];
      for (const key of ['count', 'missing', 'invalid']) assert.equal(got[key], exp[key], `${name} ${id} ${key}`);
      assert.deepEqual(got.scores, exp.scores);
      assert.equal(got.mode, exp.mode);
      assert.equal(got.positive, exp.positive);
      for (const key of ['ece', 'brier', 'log_loss']) pair(exp[key], got[key], 'metrics');
      assert.equal(got.bins.length, exp.bins.length);
      exp.bins.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
        assert.equal(got.bins[i].count, b.count, `${name} ${id} bin ${i}`);
        for (const key of ['lo', 'hi', 'mean_score', 'frac_positive']) pair(b[key], got.bins[i][key], 'bins');
      });
      results++;
    }
  }
  t.diagnostic(`${results} results; max |diff| ECE/Brier/log loss ${max.metrics.toExponential(2)}, bins ${max.bins.toExponential(2)}; ${max.nulls} nulls matched`);
  assert.ok(max.metrics <= TOL, `metrics differ by ${max.metrics}`);
  assert.ok(max.bins <= TOL, `bins differ by ${max.bins}`);
});

test('bins add up: counts sum to the rows used; used + missing + invalid are the selected rows; ECE is the weighted gap', () => {
  for (const name of refs) {
    const ref = load(name);
    const out = run(ref.file, { ...ref.spec, components: { ...ref.spec.components, t: { type: 'table', limit: 1 } } }).results;
    for (const id of Object.keys(ref.expected)) {
      const r = out[id];
      assert.equal(r.bins.reduce((a, /** @type {any} */ b) => a + b.count, 0), r.count, `${name} ${id}`);
      assert.equal(r.count + r.missing + r.invalid, out.t.count, `${name} ${id}: every selected row is accounted for`);
      if (!r.count) continue;
      const gap = r.bins.reduce((a, /** @type {any} */ b) => a + (b.count ? (b.count / r.count) * Math.abs(b.frac_positive - b.mean_score) : 0), 0);
      assert.ok(Math.abs(gap - r.ece) < 1e-12, `${name} ${id}: ECE ${r.ece} vs ${gap}`);
      for (const b of r.bins) if (b.count) assert.ok(b.mean_score >= b.lo - 1e-12 && b.mean_score <= b.hi + 1e-12, `${name} ${id}: a bin's mean lies in it`);
    }
  }
});

test('a score on an inner edge counts in the upper bin, 1.0 in the last, and a range clause [lo, below hi] selects exactly a bin', () => {
  // The derived binary file rounds scores to one decimal: 0.5 is the edge between bins 4 and 5 of 10.
  const file = 'tests/reference/data/calibration_binary.csv';
  const all = run(file, { sinfonia: 1, components: { c: { type: 'calibration' } } }).results.c;
  const only = (/** @type {number} */ v) => run(file, { sinfonia: 1, filters: [{ field: 'p_1', range: [v, v] }], components: { c: { type: 'calibration' } } }).results.c;
  const half = only(0.5), one = only(1);
  assert.ok(half.count > 0 && one.count > 0, 'the file has scores of exactly 0.5 and 1.0');
  assert.equal(half.bins[5].count, half.count);
  assert.equal(one.bins[9].count, one.count);
  // What the view selects for bin 4: [0.4, the double below 0.5]: exactly bin 4's rows.
  const below = (/** @type {number} */ x) => { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x); b.setBigUint64(0, b.getBigUint64(0) - 1n); return b.getFloat64(0); };
  const bin4 = run(file, { sinfonia: 1, filters: [{ field: 'p_1', range: [0.4, below(0.5)] }], components: { c: { type: 'calibration' } } }).results.c;
  assert.equal(bin4.count, all.bins[4].count);
  assert.equal(bin4.bins[4].count, all.bins[4].count);
  assert.equal(bin4.bins[4].frac_positive, all.bins[4].frac_positive);
});
