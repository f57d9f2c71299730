// regression/view.js — MAE, RMSE and R² as text, then one Vega-Lite chart (web/vega.js):
// predicted against actual as a heat map of the kernel's 2-D bins with the y = x
// diagonal, and the residual histogram (prediction − label) under it.
// An interval brush on the heat map (a Vega-Lite param) snaps to cell edges on
// release and selects {and: [{field: label, range}, {field: prediction, range}]};
// a click without a drag selects the cell under it, or clears when inside the
// selection. The residual histogram is not selectable: a residual is not a column
// the engine can filter on.
// The chart is one tab stop: arrow keys move a cell cursor and select that cell
// (Left/Right the actual value, Up/Down the predicted one), Shift+arrows extend the
// box from where it started, Enter/Space toggles, Escape (the card's) clears.
// Data reaches the chart under fixed keys (x0, x1, y0, y1, n, ...), so no field name
// from the file ever appears in a Vega expression or field reference (tooltip titles
// are fixed words: Vega-Lite puts them in an expression).

import { h, fmt, fmt3, largest } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, onBrushEnd, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{lo: number, hi: number, count: number}} Bin */
/** @typedef {{i: number, j: number, count: number}} Cell */
/** @typedef {{x: [number, number], y: [number, number], grid: number, cells: Cell[]}} Scatter */
/** @typedef {{label: string, prediction: string, count: number, missing: number, mae: number | null,
 *   rmse: number | null, r2: number | null, residuals: {bins: Bin[]}, scatter: Scatter}} RegressionResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */
/** @typedef {{i0: number, i1: number, j0: number, j1: number}} Box cells i0..i1 (actual) by j0..j1 (predicted) */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

const BLUE = '#2f6fde', BAR = '#5b8def', INK = '#1d2433', ACCENT = '#2f6fde', DIAGONAL = '#e87c28';

