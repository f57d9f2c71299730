// calibration/view.js — the expected calibration error, Brier score and log loss as
// text, then one Vega-Lite chart (web/vega.js): the reliability diagram (each
// non-empty bin's mean score against its fraction positive, point size = rows, the
// diagonal of perfect calibration) over the histogram of the scores in the same bins.
// When other components' selections filter it, the curve and counts over every row
// (the baseline) are drawn in grey behind.
// Binary: a click on a bin (a point or a bar) selects its scores, {field: the score
// column, range: [lo, the double below hi]} (ranges are closed and a bin is [lo, hi),
// the last [lo, 1]); Shift+click extends; a drag across the histogram selects the bins
// it crosses; a click inside the selection clears it. Top-label: the confidence is no
// column the engine can filter on, so nothing is selected.
// The chart is one tab stop: arrow keys move across the bins (binary: selecting them,
// Shift extends), Enter/Space toggles, Escape (the card's) clears; a line under the
// chart reads out the bin under the cursor.
// Data reaches the chart under fixed keys (bin, lo, hi, mean, frac, ...), so no name
// from the file is ever in a Vega expression or a field reference (tooltip titles
// are fixed words: Vega-Lite puts them in an expression).

import { h, fmt, largest } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{lo: number, hi: number, count: number, mean_score: number | null, frac_positive: number | null}} Bin */
/**
 * @typedef {{label: string, scores: string[], positive?: unknown, mode?: string, count: number, missing: number,
 *   invalid: number, bins: Bin[], ece: number | null, brier: number | null, log_loss: number | null}} CalibrationResult
 */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */
/** @typedef {[number, number]} Span first and last selected bin */
/** @typedef {import('vega-typings').View} VegaView */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

/** Given the unfiltered result too (the 5th argument of render). */
export const wantsBaseline = true;

const BLUE = '#2f6fde', BAR = '#5b8def', DARK = '#2458c4', GREY = '#c9ced8', LIGHT = '#dde1e8', INK = '#1d2433', DIAGONAL = '#e87c28';

/** @param {CalibrationResult} r */
export function rowCount(r) {
  return r.count;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/** A metric as shown: 4 decimals, or "–" when undefined. @param {number | null | undefined} v */
const fmt4 = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : '–');

/**
 * The bins' edges as the kernel makes them, numpy.linspace(0, 1, n + 1). Read here,
 * not from the result: a printed edge may be 1 ulp off (0.30000000000000004 prints
 * 0.3), and a clause must hold exactly the bin's scores.
 * @param {number} n
 */
export function edgesOf(n) {
  const step = 1 / n;
  const e = Array.from({ length: n + 1 }, (_, k) => k * step + 0);
  e[n] = 1;
  return e;
}

/** The largest double below x (x > 0). @param {number} x */
export function below(x) {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  b.setBigUint64(0, b.getBigUint64(0) - 1n);
  return b.getFloat64(0);
}

/**
 * The range clause of bins a..b: closed, so it ends on the double below the next
 * bin's edge (a score on that edge belongs to the next bin), or at 1 for the last.
 * @param {string} field @param {number[]} edges @param {Span} span
 */
export function clauseOf(field, edges, span) {
  const n = edges.length - 1;
  return { field, range: [edges[span[0]], span[1] === n - 1 ? 1 : below(edges[span[1] + 1])] };
}

/**
 * The bins this component's own clause selects, or null.
 * @param {any} sel @param {string} field @param {number[]} edges @returns {Span | null}
 */
export function spanOf(sel, field, edges) {
  if (!sel || sel.field !== field || !Array.isArray(sel.range)) return null;
  const n = edges.length - 1, eps = 1e-9;
  const a = edges.findIndex((e, k) => k < n && e >= sel.range[0] - eps);
  let b = -1;
  for (let k = 0; k < n; k++) if (edges[k + 1] <= sel.range[1] + eps) b = k;
  return a >= 0 && b >= a ? [a, b] : null;
}

