// duplicates-text.test.js — near-duplicate texts (components/duplicates/minhash.h)
// through the CLI's `run` on examples/reviews.csv, held to the truth that
// tests/reference/make_text_duplicates.py computed by brute force over ALL pairs
// (tests/reference/data/reviews_truth.json): every pair the engine reports has a
// Jaccard >= the threshold, the same exact Jaccard and flags; the recall of the true
// near pairs (>= the threshold, one among the other's k most similar) — LSH finds
// each with a probability; with the fixed seed the result is the same on every run —
// is reported and held >= 0.95, as is the recall of the planted near copies. (When
// LSH misses one of a text's k most similar, the next one may take its place: such
// a pair is >= the threshold but not among the true k; they are counted.) The planted exact copies: recall 1.
// reference.test.js holds the definitional parts (exact groups, bands, counts of
// rows used) to the duplicates_text_*.json references.
// Binary: $SINFONIA_BIN or build/sinfonia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryLine, nearNote } from '../../components/duplicates/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const FILE = path.join(ROOT, 'examples', 'reviews.csv');
const TRUTH = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'reference', 'data', 'reviews_truth.json'), 'utf8'));
const SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'reviews.spec.json'), 'utf8'));

/** The CLI's result of a duplicates config over the reviews, optionally filtered. @param {object} config @param {object[]} [filters] */
function run(config, filters = []) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const spec = { sinfonia: 1, columns: SPEC.columns, filters, components: { d: config } };
  const r = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results.d;
}

const key = (/** @type {number[]} */ rows) => rows.join(',');

for (const [name, c] of Object.entries(TRUTH.cases)) {
  test(`${name}: the pairs found are true pairs with their exact Jaccard; recall of the true and the planted pairs`, (t) => {
    const r = run(c.config);
    assert.equal(r.counts.near_pairs, r.near.length, 'every pair listed');
    /** @type {Map<string, any[]>} */
    const truth = new Map(c.pairs.map((/** @type {any[]} */ p) => [key(p.slice(0, 2)), p]));
    const found = r.near.map((/** @type {any} */ p) => key(p.rows));
    assert.deepEqual(found, [...found].sort((a, b) => {
      const [a0, a1] = a.split(',').map(Number), [b0, b1] = b.split(',').map(Number);
      return a0 - b0 || a1 - b1;
    }), 'pairs sorted by rows');
    const falsePositives = r.near.filter((/** @type {any} */ p) => !truth.has(key(p.rows)));
    assert.deepEqual(falsePositives, [], 'no pair below the threshold or of one exact group');
    const near = c.pairs.filter((/** @type {any[]} */ p) => p[5]);
    const nearKeys = new Set(near.map((/** @type {any[]} */ p) => key(p.slice(0, 2))));
    const hits = found.filter((k) => nearKeys.has(k)).length;
    const replacements = found.length - hits;
    for (const p of r.near) {
      const [, , jaccard, conflict, leak] = /** @type {any[]} */ (truth.get(key(p.rows)));
      assert.equal(p.jaccard, jaccard, `rows ${p.rows}: the exact Jaccard`);
      assert.equal(p.distance, 1 - jaccard);
      assert.deepEqual([p.label_conflict, p.leakage], [conflict, leak], `rows ${p.rows}: flags`);
      assert.deepEqual(p.texts, p.rows.map((/** @type {number} */ row) => TRUTH.text_of[row]));
    }
    const recall = hits / near.length;
    const plantedTrue = TRUTH.planted.near.filter((/** @type {any} */ p) => nearKeys.has(key(p.rows)));
    const plantedFound = plantedTrue.filter((/** @type {any} */ p) => found.includes(key(p.rows)));
    const plantedRecall = plantedFound.length / plantedTrue.length;
    const ni = r.near_info;
    t.diagnostic(`${name}: ${hits} of ${near.length} true near pairs (recall ${recall.toFixed(4)}), 0 below the threshold, ` +
      `${replacements} in place of a missed one of the k most similar (k = ${ni.k}; ${truth.size} pairs >= the threshold); ` +
      `planted near copies: ${plantedFound.length} of ${plantedTrue.length} at or above ${ni.threshold} ` +
      `(recall ${plantedRecall.toFixed(4)}; ${TRUTH.planted.near.length - plantedTrue.length} planted below it); ` +
      `${ni.bands} bands x ${ni.rows_per_band} rows, ${ni.candidates} candidate pairs checked`);
    if (ni.false_negative_weight === 0.5) {
      // datasketch's own weights: balanced, so pairs just above the threshold are often missed
      assert.ok(recall < 0.95 && recall > 0.5, `datasketch's weights: recall ${recall}`);
    } else {
      assert.ok(recall >= 0.95, `recall ${recall}`);
      assert.ok(replacements <= (1 - recall) * near.length, 'a replacement only for a missed pair');
      assert.ok(plantedRecall >= 0.95, `planted recall ${plantedRecall}`);
    }
  });
}

