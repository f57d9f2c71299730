// embedding/view.js — the rows in two dimensions (PCA or UMAP) as one Vega-Lite chart (web/vega.js):
// points coloured by the label, the prediction or whether they differ (error), or, for
// more rows than the kernel's max_points, a density of cells (shade: count; colour: the
// cell's most frequent value, or its error share).
// A select above the chart switches the method (api.configure({method})).
// A brush (an interval param on x and y) selects, on release, the rows inside it as
// {rows: [ids]}: a box in a derived space is not a column predicate, the row ids are exact.
// The "Lasso" button turns the drag into a free polygon (lasso.js), selected the same way.
// Points: the ids come from the result's points. Density: the view asks the engine for
// the rows in the box (api.request({box})), at most 20,000 of them; a wider box is refused
// with a note. A click without a drag clears.
// The chart is one tab stop: arrow keys move a box cursor over a 10 x 10 grid on the
// map, Shift+arrows extend the box, Enter/Space selects the rows in it, Escape (the
// card's) clears.
// Data reaches the chart under fixed keys (x, y, c, n, ...); colour values are data
// (a nominal field), never text in an expression.

import { h, fmt, label, largest } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, onBrushEnd, dispose as disposeCharts } from '../../web/vega.js';
import { attachLasso, rowsInPolygon } from './lasso.js';

/** @typedef {{i: number, j: number, count: number, top?: unknown, top_count?: number, errors?: number, judged?: number}} Cell */
/** @typedef {{x: [number, number], y: [number, number], grid: number, cells: Cell[]}} Density */
/**
 * @typedef {{method: string, fields: string[], embedding?: string, components?: number[][], count: number, missing: number, explained_variance_ratio?: (number | null)[],
 *   color: string, rows?: number[], points?: [number, number][], values?: unknown[], density?: Density,
 *   box_rows?: number[] | null, box_count?: number, lasso_rows?: number[] | null, lasso_count?: number, sampled_out?: number,
 *   umap?: {n_neighbors: number, min_dist: number, epochs: number, seed: number, edges: number, knn_exact: boolean}}} EmbeddingResult
 */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>,
 *   request: (patch: object) => Promise<any>, configure?: (patch: Record<string, unknown>) => void}} Api */
/** @typedef {{x: [number, number], y: [number, number]}} Box */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

/** `box` and `lasso` are the brush's and the lasso's questions to the engine (api.request), not settings. */
export const hiddenSettings = ['box', 'lasso'];

const INK = '#1d2433', ACCENT = '#2f6fde', BLUE = '#2f6fde', RED = '#d1493f', GREY = '#9aa3b5';
const PALETTE = ['#2f6fde', '#e87c28', '#2a9d6f', '#c0437a', '#7b5cc4', '#b58a12', '#3aa5c4', '#6b7385', '#8c564b', '#e15759'];
/** The keyboard's grid: cells per side. */
const KEY_GRID = 10;

/** @param {EmbeddingResult} r */
export function rowCount(r) {
  return r.count + r.missing + (r.sampled_out || 0);
}

/** The axes' titles: the components with their share of the variance, or the map's axes. @param {EmbeddingResult} r */
export function axisTitles(r) {
  if (r.method === 'umap') return ['UMAP 1', 'UMAP 2'];
  const ratio = r.explained_variance_ratio || [];
  return [`PC1 (${pct(ratio[0])} of the variance)`, `PC2 (${pct(ratio[1])})`];
}

/** The method as the page names it. @param {EmbeddingResult} r */
const methodName = (r) => (r.method === 'umap' ? 'UMAP' : 'PCA');

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;
/** @param {number | null | undefined} v */
const pct = (v) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '–');

/** A colour value as the legend shows it. @param {string} by @param {unknown} v */
export function colourText(by, v) {
  if (by === 'error') return v === true ? 'error' : v === false ? 'correct' : 'unknown';
  return v === null || v === undefined ? '(missing)' : label(v);
}

/** The rows of the points inside box (closed), in row order. @param {EmbeddingResult} r @param {Box} box */
export function rowsInBox(r, box) {
  const out = [];
  const pts = r.points || [], ids = r.rows || [];
  for (let k = 0; k < pts.length; k++) {
    const [x, y] = pts[k];
    if (x >= box.x[0] && x <= box.x[1] && y >= box.y[0] && y <= box.y[1]) out.push(ids[k]);
  }
  return out;
}

