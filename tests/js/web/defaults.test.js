// defaults.test.js — web/defaults.js defaultSpec: the view a file gets without a
// link is chosen from its roles (DESIGN-NOTES "A default view follows the roles"),
// never draws a constant column, and leaves out components the build lacks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSpec, defaultConfig } from '../../../web/defaults.js';
import { REGISTRY, SCHEMAS } from '../../../web/registry.js';

const ALL = { has: () => true };
/** @param {string[]} types */
const only = (types) => ({ has: (/** @type {string} */ t) => types.includes(t) });
/** @param {any} spec */
const typesOf = (spec) => Object.values(spec.components).map((c) => /** @type {any} */ (c).type);
/** @param {any} spec */
const rowsOf = (spec) => spec.layout.rows.map((/** @type {any} */ r) => r.columns);

const binaryScored = [
  { name: 'id', type: 'number', role: 'id' },
  { name: 'pixel0', type: 'number', role: 'feature', constant: true },
  { name: 'radius', type: 'number', role: 'feature' },
  { name: 'site', type: 'category', role: 'feature', distinct: 1, constant: true },
  { name: 'size', type: 'category', role: 'feature', distinct: 3 },
  { name: 'sex', type: 'category', role: 'group', distinct: 2 },
  { name: 'diagnosis', type: 'category', role: 'label', distinct: 2 },
  { name: 'diagnosis_pred', type: 'category', role: 'prediction', distinct: 2 },
  { name: 'p_malignant', type: 'number', role: 'score' },
];

test('scores bring ROC/PR and calibration, a group fairness, and constant columns get no histogram', () => {
  const spec = defaultSpec({ columns: binaryScored }, ALL);
  assert.deepEqual(rowsOf(spec), [['cm', 'roc'], ['cal', 'fair'], ['h1', 'h2'], ['s'], ['t']]);
  assert.deepEqual(spec.components.h1, { type: 'histogram', field: 'radius', bins: 20 });
  assert.deepEqual(spec.components.h2, { type: 'histogram', field: 'size' });
  assert.deepEqual(typesOf(spec), ['confusion-matrix', 'roc-pr', 'calibration', 'fairness', 'histogram', 'histogram', 'summary', 'table']);
});

test('fairness only for a binary label; components the build lacks are left out', () => {
  const multi = binaryScored.map((c) => (c.role === 'label' ? { ...c, distinct: 3 } : c));
  assert.ok(!typesOf(defaultSpec({ columns: multi }, ALL)).includes('fairness'));
  const spec = defaultSpec({ columns: binaryScored }, only(['confusion-matrix', 'histogram', 'summary', 'table']));
  assert.deepEqual(rowsOf(spec), [['cm', 'h1'], ['h2'], ['s'], ['t']]);
  // With the components this build has, every type chosen is one it registers.
  for (const t of typesOf(defaultSpec({ columns: binaryScored }))) assert.ok(REGISTRY.has(t), t);
});

test('numbers predicted without scores are a regression; no label, no evaluation', () => {
  const cols = [
    { name: 'mpg', type: 'number', role: 'label' },
    { name: 'mpg_pred', type: 'number', role: 'prediction' },
    { name: 'weight', type: 'number', role: 'feature' },
  ];
  assert.deepEqual(rowsOf(defaultSpec({ columns: cols }, ALL)), [['reg', 'h1'], ['s'], ['t']]);
  const plain = [{ name: 'a', type: 'number', role: 'feature' }, { name: 'b', type: 'number', role: 'feature', constant: true }];
  assert.deepEqual(rowsOf(defaultSpec({ columns: plain }, ALL)), [['h1'], ['s'], ['t']]);
  // Every column constant: no histogram at all.
  assert.deepEqual(rowsOf(defaultSpec({ columns: [plain[1]] }, ALL)), [['s'], ['t']]);
});

