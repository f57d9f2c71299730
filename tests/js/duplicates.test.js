// duplicates.test.js — the duplicates component (components/duplicates/kernel.c)
// through the CLI's `run` on the planted file (tests/reference/make_duplicates.py
// wrote it and what it planted, tests/reference/data/duplicates_planted.json):
// recall and false positives of the planted exact groups and near pairs, and their
// flags, reported and held (exact: recall 1, no false positive; near: the planted
// noise is 1e-4 of each feature's scale, far inside cleanlab's radius, so recall 1
// too, and no false positive on the unplanted rows). reference.test.js holds the
// same runs to the brute-force references; this test scores them against the plan.
// Also: the view's summary line. Binary: $SINFONIA_BIN or build/sinfonia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryLine } from '../../components/duplicates/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const FILE = path.join(ROOT, 'tests', 'reference', 'data', 'duplicates_planted.csv');
const PLAN = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'reference', 'data', 'duplicates_planted.json'), 'utf8'));

/** The CLI's result of a duplicates config over the planted file. @param {object} config */
function run(config) {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const spec = { sinfonia: 1, columns: { id: { role: 'id' } }, components: { d: { type: 'duplicates', ...config } } };
  const r = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results.d;
}

/** Recall and false positives of found sets against planted ones (sets of row ids, compared whole). */
function score(/** @type {number[][]} */ planted, /** @type {number[][]} */ found) {
  const key = (/** @type {number[]} */ rows) => rows.join(',');
  const want = new Set(planted.map(key)), got = new Set(found.map(key));
  const hits = [...want].filter((k) => got.has(k)).length;
  return { recall: hits / want.size, falsePositives: [...got].filter((k) => !want.has(k)).length, planted: want.size, found: got.size };
}

test('planted exact groups and near pairs: recall and false positives', (t) => {
  const r = run({ limit: 10000 });
  assert.equal(r.counts.exact_groups, r.exact.length, 'every group listed');
  assert.equal(r.counts.near_pairs, r.near.length, 'every pair listed');
  const exact = score(PLAN.exact.map((/** @type {any} */ g) => g.rows), r.exact);
  const near = score(PLAN.near.map((/** @type {any} */ p) => p.rows), r.near.map((/** @type {any} */ p) => p.rows));
  t.diagnostic(`exact: recall ${exact.recall} of ${exact.planted} planted groups, ${exact.falsePositives} false positives`);
  t.diagnostic(`near: recall ${near.recall} of ${near.planted} planted pairs, ${near.falsePositives} false positives ` +
    `(${r.near_info.metric}, median nearest ${r.near_info.median_nn_distance}, radius ${r.near_info.radius})`);
  assert.deepEqual(exact, { recall: 1, falsePositives: 0, planted: 40, found: 40 });
  assert.deepEqual(near, { recall: 1, falsePositives: 0, planted: 30, found: 30 });
  // the planted flags, group by group (both lists are ordered by first row)
  assert.deepEqual(r.exact_flags, PLAN.exact.map((/** @type {any} */ g) => ({ label_conflict: g.label_conflict, leakage: g.leakage })));
  assert.deepEqual(r.near.map((/** @type {any} */ p) => [p.label_conflict, p.leakage]),
    PLAN.near.map((/** @type {any} */ p) => [p.label_conflict, p.leakage]));
});

test('the approximate neighbour search (forced by config) finds the same pairs on the planted file', (t) => {
  const exact = run({ limit: 10000 });
  const approx = run({ limit: 10000, search: 'approximate' });
  assert.equal(exact.near_info.exact, true, 'auto searches 5000 x 20 exactly (n * n * d <= 2^31)');
  assert.equal(approx.near_info.exact, false);
  const near = score(PLAN.near.map((/** @type {any} */ p) => p.rows), approx.near.map((/** @type {any} */ p) => p.rows));
  t.diagnostic(`approximate: recall ${near.recall} of ${near.planted} planted pairs, ${near.falsePositives} false positives; ` +
    `median nearest ${approx.near_info.median_nn_distance} (exact ${exact.near_info.median_nn_distance})`);
  assert.deepEqual(near, { recall: 1, falsePositives: 0, planted: 30, found: 30 });
  // the exact groups do not depend on the search; the pairs and their distances match the exact search's
  assert.deepEqual(approx.exact, exact.exact);
  assert.deepEqual(approx.near, exact.near);
});

test('a threshold of 0 finds no near pair; the default limit caps the lists, not the counts', () => {
  const none = run({ threshold: 0 });
  assert.equal(none.counts.near_pairs, 0);
  const capped = run({ limit: 5 });
  assert.equal(capped.exact.length, 5);
  assert.equal(capped.counts.exact_groups, 40);
  assert.equal(capped.near.length, 5);
  assert.equal(capped.counts.near_pairs, 30);
});

test('exact over two features: the near copies stay apart, the exact groups stay', () => {
  const r = run({ fields: ['f00', 'f01'], near: false });
  const exact = score(PLAN.exact.map((/** @type {any} */ g) => g.rows), r.exact);
  assert.deepEqual(exact, { recall: 1, falsePositives: 0, planted: 40, found: 40 });
  assert.equal(r.near_info, null);
});

test('the summary line says the counts and what the flags found', () => {
  const r = run({});
  const c = r.counts;
  assert.equal(summaryLine(r), `${c.exact_groups} exact groups covering ${c.exact_rows} rows; ${c.exact_leakage} cross split; ` +
    `${c.exact_label_conflict} with conflicting label; ${c.near_pairs} near pairs (${c.near_leakage} cross split, ` +
    `${c.near_label_conflict} with conflicting label)`);
  assert.equal(summaryLine({ ...r, split: null, label: null, near_info: null, counts: { ...c, exact_groups: 1, exact_rows: 2 } }),
    '1 exact group covering 2 rows');
});