/** The map's extents: the points', or the density's. @param {EmbeddingResult} r @returns {Box} */
export function extentOf(r) {
  if (r.density) return { x: r.density.x, y: r.density.y };
  const pts = r.points || [];
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  return { x: [Math.min(...xs), Math.max(...xs)], y: [Math.min(...ys), Math.max(...ys)] };
}

/**
 * The Vega-Lite spec: points or density cells, with the brush.
 * @param {EmbeddingResult} r @param {Set<number> | null} selected @param {Box | null} box @param {number} width
 */
export function embeddingSpec(r, selected, box, width) {
  const by = r.color;
  const [titleX, titleY] = axisTitles(r);
  const side = Math.max(200, Math.min(width - 150, 420));
  const ext = extentOf(r);
  const pad = (/** @type {[number, number]} */ e) => { const m = (e[1] - e[0]) * 0.03 || 0.5; return [e[0] - m, e[1] + m]; };
  const x = { field: 'x', type: 'quantitative', title: titleX, scale: { domain: pad(ext.x), nice: false, zero: false }, axis: { grid: false, tickCount: 5 } };
  const y = { field: 'y', type: 'quantitative', title: titleY, scale: { domain: pad(ext.y), nice: false, zero: false }, axis: { grid: false, tickCount: 5 } };
  const brush = {
    name: 'brush',
    ...(box ? { value: { x: box.x, y: box.y } } : {}),
    select: {
      type: 'interval', encodings: ['x', 'y'], clear: false, translate: false, zoom: false,
      mark: { fill: ACCENT, fillOpacity: 0.08, stroke: INK, strokeOpacity: 0.8, strokeDash: [3, 2] },
    },
  };
  /** @type {any} */
  let layer, values;
  if (r.points) {
    const pts = r.points, ids = r.rows || [], vals = r.values || [];
    values = pts.map((p, k) => ({
      x: p[0], y: p[1], row: ids[k], c: by === 'none' ? 'row' : colourText(by, vals[k]),
      dim: selected !== null && !selected.has(ids[k]),
    }));
    const domain = by === 'error' ? ['correct', 'error', 'unknown'] : [...new Set(values.map((v) => v.c))].sort();
    const range = by === 'error' ? [BLUE, RED, GREY] : domain.map((_, k) => PALETTE[k % PALETTE.length]);
    layer = {
      name: 'points', mark: { type: 'circle', size: pts.length > 2000 ? 12 : 22, cursor: 'crosshair' },
      params: [brush],
      encoding: {
        x, y,
        color: { field: 'c', type: 'nominal', title: by === 'none' ? null : by, scale: { domain, range }, legend: by === 'none' ? null : { symbolLimit: 20 } },
        opacity: { condition: { test: 'datum.dim', value: 0.12 }, value: 0.75 },
        tooltip: [
          { field: 'row', type: 'quantitative', title: 'row' },
          { field: 'c', type: 'nominal', title: 'colour' },
          { field: 'x', type: 'quantitative', title: titleX.split(' (')[0], format: '.4~g' },
          { field: 'y', type: 'quantitative', title: titleY.split(' (')[0], format: '.4~g' },
        ],
      },
    };
  } else {
    const den = /** @type {Density} */ (r.density);
    const g = den.grid, dx = (den.x[1] - den.x[0]) / g, dy = (den.y[1] - den.y[0]) / g;
    const max = largest(den.cells.map((c) => c.count), 1);
    values = den.cells.map((c) => ({
      x: den.x[0] + c.i * dx, x2: den.x[0] + (c.i + 1) * dx, y: den.y[0] + c.j * dy, y2: den.y[0] + (c.j + 1) * dy, n: c.count,
      shade: 0.2 + 0.8 * Math.log1p(c.count) / Math.log1p(max),
      c: by === 'error' ? (c.judged ? (c.errors || 0) / c.judged : 0) : by === 'none' ? 'rows' : colourText(by, c.top),
    }));
    const colour = by === 'error'
      ? { field: 'c', type: 'quantitative', title: 'error share', scale: { domain: [0, 1], range: [BLUE, RED] }, legend: { format: '.0%' } }
      : { field: 'c', type: 'nominal', title: by === 'none' ? null : `most frequent ${by}`, legend: by === 'none' ? null : { symbolLimit: 20 },
        scale: { range: PALETTE } };
    layer = {
      name: 'cells', mark: { type: 'rect', cursor: 'crosshair' }, params: [brush],
      encoding: {
        x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: colour,
        fillOpacity: { field: 'shade', type: 'quantitative', scale: null, legend: null },
        tooltip: [{ field: 'n', type: 'quantitative', title: 'rows', format: ',' },
          { field: 'c', type: by === 'error' ? 'quantitative' : 'nominal', title: by === 'error' ? 'error share' : 'most frequent', ...(by === 'error' ? { format: '.1%' } : {}) }],
      },
    };
  }
  return {
    description: `${methodName(r)} map of ${r.fields.length} columns`,
    width: side, height: side, data: { values }, layer: [layer],
  };
}

