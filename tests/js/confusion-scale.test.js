// confusion-scale.test.js — the confusion matrix at scale (components/confusion-matrix)
// through the CLI's `run`, against scikit-learn's numbers in tests/reference/
// confusion_scale_*.json (made by tests/reference/make_confusion_scale.py).
// reference.test.js already holds every value to 1e-9; this test measures the largest
// difference of each kind (counts, normalised cells, grid values, metrics) and reports
// it, and checks what the references cannot say alone: the grid's cells are sums of
// the matrix's, the order is a permutation of the sorted labels, a normalised row sums
// to 1, and a 1,000-class result stays small. Also the view's pure helpers (grid.js).
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { axisNames, cellClause, cellOf, share } from '../../components/confusion-matrix/grid.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const TOL = 1e-9;

/** Run the CLI's `run` on a file with a spec. @param {string} file @param {any} spec */
function run(file, spec) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const r = spawnSync(BIN, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return { results: JSON.parse(r.stdout).results, bytes: r.stdout.length };
}

const refs = fs.readdirSync(REF_DIR).filter((f) => f.startsWith('confusion_scale_') && f.endsWith('.json')).sort();

test('there are confusion-at-scale references', () => {
  assert.ok(refs.length >= 5, refs.join(', '));
});

for (const name of refs) {
  test(`${name}: largest differences from scikit-learn, and the grid's sums`, (t) => {
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
    const { results } = run(path.resolve(ROOT, ref.file), ref.spec);
    const max = { counts: 0, normalized: 0, grid: 0, metrics: 0, cells: 0 };
    /** @param {number[][]} a @param {number[][]} b @param {'counts' | 'normalized' | 'grid'} kind */
    const matrix = (a, b, kind) => {
      assert.equal(b.length, a.length);
      a.forEach((row, i) => row.forEach((v, j) => { max[kind] = Math.max(max[kind], Math.abs(v - b[i][j])); max.cells++; }));
    };
    for (const [id, exp] of Object.entries(ref.expected)) {
      const got = results[id];
      assert.deepEqual(got.labels, exp.labels, `${id}: the order of the classes`);
      assert.deepEqual(got.grid.entries, exp.grid.entries, `${id}: the grid's rows and columns`);
      matrix(exp.matrix, got.matrix, 'counts');
      matrix(exp.grid.counts, got.grid.counts, 'counts');
      if (exp.normalized) matrix(exp.normalized, got.normalized, 'normalized');
      if (exp.grid.values) matrix(exp.grid.values, got.grid.values, 'grid');
      exp.per_class.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
        for (const k of ['precision', 'recall', 'f1']) max.metrics = Math.max(max.metrics, Math.abs(c[k] - got.per_class[i][k]));
      });
      // The order is every label once: the sorted union, permuted.
      assert.deepEqual([...got.labels].sort(), [...new Set(got.per_class.map((/** @type {any} */ c) => c.label))].sort());
      // Each grid cell is the sum of the matrix cells of its row's and column's classes.
      const index = new Map(got.labels.map((/** @type {unknown} */ l, /** @type {number} */ i) => [l, i]));
      const members = got.grid.entries.map((/** @type {any} */ e) => (e.kind === 'class' ? [e.label] : e.classes).map((/** @type {unknown} */ l) => index.get(l)));
      members.forEach((/** @type {number[]} */ rows, /** @type {number} */ i) => members.forEach((/** @type {number[]} */ cols, /** @type {number} */ j) => {
        const sum = rows.reduce((a, r) => a + cols.reduce((b, c) => b + got.matrix[r][c], 0), 0);
        assert.equal(got.grid.counts[i][j], sum, `${id}: grid cell [${i}, ${j}]`);
      }));
      assert.equal(got.grid.counts.flat().reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0), got.count);
      // A row-normalised row sums to 1 (0 when the row is empty).
      if (ref.spec.components[id].normalize === 'row') {
        got.grid.values.forEach((/** @type {number[]} */ row, /** @type {number} */ i) => {
          const total = row.reduce((a, b) => a + b, 0);
          const empty = got.grid.counts[i].every((/** @type {number} */ v) => v === 0);
          assert.ok(Math.abs(total - (empty ? 0 : 1)) <= 1e-12, `${id}: row ${i} sums to ${total}`);
        });
      }
    }
    t.diagnostic(`${name}: ${max.cells} cells; largest |difference|: counts ${max.counts}, normalised ${max.normalized.toExponential(2)}, ` +
      `grid values ${max.grid.toExponential(2)}, precision/recall/F1 ${max.metrics.toExponential(2)}`);
    assert.equal(max.counts, 0);
    for (const k of /** @type {const} */ (['normalized', 'grid', 'metrics'])) assert.ok(max[k] <= TOL, `${k}: ${max[k]}`);
  });
}

test('1,000 classes: no 1,000 x 1,000 matrix in the result; the grid is 41 x 41, per_class has every class', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-cm-'));
  try {
    const file = path.join(dir, 'many.csv');
    const lines = ['label,prediction'];
    for (let i = 0; i < 5000; i++) lines.push(`c${i % 1000},c${(i * 7 + (i % 3 ? 0 : 1)) % 1000}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { results, bytes } = run(file, { sinfonia: 1, components: { cm: { type: 'confusion-matrix', order: 'confusion', normalize: 'row' } } });
    const r = results.cm;
    assert.equal(r.labels.length, 1000);
    assert.equal(r.matrix, null);
    assert.equal(r.normalized, null);
    assert.equal(r.per_class.length, 1000);
    assert.equal(r.grid.entries.length, 41);
    assert.equal(r.grid.entries[40].kind, 'other');
    assert.equal(r.grid.entries[40].classes.length, 960);
    assert.equal(r.grid.counts.flat().reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0), 5000);
    // O(k) numbers, not k² (1,000,000 cells would be at least 2 MB as JSON).
    assert.ok(bytes < 400_000, `result of ${bytes} bytes`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('grid.js: a cell clause reads back as the same cell; names stay unique; shares read as people write them', () => {
  /** @type {import('../../components/confusion-matrix/grid.js').Entry[]} */
  const entries = [
    { kind: 'group', name: 'dogs', classes: ['dogs/beagle', 'dogs/collie'] },
    { kind: 'class', label: 'cats/tabby', group: 'cats' },
    { kind: 'class', label: 'tabby' },
    { kind: 'other', classes: ['x', 'y', 'z'] },
  ];
  const clause = cellClause('y', 'p', entries[0], entries[3]);
  assert.deepEqual(clause, { and: [{ field: 'y', in: ['dogs/beagle', 'dogs/collie'] }, { field: 'p', in: ['x', 'y', 'z'] }] });
  assert.deepEqual(cellOf(clause, 'y', 'p', entries), [0, 3]);
  assert.equal(cellOf(clause, 'p', 'y', entries), null);
  assert.equal(cellOf(cellClause('y', 'p', entries[1], { kind: 'class', label: 'gone' }), 'y', 'p', entries), null);
  assert.deepEqual(axisNames(entries, '/'), ['▸ dogs (2)', 'cats › tabby', 'tabby', 'other (3)']);
  assert.deepEqual(axisNames([{ kind: 'class', label: 'a' }, { kind: 'class', label: 'a' }], ''), ['a', 'a (2)']);
  assert.deepEqual([0, 0.0004, 0.004, 0.0996, 0.5, 1].map(share), ['0', '<0.1%', '0.4%', '10%', '50%', '100%']);
});
