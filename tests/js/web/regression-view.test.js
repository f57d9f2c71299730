// regression-view.test.js — the pure parts of components/regression/view.js: the
// cell edges are the kernel's (numpy.linspace), a clause made from a box of cells
// reads back as the same box, and the chart spec keeps names out of expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgesOf, boxOf, regressionSpec } from '../../../components/regression/view.js';

test('edges as numpy.linspace(lo, hi, n + 1): the last edge exactly hi', () => {
  assert.deepEqual(edgesOf(-0.5, 8, 2), [-0.5, 3.75, 8]);
  const e = edgesOf(6.38, 46.6, 40);
  assert.equal(e.length, 41);
  assert.equal(e[40], 46.6);
  assert.equal(e[1], 1 * ((46.6 - 6.38) / 40) + 6.38);
});

test('a box of cells -> clause -> the same box; other clauses are not its own', () => {
  const e = edgesOf(6.38, 46.6, 40);
  const sel = { and: [{ field: 'y', range: [e[3], e[9]] }, { field: 'p', range: [e[10], e[11]] }] };
  assert.deepEqual(boxOf(sel, 'y', 'p', e), { i0: 3, i1: 8, j0: 10, j1: 10 });
  assert.equal(boxOf(sel, 'p', 'y', e), null);
  assert.equal(boxOf({ field: 'y', range: [1, 2] }, 'y', 'p', e), null);
  assert.equal(boxOf(null, 'y', 'p', e), null);
});

test('the spec carries names only as text: data under fixed keys', () => {
  const name = 'a"b\\c ${x}';
  const spec = regressionSpec({
    label: name, prediction: `${name}_pred`, count: 2, missing: 0, mae: 1, rmse: 1, r2: 0,
    residuals: { bins: [{ lo: -1, hi: 0, count: 1 }, { lo: 0, hi: 1, count: 1 }] },
    scatter: { x: [0, 4], y: [0, 4], grid: 4, cells: [{ i: 0, j: 1, count: 1 }, { i: 3, j: 2, count: 1 }] },
  }, null, null, 400);
  const json = JSON.stringify(spec, (k, v) => (k === 'title' || k === 'desc' || k === 'description' ? undefined : v));
  assert.ok(!json.includes('a\\"b'), json.slice(0, 300));
  assert.equal(spec.data.values.filter((/** @type {any} */ d) => d.kind === 0).length, 2);
});
