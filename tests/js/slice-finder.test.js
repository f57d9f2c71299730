// slice-finder.test.js — the slice-finder component (components/slice-finder) through
// the CLI's `run` on the planted data (tests/reference/data/planted_slices.csv, made
// by tests/reference/make_planted_slices.py with three planted failing slices).
// reference.test.js holds the top k to the brute force's; this test reports, for
// each planted slice, the rank of the first found slice that lies inside it (the
// recall of what was planted) and how many of the top k lie inside none (false
// positives), and checks that each slice's `filter` selects exactly its rows and
// errors. Also the view's words for a slice. Binary: $SINFONIA_BIN or build/sinfonia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { predicateText, sliceText, nameFor } from '../../components/slice-finder/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const DATA = path.join(ROOT, 'tests', 'reference', 'data');
const PLANTED = JSON.parse(fs.readFileSync(path.join(DATA, 'planted_slices.json'), 'utf8'));
const FILE = path.join(ROOT, PLANTED.file);

/** @param {object} config */
function run(config) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const spec = { sinfonia: 1, columns: { label: { role: 'label' }, prediction: { role: 'prediction' } },
    components: { sf: { type: 'slice-finder', ...config } } };
  const r = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results.sf;
}

/** The planted file's rows (no quoting in it): objects, numbers where they parse. */
function rows() {
  const [head, ...lines] = fs.readFileSync(FILE, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v])));
}

/** Whether row r matches a selection predicate (in, range (closed), not, and). @param {any} p @param {any} r @returns {boolean} */
function matches(p, r) {
  if (p.and) return p.and.every((/** @type {any} */ q) => matches(q, r));
  if (p.not) return !matches(p.not, r);
  if (p.in) return p.in.includes(r[p.field]);
  if (p.range) return r[p.field] >= p.range[0] && r[p.field] <= p.range[1];
  throw new Error(`unknown predicate ${JSON.stringify(p)}`);
}

test('planted slices: each is found among the top k (rank and recall reported); filters select exactly the slices', () => {
  const data = rows();
  for (const config of [{}, { binning: 'quantile' }, { alpha: 0.99, k: 20, max_level: 3 }]) {
    const r = run(config);
    assert.equal(r.count, data.length);
    const masks = r.slices.map((/** @type {any} */ s) => data.map((row) => matches(s.filter, row)));
    // Each slice's filter selects exactly its count and errors.
    r.slices.forEach((/** @type {any} */ s, /** @type {number} */ i) => {
      const inside = data.filter((_, j) => masks[i][j]);
      assert.equal(inside.length, s.count, `slice ${i} count`);
      assert.equal(inside.filter((row) => row.label !== row.prediction).length, s.errors, `slice ${i} errors`);
    });
    // A planted slice is found when a top-k slice has >= 95% of its rows inside it.
    const planted = Object.entries(PLANTED.planted).map(([name, p]) => {
      const mask = data.map((row) => matches({ and: /** @type {any} */ (p).predicates }, row));
      return { name, mask };
    });
    const within = masks.map((m) => planted.map((p) => {
      const n = m.filter(Boolean).length;
      return m.filter((v, j) => v && p.mask[j]).length / n >= 0.95;
    }));
    const ranks = planted.map((_, k) => within.findIndex((w) => w[k]) + 1);
    const falsePositives = within.filter((w) => !w.some(Boolean)).length;
    const recall = ranks.filter((x) => x > 0).length / planted.length;
    console.log(`slice-finder ${JSON.stringify(config)}: planted ranks ${planted.map((p, k) => `${p.name}=${ranks[k] || 'not found'}`).join(', ')}; ` +
      `recall ${recall}; ${falsePositives} of ${r.slices.length} top slices inside no planted slice`);
    assert.equal(recall, 1, 'every planted slice is found among the top k');
    if (!Object.keys(config).length) assert.deepEqual(ranks, [3, 2, 1], 'the defaults rank the planted slices first');
  }
});

test('no error: no slices; squared error needs numbers; max_level 1 gives single predicates', () => {
  const r = run({ label: 'label', prediction: 'label' });
  assert.equal(r.errors, 0);
  assert.deepEqual(r.slices, []);
  const spec = { sinfonia: 1, components: { sf: { type: 'slice-finder', label: 'label', prediction: 'prediction', error: 'squared' } } };
  const bad = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /squared.*numeric/);
  const one = run({ max_level: 1, k: 5 });
  assert.ok(one.slices.length > 0);
  for (const s of one.slices) assert.equal(s.predicates.length, 1);
  assert.equal(one.levels.length, 1);
});

test('view words: predicates with their edge rule, names unique and at most 100 characters', () => {
  assert.equal(predicateText({ field: 'island', in: ['Dream'] }), 'island = Dream');
  assert.equal(predicateText({ field: 'x', in: [null] }), 'x = (missing)');
  assert.equal(predicateText({ field: 'age', range: [62, 68], closed: 'left' }), 'age in [62, 68)');
  assert.equal(predicateText({ field: 'age', range: [62, 68], closed: 'right' }), 'age in (62, 68]');
  assert.equal(predicateText({ field: 'age', range: [0.1 + 0.2, 80], closed: 'both' }), 'age in [0.3, 80]');
  const s = { predicates: [{ field: 'a', in: ['x'] }, { field: 'b', in: [true] }], filter: {}, count: 1, errors: 1, error_rate: 1, score: 1 };
  assert.equal(sliceText(s), 'a = x AND b = true');
  assert.equal(nameFor(s, []), 'a = x AND b = true');
  assert.equal(nameFor(s, ['a = x AND b = true']), 'a = x AND b = true (2)');
  const long = { ...s, predicates: [{ field: 'f'.repeat(150), in: ['v'] }] };
  assert.ok(nameFor(long, []).length <= 100);
  assert.ok(nameFor(long, [nameFor(long, [])]).length <= 100);
});
