// confusion-matrix/view.js — the heat map as a Vega-Lite chart (web/vega.js):
// rows are the true label, columns the prediction, cells shaded by count
// (the diagonal blue, errors orange). A click on a cell (a point param)
// selects the rows with that true label and that prediction; a click on the
// selected cell clears it. The grid is one tab stop: arrow keys move a
// highlighted cell, Enter/Space selects it, Escape (the card's) clears.
// Cells size to the card; when the classes cannot fit, the grid scrolls
// sideways and says so. Below it, the per-class precision / recall / F1 /
// support table with macro and weighted averages and accuracy (DOM).

import { h, fmt, fmt3, label, largest, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{precision: number, recall: number, f1: number}} Avg */
/** @typedef {{labels: unknown[], matrix: number[][], accuracy: number, count?: number, missing?: number, label: string, prediction: string,
 *   per_class: ({label: unknown, support: number} & Avg)[], macro: Avg, weighted: Avg}} CmResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, columns: () => {name: string, role: string}[]}} Api */
/** @typedef {[number, number]} Cell [true index, predicted index] */

const BLUE = '#2f6fde', ORANGE = '#e87c28', INK = '#1d2433';
/** Smallest cell edge in px: below it the grid scrolls instead of shrinking. */
const MIN_CELL = 24;
const MAX_CELL = 64;
/** The most classes drawn as a grid (MAX_GRID² cells). */
const MAX_GRID = 150;

/** @param {CmResult} r */
export function rowCount(r) {
  if (typeof r.count === 'number') return r.count;
  return r.matrix.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/** Keyboard cursor per chart element, kept across redraws. @type {WeakMap<HTMLElement, Cell | null>} */
const cursors = new WeakMap();

/**
 * How the grid fits a width: cell size, label room, and whether it scrolls.
 * @param {string[]} names @param {number} width
 */
export function gridLayout(names, width) {
  const k = names.length;
  const longest = largest(names.map((n) => n.length), 1);
  const rowLabels = Math.min(140, 16 + 7 * longest); // the y axis' labels
  const room = width - rowLabels - 40; // 40: the row title and padding
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(room / k)));
  const tilt = 6.2 * longest + 6 > cell; // column labels (11px) do not fit flat
  return { cell, rowLabels, tilt, scrolls: cell * k > room };
}

/**
 * The Vega-Lite spec of the heat map.
 * @param {CmResult} result @param {string} truth @param {string} pred
 * @param {Cell | null} chosen @param {Cell | null} cursor @param {number} width
 */