/** @param {RegressionResult} r */
export function rowCount(r) {
  return r.count + r.missing;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/**
 * The cell edges, as the kernel makes them (numpy.linspace(lo, hi, n + 1)).
 * @param {number} lo @param {number} hi @param {number} n
 */
export function edgesOf(lo, hi, n) {
  const step = (hi - lo) / n;
  const e = Array.from({ length: n + 1 }, (_, k) => (step === 0 ? (k / n) * (hi - lo) : k * step) + lo);
  e[n] = hi;
  return e;
}

/** The cell a value falls in: the first whose upper edge reaches it. @param {number[]} edges @param {number} v */
function cellAt(edges, v) {
  const n = edges.length - 1;
  for (let k = 0; k < n; k++) if (edges[k + 1] >= v) return k;
  return n - 1;
}

/**
 * The box of cells this component's own clause selects, or null.
 * @param {any} sel @param {string} label @param {string} pred @param {number[]} edges
 * @returns {Box | null}
 */
export function boxOf(sel, label, pred, edges) {
  if (!sel || !Array.isArray(sel.and) || sel.and.length !== 2) return null;
  const [a, b] = sel.and;
  if (!a || !b || a.field !== label || b.field !== pred || !Array.isArray(a.range) || !Array.isArray(b.range)) return null;
  const eps = 1e-9 * Math.max(1, Math.abs(edges[edges.length - 1] - edges[0]));
  const span = (/** @type {number[]} */ r) => {
    const lo = edges.findIndex((e) => e >= r[0] - eps);
    let hi = -1;
    edges.forEach((e, k) => { if (k > 0 && e <= r[1] + eps) hi = k - 1; });
    return lo >= 0 && lo < edges.length - 1 && hi >= lo ? [lo, hi] : null;
  };
  const si = span(a.range), sj = span(b.range);
  return si && sj ? { i0: si[0], i1: si[1], j0: sj[0], j1: sj[1] } : null;
}

/** Keyboard cursor and anchor per chart element, kept across redraws. @type {WeakMap<HTMLElement, {cur: [number, number] | null, anchor: [number, number] | null}>} */
const keyboard = new WeakMap();

/**
 * The Vega-Lite spec: the heat map (with the brush and the diagonal) over the
 * residual histogram; one dataset, rows told apart by `kind` (0 cell, 1 bin).
 * @param {RegressionResult} result @param {Box | null} box @param {[number, number] | null} cur @param {number} width
 */
export function regressionSpec(result, box, cur, width) {
  const { label, prediction: pred, scatter } = result;
  const bins = result.residuals.bins;
  const edges = edgesOf(scatter.x[0], scatter.x[1], scatter.grid);
  const max = largest(scatter.cells.map((c) => c.count), 1);
  const side = Math.max(180, Math.min(width - 70, 380));
  /** @param {number} k */
  const span = (k) => `${fmt(edges[k])} to ${fmt(edges[k + 1])}`;
  const cells = scatter.cells.map((c) => ({
    kind: 0, x0: edges[c.i], x1: edges[c.i + 1], y0: edges[c.j], y1: edges[c.j + 1], n: c.count,
    shade: 0.15 + 0.85 * Math.log1p(c.count) / Math.log1p(max), cur: cur !== null && cur[0] === c.i && cur[1] === c.j,
    desc: `${label} ${span(c.i)}, ${pred} ${span(c.j)}: ${nRows(c.count)}`,
  }));
  if (cur && !scatter.cells.some((c) => c.i === cur[0] && c.j === cur[1])) {
    cells.push({ kind: 0, x0: edges[cur[0]], x1: edges[cur[0] + 1], y0: edges[cur[1]], y1: edges[cur[1] + 1], n: 0,
      shade: 0, cur: true, desc: `${label} ${span(cur[0])}, ${pred} ${span(cur[1])}: no rows` });
  }
  const bars = bins.map((b) => ({
    kind: 1, lo: b.lo, hi: b.hi, n: b.count, desc: `residual from ${fmt(b.lo)} to ${fmt(b.hi)}: ${nRows(b.count)}`,
  }));
  const lo = edges[0], hi = edges[edges.length - 1];
  const scale = { domain: [lo, hi], nice: false, zero: false };
  const ticks = Math.max(2, Math.floor(side / 60));
  const x = { field: 'x0', type: 'quantitative', title: `${label} (actual)`, scale, axis: { tickCount: ticks, grid: false } };
  const y = { field: 'y0', type: 'quantitative', title: `${pred} (predicted)`, scale, axis: { tickCount: ticks, grid: false } };
  const heat = {
    name: 'pva', width: side, height: side,
    transform: [{ filter: 'datum.kind === 0' }],
    layer: [{
      name: 'cells',
      mark: { type: 'rect', cursor: 'crosshair' },
      params: [{
        name: 'brush',
        ...(box ? { value: { x: [edges[box.i0], edges[box.i1 + 1]], y: [edges[box.j0], edges[box.j1 + 1]] } } : {}),
        select: {
          type: 'interval', encodings: ['x', 'y'], clear: false, translate: false, zoom: false,
          mark: { fill: ACCENT, fillOpacity: 0.08, stroke: INK, strokeOpacity: 0.8, strokeDash: [3, 2] },
        },
      }],
      encoding: {
        x, x2: { field: 'x1' }, y, y2: { field: 'y1' },
        color: { value: BLUE },
        // Shaded by count in the data (not a scale over it), so new counts redraw in the same view.
        fillOpacity: { field: 'shade', type: 'quantitative', scale: null, legend: null },
        description: { field: 'desc' },
        tooltip: [
          { field: 'x0', type: 'quantitative', title: 'actual from', format: ',.6~g' },
          { field: 'x1', type: 'quantitative', title: 'actual to', format: ',.6~g' },
          { field: 'y0', type: 'quantitative', title: 'predicted from', format: ',.6~g' },
          { field: 'y1', type: 'quantitative', title: 'predicted to', format: ',.6~g' },
          { field: 'n', type: 'quantitative', title: 'rows', format: ',' },
        ],
      },
    }, {
      name: 'diagonal',
      mark: { type: 'rule', color: DIAGONAL, strokeDash: [5, 3], strokeWidth: 1.5, aria: false },
      encoding: { x: { datum: lo, type: 'quantitative', scale }, y: { datum: lo, type: 'quantitative', scale }, x2: { datum: hi }, y2: { datum: hi } },
    }, {
      name: 'cursor', transform: [{ filter: 'datum.cur' }],
      mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 2, aria: false },
      encoding: { x, x2: { field: 'x1' }, y, y2: { field: 'y1' } },
    }],
  };
  const r0 = bins[0].lo, r1 = bins[bins.length - 1].hi;
  const rx = {
    field: 'lo', type: 'quantitative', title: `residual (${pred} − ${label})`,
    scale: { domain: [r0, r1 > r0 ? r1 : r0 + 1], nice: false, zero: false }, axis: { tickCount: ticks, grid: false },
  };
  const hist = {
    name: 'residuals', width: side, height: 110,
    transform: [{ filter: 'datum.kind === 1' }],
    layer: [{
      name: 'bars',
      mark: { type: 'rect', color: BAR, x2Offset: -1 },
      encoding: {
        x: rx, x2: { field: 'hi' }, y: { field: 'n', type: 'quantitative', title: 'rows', axis: { tickCount: 3, format: '~s' } }, y2: { datum: 0 },
        description: { field: 'desc' },
        tooltip: [
          { field: 'lo', type: 'quantitative', title: 'residual from', format: ',.6~g' },
          { field: 'hi', type: 'quantitative', title: 'to', format: ',.6~g' },
          { field: 'n', type: 'quantitative', title: 'rows', format: ',' },
        ],
      },
    }, ...(r0 <= 0 && r1 >= 0 ? [{
      name: 'zero', mark: { type: 'rule', color: DIAGONAL, strokeDash: [5, 3], aria: false },
      encoding: { x: { datum: 0, type: 'quantitative', scale: rx.scale } },
    }] : [])],
  };
  return {
    description: `Predicted ${pred} against actual ${label}, and the residuals`,
    data: { values: [...cells, ...bars] },
    vconcat: [heat, hist], spacing: 24,
  };
}