/**
 * The baseline to draw behind: only when a filter applies and it has the result's bins.
 * @param {CalibrationResult} result @param {CalibrationResult | null | undefined} baseline
 */
function contextOf(result, baseline) {
  if (!baseline || baseline === result || baseline.bins.length !== result.bins.length) return null;
  return baseline.scores.join('\n') === result.scores.join('\n') ? baseline : null;
}

/** The words for what a bin holds. @param {CalibrationResult} r */
function words(r) {
  return r.mode === 'top-label'
    ? { score: 'top score', mean: 'mean confidence', frac: 'accuracy', x: 'mean confidence (top class score)', y: 'accuracy (top class = label)' }
    : { score: r.scores[0], mean: 'mean score', frac: `fraction ${String(r.positive)}`, x: `mean ${r.scores[0]}`, y: `fraction ${String(r.positive)}` };
}

/** What bin i holds, in words. @param {CalibrationResult} r @param {number[]} edges @param {number} i */
function describe(r, edges, i) {
  const b = r.bins[i], w = words(r);
  const span = `${w.score} ${fmt(edges[i])} to ${fmt(edges[i + 1])}`;
  if (!b.count) return `${span}: no rows`;
  return `${span}: ${nRows(b.count)}, ${w.mean} ${fmt(b.mean_score)}, ${w.frac} ${fmt(b.frac_positive)}`;
}

/**
 * The Vega-Lite spec: the reliability diagram over the score histogram; one dataset,
 * rows told apart by `kind` ('bin' this result's, 'base' the baseline's).
 * @param {CalibrationResult} result @param {CalibrationResult | null} base
 * @param {Span | null} span @param {number} cursor @param {number} width
 */
