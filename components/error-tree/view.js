// error-tree/view.js — the error tree as an icicle (Vega-Lite, web/vega.js): the root
// (every row used) on top, each node a rectangle under its parent as wide as its
// share of the parent's rows, coloured by its error rate against the overall rate,
// labelled with the predicate that leads to it, its rows and its error rate. A click
// on a node selects its rows (the node's `filter`); a click on the selected node or
// the root clears. The chart is one tab stop: ↑ parent, ↓ left child, ← → the
// neighbour on the same level, each selecting the node reached; Enter / Space
// toggles; Escape (the card's) clears. Below, the leaves with the highest error
// rates with their whole paths, each row a tab stop (Enter selects).
// Data reaches the chart under fixed keys (key, x0, x1, ...): no name from the file
// is in a Vega expression or field reference; text reaches the DOM via textContent.

import { h, fmt, fmt3, label, plural } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{field: string, op?: '<=' | '>', value?: number, missing?: number, in?: unknown[]}} Predicate */
/**
 * @typedef {{id: number, parent: number | null, depth: number, children: number[], count: number, errors: number,
 *   error_rate: number | null, gini: number | null, split: {field: string, threshold?: number} | null,
 *   predicate: Predicate | null, filter: object | null}} TreeNode
 */
/**
 * @typedef {{label: string, prediction: string, features: string[], max_depth: number, min_samples_leaf: number,
 *   count: number, missing: number, errors: number, error_rate: number | null, nodes: TreeNode[]}} TreeResult
 */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */
/** @typedef {{x0: number, x1: number}} Span a node's share of the width, in [0, 1] */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

const INK = '#1d2433';
const LEVEL = 58; // px per level
/** Leaves listed under the chart. */
const LISTED = 8;