/**
 * The metrics line: each value's full precision in its title.
 * @param {RegressionResult} r
 */
function metrics(r) {
  /** @param {string} key @param {string} name @param {number | null} v @param {string} text */
  const item = (key, name, v, text) => h('span', { class: 'regression-metric', 'data-metric': key, title: v === null ? 'not defined' : String(v) },
    h('span', { class: 'muted' }, `${name} `), h('strong', {}, text));
  const line = h('p', { class: 'regression-metrics' },
    item('mae', 'MAE', r.mae, fmt(r.mae)), ' · ', item('rmse', 'RMSE', r.rmse, fmt(r.rmse)), ' · ',
    item('r2', 'R²', r.r2, fmt3(r.r2)));
  line.style.margin = '0 0 8px';
  line.style.fontSize = '14px';
  return line;
}

/**
 * @param {HTMLElement} element @param {RegressionResult} result @param {any} config @param {Api} api
 */
export function render(element, result, config, api) {
  const { label, prediction: pred, scatter } = result;
  const n = scatter.grid;
  const edges = edgesOf(scatter.x[0], scatter.x[1], n);
  let box = boxOf(api.selection(), label, pred, edges);
  let keys = keyboard.get(element);
  if (!keys || (keys.cur && (keys.cur[0] >= n || keys.cur[1] >= n))) keyboard.set(element, keys = { cur: null, anchor: null });
  const k = keys;

  /** Select the box (null: nothing) and redraw once the linked views have caught up. @param {Box | null} next */
  const commit = (next) => {
    box = next;
    api.select(next ? {
      and: [{ field: label, range: [edges[next.i0], edges[next.i1 + 1]] }, { field: pred, range: [edges[next.j0], edges[next.j1 + 1]] }],
    } : null);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = k.cur || (box ? /** @type {[number, number]} */ ([box.i1, box.j1]) : null);
    if ((e.key === 'Enter' || e.key === ' ') && at) {
      e.preventDefault();
      const only = box !== null && box.i0 === at[0] && box.i1 === at[0] && box.j0 === at[1] && box.j1 === at[1];
      k.cur = at;
      k.anchor = at;
      return commit(only ? null : { i0: at[0], i1: at[0], j0: at[1], j1: at[1] });
    }
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] }[e.key];
    if (!step) return;
    e.preventDefault();
    const clamp = (/** @type {number} */ v) => Math.max(0, Math.min(n - 1, v));
    /** @type {[number, number]} */
    const next = at ? [clamp(at[0] + step[0]), clamp(at[1] + step[1])] : [0, 0];
    if (!e.shiftKey || !k.anchor) k.anchor = next;
    k.cur = next;
    const a = k.anchor;
    commit({ i0: Math.min(a[0], next[0]), i1: Math.max(a[0], next[0]), j0: Math.min(a[1], next[1]), j1: Math.max(a[1], next[1]) });
  };

  if (!result.residuals.bins.length) return noChart(element, 'No values to show.');
  const frame = chartFrame(element, 'regression',
    `Predicted ${pred} against actual ${label}, ${n} by ${n} cells, and the residual histogram. ` +
    'Arrow keys select a cell, Shift+arrows extend the box, Enter toggles, Escape clears.', onKey);
  const width = Math.max(260, contentWidth(element, 420));

  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => {
    return draw(frame.target, regressionSpec(result, box, k.cur, width),
      { fileName: `regression-${label}-${pred}`, passThrough: ['brush_brush', 'cursor_marks', 'diagonal_marks'] })
      .catch((err) => console.warn('regression: drawing failed', err));
  };
  // A drag ends on release anywhere: then snap the brush to cell edges.
  onBrushEnd(frame.target, (got, clicked) => {
    if (!got) return;
    const [xr, yr] = got;
    const i0 = cellAt(edges, Math.min(xr[0], xr[1])), i1 = cellAt(edges, Math.max(xr[0], xr[1]));
    const j0 = cellAt(edges, Math.min(yr[0], yr[1])), j1 = cellAt(edges, Math.max(yr[0], yr[1]));
    k.cur = null;
    k.anchor = null;
    if (clicked) {
      const inside = box !== null && i0 >= box.i0 && i0 <= box.i1 && j0 >= box.j0 && j0 <= box.j1;
      commit(inside ? null : { i0, i1: i0, j0, j1: j0 });
    } else commit({ i0, i1, j0, j1 });
  });

  element.querySelector(':scope > .regression-metrics')?.remove();
  element.prepend(metrics(result));
  const notes = [`${nRows(result.count)}`];
  if (result.missing) notes.push(`${nRows(result.missing)} with a missing ${label} or ${pred} left out`);
  frame.caption.replaceChildren(h('p', { class: 'chart-note' }, notes.join(' · ')),
    h('p', { class: 'chart-note' }, 'residual = prediction − actual; dashed: y = x'));
  return redraw();
}