export function matrixSpec(result, truth, pred, chosen, cursor, width) {
  const names = uniqueLabels(result.labels);
  const max = largest(result.matrix.flat(), 1);
  const { cell, rowLabels, tilt } = gridLayout(names, width);
  const same = (/** @type {Cell | null} */ c, /** @type {number} */ i, /** @type {number} */ j) => c !== null && c[0] === i && c[1] === j;
  const values = result.matrix.flatMap((row, i) => row.map((n, j) => ({
    t: i, p: j, tn: names[i], pn: names[j], n, shade: 0.06 + 0.94 * (n / max), diag: i === j, dark: n / max > 0.5, zero: n === 0,
    sel: same(chosen, i, j), dim: chosen !== null && !same(chosen, i, j), cur: same(cursor, i, j),
    desc: `true ${names[i]}, predicted ${names[j]}: ${nRows(n)}${same(chosen, i, j) ? ', selected' : ''}`,
  })));
  const digits = fmt(max).length;
  const fontSize = cell >= 40 ? 12 : 10.5;
  const showCounts = digits * fontSize * 0.62 + 6 <= cell;
  const x = {
    field: 'pn', type: 'nominal', sort: { field: 'p', op: 'min' }, title: `${pred} (predicted)`,
    axis: {
      orient: 'top', labelAngle: tilt ? -45 : 0, labelAlign: tilt ? 'left' : 'center', labelLimit: 110,
      labelFontSize: 11, ticks: false, domain: false,
    },
  };
  const y = {
    field: 'tn', type: 'nominal', sort: { field: 't', op: 'min' }, title: `${truth} (true)`,
    axis: { labelLimit: rowLabels - 16, labelFontSize: 11, ticks: false, domain: false },
  };
  /** @type {any[]} */
  const layers = [{
    name: 'cells',
    mark: { type: 'rect', cursor: 'pointer', stroke: '#fff', strokeWidth: 2 },
    params: [{ name: 'pick', select: { type: 'point', fields: ['t', 'p'], clear: false }, ...(chosen ? { value: [{ t: chosen[0], p: chosen[1] }] } : {}) }],
    encoding: {
      x, y,
      color: { condition: { test: 'datum.diag', value: BLUE }, value: ORANGE },
      // Shaded by count in the data (not a scale over it), so new counts redraw in the same view.
      fillOpacity: { field: 'shade', type: 'quantitative', scale: null, legend: null },
      opacity: { condition: { test: 'datum.dim', value: 0.45 }, value: 1 },
      description: { field: 'desc' },
      tooltip: [
        { field: 'tn', type: 'nominal', title: 'true' },
        { field: 'pn', type: 'nominal', title: 'predicted' },
        { field: 'n', type: 'quantitative', title: 'rows', format: ',' },
      ],
    },
  }, {
    name: 'chosen', transform: [{ filter: 'datum.sel' }],
    mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 3, aria: false },
    encoding: { x, y },
  }, {
    name: 'cursor', transform: [{ filter: 'datum.cur' }],
    mark: { type: 'rect', fill: null, stroke: BLUE, strokeWidth: 2, strokeDash: [4, 2], aria: false },
    encoding: { x, y },
  }];
  if (showCounts) {
    layers.push({
      name: 'counts', mark: { type: 'text', fontSize, aria: false },
      encoding: {
        x, y, text: { field: 'n', type: 'quantitative', format: ',' },
        // Zeros in a light grey, so the counts that matter stand out.
        color: { condition: [{ test: 'datum.dark', value: '#ffffff' }, { test: 'datum.zero', value: '#a7aebb' }], value: INK },
      },
    });
  }
  return {
    description: `Confusion matrix: rows are ${truth}, columns are ${pred}`,
    width: { step: cell }, height: { step: cell },
    data: { values }, layer: layers,
  };
}

