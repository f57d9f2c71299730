// summary/view.js — one row per column: type, role, count, missing, distinct,
// mean, std, min, median, max and the most frequent values.

import { h, fmt, label } from '../../web/dom.js';

/** @typedef {{name: string, type: string, dim?: number, role: string, count: number, missing: number, distinct?: number,
 *   mean?: number|null, std?: number|null, min?: unknown, max?: unknown, median?: number|null,
 *   top?: {value: unknown, count: number}[]}} ColumnSummary */
/** @typedef {{rows: number, columns: ColumnSummary[]}} SummaryResult */

/** @param {SummaryResult} result */
export function rowCount(result) {
  return result.rows;
}

const HEADERS = ['Column', 'Type', 'Role', 'Count', 'Missing', 'Distinct', 'Mean', 'Std', 'Min', 'Median', 'Max', 'Most frequent'];

/** @param {ColumnSummary} c */
function topText(c) {
  if (!c.top || !c.top.length) return '';
  return c.top.slice(0, 3).map((t) => `${label(t.value)} (${fmt(t.count)})`).join(', ');
}

/**
 * @param {HTMLElement} element
 * @param {SummaryResult} result
 */
export function render(element, result) {
  const numeric = (/** @type {string} */ cls) => ({ class: `num ${cls || ''}`.trim() });
  const body = result.columns.map((c) => h('tr', {},
    h('th', { scope: 'row', title: c.name }, c.name),
    h('td', {}, c.type === 'vector' && c.dim ? `vector of ${c.dim}` : c.type),
    h('td', {}, c.role === 'feature' ? '' : c.role),
    h('td', numeric(''), fmt(c.count)),
    h('td', numeric(c.missing ? 'warn' : ''), fmt(c.missing)),
    h('td', numeric(''), fmt(c.distinct)),
    h('td', numeric(''), fmt(c.mean)),
    h('td', numeric(''), fmt(c.std)),
    h('td', numeric(''), fmt(c.min)),
    h('td', numeric(''), fmt(c.median)),
    h('td', numeric(''), fmt(c.max)),
    h('td', { class: 'top', title: topText(c) }, topText(c))));
  const table = h('table', { class: 'data-table summary-table' },
    h('thead', {}, h('tr', {}, HEADERS.map((t, i) => h('th', { scope: 'col', class: i >= 3 && i <= 10 ? 'num' : '' }, t)))),
    h('tbody', {}, body));
  element.replaceChildren(h('div', { class: 'table-scroll' }, table));
}