export function calibrationSpec(result, base, span, cursor, width) {
  const n = result.bins.length, edges = edgesOf(n), w = words(result);
  const binary = result.mode !== 'top-label';
  const side = Math.max(200, Math.min(width - 80, 360));
  const inSpan = (/** @type {number} */ i) => span !== null && i >= span[0] && i <= span[1];
  const top = largest(result.bins.map((b, i) => Math.max(b.count, base ? base.bins[i].count : 0)), 1);
  /** @type {Record<string, unknown>[]} */
  const values = result.bins.map((b, i) => ({
    kind: 'bin', bin: i, lo: edges[i], hi: edges[i + 1], count: b.count, all: base ? base.bins[i].count : b.count, top,
    mean: b.mean_score, frac: b.frac_positive, sel: inSpan(i), dim: span !== null && !inSpan(i), cur: i === cursor,
    desc: describe(result, edges, i) + (inSpan(i) ? ', selected' : ''),
  }));
  if (base) base.bins.forEach((b, i) => { if (b.count) values.push({ kind: 'base', bin: i, mean: b.mean_score, frac: b.frac_positive }); });
  const unit = { type: 'quantitative', scale: { domain: [0, 1], nice: false, zero: false } };
  // The same room for both y axes, so the two plots line up on x.
  const yAxis = { minExtent: 34, maxExtent: 34 };
  const x = { ...unit, field: 'mean', title: w.x, axis: { tickCount: 5, grid: true } };
  const y = { ...unit, field: 'frac', title: w.y, axis: { ...yAxis, tickCount: 5, grid: true } };
  const tooltip = [
    { field: 'lo', type: 'quantitative', title: 'scores from', format: '.4~f' },
    { field: 'hi', type: 'quantitative', title: 'to', format: '.4~f' },
    { field: 'count', type: 'quantitative', title: 'rows', format: ',' },
    { field: 'mean', type: 'quantitative', title: binary ? 'mean score' : 'mean confidence', format: '.4f' },
    { field: 'frac', type: 'quantitative', title: binary ? 'fraction positive' : 'accuracy', format: '.4f' },
  ];
  const pointer = binary ? 'pointer' : 'default';
  const used = "datum.kind === 'bin' && datum.count > 0";
  const color = { condition: { test: 'datum.sel', value: DARK }, value: BLUE };
  const opacity = { condition: { test: 'datum.dim', value: 0.3 }, value: 1 };
  /** @type {any[]} */
  const diagram = [{
    name: 'diagonal', transform: [{ filter: "datum.kind === 'bin' && datum.bin === 0" }], // one rule, not one per row
    mark: { type: 'rule', color: DIAGONAL, strokeDash: [5, 3], strokeWidth: 1.5, aria: false },
    encoding: { x: { datum: 0, ...unit }, y: { datum: 0, ...unit }, x2: { datum: 1 }, y2: { datum: 1 } },
  }];
  if (base) {
    diagram.push({
      name: 'base_line', transform: [{ filter: "datum.kind === 'base'" }],
      mark: { type: 'line', color: GREY, strokeWidth: 1.5, point: { filled: true, size: 18, color: GREY }, aria: false },
      encoding: { x, y, order: { field: 'bin', type: 'quantitative' } },
    });
  }
  diagram.push({
    name: 'line', transform: [{ filter: used }],
    mark: { type: 'line', color: BLUE, strokeWidth: 2, aria: false },
    encoding: { x, y, order: { field: 'bin', type: 'quantitative' } },
  }, {
    name: 'points', transform: [{ filter: used }],
    mark: { type: 'point', filled: true, stroke: 'white', strokeWidth: 1, cursor: pointer },
    encoding: {
      x, y, color, opacity, tooltip, description: { field: 'desc' },
      size: { field: 'count', type: 'quantitative', scale: { range: [30, 360], zero: true }, legend: null },
    },
  });
  const hx = { field: 'lo', type: 'quantitative', title: w.score, scale: unit.scale, axis: { tickCount: 5, grid: false } };
  const hy = { type: 'quantitative', title: 'rows', axis: { ...yAxis, tickCount: 3, format: '~s' } };
  /** @type {any[]} */
  const histogram = [{
    // A transparent column per bin, the plot's height: what the pointer clicks and drags across.
    name: 'slots', transform: [{ filter: "datum.kind === 'bin'" }],
    mark: { type: 'rect', fill: 'transparent', cursor: pointer },
    encoding: { x: hx, x2: { field: 'hi' }, y: { ...hy, field: 'top' }, y2: { datum: 0 }, tooltip },
  }];
  if (base) {
    histogram.push({
      name: 'context', transform: [{ filter: "datum.kind === 'bin'" }],
      mark: { type: 'rect', color: LIGHT, x2Offset: -1, aria: false },
      encoding: { x: hx, x2: { field: 'hi' }, y: { ...hy, field: 'all' }, y2: { datum: 0 } },
    });
  }
  histogram.push({
    name: 'bars', transform: [{ filter: "datum.kind === 'bin'" }],
    mark: { type: 'rect', x2Offset: -1, cursor: pointer },
    encoding: {
      x: hx, x2: { field: 'hi' }, y: { ...hy, field: 'count' }, y2: { datum: 0 },
      color: { condition: { test: 'datum.sel', value: DARK }, value: BAR }, opacity, tooltip, description: { field: 'desc' },
    },
  }, {
    name: 'cursor', transform: [{ filter: "datum.kind === 'bin' && datum.cur" }],
    mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 2, aria: false },
    encoding: { x: hx, x2: { field: 'hi' }, y: { ...hy, field: 'top' }, y2: { datum: 0 } },
  });
  return {
    description: binary
      ? `Reliability diagram of ${result.scores[0]} for ${String(result.positive)}, and the scores' histogram`
      : `Reliability diagram of the top class score against ${result.label}, and the top scores' histogram`,
    data: { values },
    vconcat: [
      { name: 'diagram', width: side, height: side, layer: diagram },
      { name: 'scores', width: side, height: 90, layer: histogram },
    ],
    spacing: 14,
  };
}

