// error-tree.test.js — the error-tree component (components/error-tree) through the
// CLI's `run` on the planted file (tests/reference/data/planted_errors.csv, made by
// tests/reference/make_planted_errors.py: errors planted in region = hills AND age > 60).
// reference.test.js holds the trees to tests/reference/make_error_tree.py (and through it
// to scikit-learn); this test reports the precision and recall of the tree's worst leaf
// against the planted rows, checks that every node's `filter` selects exactly its rows
// and errors, and the view's pure parts (words, layout, keys, names kept out of Vega
// expressions). Binary: $SINFONIA_BIN or build/sinfonia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'vega-lite';
import { predicateText, pathText, layout, moveFrom, worstLeaves, chosenOf, treeSpec, noSplit } from '../../components/error-tree/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const PLANTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'reference', 'data', 'planted_errors.json'), 'utf8'));
const FILE = path.join(ROOT, PLANTED.file);

/** @param {object} config @param {object[]} [filters] */
function run(config, filters = []) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const spec = { sinfonia: 1, columns: { label: { role: 'label' }, prediction: { role: 'prediction' } }, filters,
    components: { et: { type: 'error-tree', ...config } } };
  const r = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results.et;
}

/** The planted file's rows (no quoting in it): objects, numbers where they parse, null when empty. */
function rows() {
  const [head, ...lines] = fs.readFileSync(FILE, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
}

/** Whether row r matches a selection predicate (in, range (closed), not, and). @param {any} p @param {any} r @returns {boolean} */
function matches(p, r) {
  if (p.and) return p.and.every((/** @type {any} */ q) => matches(q, r));
  if (p.not) return !matches(p.not, r);
  if (p.in) return p.in.includes(r[p.field]);
  if (p.range) return r[p.field] !== null && r[p.field] >= p.range[0] && r[p.field] <= p.range[1];
  throw new Error(`unknown predicate ${JSON.stringify(p)}`);
}

test('planted errors: the worst leaf recovers region = hills AND age > 60 (precision and recall reported); filters select exactly the nodes', () => {
  const data = rows();
  const planted = data.map((row) => matches(PLANTED.planted, row));
  for (const config of [{ max_depth: 2 }, { min_impurity_decrease: 0.001 }, {}, { max_depth: 5 }]) {
    const r = run(config);
    assert.equal(r.count, data.length);
    // Each node's filter selects exactly its rows and errors; the root is every row.
    for (const n of r.nodes) {
      const inside = n.filter === null ? data : data.filter((row) => matches(n.filter, row));
      assert.equal(inside.length, n.count, `node ${n.id} count`);
      assert.equal(inside.filter((row) => row.label !== row.prediction).length, n.errors, `node ${n.id} errors`);
    }
    const leaf = worstLeaves(r)[0];
    const mask = data.map((row) => leaf.filter !== null && matches(leaf.filter, row));
    const both = mask.filter((v, i) => v && planted[i]).length;
    const precision = both / leaf.count, recall = both / PLANTED.rows;
    // The node of the tree that best matches the planted region (F1).
    const best = Math.max(...r.nodes.map((/** @type {any} */ n) => {
      const m = data.map((row) => n.filter !== null && matches(n.filter, row));
      const tp = m.filter((v, i) => v && planted[i]).length;
      return (2 * tp) / (n.count + PLANTED.rows);
    }));
    console.log(`error-tree ${JSON.stringify(config)}: ${r.nodes.length} nodes; worst leaf "${pathText(r, leaf.id)}" ` +
      `${leaf.count} rows at ${leaf.error_rate.toFixed(3)}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; ` +
      `best node F1 ${best.toFixed(3)}`);
    assert.ok(precision >= 0.95, 'the worst leaf lies inside the planted region');
    assert.equal(best, 1, 'the planted region is a node of the tree');
    if (config.max_depth === 2 || config.min_impurity_decrease) assert.equal(recall, 1, 'the worst leaf is the planted region');
  }
});

test('a filter the component sees: the root is the filtered rows', () => {
  const data = rows().filter((row) => row.device === 'phone');
  const r = run({ max_depth: 2 }, [{ field: 'device', in: ['phone'] }]);
  assert.equal(r.count, data.length);
  assert.equal(r.nodes[0].errors, data.filter((row) => row.label !== row.prediction).length);
  assert.ok(!r.features.includes('label') && !r.features.includes('prediction'));
});

/** A small tree by hand: root split on x, its right child on a category. */
const NAME = 'a"b\\c ${x}\'';
const tree = () => ({
  label: 'y', prediction: 'p', features: [NAME, 'c'], max_depth: 2, min_samples_leaf: 1, count: 10, missing: 0, errors: 4, error_rate: 0.4,
  nodes: [
    { id: 0, parent: null, depth: 0, children: [1, 2], count: 10, errors: 4, error_rate: 0.4, gini: 0.48, split: { field: NAME, threshold: 2.5 }, predicate: null, filter: null },
    { id: 1, parent: 0, depth: 1, children: [], count: 4, errors: 0, error_rate: 0, gini: 0, split: null,
      predicate: { field: NAME, op: '<=', value: 2.5 }, filter: { field: NAME, range: [0, 2.5] } },
    { id: 2, parent: 0, depth: 1, children: [3, 4], count: 6, errors: 4, error_rate: 4 / 6, gini: 0.44, split: { field: 'c' },
      predicate: { field: NAME, op: '>', value: 2.5, missing: 1 }, filter: { not: { field: NAME, range: [0, 2.5] } } },
    { id: 3, parent: 2, depth: 2, children: [], count: 2, errors: 0, error_rate: 0, gini: 0, split: null,
      predicate: { field: 'c', in: ['u', 'v', null] }, filter: { and: [{ not: { field: NAME, range: [0, 2.5] } }, { not: { field: 'c', in: ['w'] } }] } },
    { id: 4, parent: 2, depth: 2, children: [], count: 4, errors: 4, error_rate: 1, gini: 0, split: null,
      predicate: { field: 'c', in: ['w'] }, filter: { and: [{ not: { field: NAME, range: [0, 2.5] } }, { field: 'c', in: ['w'] }] } },
  ],
});

test('the view\'s words: predicates, whole paths, missing values', () => {
  const r = tree();
  assert.equal(predicateText({ field: 'age', op: '<=', value: 10.5 }), 'age ≤ 10.5');
  assert.equal(predicateText({ field: 'age', op: '>', value: 1 / 3, missing: 2 }), 'age > 0.333333 or missing');
  assert.equal(predicateText({ field: 'age', op: '>', value: 9, missing: 5 }, 5), 'age missing');
  assert.equal(predicateText({ field: 'c', in: ['a', 'b', 'c', 'd', null] }), 'c ∈ {a, b, c, … 2 more}');
  assert.equal(pathText(r, 0), 'all rows');
  assert.equal(pathText(r, 3), `${NAME} > 2.5 or missing AND c ∈ {u, v, (missing)}`);
  assert.equal(pathText(r, 4), `${NAME} > 2.5 or missing AND c = w`);
  // Bounds on one number combine; a "≤" after a ">" leaves the missing values out.
  const deep = { ...r, nodes: [r.nodes[0], { ...r.nodes[2], children: [2] },
    { ...r.nodes[1], id: 2, parent: 1, depth: 2, predicate: { field: NAME, op: '<=', value: 7 } }] };
  assert.equal(pathText(/** @type {any} */ (deep), 2), `2.5 < ${NAME} ≤ 7`);
  // A root alone says why.
  const root = { ...r, nodes: [r.nodes[0]], min_samples_leaf: 20 };
  assert.match(noSplit(root), /too few rows \(a split needs 40 rows: 20 a side/);
  assert.equal(noSplit({ ...root, errors: 10 }), 'no split: every row is an error');
  assert.match(noSplit({ ...root, min_samples_leaf: 2 }), /^no split leaves 2 rows a side/);
});

test('layout: children share their parent\'s width by rows; keys walk the tree; the selection reads back', () => {
  const r = tree();
  const spans = layout(r);
  assert.deepEqual(spans.map((s) => [s.x0, s.x1]), [[0, 1], [0, 0.4], [0.4, 1], [0.4, 0.4 + 0.6 * (2 / 6)], [0.4 + 0.6 * (2 / 6), 0.4 + 0.6]]);
  assert.equal(moveFrom(r, 0, 'ArrowDown'), 1);
  assert.equal(moveFrom(r, 1, 'ArrowRight'), 2);
  assert.equal(moveFrom(r, 2, 'ArrowRight'), -1);
  assert.equal(moveFrom(r, 3, 'ArrowUp'), 2);
  assert.equal(moveFrom(r, 0, 'ArrowUp'), -1);
  assert.equal(moveFrom(r, 4, 'ArrowLeft'), 3);
  assert.deepEqual(worstLeaves(r).map((n) => n.id), [4, 1, 3]); // rate, then rows
  assert.equal(chosenOf(r, JSON.parse(JSON.stringify(r.nodes[3].filter))), 3);
  assert.equal(chosenOf(r, { field: 'c', in: ['zzz'] }), -1);
  assert.equal(chosenOf(r, null), -1);
});

/** Every string of the compiled Vega spec that Vega parses as an expression, and every key. @param {any} node */
function expressions(node, out = /** @type {string[]} */ ([]), key = '') {
  if (typeof node === 'string') {
    if (['signal', 'expr', 'update', 'test', 'init', 'as'].includes(key)) out.push(node);
  } else if (Array.isArray(node)) node.forEach((v) => expressions(v, out, key));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push(k);
      if (k !== 'values') expressions(v, out, k); // inline data is data
    }
  }
  return out;
}

test('names from the file never reach a Vega expression; labels fit their node', () => {
  const r = tree();
  const spec = treeSpec(r, 2, 3, 600);
  const vg = compile(/** @type {any} */ (spec)).spec;
  const exprs = expressions(vg);
  assert.ok(exprs.some((e) => e.includes('datum')), 'the walk finds the expressions');
  for (const e of exprs) assert.ok(!e.includes('a"b') && !e.includes('${x}') && !e.includes('a\\"b'), e.slice(0, 200));
  const values = /** @type {any[]} */ (spec.data.values);
  assert.deepEqual(values.map((v) => [v.sel, v.cur, v.dim]), [[false, false, true], [false, false, true], [true, false, false], [false, true, false], [false, false, false]]);
  // A node 2/10 of 600 px wide keeps its words within about 120 px.
  for (const v of values) for (const t of v.text) assert.ok(t.length * 6.4 <= (v.x1 - v.x0) * 600, `${t} fits`);
  assert.match(values[3].desc, /: 2 rows, 0 errors, error rate 0\.000 \(leaf\)$/);
});
