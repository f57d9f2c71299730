// slice-finder/view.js — the slices SliceLine found, best first, as a table (plain
// DOM): each slice as readable predicates ("island = Dream AND bill_length_mm in
// [40, 45)"), its rows, its error rate against the whole's (a bar with a mark at the
// overall rate) and its score. A click on a row, or Enter / Space on it (each row
// is a tab stop), applies the slice's filter as this component's selection, so
// every other view shows its rows; the selected row again clears it. "Save" keeps
// a slice in the spec's named slices (the name is its predicates, made unique).
// Data reaches the DOM through textContent only.

import { h, fmt, fmt3, plural } from '../../web/dom.js';

/** @typedef {{field: string, in?: unknown[], range?: [number, number], closed?: 'left' | 'right' | 'both'}} Predicate */
/** @typedef {{predicates: Predicate[], filter: object, count: number, errors: number, error_rate: number, score: number}} Slice */
/** @typedef {{features: string[], count: number, missing: number, errors: number, error_rate: number | null,
 *   min_support: number, alpha: number, max_level: number, k: number, binning: string, error: string, slices: Slice[]}} FinderResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, sliceNames: () => string[],
 *   saveSlice: (name: string, filter: object) => void}} Api */

/** @param {FinderResult} r */
export function rowCount(r) {
  return r.count + r.missing;
}

/** A bin edge: 6 significant digits, no thousands separator. @param {number} v */
const edge = (v) => String(Number(v.toPrecision(6)));

/** One predicate for people: "island = Dream", "age in [62, 68)". @param {Predicate} p */
export function predicateText(p) {
  if (Array.isArray(p.range)) {
    const [lo, hi] = p.range;
    const open = p.closed === 'right', shut = p.closed !== 'left';
    return `${p.field} in ${open ? '(' : '['}${edge(lo)}, ${edge(hi)}${shut ? ']' : ')'}`;
  }
  const v = p.in ? p.in[0] : null;
  return `${p.field} = ${v === null || v === undefined ? '(missing)' : String(v)}`;
}

/** A slice for people: its predicates joined by AND. @param {Slice} s */
export const sliceText = (s) => s.predicates.map(predicateText).join(' AND ');

/** A name for a saved slice: its text (at most 100 characters), unique among `taken`. @param {Slice} s @param {string[]} taken */
export function nameFor(s, taken) {
  const base = sliceText(s).slice(0, 94);
  let name = base;
  for (let k = 2; taken.includes(name); k++) name = `${base} (${k})`;
  return name;
}

/** The index of the slice a selection selects, or -1. @param {FinderResult} r @param {unknown} sel */
export function chosenOf(r, sel) {
  if (!sel) return -1;
  const key = JSON.stringify(sel);
  return r.slices.findIndex((s) => JSON.stringify(s.filter) === key);
}

/** The error rate as a bar in [0, 1] with a mark at the overall rate. @param {number} rate @param {number | null} whole */
function rateBar(rate, whole) {
  const bar = h('span', { class: 'sf-bar', 'aria-hidden': 'true' }, h('span', { class: 'sf-fill' }));
  /** @type {HTMLElement} */ (bar.firstChild).style.width = `${Math.max(0, Math.min(1, rate)) * 100}%`;
  if (whole !== null) {
    const mark = h('span', { class: 'sf-whole' });
    mark.style.left = `${Math.max(0, Math.min(1, whole)) * 100}%`;
    bar.append(mark);
  }
  return bar;
}

/** Mark row `chosen` (-1: none) as the selected one. @param {HTMLElement} element @param {number} chosen */
function markChosen(element, chosen) {
  element.querySelectorAll('.sf-table tbody tr').forEach((tr, i) => {
    tr.setAttribute('aria-selected', i === chosen ? 'true' : 'false');
    tr.classList.toggle('selected', i === chosen);
  });
}

/** @param {HTMLElement} element @param {FinderResult} r @param {unknown} _config @param {Api} api */
export function render(element, r, _config, api) {
  const whole = r.error_rate;
  const what = r.error === 'squared' ? 'mean squared error' : 'error rate';
  const head = h('p', { class: 'sf-summary' },
    `${plural(r.count, 'row')} used${r.missing ? ` (${fmt(r.missing)} without a label or prediction left out)` : ''}; overall ${what} `,
    h('strong', {}, fmt3(whole)), `; ${plural(r.features.length, 'feature')} considered, slices of at least ${plural(r.min_support, 'row')}.`);
  if (!r.slices.length) {
    element.replaceChildren(head, h('p', { class: 'empty', 'data-role': 'no-slices' },
      r.errors ? 'No slice errs more than the whole by this score (try a lower min_support or alpha).' : 'The model makes no errors on these rows.'));
    return;
  }
  const chosen = chosenOf(r, api.selection());
  // A rate in [0, 1]; a squared error against the largest shown.
  const top = r.error === 'squared' ? Math.max(whole || 0, ...r.slices.map((s) => s.error_rate)) || 1 : 1;
  const rows = r.slices.map((s, i) => {
    const text = sliceText(s);
    const save = h('button', { type: 'button', 'data-action': 'save-found-slice', title: 'Keep this slice as a named slice (in the link)', 'aria-label': `Save ${text} as a named slice` }, 'Save');
    const saved = api.sliceNames().some((n) => n === text || n.startsWith(`${text} (`));
    if (saved) { save.textContent = 'Saved'; save.setAttribute('disabled', ''); }
    save.addEventListener('click', (e) => {
      e.stopPropagation();
      api.saveSlice(nameFor(s, api.sliceNames()), s.filter);
      save.textContent = 'Saved';
      save.setAttribute('disabled', '');
    });
    const tr = h('tr', {
      tabindex: 0, 'data-slice-index': i, 'aria-selected': 'false',
      title: 'Select this slice (Enter): every other view shows its rows',
    },
      h('td', { class: 'num' }, String(i + 1)),
      h('th', { scope: 'row', class: 'sf-pred' }, s.predicates.flatMap((p, j) =>
        (j ? [h('span', { class: 'sf-and' }, ' AND '), predicateText(p)] : [predicateText(p)]))),
      h('td', { class: 'num' }, fmt(s.count)),
      h('td', { class: 'num' }, fmt3(s.error_rate)),
      h('td', {}, rateBar(s.error_rate / top, whole === null ? null : whole / top)),
      h('td', { class: 'num' }, fmt3(s.score)),
      h('td', {}, save));
    const toggle = () => {
      api.select(i === chosenOf(r, api.selection()) ? null : s.filter);
      markChosen(element, chosenOf(r, api.selection()));
    };
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      toggle();
    });
    return tr;
  });
  const table = h('table', { class: 'data-table sf-table', 'aria-label': 'Slices where the model errs most, best first' },
    h('thead', {}, h('tr', {},
      h('th', { class: 'num' }, '#'), h('th', {}, 'slice'), h('th', { class: 'num' }, 'rows'),
      h('th', { class: 'num' }, what), h('th', {}, 'vs overall'), h('th', { class: 'num', title: 'SliceLine score' }, 'score'), h('th', {}, ''))),
    h('tbody', {}, rows));
  element.replaceChildren(head, h('div', { class: 'table-scroll' }, table));
  markChosen(element, chosen);
}