test('a binary label scored without a prediction is predicted at the threshold 0.5', () => {
  const cols = [
    { name: 'y_true', type: 'number', role: 'label' },
    { name: 'y_score', type: 'number', role: 'score' },
    { name: 'x', type: 'number', role: 'feature' },
  ];
  const spec = defaultSpec({ columns: cols }, ALL);
  assert.deepEqual(spec.threshold, { value: 0.5 });
  assert.deepEqual(rowsOf(spec), [['cm', 'roc'], ['cal', 'h1'], ['s'], ['t']]);
  // Three scored classes: no threshold, no matrix.
  const multi = [{ name: 'y', type: 'category', role: 'label', distinct: 3 }, ...['a', 'b', 'c'].map((c) => ({ name: `p_${c}`, type: 'number', role: 'score' }))];
  const m = defaultSpec({ columns: multi }, ALL);
  assert.equal(m.threshold, undefined);
  assert.deepEqual(rowsOf(m), [['roc', 'cal'], ['s'], ['t']]);
});

test('a label of many classes: the matrix ordered by confusion takes a row of its own', () => {
  const cols = [
    { name: 'label', type: 'category', role: 'label', distinct: 160 },
    { name: 'prediction', type: 'category', role: 'prediction', distinct: 160 },
    { name: 'source', type: 'category', role: 'feature', distinct: 3 },
    { name: 'confidence', type: 'number', role: 'feature' },
  ];
  const spec = defaultSpec({ columns: cols }, ALL);
  assert.deepEqual(spec.components.cm, { type: 'confusion-matrix', order: 'confusion' });
  assert.deepEqual(rowsOf(spec), [['cm'], ['h1', 'h2'], ['s'], ['t']]);
});

test('an added component gets the columns it needs, and optional columns only where its schema asks (x-pick)', () => {
  const schemaOf = (/** @type {string} */ t) => /** @type {any} */ (SCHEMAS.get(t));
  // duplicates' label and split default to the columns with those roles in the kernel: the page leaves them unset
  assert.deepEqual(defaultConfig('duplicates', schemaOf('duplicates'), binaryScored), { type: 'duplicates' });
  // slice-metrics' field is picked: a numeric feature that varies, then one another card does not use
  assert.equal(defaultConfig('slice-metrics', schemaOf('slice-metrics'), binaryScored).field, 'pixel0');
  assert.equal(defaultConfig('slice-metrics', schemaOf('slice-metrics'), binaryScored, new Set(['pixel0'])).field, 'radius');
  // a histogram's required field is always filled
  assert.equal(defaultConfig('histogram', schemaOf('histogram'), binaryScored).field, 'pixel0');
});

test('a wide file opens with the summary and the table of its first columns, role columns first', () => {
  const wideCols = [
    ...Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, type: 'number', role: 'feature' })),
    { name: 'label', type: 'category', role: 'label', distinct: 3 },
    { name: 'prediction', type: 'category', role: 'prediction', distinct: 3 },
  ];
  const spec = defaultSpec({ columns: wideCols, embedding: { name: 'f', dim: 300, columns: wideCols.slice(0, 300).map((c) => c.name) } }, ALL);
  assert.equal(spec.components.emb, undefined, 'an embedding wider than the map takes is not mapped');
  const s = /** @type {any} */ (spec.components.s), t = /** @type {any} */ (spec.components.t);
  assert.equal(s.fields.length, 200);
  assert.deepEqual(t.fields.slice(0, 4), ['label', 'prediction', 'f0', 'f1']);
  assert.equal(t.fields.length, 50);
  // the cards say they show part of the file
  assert.match(s.note, /^The first 200 of 302 columns/);
  assert.match(t.note, /^The first 50 of 302 columns/);
  // a file of fewer columns: every column (no fields: the kernel's default)
  const narrow = defaultSpec({ columns: binaryScored }, ALL);
  assert.equal(/** @type {any} */ (narrow.components.t).fields, undefined);
  assert.equal(/** @type {any} */ (narrow.components.s).fields, undefined);
  assert.equal(/** @type {any} */ (narrow.components.s).note, undefined);
});
