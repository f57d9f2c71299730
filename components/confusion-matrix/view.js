// confusion-matrix/view.js — the heat map as a Vega-Lite chart (web/vega.js)
// over the kernel's bounded "grid": rows are the true label, columns the
// prediction; a row or column is a class, a collapsed group of classes (their
// cells summed), or "other" (the least confused classes beyond the config's
// top). Cells are shaded and labelled by count, or by share when the config
// normalises (row, column, all); the diagonal blue, errors orange. A click on
// a cell (a point param) selects the rows whose label is among the row's
// classes and whose prediction is among the column's; a click on the selected
// cell clears it. The grid is one tab stop: arrow keys move a highlighted cell,
// Enter/Space selects it, + expands the group under it, - collapses it, Escape
// (the card's) clears. The group buttons above the grid do the same by mouse;
// the expanded groups are the config's "expanded", so they travel in the link.
// Cells size to the card; when they cannot fit, the grid scrolls sideways and
// says so. Below it, the per-class precision / recall / F1 / support table with
// macro and weighted averages and accuracy (DOM), every class however many.

import { h, fmt, fmt3, label, largest, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, dispose as disposeCharts } from '../../web/vega.js';
import { axisNames, cellClause, cellOf, fullName, groupOf, groupsIn, share, shareOf } from './grid.js';

/** @typedef {{precision: number, recall: number, f1: number}} Avg */
/** @typedef {import('./grid.js').Entry} Entry */
/** @typedef {import('./grid.js').Grid} Grid */
/** @typedef {{labels: unknown[], matrix: number[][] | null, accuracy: number, count?: number, missing?: number, label: string, prediction: string,
 *   per_class: ({label: unknown, support: number, group?: string} & Avg)[], macro: Avg, weighted: Avg, grid?: Grid}} CmResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, columns: () => {name: string, role: string}[],
 *   configure: (patch: Record<string, unknown>) => void}} Api */
/** @typedef {[number, number]} Cell [row index, column index] in the grid */

const BLUE = '#2f6fde', ORANGE = '#e87c28', INK = '#1d2433';
/** Smallest cell edge in px: below it the grid scrolls instead of shrinking. */
const MIN_CELL = 24;
const MAX_CELL = 64;
/** Above this many classes the per-class table scrolls in its own box. */
const LONG_TABLE = 30;
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** The expanded state is view state: kept in the config (and the link), not in the settings form. */
export const hiddenSettings = ['expanded'];

/** @param {CmResult} r */
export function rowCount(r) {
  if (typeof r.count === 'number') return r.count;
  return (r.matrix || []).reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/** Keyboard cursor per chart element, kept across redraws. @type {WeakMap<HTMLElement, Cell | null>} */
const cursors = new WeakMap();
/** The group button that had focus when its click changed the config: focused again once redrawn. @type {WeakMap<HTMLElement, string>} */
const focusedGroup = new WeakMap();

/**
 * The grid of a result: the kernel's, or one class per label over "matrix" (a result
 * from before the grid).
 * @param {CmResult} result @returns {Grid}
 */
export function gridOf(result) {
  if (result.grid) return result.grid;
  return { entries: result.labels.map((l) => ({ kind: /** @type {const} */ ('class'), label: l })), counts: result.matrix || [] };
}

/**
 * How the grid fits a width: cell size, label room, and whether it scrolls.
 * @param {string[]} names @param {number} width
 */
export function gridLayout(names, width) {
  const k = names.length;
  const longest = largest(names.map((n) => n.length), 1);
  const rowLabels = Math.min(150, 16 + 7 * longest); // the y axis' labels
  const room = width - rowLabels - 40; // 40: the row title and padding
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(room / Math.max(k, 1))));
  const tilt = 6.2 * longest + 6 > cell; // column labels (11px) do not fit flat
  return { cell, rowLabels, tilt, scrolls: cell * k > room };
}

/**
 * The Vega-Lite spec of the heat map.
 * @param {CmResult} result @param {string} truth @param {string} pred
 * @param {Cell | null} chosen @param {Cell | null} cursor @param {number} width
 * @param {{normalize?: string, group_separator?: string}} [config]
 */