/** A select of the method: choosing one reconfigures the card. @param {EmbeddingResult} r @param {Api} api */
function methodPicker(r, api) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { 'data-role': 'embedding-method', 'aria-label': 'Map' },
    h('option', { value: 'pca' }, 'PCA (linear)'), h('option', { value: 'umap' }, 'UMAP (neighbours)')));
  select.value = r.method === 'umap' ? 'umap' : 'pca';
  select.disabled = !api.configure;
  select.addEventListener('change', () => { if (api.configure) api.configure({ method: select.value }); });
  return h('label', { class: 'chart-note embedding-method' }, 'Map: ', select);
}

/** Keyboard cursor and anchor, and whether the lasso is on, per chart element, kept across redraws.
 * @type {WeakMap<HTMLElement, {cur: [number, number] | null, anchor: [number, number] | null, lasso: boolean}>} */
const keyboard = new WeakMap();

/**
 * @param {HTMLElement} element @param {EmbeddingResult} result @param {any} config @param {Api} api
 */
export function render(element, result, config, api) {
  if (!result.count || (!result.points?.length && !result.density)) return noChart(element, 'No rows with every field present.');
  const sel = api.selection();
  let selected = sel && Array.isArray(sel.rows) ? new Set(/** @type {number[]} */ (sel.rows)) : null;
  let keys = keyboard.get(element);
  if (!keys) keyboard.set(element, keys = { cur: null, anchor: null, lasso: false });
  const k = keys;
  const ext = extentOf(result);
  /** The keyboard grid's cell (i, j) as a box in map coordinates. @param {number} i @param {number} j */
  const cellBox = (i, j) => {
    const wx = (ext.x[1] - ext.x[0]) / KEY_GRID, wy = (ext.y[1] - ext.y[0]) / KEY_GRID;
    return { x0: ext.x[0] + i * wx, y0: ext.y[0] + j * wy, wx, wy };
  };
  /** @type {Box | null} */
  let box = null;
  const note = h('p', { class: 'chart-note', 'data-role': 'brush-note' });

  /** Select the rows in box b (null: clear), then redraw. @param {Box | null} b */
  const commit = async (b) => {
    box = b;
    note.textContent = '';
    if (!b) {
      selected = null;
      api.select(null);
    } else if (result.points) {
      const rows = rowsInBox(result, b);
      selected = rows.length ? new Set(rows) : null;
      api.select(rows.length ? { rows } : null);
    } else {
      const got = /** @type {EmbeddingResult} */ (await api.request({ box: b }));
      if (got.box_rows === null || got.box_rows === undefined) {
        note.textContent = `${nRows(got.box_count || 0)} in the box: at most 20,000 can be selected; draw a smaller box.`;
        return;
      }
      api.select(got.box_rows.length ? { rows: got.box_rows } : null);
    }
    await api.settled();
    redraw();
  };
  /** Select the rows inside polygon poly, then redraw. @param {[number, number][]} poly */
  const commitLasso = async (poly) => {
    box = null;
    note.textContent = '';
    if (result.points) {
      const rows = rowsInPolygon(result, poly);
      selected = rows.length ? new Set(rows) : null;
      api.select(rows.length ? { rows } : null);
    } else {
      const got = /** @type {EmbeddingResult} */ (await api.request({ lasso: poly }));
      if (got.lasso_rows === null || got.lasso_rows === undefined) {
        note.textContent = `${nRows(got.lasso_count || 0)} in the lasso: at most 20,000 can be selected; draw a smaller one.`;
        return;
      }
      api.select(got.lasso_rows.length ? { rows: got.lasso_rows } : null);
    }
    await api.settled();
    redraw();
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = k.cur;
    if ((e.key === 'Enter' || e.key === ' ') && at) {
      e.preventDefault();
      const a = k.anchor || at;
      const lo = cellBox(Math.min(a[0], at[0]), Math.min(a[1], at[1])), hi = cellBox(Math.max(a[0], at[0]), Math.max(a[1], at[1]));
      commit({ x: [lo.x0, hi.x0 + hi.wx], y: [lo.y0, hi.y0 + hi.wy] });
      return;
    }
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] }[e.key];
    if (!step) return;
    e.preventDefault();
    const clamp = (/** @type {number} */ v) => Math.max(0, Math.min(KEY_GRID - 1, v));
    /** @type {[number, number]} */
    const next = at ? [clamp(at[0] + step[0]), clamp(at[1] + step[1])] : [0, 0];
    if (!e.shiftKey || !k.anchor) k.anchor = next;
    k.cur = next;
    const a = k.anchor, lo = cellBox(Math.min(a[0], next[0]), Math.min(a[1], next[1])), hi = cellBox(Math.max(a[0], next[0]), Math.max(a[1], next[1]));
    box = { x: [lo.x0, hi.x0 + hi.wx], y: [lo.y0, hi.y0 + hi.wy] };
    note.textContent = 'Enter selects the rows in the box.';
    redraw();
  };

  const ratio = result.explained_variance_ratio || [];
  const frame = chartFrame(element, result.points ? 'embedding-points' : 'embedding-density',
    `${methodName(result)} map of ${result.fields.length === 1 ? `the vector ${result.fields[0]}` : `${result.fields.length} columns`}, ${result.points ? `${nRows(result.points.length)} as points` : 'as a density'}` +
    `${result.color === 'none' ? '' : `, coloured by ${result.color}`}. ` +
    'Arrow keys move a box, Shift+arrows extend it, Enter selects the rows in it, Escape clears.', onKey);
  const width = Math.max(300, contentWidth(element, 520));

  const redraw = () => draw(frame.target, embeddingSpec(result, selected, box, width),
    { fileName: `embedding-${result.method}`, passThrough: ['brush_brush'] })
    .catch((err) => console.warn('embedding: drawing failed', err));

  attachLasso(frame.target, { on: () => k.lasso, done: (poly) => { commitLasso(poly); } });
  const lassoButton = h('button', { type: 'button', class: 'embedding-lasso', 'data-role': 'embedding-lasso', 'aria-pressed': String(k.lasso),
    title: 'Draw a free shape around points to select them (instead of a box)' }, 'Lasso');
  lassoButton.addEventListener('click', () => {
    k.lasso = !k.lasso;
    lassoButton.setAttribute('aria-pressed', String(k.lasso));
  });

  onBrushEnd(frame.target, (got, clicked) => {
    k.cur = null;
    k.anchor = null;
    if (clicked || !got) return commit(null);
    const [xr, yr] = got;
    commit({ x: [Math.min(xr[0], xr[1]), Math.max(xr[0], xr[1])], y: [Math.min(yr[0], yr[1]), Math.max(yr[0], yr[1])] });
  });

  // a vector column is one field of many numbers; numbered columns are listed
  const dim = result.components?.[0]?.length ?? result.fields.length;
  const notes = [result.fields.length === 1 && dim > 1 ? `the vector ${result.fields[0]} (${dim} numbers a row)`
    : `${result.embedding ? `the embedding ${result.embedding}: ` : ''}${result.fields.length} columns (${result.fields.slice(0, 3).join(', ')}${result.fields.length > 3 ? ', …' : ''})`,
  `${nRows(result.count)}`];
  if (result.missing) notes.push(`${nRows(result.missing)} with a missing value left out`);
  if (result.sampled_out) notes.push(`${nRows(result.sampled_out)} left out: at most ${fmt(result.count)} are mapped (max_rows)`);
  if (result.density) notes.push(`a density: more rows than ${fmt(config?.max_points ?? 5000)} points`);
  if (result.umap) {
    const u = result.umap;
    notes.push(`UMAP: ${u.n_neighbors} neighbours, min_dist ${u.min_dist}, ${u.epochs} epochs, seed ${u.seed}` +
      `${u.knn_exact ? '' : ', approximate neighbours'}`);
  } else notes.push(`PC1 + PC2: ${pct((ratio[0] || 0) + (ratio[1] || 0))} of the variance`);
  frame.caption.replaceChildren(h('div', { class: 'embedding-tools' }, methodPicker(result, api), lassoButton),
    h('p', { class: 'chart-note' }, notes.join(' · ')), note);
  return redraw();
}
