// duplicates/view.js — a summary line ("12 exact groups covering 31 rows; 4 cross
// train/test") and a table of the exact groups, then the near pairs: rows, flags,
// the row ids and a few field values. Each line's first cell is a button: a click,
// Enter or Space selects {rows: [...]} (every other view is filtered to those rows);
// on the selected line it clears. Near pairs of a text column (MinHash) get their own
// table with both texts side by side, clamped to three lines (the whole text shows
// when the line is hovered or its button focused). Plain DOM; data reaches it as
// textContent only.

import { h, fmt, plural } from '../../web/dom.js';

/** @typedef {{label_conflict: boolean, leakage: boolean}} Flags */
/** @typedef {Flags & {rows: number[], distance: number, jaccard?: number, texts?: string[]}} NearPair */
/**
 * @typedef {{fields: string[], metric: string, k: number, threshold: number,
 *   median_nn_distance: number | null, radius: number | null, used: number, left_out: number, exact?: boolean, match?: string[]}} NumericInfo
 * @typedef {{method: 'minhash', text: string, shingle: string, num_perm: number, bands: number,
 *   rows_per_band: number, threshold: number, false_negative_weight: number, k: number, candidates: number,
 *   used: number, left_out: number, distinct: number}} TextInfo
 * @typedef {{fields: string[], label: string | null, split: string | null, rows: number, limit: number,
 *   exact: number[][], exact_flags: Flags[], exact_values: unknown[][], near: NearPair[],
 *   near_info: null | NumericInfo | TextInfo, counts: Record<string, number>}} DupResult
 */
/** @typedef {{select: (p: object | null) => void, selection: () => any}} Api */

const IDS_SHOWN = 6;

/** @param {DupResult} result */
export function rowCount(result) {
  return result.rows;
}

/** "0, 17, 240 +3 more" @param {number[]} rows */
function idList(rows) {
  const head = rows.slice(0, IDS_SHOWN).join(', ');
  return rows.length > IDS_SHOWN ? `${head} +${rows.length - IDS_SHOWN} more` : head;
}

/** A value as text ("–" for missing). @param {unknown} v */
function valueText(v) {
  if (v === null || v === undefined) return '–';
  return typeof v === 'number' ? fmt(v) : String(v);
}

/** The summary line. @param {DupResult} r */
export function summaryLine(r) {
  const c = r.counts;
  const parts = [`${plural(c.exact_groups, 'exact group')} covering ${plural(c.exact_rows, 'row')}`];
  if (r.split && c.exact_leakage) parts.push(`${fmt(c.exact_leakage)} cross ${r.split}`);
  if (r.label && c.exact_label_conflict) parts.push(`${fmt(c.exact_label_conflict)} with conflicting ${r.label}`);
  if (r.near_info) {
    let near = `${plural(c.near_pairs, 'near pair')}`;
    const flags = [];
    if (r.split && c.near_leakage) flags.push(`${fmt(c.near_leakage)} cross ${r.split}`);
    if (r.label && c.near_label_conflict) flags.push(`${fmt(c.near_label_conflict)} with conflicting ${r.label}`);
    if (flags.length) near += ` (${flags.join(', ')})`;
    parts.push(near);
  }
  return parts.join('; ');
}

/** Whether the selection is exactly these rows. @param {any} sel @param {number[]} rows */
function isSelected(sel, rows) {
  return !!sel && Array.isArray(sel.rows) && sel.rows.length === rows.length && sel.rows.every((/** @type {number} */ v, /** @type {number} */ i) => v === rows[i]);
}

/** @param {DupResult['near_info']} ni @returns {ni is TextInfo} */
function isText(ni) {
  return !!ni && 'method' in ni && ni.method === 'minhash';
}

/**
 * A text as text nodes, its words that the other text lacks (as written: case and
 * punctuation count) in <mark>, so a pair's differences show. @param {string} text @param {string} other
 */
export function markedText(text, other) {
  const theirs = new Set(other.split(/\s+/));
  return text.split(/(\s+)/).map((part, i) => (i % 2 === 0 && part && !theirs.has(part) ? h('mark', {}, part) : part));
}

/** What the near search compared. @param {NumericInfo | TextInfo} ni */
export function nearNote(ni) {
  const left = ni.left_out ? `; ${plural(ni.left_out, 'row')} with a missing or ${isText(ni) ? 'empty text' : 'all-zero value'} left out` : '';
  if (isText(ni)) {
    const shingles = ni.shingle === 'word3' ? 'word 3-grams' : 'character 5-grams';
    return `near: pairs of ${ni.text} values whose ${shingles} (lower-cased, spaces collapsed) have a Jaccard similarity of at least ` +
      `${fmt(ni.threshold)}, exactly, among the ${plural(ni.candidates, 'candidate pair')} MinHash found ` +
      `(${fmt(ni.num_perm)} permutations in ${fmt(ni.bands)} bands of ${fmt(ni.rows_per_band)}), ` +
      `each row's ${fmt(ni.k)} most similar${left}`;
  }
  return `near: ${ni.metric} distance over ${plural(ni.fields.length, 'numeric field')} below ${fmt(ni.threshold)} × ` +
    `median nearest-neighbour distance ${fmt(ni.median_nn_distance)} = ${fmt(ni.radius)} (cleanlab's rule, k = ${ni.k})${left}` +
    (ni.match && ni.match.length ? `; a pair also shares ${ni.match.join(', ')}` : '') +
    (ni.exact === false ? '; approximate nearest neighbours (random projection trees and NN-descent): a few pairs may differ from an exact search' : '');
}