test('the planted exact copies: every group found; the others are pandas\' too', (t) => {
  const r = run({ type: 'duplicates', limit: 10000 });
  const found = new Set(r.exact.map(key));
  const planted = TRUTH.planted.exact.map((/** @type {any} */ g) => key(g.rows));
  assert.deepEqual(planted.filter((k) => !found.has(k)), [], 'recall 1');
  assert.deepEqual(r.exact_flags.filter((/** @type {any} */ _f, /** @type {number} */ i) => planted.includes(key(r.exact[i]))),
    TRUTH.planted.exact.map((/** @type {any} */ g) => ({ label_conflict: g.label_conflict, leakage: g.leakage })));
  // the groups not planted are chance repeats of a generated review or rows without text: pandas'
  // duplicated() finds the same groups (the reference made by make_text_duplicates.py)
  const pandas = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'reference', 'duplicates_text_char5.json'), 'utf8')).expected.d.exact;
  assert.deepEqual(r.exact, pandas);
  t.diagnostic(`exact: ${planted.length} of ${planted.length} planted groups found; ${r.exact.length - planted.length} more, as pandas finds them`);
  assert.equal(r.near_info.left_out, 17, '14 missing and 3 whitespace-only texts planted');
});

// A pair's LSH keys are its texts' own, so a filter finds the same pairs among the rows it
// keeps (no text here has more than k = 10 near ones, so the k rule keeps them all).
test('under a filter: the pairs among the selected rows, the very ones found over all', () => {
  const all = run({ type: 'duplicates', limit: 10000 });
  const chosen = all.near.flatMap((/** @type {any} */ p, /** @type {number} */ i) => (i % 3 ? p.rows : [p.rows[0]]));
  const rows = [...new Set([...chosen, ...Array.from({ length: 500 }, (_, i) => i)])].sort((a, b) => a - b);
  const part = run({ type: 'duplicates', limit: 10000 }, [{ rows }]);
  const inside = new Set(rows);
  const expected = all.near.filter((/** @type {any} */ p) => p.rows.every((/** @type {number} */ row) => inside.has(row)));
  assert.ok(expected.length > 0 && expected.length < all.near.length);
  assert.equal(part.rows, rows.length);
  assert.deepEqual(part.near, expected);
});

test('the summary line and the note say what was found and compared; a threshold of 1 keeps the equal texts only', () => {
  const r = run({ type: 'duplicates' });
  const c = r.counts;
  assert.match(summaryLine(r), new RegExp(`; ${c.near_pairs} near pairs \\(${c.near_leakage} cross split, ${c.near_label_conflict} with conflicting label\\)$`));
  const ni = r.near_info;
  assert.equal(nearNote(ni), `near: pairs of text values whose character 5-grams (lower-cased, spaces collapsed) have a Jaccard ` +
    `similarity of at least 0.8, exactly, among the ${ni.candidates} candidate pairs MinHash found (128 permutations in ` +
    `${ni.bands} bands of ${ni.rows_per_band}), each row's 10 most similar; 17 rows with a missing or empty text left out`);
  const equal = run({ type: 'duplicates', jaccard: 1, limit: 10000 });
  assert.ok(equal.near.length > 0 && equal.near.every((/** @type {any} */ p) => p.jaccard === 1 && p.distance === 0));
  const truthOne = TRUTH.cases.char5.pairs.filter((/** @type {any[]} */ p) => p[2] === 1).length;
  assert.equal(equal.near.length, truthOne, 'identical shingle sets share every band: all found');
});
