// table/view.js — a virtual-scrolling table of rows. The first page comes with
// the result; further pages are asked of the engine with api.request({offset,
// limit}) as the user scrolls (the coordinator adds the filter). The scroll
// area is count × row height tall (scaled down past what a browser can lay
// out), so any number of rows can be scrolled through. A column's header is a
// button that sorts by it (ascending, descending, none): the sort is the
// component's config (api.configure), so the engine sorts and a link carries
// it. Missing values show as a muted "–", empty strings as "(empty)".
// A row is a button of sorts: a click (or Enter/Space when it has focus) selects
// it, {rows: [r]}, so every other view — the instance card first — shows that
// row; a second click clears it (as a confusion-matrix cell does).

import { h, fmt, plural, largest } from '../../web/dom.js';

const ROW_HEIGHT = 28;
const MAX_SCROLL_PX = 8_000_000;
const VIEW_HEIGHT = 360;

/** The settings form leaves these out: the page is the scroller's business. */
export const hiddenSettings = ['offset', 'limit'];

/** @typedef {{count: number, offset: number, fields: string[], unsortable?: string[], rows: {row: number, values: unknown[]}[]}} TableResult */
/** @typedef {{field: string, desc?: boolean}} Sort */

/** After a header sorts, where focus and the horizontal scroll go back to once redrawn.
 * @type {WeakMap<HTMLElement, {field: string, left: number}>} */
const restore = new WeakMap();

/** @param {TableResult} result */
export function rowCount(result) {
  return result.count;
}

/** The row-number column's width for row numbers up to `row` ("149,999" fits whole). @param {number} row */
export function rowNumberWidth(row) {
  return Math.max(64, Math.ceil(8 * fmt(Math.max(0, row)).length + 22));
}

/** @param {unknown} v */
function cellText(v) {
  if (v === null || v === undefined) return '–';
  if (v === '') return '(empty)';
  if (typeof v === 'number') return fmt(v);
  return String(v);
}

/** One cell; missing and empty values are muted and say which. @param {unknown} v @param {boolean} numeric */
function cell(v, numeric) {
  const text = cellText(v);
  if (v === null || v === undefined) return h('div', { role: 'cell', class: numeric ? 'num missing' : 'missing', title: 'missing' }, text);
  if (v === '') return h('div', { role: 'cell', class: 'missing', title: 'an empty string' }, text);
  return h('div', { role: 'cell', class: typeof v === 'number' ? 'num' : '', title: text }, text);
}

/** Ascending, then descending, then no sort. @param {Sort | null} sort @param {string} field @returns {Sort | undefined} */
export function nextSort(sort, field) {
  if (!sort || sort.field !== field) return { field };
  return sort.desc ? undefined : { field, desc: true };
}

/**
 * @param {HTMLElement} element
 * @param {TableResult} result
 * @param {{limit?: number, offset?: number, sort?: Sort}} config
 * @param {{request: (override: object) => Promise<TableResult>, configure: (patch: object) => void,
 *   select?: (predicate: object | null) => void, selection?: () => any}} api
 */
