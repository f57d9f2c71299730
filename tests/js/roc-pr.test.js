// roc-pr.test.js — the roc-pr component (components/roc-pr/kernel.c) through the CLI's
// `run`, against scikit-learn's numbers in tests/reference/roc_pr_*.json (made by
// tests/reference/make_roc_pr.py). reference.test.js already holds every value to
// 1e-9; this test measures the largest difference of each kind (AUC and AP, curve
// points) and reports it, and checks what the references cannot say alone: the
// macro AUC is the mean of the classes', thinning keeps the first and last points,
// and a class absent from the rows has a null AUC and a null macro AUC.
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

/** Run the CLI's `run` on a reference's file and spec. @param {any} ref */
function run(ref) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-rocpr-'));
  try {
    const specPath = path.join(dir, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(ref.spec));
    const r = spawnSync(BIN, ['run', path.resolve(ROOT, ref.file), '--spec', specPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The largest |expected - actual| over one curve object's scores and points; nulls
 * must be null on both sides.
 * @param {any} exp @param {any} got @param {{scores: number, points: number, nulls: number}} max
 */
function measure(exp, got, max) {
  const pair = (/** @type {any} */ a, /** @type {any} */ b, /** @type {'scores' | 'points'} */ kind) => {
    if (a === null) { assert.equal(b, null); max.nulls++; return; }
    assert.equal(typeof b, 'number');
    max[kind] = Math.max(max[kind], Math.abs(a - b));
  };
  pair(exp.roc_auc, got.roc_auc, 'scores');
  pair(exp.average_precision, got.average_precision, 'scores');
  assert.equal(got.roc.length, exp.roc.length);
  assert.equal(got.pr.length, exp.pr.length);
  exp.roc.forEach((/** @type {any} */ p, /** @type {number} */ i) => {
    for (const k of ['fpr', 'tpr', 'threshold']) pair(p[k], got.roc[i][k], 'points');
  });
  exp.pr.forEach((/** @type {any} */ p, /** @type {number} */ i) => {
    for (const k of ['precision', 'recall', 'threshold']) pair(p[k], got.pr[i][k], 'points');
  });
}

const refs = fs.readdirSync(REF_DIR).filter((f) => /^roc_pr_.*\.json$/.test(f)).sort();

test('roc-pr references exist (binary and multi-class, filtered)', () => {
  assert.ok(refs.length >= 6, refs.join(', '));
});

test('roc-pr matches scikit-learn within 1e-9: AUC, AP and every curve point', (t) => {
  const max = { scores: 0, points: 0, nulls: 0 };
  let curves = 0;
  for (const name of refs) {
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
    const results = run(ref);
    for (const [id, exp] of Object.entries(ref.expected)) {
      const got = results[id];
      assert.equal(got.count, exp.count, `${name} ${id} count`);
      assert.equal(got.missing, exp.missing, `${name} ${id} missing`);
      assert.deepEqual(got.scores, exp.scores);
      for (const [i, e] of (exp.classes || [exp]).entries()) {
        measure(e, got.classes ? got.classes[i] : got, max);
        curves++;
      }
      if (exp.classes) {
        if (exp.macro_roc_auc === null) assert.equal(got.macro_roc_auc, null);
        else max.scores = Math.max(max.scores, Math.abs(exp.macro_roc_auc - got.macro_roc_auc));
      }
    }
  }
  t.diagnostic(`${curves} curves; max |diff| AUC/AP ${max.scores.toExponential(2)}, curve points ${max.points.toExponential(2)}; ${max.nulls} nulls matched`);
  assert.ok(max.scores <= TOL, `AUC/AP differ by ${max.scores}`);
  assert.ok(max.points <= TOL, `curve points differ by ${max.points}`);
});

test('macro AUC is the mean of the per-class AUCs; a class absent from the rows makes it null', () => {
  const all = run(JSON.parse(fs.readFileSync(path.join(REF_DIR, 'roc_pr_penguins_all.json'), 'utf8'))).m;
  const mean = all.classes.reduce((a, /** @type {any} */ c) => a + c.roc_auc, 0) / all.classes.length;
  assert.ok(Math.abs(all.macro_roc_auc - mean) < 1e-12);
  assert.deepEqual(all.classes.map((/** @type {any} */ c) => c.positive), ['Adelie', 'Chinstrap', 'Gentoo']);
  const dream = run(JSON.parse(fs.readFileSync(path.join(REF_DIR, 'roc_pr_penguins_island_dream.json'), 'utf8'))).m;
  const gentoo = dream.classes[2];
  assert.equal(gentoo.positives, 0);
  assert.equal(gentoo.roc_auc, null);
  assert.equal(gentoo.average_precision, 0); // as sklearn: recall 1 throughout, AP 0
  assert.ok(gentoo.roc.every((/** @type {any} */ p) => p.tpr === null));
  assert.equal(dream.macro_roc_auc, null);
});

test('thinning returns at most max_points, keeps the first and last points, and never changes AUC or AP', () => {
  const results = run(JSON.parse(fs.readFileSync(path.join(REF_DIR, 'roc_pr_breast_cancer_all.json'), 'utf8')));
  const { r: full, thin, default: dflt } = results;
  assert.equal(thin.roc.length, 40);
  assert.equal(thin.pr.length, 40);
  assert.ok(full.roc_points > 40 && full.pr_points > 40, 'the example has curves longer than 40 points');
  assert.deepEqual(thin.roc[0], full.roc[0]);
  assert.deepEqual(thin.roc.at(-1), full.roc.at(-1));
  assert.deepEqual(thin.pr.at(-1), { precision: 1, recall: 0, threshold: null });
  assert.equal(thin.roc_auc, full.roc_auc);
  assert.equal(thin.average_precision, full.average_precision);
  assert.equal(dflt.pr.length, 200); // the default max_points
  assert.equal(dflt.positive, 'malignant'); // the second of the two sorted labels
  assert.equal(full.roc[0].threshold, null); // sklearn 1.2: max + 1, 1.3+: inf
});