/** The metrics line: each value's full precision in its title. @param {CalibrationResult} r */
function metrics(r) {
  /** @param {string} key @param {string} name @param {number | null} v @param {string} what */
  const item = (key, name, v, what) => h('span', { class: 'calibration-metric', 'data-metric': key, title: v === null ? 'not defined: no rows' : `${what}: ${v}` },
    h('span', { class: 'muted' }, `${name} `), h('strong', {}, fmt4(v)));
  const line = h('p', { class: 'calibration-metrics' },
    item('ece', 'ECE', r.ece, 'expected calibration error'), ' · ', item('brier', 'Brier', r.brier, 'Brier score'), ' · ',
    item('log_loss', 'log loss', r.log_loss, 'log loss'));
  line.style.margin = '0 0 8px';
  line.style.fontSize = '14px';
  return line;
}

/** Keyboard cursor and anchor per chart element, kept across redraws. @type {WeakMap<HTMLElement, {cursor: number, anchor: number}>} */
const keyboard = new WeakMap();
/** The pointer handlers of each chart target: the latest render's. @type {WeakMap<HTMLElement, {down: (e: any, item: any) => void, move: (e: any, item: any) => void}>} */
const gestures = new WeakMap();
/** Vega views already listening. @type {WeakSet<object>} */
const wired = new WeakSet();

/** The bin of a scenegraph item, or -1. @param {any} item */
const binOf = (item) => (item && item.datum && item.datum.kind === 'bin' && Number.isInteger(item.datum.bin) ? item.datum.bin : -1);

/**
 * @param {HTMLElement} element @param {CalibrationResult} result @param {any} _config @param {Api} api
 * @param {CalibrationResult | null} [baseline] the result over every row (=== result while nothing filters it)
 */