export function render(element, result, config, api) {
  const count = result.count;
  const pageSize = Math.max(20, Math.min(1000, config.limit || result.rows.length || 100));
  const fields = result.fields;
  /** @type {Map<number, TableResult['rows'] | Promise<void>>} */
  const pages = new Map();
  const firstOffset = result.offset || 0;
  if (firstOffset % pageSize === 0) pages.set(firstOffset / pageSize, result.rows);

  // Fixed pixel columns (sized from the names and the first page), so the
  // header and every page of rows line up exactly.
  const numeric = fields.map((_, i) => result.rows.some((r) => typeof r.values[i] === 'number'));
  const widths = fields.map((f, i) => {
    const longest = largest(result.rows.map((r) => cellText(r.values[i]).length));
    return Math.max(72, Math.min(240, Math.max(8 * f.length + 42, 7.5 * longest + 24)));
  });
  const cellsWidth = widths.reduce((a, b) => a + b, 0);
  const template = widths.map((w) => `${Math.round(w)}px`).join(' ');
  // The row numbers' column fits the largest row number seen (it grows as pages come).
  let largestRow = largest(result.rows.map((r) => r.row), count - 1);
  let numWidth = rowNumberWidth(largestRow);
  const rowStyle = () => `grid-template-columns: ${numWidth}px ${template}; min-width: ${Math.round(numWidth + cellsWidth)}px`;
  const sort = config.sort && typeof config.sort.field === 'string' ? config.sort : null;
  const header = h('div', { class: 'vt-row vt-header', role: 'row', style: rowStyle() },
    h('div', { role: 'columnheader', class: 'vt-num' }, 'row'),
    fields.map((f, i) => {
      // a vector column has no order: its header is its name, not a sort button
      if ((result.unsortable || []).includes(f)) return h('div', { role: 'columnheader' }, h('span', { class: 'vt-sort-name' }, f));
      const dir = sort && sort.field === f ? (sort.desc ? 'descending' : 'ascending') : null;
      const next = nextSort(sort, f);
      const button = h('button', {
        type: 'button', class: 'vt-sort', 'data-field': f,
        title: `${f} · ${next ? `sort ${next.desc ? 'descending' : 'ascending'}` : 'clear the sort'}`,
      }, h('span', { class: 'vt-sort-name' }, f), h('span', { class: 'vt-sort-mark', 'aria-hidden': 'true' }, dir ? (dir === 'ascending' ? '▲' : '▼') : ''));
      button.addEventListener('click', () => {
        restore.set(element, { field: f, left: scroller.scrollLeft });
        api.configure({ sort: next });
      });
      return h('div', { role: 'columnheader', class: numeric[i] ? 'num' : '', 'aria-sort': dir }, button);
    }));
  const totalPx = Math.min(count * ROW_HEIGHT, MAX_SCROLL_PX);
  const scaled = count * ROW_HEIGHT > MAX_SCROLL_PX;
  const windowEl = h('div', { class: 'vt-window', role: 'rowgroup' });
  const spacer = h('div', { class: 'vt-spacer', style: `height: ${totalPx}px; min-width: ${Math.round(numWidth + cellsWidth)}px` }, windowEl);
  const scroller = h('div', {
    class: 'vt-scroll', tabindex: 0, role: 'table', 'aria-rowcount': count + 1,
    'aria-label': `${plural(count, 'row')}${sort ? `, sorted by ${sort.field}` : ''}`, style: `max-height: ${VIEW_HEIGHT}px`,
  }, header, spacer);
  const own = api.selection ? api.selection() : null;
  /** The row this table selected (one row id), or null. */
  let chosen = own && Array.isArray(own.rows) && own.rows.length === 1 ? own.rows[0] : null;
  /** @param {HTMLElement} rowEl */
  const choose = (rowEl) => {
    const r = Number(rowEl.dataset.row);
    chosen = chosen === r ? null : r;
    for (const el of windowEl.querySelectorAll('.vt-row[data-row]')) el.setAttribute('aria-selected', String(Number(/** @type {HTMLElement} */ (el).dataset.row) === chosen));
    if (api.select) api.select(chosen === null ? null : { rows: [r] });
  };
  windowEl.addEventListener('click', (e) => {
    const rowEl = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest('.vt-row[data-row]'));
    if (rowEl) choose(rowEl);
  });
  // The rows are one tab stop (a roving tabindex): ↑/↓ move between them, scrolling.
  /** @param {HTMLElement} rowEl */
  const rove = (rowEl) => {
    for (const el of windowEl.querySelectorAll('.vt-row[tabindex="0"]')) if (el !== rowEl) el.setAttribute('tabindex', '-1');
    rowEl.setAttribute('tabindex', '0');
  };
  windowEl.addEventListener('focusin', (e) => rove(/** @type {HTMLElement} */ (e.target)));
  windowEl.addEventListener('keydown', (e) => {
    const rowEl = /** @type {HTMLElement} */ (e.target);
    if (!rowEl.matches('.vt-row[data-row]')) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(rowEl);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const to = e.key === 'ArrowDown' ? rowEl.nextElementSibling : rowEl.previousElementSibling;
      if (!(to instanceof HTMLElement) || !to.matches('.vt-row[data-row]')) return;
      e.preventDefault();
      to.focus({ preventScroll: true });
      const box = scroller.getBoundingClientRect(), at = to.getBoundingClientRect();
      if (at.top < box.top + ROW_HEIGHT) scroller.scrollTop -= box.top + ROW_HEIGHT - at.top;
      else if (at.bottom > box.bottom) scroller.scrollTop += at.bottom - box.bottom;
    }
  });
  const empty = count === 0 ? h('p', { class: 'muted' }, 'No rows match the current selection.') : null;
  element.replaceChildren(scroller, empty || '');
  const back = restore.get(element);
  if (back) {
    restore.delete(element);
    scroller.scrollLeft = back.left;
    const again = [...header.querySelectorAll('button')].find((b) => b.dataset.field === back.field);
    if (again) again.focus({ preventScroll: true });
  }
  if (count === 0) return;

  /** @param {number} p */
  function fetchPage(p) {
    if (pages.has(p)) return;
    const promise = api.request({ offset: p * pageSize, limit: pageSize }).then(
      (page) => {
        pages.set(p, page.rows);
        const last = largest(page.rows.map((r) => r.row), largestRow);
        if (rowNumberWidth(last) > numWidth) {
          largestRow = last;
          numWidth = rowNumberWidth(last);
          header.style.cssText = rowStyle();
          spacer.style.minWidth = `${Math.round(numWidth + cellsWidth)}px`;
        }
        draw();
      },
      () => { pages.delete(p); });
    pages.set(p, promise);
  }

  function draw() {
    const viewport = scroller.clientHeight - ROW_HEIGHT || VIEW_HEIGHT - ROW_HEIGHT;
    const visible = Math.ceil(viewport / ROW_HEIGHT) + 1;
    const top = scroller.scrollTop;
    let first;
    if (scaled) {
      const maxTop = Math.max(1, totalPx - viewport);
      first = Math.round((Math.min(top, maxTop) / maxTop) * Math.max(0, count - visible));
    } else {
      first = Math.floor(top / ROW_HEIGHT);
    }
    first = Math.max(0, Math.min(first, Math.max(0, count - visible)));
    const last = Math.min(count, first + visible + 2);
    windowEl.style.transform = `translateY(${scaled ? Math.min(top, totalPx - visible * ROW_HEIGHT) : first * ROW_HEIGHT}px)`;
    const rows = [];
    for (let i = first; i < last; i++) {
      const page = pages.get(Math.floor(i / pageSize));
      if (!Array.isArray(page)) {
        fetchPage(Math.floor(i / pageSize));
        rows.push(h('div', { class: 'vt-row vt-pending', role: 'row', style: rowStyle(), 'data-index': i },
          h('div', { role: 'cell', class: 'vt-num' }, '…')));
        continue;
      }
      const r = page[i % pageSize];
      if (!r) continue;
      rows.push(h('div', { class: 'vt-row', role: 'row', style: rowStyle(), 'data-index': i, 'data-row': r.row, 'aria-rowindex': i + 2,
        tabindex: -1, 'aria-selected': String(r.row === chosen), title: r.row === chosen ? 'Selected: click to clear' : 'Click to select this row' },
        h('div', { role: 'cell', class: 'vt-num' }, fmt(r.row)),
        r.values.map((v, j) => cell(v, numeric[j]))));
    }
    // A redraw on scroll keeps focus on the row that had it, when it is still drawn.
    const focused = document.activeElement instanceof HTMLElement && windowEl.contains(document.activeElement) ? document.activeElement.dataset.index : undefined;
    windowEl.replaceChildren(...rows);
    const again = focused === undefined ? null : windowEl.querySelector(`.vt-row[data-index="${Number(focused)}"]`);
    if (again instanceof HTMLElement) again.focus({ preventScroll: true });
    const entry = again || windowEl.querySelector(`.vt-row[data-row="${chosen}"]`) || windowEl.querySelector('.vt-row[data-row]');
    if (entry instanceof HTMLElement) rove(entry);
  }

  let frame = 0;
  scroller.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  });
  draw();
}
