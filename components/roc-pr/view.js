// roc-pr/view.js — the ROC and precision-recall curves side by side, as one
// Vega-Lite chart (web/vega.js): the ROC with the chance diagonal, the PR curve
// as steps (what average precision sums) with the positive rate as its chance
// line (binary); AUC and AP in the titles. Multi-class: one line per class
// (one-vs-rest) with a legend, the macro AUC in the ROC's title. Hovering a
// point shows its rates and threshold. Below, a table of each class's AUC and AP.
// The chart is one tab stop (its aria-label says what it shows); its export
// menu is the next. Binary: under the chart, the decision-threshold control
// (web/threshold.js): the spec's threshold, marked on both curves as the
// operating point, with its counts and rates.
// Data reaches the chart under fixed keys (c, k, i, x, y, th, name), so no
// name from the file is ever in a Vega expression or a field reference.

import { h, fmt, label, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';
import { thresholdControl, thresholdText as tText } from '../../web/threshold.js';

/** @typedef {{fpr: number | null, tpr: number | null, threshold: number | null}} RocPoint */
/** @typedef {{precision: number | null, recall: number | null, threshold: number | null}} PrPoint */
/**
 * @typedef {{threshold: number, tp: number, fp: number, fn: number, tn: number, precision: number, recall: number,
 *   fpr: number | null}} OperatingPoint
 */
/**
 * @typedef {{positive: unknown, score?: string, positives: number, roc_auc: number | null, average_precision: number | null,
 *   roc_points: number, pr_points: number, roc: RocPoint[], pr: PrPoint[], at_threshold?: OperatingPoint}} Curve
 */
/**
 * @typedef {Curve & {label: string, scores: string[], count: number, missing: number,
 *   classes?: Curve[], macro_roc_auc?: number | null}} RocPrResult
 */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

const BLUE = '#2f6fde', GREY = '#9aa3b5', INK = '#1d2433';
/** Classes drawn in these colours, in order (then Vega's defaults). */
const PALETTE = ['#2f6fde', '#e87c28', '#2a9d6f', '#c0437a', '#7b5cc4', '#b58a12', '#3aa5c4', '#6b7385'];

/** @param {RocPrResult} r */
export function rowCount(r) {
  return r.count;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** AUC and AP as shown: 4 decimals, or "–" when undefined. @param {number | null | undefined} v */
export function fmt4(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : '–';
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/** A threshold for a tooltip. @param {number | null} t @param {string} none what a point without one means */
function thresholdText(t, none) {
  return t === null ? none : `score ≥ ${Number(t.toPrecision(6))}`;
}

/**
 * The curves of a result: the binary one, or one per class.
 * @param {RocPrResult} r @returns {Curve[]}
 */
export function curvesOf(r) {
  return r.classes ? r.classes : [r];
}

/**
 * The Vega-Lite spec of the two charts.
 * @param {RocPrResult} result @param {number} width the room for both
 */
export function rocPrSpec(result, width) {
  const curves = curvesOf(result);
  const multi = Boolean(result.classes);
  const names = uniqueLabels(curves.map((c) => c.positive));
  const side = width >= 560; // side by side, else one above the other
  const size = Math.max(180, Math.min(380, Math.floor(side ? (width - 170) / 2 : width - 70))); // room for two y axes and the gap
  /** @type {Record<string, unknown>[]} */
  const values = [
    { c: 'diag', k: -1, i: 0, x: 0, y: 0 }, { c: 'diag', k: -1, i: 1, x: 1, y: 1 },
  ];
  curves.forEach((curve, k) => {
    const name = names[k];
    curve.roc.forEach((p, i) => {
      if (p.fpr === null || p.tpr === null) return; // a rate with no rows behind it: no ROC to draw
      values.push({ c: 'roc', k, i, x: p.fpr, y: p.tpr, name, th: thresholdText(p.threshold, 'above every score') });
    });
    curve.pr.forEach((p, i) => {
      if (p.precision === null || p.recall === null) return;
      values.push({ c: 'pr', k, i, x: p.recall, y: p.precision, name, th: thresholdText(p.threshold, 'none (nothing predicted positive)') });
    });
  });
  if (!multi && result.count > 0) {
    const rate = result.positives / result.count;
    values.push({ c: 'base', k: -1, i: 0, x: 0, y: rate }, { c: 'base', k: -1, i: 1, x: 1, y: rate });
  }
  const op = !multi ? result.at_threshold : undefined;
  if (op) {
    const th = `score ≥ ${tText(op.threshold)}`;
    if (op.fpr !== null) values.push({ c: 'roc_op', k: -1, i: 0, x: op.fpr, y: op.recall, th });
    values.push({ c: 'pr_op', k: -1, i: 0, x: op.recall, y: op.precision, th });
  }
  const unit = { type: 'quantitative', scale: { domain: [0, 1], nice: false }, axis: { tickCount: 5, grid: true } };
  const color = multi
    ? { field: 'name', type: 'nominal', scale: { domain: names, range: PALETTE }, legend: { title: null, orient: 'bottom', direction: 'horizontal', columns: Math.min(4, names.length), labelLimit: 160 } }
    : { value: BLUE };
  /**
   * The layers of one chart: its chance line, the curves, and points that show on hover.
   * @param {string} c the rows' key @param {string} chance @param {string} xTitle @param {string} yTitle @param {boolean} steps
   */
  const layers = (c, chance, xTitle, yTitle, steps) => {
    const x = { ...unit, field: 'x', title: xTitle };
    const y = { ...unit, field: 'y', title: yTitle };
    const tooltip = [
      ...(multi ? [{ field: 'name', type: 'nominal', title: 'class' }] : []),
      { field: 'x', type: 'quantitative', title: xTitle.toLowerCase(), format: '.4f' },
      { field: 'y', type: 'quantitative', title: yTitle.toLowerCase(), format: '.4f' },
      { field: 'th', type: 'nominal', title: 'threshold' },
    ];
    return [{
      name: `${c}_chance`, transform: [{ filter: `datum.c === '${chance}'` }],
      mark: { type: 'line', color: GREY, strokeDash: [4, 4], strokeWidth: 1, aria: false },
      encoding: { x, y, order: { field: 'i', type: 'quantitative' } },
    }, {
      name: `${c}_lines`, transform: [{ filter: `datum.c === '${c}'` }],
      mark: { type: 'line', strokeWidth: 2, interpolate: steps ? 'step-after' : 'linear', aria: false },
      encoding: { x, y, color, detail: { field: 'k', type: 'nominal' }, order: { field: 'i', type: 'quantitative' } },
    }, {
      name: `${c}_points`, transform: [{ filter: `datum.c === '${c}'` }],
      mark: { type: 'point', filled: true, size: 45, aria: false },
      params: [{ name: `${c}_hover`, select: { type: 'point', on: 'mouseover', clear: 'mouseout', fields: ['k', 'i'] } }],
      encoding: {
        x, y, color, tooltip,
        opacity: { condition: { param: `${c}_hover`, empty: false, value: 1 }, value: 0 },
      },
    }, {
      name: `${c}_operating`, transform: [{ filter: `datum.c === '${c}_op'` }],
      mark: { type: 'point', shape: 'circle', size: 150, strokeWidth: 2.5, color: INK, filled: false },
      encoding: { x, y, tooltip: [
        { field: 'x', type: 'quantitative', title: xTitle.toLowerCase(), format: '.4f' },
        { field: 'y', type: 'quantitative', title: yTitle.toLowerCase(), format: '.4f' },
        { field: 'th', type: 'nominal', title: 'threshold' },
      ] },
    }];
  };
  const rocTitle = multi ? `ROC · macro AUC ${fmt4(result.macro_roc_auc)}` : `ROC · AUC ${fmt4(result.roc_auc)}`;
  const prTitle = multi ? 'Precision-recall (one-vs-rest)' : `Precision-recall · AP ${fmt4(result.average_precision)}`;
  // The titles are parameters (their numbers change with the filter; the chart is then
  // given new values, not compiled again: web/vega.js draw).
  const title = (/** @type {string} */ param) => ({ text: { expr: param }, anchor: 'start', fontSize: 12.5, fontWeight: 600, color: INK, offset: 8 });
  const charts = [
    { title: title('roc_title'), width: size, height: size, layer: layers('roc', 'diag', 'False positive rate', 'True positive rate', false) },
    { title: title('pr_title'), width: size, height: size, layer: layers('pr', 'base', 'Recall', 'Precision', true) },
  ];
  return {
    description: multi
      ? `ROC and precision-recall curves of ${curves.length} classes (one-vs-rest) against ${result.label}`
      : `ROC and precision-recall curves of ${result.scores[0]} against ${result.label}`,
    params: [{ name: 'roc_title', value: rocTitle }, { name: 'pr_title', value: prTitle }],
    data: { values },
    ...(side ? { hconcat: charts, spacing: 36 } : { vconcat: charts, spacing: 24 }),
    resolve: { scale: { color: 'shared' } },
  };
}

/**
 * What the operating point says, in words.
 * @param {OperatingPoint} op @param {string} score @param {unknown} positive
 */
export function operatingText(op, score, positive) {
  const rate = (/** @type {number | null} */ v) => (v === null ? '–' : v.toFixed(3));
  return `At ${score} ≥ ${tText(op.threshold)}: recall (TPR) ${rate(op.recall)}, false positive rate ${rate(op.fpr)}, ` +
    `precision ${rate(op.precision)} · ${fmt(op.tp)} true and ${fmt(op.fp)} false positives, ${fmt(op.fn)} ` +
    `${label(positive)} missed. Every view uses this prediction.`;
}

/**
 * @param {HTMLElement} element @param {RocPrResult} result @param {unknown} _config @param {import('../../web/registry.js').ViewApi} api
 */
export function render(element, result, _config, api) {
  const curves = curvesOf(result);
  const multi = Boolean(result.classes);
  if (!result.count) {
    return noChart(element, result.missing
      ? `No rows to draw: the ${nRows(result.missing)} selected lack a label or a score.`
      : 'No rows to draw.');
  }
  const summary = multi
    ? `macro ROC AUC ${fmt4(result.macro_roc_auc)}, ${curves.length} classes one-vs-rest`
    : `ROC AUC ${fmt4(result.roc_auc)}, average precision ${fmt4(result.average_precision)}, positive class ${label(result.positive)}`;
  const frame = chartFrame(element, 'roc-pr',
    `ROC and precision-recall curves of ${result.scores.join(', ')} against ${result.label}: ${summary}. ` +
    'The table below lists each number.', () => {});
  const width = Math.max(260, contentWidth(element, 640));
  const drawn = draw(frame.target, rocPrSpec(result, width), { fileName: `roc-pr-${result.label}` })
    .catch((e) => console.warn('roc-pr: drawing failed', e));

  const notes = [];
  if (!multi) notes.push(`positive class: ${label(result.positive)} (${nRows(result.positives)} of ${fmt(result.count)})`);
  else notes.push(`${nRows(result.count)}`);
  if (result.missing) notes.push(`${nRows(result.missing)} with a missing label or score left out`);
  notes.push(multi ? 'dashed: chance (the ROC diagonal)'
    : `dashed: chance (the ROC diagonal; precision ${fmt4(result.positives / result.count)}, the positive rate)`);
  const thinned = curves.some((c) => c.roc.length < c.roc_points || c.pr.length < c.pr_points);
  if (thinned) notes.push(`curves drawn with up to ${fmt(Math.max(...curves.map((c) => Math.max(c.roc.length, c.pr.length))))} points; AUC and AP use every row`);
  const undefinedAuc = curves.filter((c) => c.roc_auc === null).length;
  if (undefinedAuc) notes.push(multi ? `${undefinedAuc} of ${curves.length} classes have no AUC: only one class among the rows` : 'no ROC AUC: only one class among the rows');
  frame.caption.replaceChildren(...notes.map((text) => h('p', { class: 'chart-note' }, text)));

  const names = uniqueLabels(curves.map((c) => c.positive));
  const table = h('table', { class: 'data-table roc-pr-metrics' },
    h('thead', {}, h('tr', {}, ['Class', 'Score', 'Positives', 'ROC AUC', 'Average precision'].map((t, i) =>
      h('th', { scope: 'col', class: i > 1 ? 'num' : '' }, t)))),
    h('tbody', {},
      curves.map((c, k) => h('tr', {},
        h('th', { scope: 'row' }, names[k]),
        h('td', {}, c.score || result.scores[0]),
        h('td', { class: 'num' }, `${fmt(c.positives)} of ${fmt(result.count)}`),
        h('td', { class: 'num', 'data-metric': 'roc_auc' }, fmt4(c.roc_auc)),
        h('td', { class: 'num', 'data-metric': 'average_precision' }, fmt4(c.average_precision)))),
      multi ? h('tr', { class: 'macro' },
        h('th', { scope: 'row' }, 'macro average'), h('td', {}, ''), h('td', {}, ''),
        h('td', { class: 'num', 'data-metric': 'macro_roc_auc' }, fmt4(result.macro_roc_auc)), h('td', {}, '')) : ''));
  table.style.maxWidth = '640px';
  table.style.margin = '14px auto 0';
  frame.notes.replaceChildren(table);
  if (!multi && api && typeof api.threshold === 'function') showThreshold(element, result, api);
  return drawn;
}

/**
 * The threshold control of a binary result, over the range of its scores.
 * @param {HTMLElement} element @param {RocPrResult} result @param {import('../../web/registry.js').ViewApi} api
 */
function showThreshold(element, result, api) {
  const score = result.scores[0];
  const state = api.threshold();
  const current = state && state.score === score ? state.value : null;
  /** @type {number[]} */
  const ths = [];
  for (const p of [...result.roc, ...result.pr]) if (typeof p.threshold === 'number' && Number.isFinite(p.threshold)) ths.push(p.threshold);
  const op = result.at_threshold;
  thresholdControl(element, {
    score, lo: Math.min(...ths), hi: Math.max(...ths), current,
    summary: op ? operatingText(op, score, result.positive) : '',
    set: (value) => api.setThreshold(value, score),
  });
}