export function render(element, result, _config, api, baseline = null) {
  const n = result.bins.length, edges = edgesOf(n);
  const binary = result.mode !== 'top-label';
  const field = result.scores[0];
  const base = contextOf(result, baseline);
  let keys = keyboard.get(element);
  if (!keys || keys.cursor >= n) keyboard.set(element, keys = { cursor: -1, anchor: -1 });
  const k = keys;
  let span = binary ? spanOf(api.selection(), field, edges) : null;
  /** @type {Span | null} the bins a drag crosses, before release */
  let pending = null;

  /** Select bins next[0]..next[1] (null: nothing) and redraw once the linked views caught up. @param {Span | null} next */
  const commit = (next) => {
    span = next;
    api.select(next ? clauseOf(field, edges, next) : null);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const last = n - 1;
    const at = k.cursor >= 0 ? k.cursor : span ? span[1] : -1;
    let next = -1;
    if (e.key === 'ArrowRight') next = Math.min(last, at + 1);
    else if (e.key === 'ArrowLeft') next = at < 0 ? 0 : Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0 && binary) {
      e.preventDefault();
      const only = span !== null && span[0] === at && span[1] === at;
      k.anchor = at;
      return commit(only ? null : [at, at]);
    } else return;
    e.preventDefault();
    if (!e.shiftKey || k.anchor < 0) k.anchor = next;
    k.cursor = next;
    if (binary) commit([Math.min(k.anchor, next), Math.max(k.anchor, next)]);
    else redraw();
  };
  if (!n) return noChart(element, 'No bins to show.');
  const w = words(result);
  const frame = chartFrame(element, 'calibration', binary
    ? `Reliability diagram of ${field} for the class ${String(result.positive)} in ${n} bins, over the histogram of the scores: ` +
      `ECE ${fmt4(result.ece)}, Brier ${fmt4(result.brier)}, log loss ${fmt4(result.log_loss)}. ` +
      'Arrow keys select a bin, Shift+arrows extend, Enter toggles, Escape clears.'
    : `Reliability diagram of the top class score in ${n} bins, over the histogram of the top scores: ` +
      `ECE ${fmt4(result.ece)}, Brier ${fmt4(result.brier)}, log loss ${fmt4(result.log_loss)}. Arrow keys move across the bins.`, onKey);
  const width = Math.max(280, contentWidth(element, 420));
  const readout = h('p', { class: 'chart-note calibration-readout', 'aria-live': 'polite' });

  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => {
    const shown = pending || span;
    readout.textContent = k.cursor >= 0 ? describe(result, edges, k.cursor)
      : shown ? `selected: ${w.score} from ${fmt(edges[shown[0]])} to ${fmt(edges[shown[1] + 1])}` : '';
    return draw(frame.target, calibrationSpec(result, base, shown, k.cursor, width),
      { fileName: `calibration-${result.label}`, passThrough: ['cursor_marks', 'diagonal_marks'] })
      .then((view) => wire(frame.target, view))
      .catch((err) => console.warn('calibration: drawing failed', err));
  };

  /** @type {{start: number, anchor: number, last: number} | null} */
  let drag = null;
  // On release: a drag across bins, or a Shift+click, selects from the anchor; a plain
  // click selects its bin, or clears when inside the selection.
  const up = () => {
    const d = drag, crossed = pending;
    drag = null;
    pending = null;
    if (!d || !crossed) return;
    k.cursor = -1;
    if (d.last !== d.start || d.anchor !== d.start) return commit(crossed);
    commit(span && d.start >= span[0] && d.start <= span[1] ? null : [d.start, d.start]);
  };
  gestures.set(frame.target, {
    down(e, item) {
      const bin = binOf(item);
      if (!binary || bin < 0 || e.button !== 0) return;
      const anchor = e.shiftKey && span ? (bin < span[0] ? span[1] : span[0]) : bin;
      drag = { start: bin, anchor, last: bin };
      pending = [Math.min(anchor, bin), Math.max(anchor, bin)];
      window.addEventListener('pointerup', up, { once: true });
    },
    move(_e, item) {
      const bin = binOf(item);
      if (!drag || bin < 0 || bin === drag.last) return;
      drag.last = bin;
      pending = [Math.min(drag.anchor, bin), Math.max(drag.anchor, bin)];
      redraw();
    },
  });

  element.querySelector(':scope > .calibration-metrics')?.remove();
  element.prepend(metrics(result));
  const notes = [];
  // Positive (top-label: right) rows, from the bins: count x fraction, summed.
  const right = Math.round(result.bins.reduce((a, b) => a + (b.count ? b.count * /** @type {number} */ (b.frac_positive) : 0), 0));
  if (binary) notes.push(`positive class: ${String(result.positive)}` + (result.count ? ` (${fmt(right)} of ${nRows(result.count)})` : ''));
  else if (result.count) notes.push(`top-label: ${fmt(right)} of ${nRows(result.count)} have the top class right`);
  if (!result.count) notes.push('no rows used');
  if (result.missing) notes.push(`${nRows(result.missing)} with a missing label or score left out`);
  if (result.invalid) notes.push(`${nRows(result.invalid)} left out: ${binary ? 'a score outside [0, 1]' : 'a score outside [0, 1], all scores 0, or a label no score column scores'}`);
  frame.caption.replaceChildren(
    h('p', { class: 'chart-note' }, notes.join(' · ')),
    h('p', { class: 'chart-note' }, `dashed: perfect calibration; point size: rows${base ? ' · grey: all rows' : ''}`));
  frame.notes.replaceChildren(readout);
  return redraw();
}

/** Listen to a Vega view's pointer once; the events go to the target's latest handlers. @param {HTMLElement} target @param {VegaView} view */
function wire(target, view) {
  if (wired.has(view)) return;
  wired.add(view);
  view.addEventListener('pointerdown', (e, item) => gestures.get(target)?.down(e, item));
  view.addEventListener('pointermove', (e, item) => gestures.get(target)?.move(e, item));
}