export function matrixSpec(result, truth, pred, chosen, cursor, width, config = {}) {
  const grid = gridOf(result);
  const mode = config.normalize && config.normalize !== 'none' && grid.values ? config.normalize : 'none';
  const shown = mode === 'none' ? grid.counts : /** @type {number[][]} */ (grid.values);
  const names = axisNames(grid.entries, config.group_separator || '');
  const full = uniqueLabels(grid.entries.map(fullName));
  // "other" (hundreds of classes summed) would outshine every other cell: the shading and
  // the room for text follow the largest cell outside its row and column.
  const other = grid.entries.findIndex((e) => e.kind === 'other');
  const own = (/** @type {number} */ i, /** @type {number} */ j) => other < 0 || (i !== other && j !== other) || grid.entries.length === 1;
  const max = largest(shown.flatMap((row, i) => row.filter((_, j) => own(i, j))), mode === 'none' ? 1 : Number.MIN_VALUE);
  const { cell, rowLabels, tilt } = gridLayout(names, width);
  // Room for the widest text the cells can hold, from the largest value (not the data's shape).
  const widest = mode === 'none' ? fmt(largest(grid.counts.flatMap((row, i) => row.filter((_, j) => own(i, j))), 1)).length : 5; // '<0.1%'
  const fontSize = cell >= 40 ? 12 : 10.5;
  const showCounts = widest * fontSize * 0.62 + 6 <= cell;
  /** The text of a cell: "other"'s counts shortened (3.3K) to fit, or left out. @param {number} v */
  const text = (v) => {
    if (mode !== 'none') return share(v);
    const plain = fmt(v);
    if (plain.length <= widest) return plain;
    const short = COMPACT.format(v);
    return short.length <= widest ? short : '';
  };
  const same = (/** @type {Cell | null} */ c, /** @type {number} */ i, /** @type {number} */ j) => c !== null && c[0] === i && c[1] === j;
  const values = grid.counts.flatMap((row, i) => row.map((n, j) => {
    const v = shown[i][j];
    const part = mode === 'none' ? '' : `, ${share(v)} ${shareOf(mode, full[i], full[j])}`;
    const level = Math.min(1, v / max);
    return {
      t: i, p: j, tn: names[i], pn: names[j], ft: full[i], fp: full[j], n, txt: text(v), pct: part ? share(v) : '',
      shade: 0.06 + 0.94 * level, diag: i === j, dark: level > 0.5, zero: n === 0,
      sel: same(chosen, i, j), dim: chosen !== null && !same(chosen, i, j), cur: same(cursor, i, j),
      desc: `true ${full[i]}, predicted ${full[j]}: ${nRows(n)}${part}${same(chosen, i, j) ? ', selected' : ''}`,
    };
  }));
  const x = {
    field: 'pn', type: 'nominal', sort: { field: 'p', op: 'min' }, title: `${pred} (predicted)`,
    axis: {
      orient: 'top', labelAngle: tilt ? -45 : 0, labelAlign: tilt ? 'left' : 'center', labelLimit: 120,
      labelFontSize: 11, ticks: false, domain: false,
    },
  };
  const y = {
    field: 'tn', type: 'nominal', sort: { field: 't', op: 'min' }, title: `${truth} (true)`,
    axis: { labelLimit: rowLabels - 16, labelFontSize: 11, ticks: false, domain: false },
  };
  /** @type {any[]} */
  const tooltip = [
    { field: 'ft', type: 'nominal', title: 'true' },
    { field: 'fp', type: 'nominal', title: 'predicted' },
    { field: 'n', type: 'quantitative', title: 'rows', format: ',' },
  ];
  if (mode !== 'none') tooltip.push({ field: 'pct', type: 'nominal', title: mode === 'row' ? 'of the true label' : mode === 'column' ? 'of the prediction' : 'of all rows' });
  /** @type {any[]} */
  const layers = [{
    name: 'cells',
    mark: { type: 'rect', cursor: 'pointer', stroke: '#fff', strokeWidth: 2 },
    params: [{ name: 'pick', select: { type: 'point', fields: ['t', 'p'], clear: false }, ...(chosen ? { value: [{ t: chosen[0], p: chosen[1] }] } : {}) }],
    encoding: {
      x, y,
      color: { condition: { test: 'datum.diag', value: BLUE }, value: ORANGE },
      // Shaded by the value in the data (not a scale over it), so new counts redraw in the same view.
      fillOpacity: { field: 'shade', type: 'quantitative', scale: null, legend: null },
      opacity: { condition: { test: 'datum.dim', value: 0.45 }, value: 1 },
      description: { field: 'desc' },
      tooltip,
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
        x, y, text: { field: 'txt', type: 'nominal' },
        // Zeros in a light grey, so the values that matter stand out.
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
  const grouped = result.per_class.some((c) => c.group !== undefined);
  const metricRow = (/** @type {string} */ name, /** @type {Avg} */ m, /** @type {number | string} */ support, cls = '', group = '') =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, name), grouped ? h('td', { class: 'cm-group-cell' }, group) : '',
      h('td', { class: 'num' }, fmt3(m.precision)), h('td', { class: 'num' }, fmt3(m.recall)), h('td', { class: 'num' }, fmt3(m.f1)),
      h('td', { class: 'num' }, support));
  const total = result.per_class.reduce((a, c) => a + c.support, 0);
  const heads = ['Class', ...(grouped ? ['Group'] : []), 'Precision', 'Recall', 'F1', 'Support'];
  const table = h('table', { class: 'data-table cm-metrics' },
    h('thead', {}, h('tr', {}, heads.map((t, i) => h('th', { scope: 'col', class: i > (grouped ? 1 : 0) ? 'num' : '' }, t)))),
    h('tbody', {},
      result.per_class.map((c) => metricRow(label(c.label), c, fmt(c.support), '', c.group || '')),
      metricRow('macro avg', result.macro, fmt(total), 'avg first-avg'),
      metricRow('weighted avg', result.weighted, fmt(total), 'avg'),
      h('tr', { class: 'avg accuracy' }, h('th', { scope: 'row' }, 'accuracy'), h('td', { class: 'num', colspan: grouped ? 4 : 3 }, fmt3(result.accuracy)),
        h('td', { class: 'num' }, fmt(total)))));
  if (result.per_class.length <= LONG_TABLE) return table;
  // Hundreds of classes: the table scrolls in its own box (a tab stop, so keys scroll it).
  return h('div', { class: 'table-scroll cm-table-scroll', tabindex: 0, role: 'region', 'aria-label': `Per-class metrics of ${fmt(result.per_class.length)} classes` }, table);
}

/**
 * The group buttons: each group in the grid, pressed when expanded; a click expands
 * or collapses it in place (the config's "expanded").
 * @param {Grid} grid @param {(name: string, open: boolean, fromButton: boolean) => void} toggle @param {(open: boolean) => void} all
 */
function groupBar(grid, toggle, all) {
  const groups = groupsIn(grid.entries);
  if (!groups.size) return '';
  const open = [...groups.values()].filter(Boolean).length;
  return h('div', { class: 'cm-groups', role: 'group', 'aria-label': 'Groups: expand or collapse' },
    h('span', { class: 'cm-groups-title' }, `${fmt(groups.size)} group${groups.size === 1 ? '' : 's'}`),
    [...groups].map(([name, expanded]) => h('button', {
      type: 'button', class: 'btn-small cm-group', 'aria-pressed': String(expanded),
      title: `${expanded ? 'Collapse' : 'Expand'} ${name}`, 'data-name': name, onclick: () => toggle(name, !expanded, true),
    }, `${expanded ? '▾' : '▸'} ${name}`)),
    open < groups.size ? h('button', { type: 'button', class: 'btn-small', 'data-action': 'expand-groups', onclick: () => all(true) }, 'Expand all') : '',
    open ? h('button', { type: 'button', class: 'btn-small', 'data-action': 'collapse-groups', onclick: () => all(false) }, 'Collapse all') : '');
}

/**
 * @param {HTMLElement} element @param {CmResult} result @param {any} config @param {Api} api
 */
export function render(element, result, config, api) {
  const { label: truth, prediction: pred } = result; // the columns the engine counted
  const grid = gridOf(result);
  const { entries } = grid;
  const k = entries.length;
  const expanded = Array.isArray(config.expanded) ? /** @type {string[]} */ (config.expanded) : [];
  let chosen = cellOf(api.selection(), truth, pred, entries);
  let cursor = cursors.get(element) || null;
  if (cursor && (cursor[0] >= k || cursor[1] >= k)) cursor = null;

  /** @param {Cell | null} next */
  const commit = (next) => {
    chosen = next;
    api.select(next && truth && pred ? cellClause(truth, pred, entries[next[0]], entries[next[1]]) : null);
    redraw();
  };
  /**
   * Expand or collapse a group in place: the config's "expanded" changes.
   * @param {string} name @param {boolean} open @param {boolean} [fromButton] its button keeps the focus
   */
  const toggle = (name, open, fromButton = false) => {
    if (fromButton) focusedGroup.set(element, name);
    const next = expanded.filter((g) => g !== name);
    if (open) next.push(name);
    api.configure({ expanded: next });
  };
  /** @param {boolean} open */
  const all = (open) => api.configure({ expanded: open ? [...groupsIn(entries).keys()] : [] });
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
    if (e.key === '+' || e.key === '-') {
      // The group of the cursor's row (or else its column): + expands it, - collapses it.
      const row = entries[at[0]], col = entries[at[1]];
      const open = e.key === '+';
      const pickGroup = (/** @type {Entry} */ en) => (open ? en.kind === 'group' : en.kind === 'class') ? groupOf(en) : null;
      const name = pickGroup(row) || pickGroup(col);
      if (!name) return;
      e.preventDefault();
      return toggle(name, open);
    }
    const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (!step) return;
    e.preventDefault();
    const clamp = (/** @type {number} */ v) => Math.max(0, Math.min(k - 1, v));
    cursor = cursor ? [clamp(at[0] + step[0]), clamp(at[1] + step[1])] : at;
    cursors.set(element, cursor);
    redraw();
  };

  const classes = result.labels.length;
  const hasGroups = groupsIn(entries).size > 0;
  const frame = chartFrame(element, 'confusion-matrix',
    `Confusion matrix of ${truth} (rows) against ${pred} (columns), ${fmt(classes)} classes` +
    (k !== classes ? ` in ${fmt(k)} rows and columns` : '') + '. Arrow keys move between cells, Enter selects the rows of a cell, ' +
    (hasGroups ? 'plus expands the group under the cursor, minus collapses it, ' : '') + 'Escape clears.', onKey);
  const width = Math.max(240, contentWidth(element, 400));
  const cellSize = gridLayout(axisNames(entries, config.group_separator || ''), width).cell;
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
    return draw(frame.target, matrixSpec(result, truth, pred, chosen, cursor, width, config),
      { fileName: `confusion-matrix-${truth}-${pred}`, passThrough: ['chosen_marks', 'counts_marks', 'cursor_marks'], onClick, fresh })
      .then((view) => {
        showOverflow(frame.target);
        if (cursor) keepInView(frame.target, view.origin()[0] + cursor[1] * cellSize, cellSize);
      })
      .catch((e) => console.warn('confusion-matrix: drawing failed', e));
  };
  const drawn = redraw();

  const other = entries.find((e) => e.kind === 'other');
  frame.caption.replaceChildren(
    h('p', { class: 'chart-note scroll-note', hidden: true }, `scroll → for all ${k} ${k === classes ? 'classes' : 'rows and columns'}`),
    other && other.kind === 'other'
      ? h('p', { class: 'chart-note' }, `${fmt(other.classes.length)} less confused classes are summed as other; each class is in the table below`) : '',
    result.missing ? h('p', { class: 'chart-note' }, `${nRows(result.missing)} with a missing label or prediction are left out`) : '');
  frame.notes.replaceChildren(metricsTable(result));
  const bar = groupBar(grid, toggle, all);
  const old = element.querySelector(':scope > .cm-groups');
  if (old) old.remove();
  if (bar) element.prepend(bar);
  const refocus = focusedGroup.get(element);
  if (bar && refocus !== undefined) {
    focusedGroup.delete(element);
    const again = [...bar.querySelectorAll('button.cm-group')].find((b) => /** @type {HTMLElement} */ (b).dataset.name === refocus);
    if (again) /** @type {HTMLElement} */ (again).focus();
  }
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