/** Per-class precision, recall, F1 and support, with the averages and accuracy. @param {CmResult} result */
function metricsTable(result) {
  const metricRow = (/** @type {string} */ name, /** @type {Avg} */ m, /** @type {number | string} */ support, cls = '') =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, name), h('td', { class: 'num' }, fmt3(m.precision)),
      h('td', { class: 'num' }, fmt3(m.recall)), h('td', { class: 'num' }, fmt3(m.f1)), h('td', { class: 'num' }, support));
  const total = result.per_class.reduce((a, c) => a + c.support, 0);
  return h('table', { class: 'data-table cm-metrics' },
    h('thead', {}, h('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
    h('tbody', {},
      result.per_class.map((c) => metricRow(label(c.label), c, fmt(c.support))),
      metricRow('macro avg', result.macro, fmt(total), 'avg first-avg'),
      metricRow('weighted avg', result.weighted, fmt(total), 'avg'),
      h('tr', { class: 'avg accuracy' }, h('th', { scope: 'row' }, 'accuracy'), h('td', { class: 'num', colspan: 3 }, fmt3(result.accuracy)),
        h('td', { class: 'num' }, fmt(total)))));
}

/**
 * @param {HTMLElement} element @param {CmResult} result @param {any} config @param {Api} api
 */
export function render(element, result, config, api) {
  const { label: truth, prediction: pred } = result; // the columns the engine counted
  const labels = result.labels;
  const k = labels.length;
  if (k > MAX_GRID) {
    // A grid of k² cells this large cannot be read or drawn in time; the table can.
    noChart(element, `${fmt(k)} classes are too many for a grid (it draws at most ${MAX_GRID}); each class is in the table below.`);
    element.append(metricsTable(result));
    return;
  }
  const own = api.selection();
  /** @type {Cell | null} */
  let chosen = null;
  if (own && Array.isArray(own.and) && own.and.length === 2) {
    const i = labels.findIndex((v) => v === own.and[0].in[0]);
    const j = labels.findIndex((v) => v === own.and[1].in[0]);
    if (i >= 0 && j >= 0) chosen = [i, j];
  }
  let cursor = cursors.get(element) || null;
  if (cursor && (cursor[0] >= k || cursor[1] >= k)) cursor = null;

  /** @param {Cell | null} next */
  const commit = (next) => {
    chosen = next;
    api.select(next && truth && pred ? { and: [{ field: truth, in: [labels[next[0]]] }, { field: pred, in: [labels[next[1]]] }] } : null);
    redraw();
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (!k) return;
    const at = cursor || chosen || [0, 0];
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      cursor = at;
      cursors.set(element, cursor);
      return commit(chosen && chosen[0] === at[0] && chosen[1] === at[1] ? null : at);
    }
    const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (!step) return;
    e.preventDefault();
    const clamp = (/** @type {number} */ v) => Math.max(0, Math.min(k - 1, v));
    cursor = cursor ? [clamp(at[0] + step[0]), clamp(at[1] + step[1])] : at;
    cursors.set(element, cursor);
    redraw();
  };

  const frame = chartFrame(element, 'confusion-matrix',
    `Confusion matrix of ${truth} (rows) against ${pred} (columns), ${k} classes. ` +
    'Arrow keys move between cells, Enter selects the rows of a cell, Escape clears.', onKey);
  const width = Math.max(240, contentWidth(element, 400));
  const cellSize = gridLayout(uniqueLabels(labels), width).cell;
  /** A click picks a cell (the point param): it becomes this component's selection. @param {Event} _ @param {any} view */
  const onClick = async (_, view) => {
    await view.runAsync();
    const picked = /** @type {{t?: unknown[], p?: unknown[]}} */ (view.signal('pick') || {});
    const t = (picked.t || [])[0], p = (picked.p || [])[0];
    if (!Number.isInteger(t) || !Number.isInteger(p)) return redraw(true); // a click on no cell: the param starts again from the clause
    const cell = /** @type {Cell} */ ([t, p]);
    cursor = null;
    cursors.delete(element);
    commit(chosen && chosen[0] === cell[0] && chosen[1] === cell[1] ? null : cell);
  };
  /** @param {boolean} [fresh] a new view, not new data in the one drawn @returns {Promise<unknown>} settled once drawn */
  const redraw = (fresh = false) => {
    return draw(frame.target, matrixSpec(result, truth, pred, chosen, cursor, width),
      { fileName: `confusion-matrix-${truth}-${pred}`, passThrough: ['chosen_marks', 'counts_marks', 'cursor_marks'], onClick, fresh })
      .then((view) => {
        showOverflow(frame.target);
        if (cursor) keepInView(frame.target, view.origin()[0] + cursor[1] * cellSize, cellSize);
      })
      .catch((e) => console.warn('confusion-matrix: drawing failed', e));
  };
  const drawn = redraw();

  const metrics = metricsTable(result);
  frame.caption.replaceChildren(
    h('p', { class: 'chart-note scroll-note', hidden: true }, `scroll → for all ${k} classes`),
    result.missing ? h('p', { class: 'chart-note' }, `${nRows(result.missing)} with a missing label or prediction are left out`) : '');
  frame.notes.replaceChildren(metrics);
  return drawn;
}

/**
 * When the grid is wider than its card, say so: a note and a shadow on the
 * edge that hides columns (updated as it scrolls).
 * @param {HTMLElement} target
 */
function showOverflow(target) {
  const box = /** @type {HTMLElement} */ (target.closest('.chart-box'));
  const stage = /** @type {HTMLElement} */ (target.parentElement);
  const note = /** @type {HTMLElement | null} */ (box.querySelector('.scroll-note'));
  const update = () => {
    const hidden = target.scrollWidth - target.clientWidth;
    stage.classList.toggle('more-right', hidden > 1 && target.scrollLeft < hidden - 1);
    stage.classList.toggle('more-left', target.scrollLeft > 1);
    if (note) note.hidden = hidden <= 1;
  };
  target.onscroll = update;
  update();
}


/** Scroll `target` sideways so [x, x + size] shows. @param {HTMLElement} target @param {number} x @param {number} size */
function keepInView(target, x, size) {
  if (x < target.scrollLeft) target.scrollLeft = x - 8;
  else if (x + size > target.scrollLeft + target.clientWidth) target.scrollLeft = x + size - target.clientWidth + 8;
}
