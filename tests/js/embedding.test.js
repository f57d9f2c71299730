// embedding.test.js — the embedding component (PCA) through the native CLI, and the
// view's pure parts. reference.test.js already holds every embedding_*.json (made with
// scikit-learn by tests/reference/make_embedding.py) to 1e-9; this test measures and
// states the largest difference from sklearn for explained_variance_ratio_, components_
// and the transformed points (the issue asks for 1e-6 on the ratios; we hold 1e-9 on
// all three), checks that rows, counts and density cells are exact, and that the brush's
// row selection is the points inside the box.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowsInBox, embeddingSpec, colourText } from '../../components/embedding/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));

/** Run `sinfonia run FILE --spec -` with the spec on stdin. @param {string} file @param {object} spec */
function run(file, spec) {
  const r = spawnSync(BIN, ['run', path.resolve(ROOT, file), '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.error, undefined, `could not run ${BIN}: ${r.error}`);
  return r;
}

/** The largest |a - b| over two equally shaped nested arrays of numbers. @param {any} a @param {any} b @returns {number} */
function maxDiff(a, b) {
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(b) && a.length === b.length, `shapes differ: ${a.length} vs ${b?.length}`);
    return a.reduce((m, v, i) => Math.max(m, maxDiff(v, b[i])), 0);
  }
  return Math.abs(a - b);
}

const refs = fs.readdirSync(REF_DIR).filter((f) => /^embedding_.*\.json$/.test(f)).sort();

test('embedding references exist: digits (points and density) and penguins (missing values, chosen fields)', () => {
  assert.ok(refs.length >= 4, `found ${refs.join(', ')}`);
});

test('embedding matches scikit-learn PCA: ratios, components and points within 1e-9, rows and cells exactly', (t) => {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const worst = { ratio: 0, components: 0, points: 0 };
  let maps = 0, points = 0, densities = 0;
  for (const name of refs) {
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
    const r = run(ref.file, ref.spec);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    const results = JSON.parse(r.stdout).results;
    for (const [id, want] of Object.entries(ref.expected)) {
      const got = results[id], where = `${name} ${id}`;
      maps++;
      assert.deepEqual(got.fields, want.fields, `${where}: fields`);
      assert.equal(got.count, want.count, `${where}: count`);
      assert.equal(got.missing, want.missing, `${where}: missing`);
      worst.ratio = Math.max(worst.ratio, maxDiff(got.explained_variance_ratio, want.explained_variance_ratio));
      worst.components = Math.max(worst.components, maxDiff(got.components, want.components));
      if (want.points) {
        points += want.points.length;
        assert.deepEqual(got.rows, want.rows, `${where}: rows`);
        assert.deepEqual(got.values, want.values, `${where}: colour values`);
        worst.points = Math.max(worst.points, maxDiff(got.points, want.points));
      } else {
        densities++;
        assert.deepEqual(got.density.cells, want.density.cells, `${where}: cells vs numpy.histogram2d`);
        assert.equal(got.density.cells.reduce((/** @type {number} */ a, /** @type {any} */ c) => a + c.count, 0), want.count);
        worst.points = Math.max(worst.points, maxDiff([got.density.x, got.density.y], [want.density.x, want.density.y]));
      }
    }
  }
  t.diagnostic(`${maps} maps (${points} points, ${densities} densities); largest difference from sklearn: ` +
    `explained_variance_ratio ${worst.ratio.toExponential(2)}, components ${worst.components.toExponential(2)}, ` +
    `points / density extents ${worst.points.toExponential(2)}`);
  assert.ok(worst.ratio <= 1e-9 && worst.components <= 1e-9 && worst.points <= 1e-9, JSON.stringify(worst));
  assert.ok(points > 1000 && densities >= 2);
});

test('a brush on the points selects exactly the rows whose points are inside the box (closed)', () => {
  const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, 'embedding_digits_all.json'), 'utf8'));
  const r = ref.expected.emb;
  const box = { x: [0, 10], y: [-5, 5] };
  const rows = rowsInBox(r, box);
  const want = r.rows.filter((/** @type {number} */ _, /** @type {number} */ k) => {
    const [x, y] = r.points[k];
    return x >= 0 && x <= 10 && y >= -5 && y <= 5;
  });
  assert.ok(want.length > 50 && want.length < r.rows.length);
  assert.deepEqual(rows, want);
  // a box exactly on one point's coordinates holds it
  const [px, py] = r.points[7];
  assert.deepEqual(rowsInBox(r, { x: [px, px], y: [py, py] }), [r.rows[7]]);
});

test('the chart carries no name or value from the file in an expression: colours are data under fixed keys', () => {
  const r = {
    method: 'pca', fields: ['a"b', 'c'], count: 2, missing: 0, explained_variance_ratio: [0.7, 0.3], color: 'label',
    rows: [0, 1], points: [[0, 1], [1, 0]], values: ["x') + alert(1) + ('", 'y'],
  };
  const spec = embeddingSpec(/** @type {any} */ (r), new Set([1]), null, 500);
  const exprs = JSON.stringify(spec.layer.map((/** @type {any} */ l) => [l.encoding.opacity, l.transform || null]));
  assert.ok(!exprs.includes('alert') && !exprs.includes('a"b'));
  assert.deepEqual(spec.data.values.map((/** @type {any} */ v) => [v.row, v.c, v.dim]), [[0, "x') + alert(1) + ('", true], [1, 'y', false]]);
  assert.equal(colourText('error', true), 'error');
  assert.equal(colourText('error', null), 'unknown');
  assert.equal(colourText('label', null), '(missing)');
});
