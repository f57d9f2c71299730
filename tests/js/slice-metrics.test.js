// slice-metrics.test.js — the slice-metrics component (components/slice-metrics/kernel.c)
// through the CLI's `run`, against scikit-learn / numpy / pandas / statsmodels in
// tests/reference/slice_metrics_*.json (made by tests/reference/make_slice_metrics.py).
// reference.test.js already holds every value to 1e-9; this test measures the largest
// difference and checks what the references cannot say alone: the slices of a field
// partition its rows; a slice's selection (components/slice-metrics/view.js
// predicateOf) selects exactly its rows, bins included; equal-width bins are the
// histogram's; the order follows the gap.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { predicateOf, chosenOf, namesOf } from '../../components/slice-metrics/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const TOL = 1e-9;

/** The CLI's results for a spec over a file. @param {string} file @param {object} spec */
function run(file, spec) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const r = spawnSync(BIN, ['run', path.resolve(ROOT, file), '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results;
}

const refs = fs.readdirSync(REF_DIR).filter((f) => /^slice_metrics_.*\.json$/.test(f)).sort()
  .map((name) => ({ name, ...JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8')) }));

test('slice-metrics references exist (multi-class, binary with missing labels, odd labels)', () => {
  assert.ok(refs.length >= 4, refs.map((r) => r.name).join(', '));
});

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'error_rate', 'gap'];

test('slice-metrics matches scikit-learn, numpy, pandas and statsmodels within 1e-9', (t) => {
  const max = { metrics: 0, ci: 0, edges: 0, nulls: 0 };
  let slices = 0;
  /** @param {number | null} a @param {unknown} b @param {'metrics' | 'ci' | 'edges'} kind */
  const pair = (a, b, kind) => {
    if (a === null) { assert.equal(b, null); max.nulls++; return; }
    assert.equal(typeof b, 'number');
    max[kind] = Math.max(max[kind], Math.abs(a - /** @type {number} */ (b)));
  };
  for (const ref of refs) {
    const results = run(ref.file, ref.spec);
    for (const [id, exp] of Object.entries(ref.expected)) {
      const got = results[id];
      assert.equal(got.groups.length, exp.groups.length, `${ref.name} ${id}`);
      for (const [i, e] of [exp.overall, ...exp.groups].entries()) {
        const g = i === 0 ? got.overall : got.groups[i - 1];
        assert.equal(g.count, e.count);
        assert.equal(g.missing, e.missing);
        for (const k of METRICS) if (k in e) pair(e[k], g[k], 'metrics');
        if (e.accuracy_ci === null) assert.equal(g.accuracy_ci, null);
        else e.accuracy_ci.forEach((/** @type {number} */ v, /** @type {number} */ j) => pair(v, g.accuracy_ci[j], 'ci'));
        for (const k of ['lo', 'hi']) if (k in e) pair(e[k], g[k], 'edges');
        slices++;
      }
    }
  }
  t.diagnostic(`${slices} slices; max |diff| metrics ${max.metrics.toExponential(2)}, Wilson bounds ${max.ci.toExponential(2)}, edges ${max.edges.toExponential(2)}; ${max.nulls} nulls matched`);
  assert.ok(max.metrics <= TOL && max.ci <= TOL && max.edges <= TOL, JSON.stringify(max));
});

test('the slices of a field partition its selected rows; gap, error rate and interval agree', () => {
  for (const ref of refs) {
    const results = run(ref.file, ref.spec);
    for (const [id, got] of Object.entries(results)) {
      if (got.source !== 'field') continue;
      const sum = got.groups.reduce((a, /** @type {any} */ g) => a + g.count + g.missing, 0);
      assert.equal(sum + (got.unbinned || 0), got.count + got.missing, `${ref.name} ${id}`);
      for (const g of got.groups) {
        if (g.count === 0) { assert.equal(g.gap, null); continue; }
        // Within the printing's rounding (cJSON writes 15 digits when they read back within an ulp or so).
        assert.ok(Math.abs(g.gap - (g.accuracy - got.overall.accuracy)) <= 1e-15, JSON.stringify(g));
        assert.ok(Math.abs(g.error_rate - (1 - g.accuracy)) <= 1e-15, JSON.stringify(g));
        assert.ok(g.accuracy_ci[0] <= g.accuracy + 1e-15 && g.accuracy <= g.accuracy_ci[1] + 1e-15, JSON.stringify(g));
      }
      if ((ref.spec.components[id].sort || 'gap') === 'gap') {
        const gaps = got.groups.map((/** @type {any} */ g) => (g.gap === null ? Infinity : g.gap));
        assert.deepEqual(gaps, [...gaps].sort((a, b) => a - b), `${ref.name} ${id} in gap order`);
      }
    }
  }
});

test('each slice\'s selection (the view\'s predicate) selects exactly its rows, bins and other included', () => {
  let checked = 0, shared = 0;
  for (const ref of refs) {
    const results = run(ref.file, ref.spec);
    for (const [id, got] of Object.entries(results)) {
      if (got.source !== 'field' || ref.spec.filters) continue;
      const comps = Object.fromEntries(got.groups.map((/** @type {any} */ g, /** @type {number} */ i) => [`g${i}`, { type: 'summary', fields: [got.field] }]));
      // One run per slice: the summary's rows under the slice's predicate.
      got.groups.forEach((/** @type {any} */ g, /** @type {number} */ i) => {
        const p = predicateOf(got, g);
        const r = run(ref.file, { sinfonia: 1, filters: [p], components: { [`g${i}`]: comps[`g${i}`] } })[`g${i}`];
        assert.equal(r.rows, g.count + g.missing, `${ref.name} ${id} ${JSON.stringify(p)}`);
        assert.equal(chosenOf(got, p), i); // and the view knows it as this slice
        if (p.and) shared++;
        checked++;
      });
    }
  }
  assert.ok(checked > 50 && shared > 20, `${checked} slices, ${shared} bins with an edge left out`);
});

test('equal-width bins are the histogram\'s bins (numpy.histogram edges, the same column extent)', () => {
  const spec = {
    sinfonia: 1, components: {
      sm: { type: 'slice-metrics', field: 'bill_length_mm', bins: 20, sort: 'value' },
      h: { type: 'histogram', field: 'bill_length_mm', bins: 20 },
    },
  };
  const { sm, h } = run('examples/penguins.csv', spec);
  const bins = sm.groups.filter((/** @type {any} */ g) => 'lo' in g);
  assert.ok(bins.length >= 15);
  for (const g of bins) {
    const b = h.bins.find((/** @type {any} */ x) => x.lo === g.lo);
    assert.ok(b, `a histogram bin starts at ${g.lo}`);
    assert.equal(b.hi, g.hi);
    assert.equal(b.count, g.count + g.missing);
  }
  assert.deepEqual(sm.extent, h.extent);
});

test('slice names: bins with their edge rule, missing, other', () => {
  const r = /** @type {any} */ ({
    source: 'field', field: 'x', binning: 'equal-width', extent: [0, 2], groups: [
      { lo: 0, hi: 1 }, { lo: 1, hi: 2 }, { value: null }],
  });
  assert.deepEqual(namesOf(r), ['[0, 1)', '[1, 2]', '(missing)']);
  assert.deepEqual(namesOf({ ...r, binning: 'quantile' }), ['[0, 1]', '(1, 2]', '(missing)']);
  const c = /** @type {any} */ ({ source: 'field', field: 'c', groups: [{ value: 'a' }, { other: 3 }, { value: null }] });
  assert.deepEqual(namesOf(c), ['a', 'other (3 values)', '(missing)']);
  assert.deepEqual(predicateOf(c, c.groups[1]), { not: { field: 'c', in: ['a', null] } });
  assert.deepEqual(predicateOf(c, c.groups[2]), { field: 'c', in: [null] });
  assert.equal(chosenOf(c, { field: 'c', in: ['b'] }), -1);
});

test('named slices: each over its filter AND the component\'s filter (they may overlap); its selection is its filter', () => {
  const ref = refs.find((r) => r.name === 'slice_metrics_penguins_named.json');
  assert.ok(ref);
  const results = run(ref.file, ref.spec);
  for (const [id, got] of Object.entries(results)) {
    assert.equal(got.source, 'named');
    assert.equal(got.groups.length, ref.spec.slices.length); // every slice, with rows or not
    const own = (ref.spec.filters || []).filter((/** @type {any} */ f) => f.source !== id).map((/** @type {any} */ f) => {
      const { source, ...p } = f;
      return p;
    });
    for (const [i, g] of got.groups.entries()) {
      const spec = { sinfonia: 1, filters: [...own, g.filter], components: { s: { type: 'summary', fields: ['id'] } } };
      assert.equal(run(ref.file, spec).s.rows, g.count + g.missing, `${id} ${g.name}`);
      assert.deepEqual(predicateOf(got, g), g.filter);
      assert.equal(chosenOf(got, g.filter), i);
    }
  }
  const all = results.named;
  const total = all.groups.reduce((a, /** @type {any} */ g) => a + g.count, 0);
  assert.ok(total > all.count, 'the slices overlap');
});

test('a named slice whose filter does not fit the file says why; the others are computed', () => {
  const spec = {
    sinfonia: 1,
    slices: [{ name: 'gone', filter: { field: 'nope', in: [1] } }, { name: 'Dream', filter: { field: 'island', in: ['Dream'] } },
      { name: 'range on text', filter: { field: 'island', range: [1, 2] } }],
    components: { n: { type: 'slice-metrics', source: 'named', sort: 'value' } },
  };
  const { n } = run('examples/penguins.csv', spec);
  assert.deepEqual(n.groups.map((/** @type {any} */ g) => g.name), ['gone', 'Dream', 'range on text']);
  assert.equal(n.groups[0].error, "slices[0].filter.field: no column named 'nope'");
  assert.equal(n.groups[0].accuracy, undefined);
  assert.equal(n.groups[1].count, 124);
  assert.equal(n.groups[2].error, "slices[2].filter.range: column 'island' holds category; a range needs numbers");
});