/** @param {TreeResult} r */
export function rowCount(r) {
  return r.count + r.missing;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** A threshold for people: 6 significant digits. @param {number} v */
const num = (v) => String(Number(v.toPrecision(6)));

/** A set of category values: "= a" or "∈ {a, b, …}". @param {unknown[]} values */
function valuesText(values) {
  if (values.length === 1) return `= ${label(values[0])}`;
  const shown = values.slice(0, 3).map(label).join(', ');
  return `∈ {${shown}${values.length > 3 ? `, … ${values.length - 3} more` : ''}}`;
}

/**
 * The predicate that leads to a node of `count` rows: "age ≤ 10.5", "age > 10.5 or
 * missing", "age missing" (when every row it leads to lacks a value).
 * @param {Predicate} p @param {number} [count]
 */
export function predicateText(p, count) {
  if (p.op === '<=') return `${p.field} ≤ ${num(/** @type {number} */ (p.value))}`;
  if (p.op === '>' && p.missing && p.missing === count) return `${p.field} missing`;
  if (p.op === '>') return `${p.field} > ${num(/** @type {number} */ (p.value))}${p.missing ? ' or missing' : ''}`;
  return `${p.field} ${valuesText(p.in || [])}`;
}

/**
 * A node's whole path, one condition per field in order of first use: a number's
 * bounds combine ("10.5 < age ≤ 56"; missing values stay only while no "≤" applies),
 * a category keeps its last, narrowest set.
 * @param {TreeResult} r @param {number} id
 */
export function pathText(r, id) {
  /** @type {TreeNode[]} */
  const path = [];
  for (let at = r.nodes[id]; at && at.predicate; at = r.nodes[/** @type {number} */ (at.parent)]) path.unshift(at);
  if (!path.length) return 'all rows';
  /** @type {Map<string, {lo?: number, hi?: number, missing: boolean, only?: boolean, in?: unknown[]}>} */
  const by = new Map();
  for (const node of path) {
    const p = /** @type {Predicate} */ (node.predicate);
    const c = by.get(p.field) || { missing: false };
    if (p.op === '>' && p.missing && p.missing === node.count) c.only = true; // the rows without a value, alone
    if (p.op === '<=') { c.hi = c.hi === undefined ? p.value : Math.min(c.hi, /** @type {number} */ (p.value)); c.missing = false; }
    else if (p.op === '>') { c.lo = c.lo === undefined ? p.value : Math.max(c.lo, /** @type {number} */ (p.value)); c.missing = c.hi === undefined && (c.missing || !!p.missing); }
    else c.in = p.in;
    by.set(p.field, c);
  }
  return [...by].map(([field, c]) => {
    if (c.in) return `${field} ${valuesText(c.in)}`;
    if (c.only) return `${field} missing`;
    const range = c.lo !== undefined && c.hi !== undefined ? `${num(c.lo)} < ${field} ≤ ${num(c.hi)}`
      : c.lo !== undefined ? `${field} > ${num(c.lo)}` : `${field} ≤ ${num(/** @type {number} */ (c.hi))}`;
    return c.missing ? `${range} or missing` : range;
  }).join(' AND ');
}

/** Each node's span: the root [0, 1], children splitting their parent's by rows. @param {TreeResult} r @returns {Span[]} */
export function layout(r) {
  /** @type {Span[]} */
  const spans = r.nodes.map(() => ({ x0: 0, x1: 1 }));
  for (const n of r.nodes) {
    let x = spans[n.id].x0;
    const w = spans[n.id].x1 - spans[n.id].x0;
    for (const c of n.children) {
      const share = n.count ? r.nodes[c].count / n.count : 0;
      spans[c] = { x0: x, x1: x + w * share };
      x += w * share;
    }
  }
  return spans;
}

/** The index of the node a selection selects (its filter), or -1. @param {TreeResult} r @param {unknown} sel */
export function chosenOf(r, sel) {
  if (!sel) return -1;
  const key = JSON.stringify(sel);
  return r.nodes.findIndex((n) => n.filter !== null && JSON.stringify(n.filter) === key);
}

/** Characters that fit `px` pixels at about 6.4 px a character. @param {number} px */
const room = (px) => Math.floor((px - 8) / 6.4);

/** Text that fits `px` pixels, cut with "…" (nothing when under 4 characters fit). @param {string} text @param {number} px */
function fit(text, px) {
  const n = room(px);
  if (n < 4) return '';
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** The first of `texts` that fits `px` pixels whole, or ''. @param {string[]} texts @param {number} px */
const firstFitting = (texts, px) => texts.find((t) => t.length <= room(px)) || '';

/**
 * The Vega-Lite spec of the icicle.
 * @param {TreeResult} r @param {number} chosen the selected node (-1 none) @param {number} cursor @param {number} width
 */
export function treeSpec(r, chosen, cursor, width) {
  const spans = layout(r);
  const levels = Math.max(...r.nodes.map((n) => n.depth)) + 1;
  const whole = r.error_rate ?? 0;
  const inside = (/** @type {number} */ id) => { // the chosen node and its descendants stay bright
    for (let at = r.nodes[id]; at; at = r.nodes[/** @type {number} */ (at.parent)]) if (at.id === chosen) return true;
    return false;
  };
  const values = r.nodes.map((n) => {
    const px = (spans[n.id].x1 - spans[n.id].x0) * width;
    const head = n.predicate ? predicateText(n.predicate, n.count) : 'all rows';
    const stats = firstFitting([`${fmt(n.count)} · ${fmt3(n.error_rate)}`, fmt(n.count)], px);
    return {
      key: n.id, x0: spans[n.id].x0, x1: spans[n.id].x1, y0: n.depth, y1: n.depth + 1,
      rate: n.error_rate ?? 0, sel: n.id === chosen, cur: n.id === cursor, dim: chosen > 0 && !inside(n.id),
      text: [fit(head, px), stats].filter(Boolean),
      path: pathText(r, n.id), rows: fmt(n.count), errs: `${fmt(n.errors)} (${fmt3(n.error_rate)})`,
      desc: `${pathText(r, n.id)}: ${plural(n.count, 'row')}, ${plural(n.errors, 'error')}, error rate ${fmt3(n.error_rate)}` +
        `${n.children.length ? '' : ' (leaf)'}${n.id === chosen ? ', selected' : ''}`,
    };
  });
  const x = { type: 'quantitative', scale: { domain: [0, 1], nice: false, zero: false }, axis: null };
  const y = { type: 'quantitative', scale: { domain: [0, levels], nice: false, zero: false, reverse: true }, axis: null };
  const box = { x: { ...x, field: 'x0' }, x2: { field: 'x1' }, y: { ...y, field: 'y0' }, y2: { field: 'y1' } };
  const outline = (/** @type {string} */ test, /** @type {object} */ mark) => ({
    transform: [{ filter: test }], mark: { type: 'rect', fill: null, aria: false, ...mark }, encoding: box,
  });
  return {
    description: `Error tree over ${r.count} rows: ${r.nodes.length} nodes`,
    width, height: LEVEL * levels, autosize: { type: 'fit-x', contains: 'padding' }, padding: 4,
    data: { values },
    layer: [{
      name: 'nodes',
      mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5, cursor: 'pointer' },
      encoding: {
        ...box,
        color: {
          field: 'rate', type: 'quantitative', title: 'error rate',
          scale: { domain: [0, whole, Math.max(1, whole)], range: ['#9cc3e6', '#f2f0ec', '#e4572e'], clamp: true },
          legend: { orient: 'top', direction: 'horizontal', gradientLength: Math.min(220, width / 2), format: '.0%', titleFontWeight: 500 },
        },
        opacity: { condition: { test: 'datum.dim', value: 0.35 }, value: 1 },
        description: { field: 'desc' },
        tooltip: [
          { field: 'path', type: 'nominal', title: 'node' }, // fixed titles: they become keys in a Vega expression
          { field: 'rows', type: 'nominal', title: 'rows' },
          { field: 'errs', type: 'nominal', title: 'errors' },
        ],
      },
    }, {
      name: 'labels',
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 5, dy: 6, fontSize: 11, lineHeight: 15, color: INK, aria: false },
      encoding: { x: { ...x, field: 'x0' }, y: { ...y, field: 'y0' }, text: { field: 'text' },
        opacity: { condition: { test: 'datum.dim', value: 0.45 }, value: 1 } },
    },
    outline('datum.sel', { stroke: '#2458c4', strokeWidth: 3 }),
    outline('datum.cur && !datum.sel', { stroke: INK, strokeWidth: 1.5, strokeDash: [4, 2] })],
  };
}