/** @param {Flags} f @param {DupResult} r */
function flagText(f, r) {
  const out = [];
  if (f.leakage) out.push(`crosses ${r.split}`);
  if (f.label_conflict) out.push(`${r.label} differs`);
  return out.join(', ');
}

/**
 * @param {HTMLElement} element @param {DupResult} result @param {object} _config @param {Api} api
 */
export function render(element, result, _config, api) {
  const r = result;
  const shownFields = r.fields.slice(0, (r.exact_values[0] || []).length || Math.min(4, r.fields.length));
  /** @type {{kind: string, rows: number[], flags: Flags, detail: string[], jaccard?: number}[]} */
  const items = [];
  r.exact.forEach((rows, i) => items.push({ kind: 'exact', rows, flags: r.exact_flags[i], detail: (r.exact_values[i] || []).map(valueText) }));
  const text = isText(r.near_info);
  r.near.forEach((p) => items.push({ kind: 'near', rows: p.rows, flags: p,
    detail: text ? (p.texts || []) : [`distance ${fmt(p.distance)}`], jaccard: p.jaccard }));

  /** @type {string[]} */
  const notes = [r.near_info ? nearNote(r.near_info) : 'near duplicates: off, or fewer than two numeric fields'];
  if (r.counts.exact_groups > r.exact.length || (r.near_info && r.counts.near_pairs > r.near.length))
    notes.push(`the first ${fmt(r.limit)} groups and pairs of each kind are listed`);
  if (text && r.near.length) notes.push('marked: the words of a text that the other text of its pair does not have');

  const redraw = () => {
    const sel = api.selection();
    const lines = items.map((it) => {
      const selected = isSelected(sel, it.rows);
      const what = `${it.kind === 'exact' ? 'Exact group' : 'Near pair'} of rows ${idList(it.rows)}`;
      const button = h('button', { type: 'button', class: 'dup-pick', 'aria-pressed': selected ? 'true' : 'false',
        title: selected ? 'Clear the selection' : `Select these ${it.rows.length} rows in every view`,
        'aria-label': `${selected ? 'Clear' : 'Select'}: ${what}` }, it.kind);
      button.addEventListener('click', () => {
        api.select(selected ? null : { rows: it.rows });
        redraw();
        const again = /** @type {HTMLElement | null} */ (element.querySelectorAll('button.dup-pick')[items.indexOf(it)]);
        if (again) again.focus();
      });
      const flagCell = h('td', { class: it.flags.leakage || it.flags.label_conflict ? 'warn' : '' }, flagText(it.flags, r));
      const ids = h('td', { class: 'dup-ids', title: it.rows.join(', ') }, idList(it.rows));
      if (text && it.kind === 'near') { // both texts, clamped; the whole on hover or focus
        return h('tr', { class: selected ? 'chosen' : '' }, h('td', {}, button),
          h('td', { class: 'num' }, fmt(it.jaccard)), flagCell, ids,
          it.detail.map((t, i) => h('td', { class: 'dup-text', title: t },
            h('div', { class: 'dup-clamp' }, markedText(t, it.detail[1 - i] || '')))));
      }
      return h('tr', { class: selected ? 'chosen' : '' },
        h('td', {}, button),
        h('td', { class: 'num' }, fmt(it.rows.length)),
        flagCell, ids,
        h('td', { class: 'dup-values', title: it.detail.join(' · ') }, it.detail.join(' · ')));
    });
    /** @param {string[]} heads @param {HTMLElement[]} body */
    const tableOf = (heads, body) => h('div', { class: 'table-scroll dup-scroll' }, h('table', { class: 'data-table dup-table' },
      h('thead', {}, h('tr', {}, heads.map((t, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : '' }, t)))),
      h('tbody', {}, body)));
    const nExact = text ? r.exact.length : items.length;
    const tables = [];
    if (nExact) tables.push(tableOf(['', 'Rows', 'Flags', 'Row ids', `Values (${shownFields.join(', ')})`], lines.slice(0, nExact)));
    if (text && r.near.length) {
      const ni = /** @type {TextInfo} */ (r.near_info);
      tables.push(tableOf(['', 'Jaccard', 'Flags', 'Row ids', `${ni.text} (first row)`, `${ni.text} (second row)`], lines.slice(nExact)));
    }
    element.replaceChildren(
      h('p', { class: 'dup-summary' }, summaryLine(r)),
      ...(tables.length ? tables : [h('p', { class: 'chart-note' }, 'No duplicates among the selected rows.')]),
      ...notes.map((t) => h('p', { class: 'chart-note' }, t)));
  };
  redraw();
}
