// fairness-view.test.js — the pure parts of components/fairness/view.js: names from the
// file (group, label, class, group values) reach the compiled Vega spec only as data and
// plain text, never inside an expression or a signal; the rows without a group come last;
// the plain-language numbers say when they are undefined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from 'vega-lite';
import { fairnessSpec, rowsOf, summaryOf } from '../../../components/fairness/view.js';

const NAME = 'a"b\\c ${x}\'';
/** @param {Partial<Record<string, any>>} over */
const result = (over = {}) => ({
  group: `${NAME}group`, label: `${NAME}label`, prediction: 'p', positive: `${NAME}class`, count: 5, missing: 0, missing_group: 1,
  groups: [
    { value: `${NAME}v1`, count: 3, positives: 1, predicted_positive: 1, selection_rate: 1 / 3, tpr: 1, fpr: 0 },
    { value: 7, count: 2, positives: 0, predicted_positive: 1, selection_rate: 0.5, tpr: 0, fpr: 0.5 },
  ],
  overall: null, missing_group_stats: { count: 1, positives: 1, predicted_positive: 0, selection_rate: 0, tpr: 0, fpr: 0 },
  demographic_parity_difference: 1 / 6, demographic_parity_ratio: 2 / 3, equalized_odds_difference: 1, equalized_odds_ratio: 0,
  ...over,
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

test('names from the file never reach a Vega expression or signal', () => {
  const r = result();
  const rows = rowsOf(r);
  const vg = compile(/** @type {any} */ (fairnessSpec(r, rows, [0], 1, 500))).spec;
  const exprs = expressions(vg);
  assert.ok(exprs.some((e) => e.includes('datum')), 'the walk finds the expressions');
  for (const e of exprs) assert.ok(!e.includes('a"b') && !e.includes('${x}') && !e.includes('a\\"b'), e.slice(0, 200));
  // The names are in the data, as text.
  const data = JSON.stringify(vg.data);
  assert.ok(data.includes(JSON.stringify(`${NAME}v1`).slice(1, -1)));
});

test('the rows without a group come last; their bars and band say so', () => {
  const r = result();
  const rows = rowsOf(r);
  assert.deepEqual(rows.map((row) => [row.value, row.missing]), [[`${NAME}v1`, false], [7, false], [null, true]]);
  const spec = fairnessSpec(r, rows, [], -1, 500);
  const bands = spec.data.values.filter((/** @type {any} */ d) => d.c === 'row');
  assert.equal(bands[2].name, `(no ${NAME}group)`);
  assert.match(bands[2].desc, /\(not in the numbers\)$/);
  // A group with no positive: its tpr is 0 by fairlearn's rule, and the bar says why.
  const tpr = spec.data.values.find((/** @type {any} */ d) => d.c === 'bar' && d.key === 1 && d.m === 'true positive rate');
  assert.equal(tpr.text, '0.000 (no positives)');
  assert.match(bands[1].tpr, /no row with .*: 0 by fairlearn’s rule/);
  assert.equal(rowsOf(result({ missing_group: 0, missing_group_stats: null })).length, 2);
});

test('the four numbers in plain words; undefined ratios say why', () => {
  const words = summaryOf(result());
  assert.deepEqual(words.map((w) => w.key), ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio']);
  assert.match(words[0].means, /largest gap in selection rate between groups/);
  const none = summaryOf(result({ demographic_parity_ratio: null, equalized_odds_ratio: null }));
  assert.match(none[1].means, /not defined: every group’s rate is 0/);
  assert.match(none[3].means, /not defined: every group’s true positive rate is 0/);
});