/** Keyboard cursor per chart element, kept across redraws. @type {WeakMap<HTMLElement, {cursor: number}>} */
const keyboard = new WeakMap();

/**
 * The node an arrow key leads to from `at`: ↑ parent, ↓ left child, ← → the
 * neighbour on the same level (in drawing order); -1 when none.
 * @param {TreeResult} r @param {number} at @param {string} key
 */
export function moveFrom(r, at, key) {
  const n = r.nodes[at];
  if (key === 'ArrowUp') return n.parent ?? -1;
  if (key === 'ArrowDown') return n.children.length ? n.children[0] : -1;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return -1;
  const spans = layout(r);
  const level = r.nodes.filter((m) => m.depth === n.depth).sort((a, b) => spans[a.id].x0 - spans[b.id].x0);
  const i = level.findIndex((m) => m.id === at) + (key === 'ArrowLeft' ? -1 : 1);
  return i >= 0 && i < level.length ? level[i].id : -1;
}

/** The leaves by error rate (then rows), the worst first. @param {TreeResult} r */
export function worstLeaves(r) {
  return r.nodes.filter((n) => !n.children.length && n.count > 0)
    .sort((a, b) => (b.error_rate ?? 0) - (a.error_rate ?? 0) || b.count - a.count || a.id - b.id);
}

