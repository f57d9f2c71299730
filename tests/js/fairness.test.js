// fairness.test.js — the fairness component (components/fairness/kernel.c) through the
// CLI's `run`, against fairlearn's definitions restated in tests/reference/
// make_fairness.py (fairness_*.json). reference.test.js already holds every value to
// 1e-9; this test measures the largest difference of each kind (per-group rates, the
// four numbers) and reports it, and checks what the references cannot say alone: the
// rows add up to the selection, the four numbers follow from the groups, the default
// positive class does not move under a filter, and a multi-class label asks for one.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const TOL = 1e-9;
const NUMBERS = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'];
const RATES = ['selection_rate', 'tpr', 'fpr'];

/** The CLI's run of a spec on a file (relative to the repository), or its failure. @param {string} file @param {object} spec */
function runCli(file, spec) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  return spawnSync(BIN, ['run', path.resolve(ROOT, file), '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
}
/** @param {string} file @param {object} spec */
function run(file, spec) {
  const r = runCli(file, spec);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results;
}

const refs = fs.readdirSync(REF_DIR).filter((f) => /^fairness_.*\.json$/.test(f)).sort();
/** @param {string} name */
const load = (name) => JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));

test('fairness references exist (binary and one-vs-rest, filtered, a missing group, no positives)', () => {
  assert.ok(refs.length >= 6, refs.join(', '));
});

test('fairness matches fairlearn\'s definitions within 1e-9: every group\'s rates and the four numbers', (t) => {
  const max = { rates: 0, numbers: 0, nulls: 0 };
  let groups = 0, results = 0;
  /** @param {number | null} a @param {unknown} b @param {'rates' | 'numbers'} kind */
  const pair = (a, b, kind) => {
    if (a === null) { assert.equal(b, null); max.nulls++; return; }
    assert.equal(typeof b, 'number');
    max[kind] = Math.max(max[kind], Math.abs(a - /** @type {number} */ (b)));
  };
  for (const name of refs) {
    const ref = load(name);
    const got = run(ref.file, ref.spec);
    for (const [id, exp] of Object.entries(ref.expected)) {
      const r = got[id];
      results++;
      for (const k of ['group', 'positive', 'count', 'missing', 'missing_group']) assert.equal(r[k], exp[k], `${name} ${id} ${k}`);
      assert.deepEqual(r.groups.map((/** @type {any} */ g) => g.value), exp.groups.map((/** @type {any} */ g) => g.value), `${name} ${id} groups`);
      exp.groups.forEach((/** @type {any} */ g, /** @type {number} */ i) => {
        for (const k of ['count', 'positives', 'predicted_positive']) assert.equal(r.groups[i][k], g[k], `${name} ${id} ${g.value} ${k}`);
        for (const k of RATES) pair(g[k], r.groups[i][k], 'rates');
        groups++;
      });
      for (const extra of ['overall', 'missing_group_stats']) {
        if (exp[extra] === null) assert.equal(r[extra], null);
        else for (const k of RATES) pair(exp[extra][k], r[extra][k], 'rates');
      }
      for (const k of NUMBERS) pair(exp[k], r[k], 'numbers');
    }
  }
  t.diagnostic(`${results} results, ${groups} groups; max |diff| rates ${max.rates.toExponential(2)}, ` +
    `differences and ratios ${max.numbers.toExponential(2)}; ${max.nulls} nulls matched`);
  assert.ok(max.rates <= TOL, `rates differ by ${max.rates}`);
  assert.ok(max.numbers <= TOL, `differences and ratios differ by ${max.numbers}`);
});

test('the rows add up to the selection and the four numbers follow from the groups', () => {
  for (const name of refs) {
    const ref = load(name);
    const spec = { ...ref.spec, components: { ...ref.spec.components, rows__: { type: 'summary', fields: [] } } };
    const got = run(ref.file, spec);
    for (const id of Object.keys(ref.expected)) {
      const r = got[id];
      assert.equal(r.count + r.missing + r.missing_group, got.rows__.rows, `${name} ${id}`);
      assert.equal(r.groups.reduce((a, /** @type {any} */ g) => a + g.count, 0), r.count);
      if (!r.groups.length) continue;
      /** @param {string} k */
      const span = (k) => {
        const v = r.groups.map((/** @type {any} */ g) => g[k]);
        return { lo: Math.min(...v), hi: Math.max(...v) };
      };
      const [sr, tpr, fpr] = RATES.map(span);
      assert.ok(Math.abs(r.demographic_parity_difference - (sr.hi - sr.lo)) < 1e-15);
      assert.ok(Math.abs(r.equalized_odds_difference - Math.max(tpr.hi - tpr.lo, fpr.hi - fpr.lo)) < 1e-15);
      // 0 / 0 is null; fairlearn's min(Series[tpr ratio, fpr ratio]): a NaN tpr ratio wins, a NaN fpr ratio loses
      const tr = tpr.hi ? tpr.lo / tpr.hi : null, fr = fpr.hi ? fpr.lo / fpr.hi : null;
      const eo = tr === null ? null : fr === null ? tr : Math.min(tr, fr);
      if (eo === null) assert.equal(r.equalized_odds_ratio, null, `${name} ${id}`);
      else assert.ok(Math.abs(r.equalized_odds_ratio - eo) < 1e-15, `${name} ${id}`);
    }
  }
});

test('a group without positives has tpr 0 and every tpr 0 makes the equalized odds ratio null', () => {
  const r = run('examples/penguins.csv', load('fairness_penguins_no_positives.json').spec).chinstrap;
  assert.deepEqual(r.groups.map((/** @type {any} */ g) => [g.value, g.positives, g.tpr]), [['Biscoe', 0, 0], ['Torgersen', 0, 0]]);
  assert.equal(r.equalized_odds_ratio, null);
  assert.equal(r.demographic_parity_ratio, null); // never predicted Chinstrap there either
  assert.equal(r.demographic_parity_difference, 0);
});

test('the default positive class is the second of two over the whole file, under any filter', () => {
  const spec = (/** @type {object[]} */ filters) => ({ sinfonia: 1, columns: { sex: { role: 'group' } }, filters, components: { f: { type: 'fairness' } } });
  assert.equal(run('examples/titanic.csv', spec([])).f.positive, 'yes');
  const noOnly = run('examples/titanic.csv', spec([{ field: 'survived', in: ['no'] }])).f;
  assert.equal(noOnly.positive, 'yes'); // the rows hold only "no": the class stays "yes"
  assert.ok(noOnly.groups.every((/** @type {any} */ g) => g.positives === 0 && g.tpr === 0));
});

test('a multi-class label asks for the positive class, naming the classes', () => {
  const r = runCli('examples/penguins.csv', { sinfonia: 1, columns: { sex: { role: 'group' } }, components: { f: { type: 'fairness' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /components\.f\.positive: 'species' and 'species_pred' hold 3 classes \('Adelie', 'Chinstrap', 'Gentoo'\); set positive/);
  const typo = runCli('examples/titanic.csv', { sinfonia: 1, columns: { sex: { role: 'group' } }, components: { f: { type: 'fairness', positive: 'Yes' } } });
  assert.equal(typo.status, 1);
  assert.match(typo.stderr, /components\.f\.positive: no row of 'survived' or 'survived_pred' holds the class 'Yes'/);
});