/** @param {HTMLElement} element @param {TreeResult} r @param {unknown} _config @param {Api} api */
export function render(element, r, _config, api) {
  if (!r.count) {
    return noChart(element, r.missing ? `No rows to fit: the ${plural(r.missing, 'selected row')} lack ${r.label} or ${r.prediction}.`
      : 'No rows to fit.');
  }
  if (!r.errors) return noChart(element, `The model makes no errors on these ${plural(r.count, 'row')}: there is nothing to split.`);
  if (!r.features.length) return noChart(element, 'No feature to split on: choose features in the settings.');
  let keys = keyboard.get(element);
  if (!keys || keys.cursor >= r.nodes.length) keyboard.set(element, keys = { cursor: -1 });
  const k = keys;
  let chosen = chosenOf(r, api.selection());

  /** Select node `id` (the root or -1: clear). @param {number} id */
  const commit = (id) => {
    chosen = id > 0 ? id : -1;
    api.select(chosen > 0 ? r.nodes[chosen].filter : null);
    markListed(element, chosen);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = k.cursor >= 0 ? k.cursor : chosen >= 0 ? chosen : 0;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      k.cursor = at;
      return commit(chosen === at ? -1 : at);
    }
    const next = moveFrom(r, at, e.key);
    if (next < 0) return;
    e.preventDefault();
    k.cursor = next;
    commit(next);
  };
  const frame = chartFrame(element, 'error-tree',
    `Error tree: ${plural(r.nodes.length, 'node')} over ${plural(r.count, 'row')}, overall error rate ${fmt3(r.error_rate)}. ` +
    'Arrow keys move between nodes and select (up: parent, down: left child, left and right: same level), Enter toggles, Escape clears.', onKey);
  const width = Math.max(280, contentWidth(element, 560) - 8);
  /** A click on a node selects it; on the selected node or the root, clears. @param {Event} _e @param {any} _v @param {any} item */
  const onClick = (_e, _v, item) => {
    const id = item && item.datum ? item.datum.key : undefined;
    if (typeof id !== 'number' || !r.nodes[id]) return;
    k.cursor = -1;
    commit(id === chosen ? -1 : id);
  };
  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => draw(frame.target, treeSpec(r, chosen, k.cursor, width), { fileName: 'error-tree', onClick })
    .catch((e) => console.warn('error-tree: drawing failed', e));

  const notes = [`${plural(r.count, 'row')}, ${plural(r.errors, 'error')} (${fmt3(r.error_rate)}); splits on ${r.features.join(', ')}`];
  if (r.missing) notes.push(`${plural(r.missing, 'row')} without ${r.label} or ${r.prediction} left out`);
  if (r.nodes.length === 1) notes.push(noSplit(r));
  frame.caption.replaceChildren(...notes.map((text) => h('p', { class: 'chart-note' }, text)));
  frame.notes.replaceChildren(leafTable(r, (id) => { k.cursor = -1; commit(id === chosen ? -1 : id); }));
  markListed(element, chosen);
  return redraw();
}

/** Why the root was not split. @param {TreeResult} r */
export function noSplit(r) {
  if (r.errors === r.count) return 'no split: every row is an error';
  if (r.count < 2 * r.min_samples_leaf) {
    return `no split: too few rows (a split needs ${plural(2 * r.min_samples_leaf, 'row')}: ${fmt(r.min_samples_leaf)} a side; see min_samples_leaf)`;
  }
  return `no split leaves ${plural(r.min_samples_leaf, 'row')} a side and lowers the impurity by min_impurity_decrease`;
}

/** The worst leaves, each row a tab stop. @param {TreeResult} r @param {(id: number) => void} pick */
function leafTable(r, pick) {
  const leaves = worstLeaves(r).slice(0, LISTED);
  if (r.nodes.length === 1) return h('div', {});
  const rows = leaves.map((n) => {
    const tr = h('tr', { tabindex: 0, 'data-node': n.id, 'aria-selected': 'false', title: 'Select this node (Enter): every other view shows its rows' },
      h('th', { scope: 'row', class: 'et-path' }, pathText(r, n.id)),
      h('td', { class: 'num' }, fmt(n.count)),
      h('td', { class: 'num' }, fmt3(n.error_rate)));
    tr.addEventListener('click', () => pick(n.id));
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      pick(n.id);
    });
    return tr;
  });
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table et-leaves', 'aria-label': 'Leaves with the highest error rates' },
    h('thead', {}, h('tr', {}, h('th', {}, 'leaf (highest error rate first)'), h('th', { class: 'num' }, 'rows'), h('th', { class: 'num' }, 'error rate'))),
    h('tbody', {}, rows)));
}

/** Mark the listed leaf that is selected. @param {HTMLElement} element @param {number} chosen */
function markListed(element, chosen) {
  element.querySelectorAll('.et-leaves tbody tr').forEach((tr) => {
    const on = Number(/** @type {HTMLElement} */ (tr).dataset.node) === chosen;
    tr.setAttribute('aria-selected', on ? 'true' : 'false');
    tr.classList.toggle('selected', on);
  });
}
