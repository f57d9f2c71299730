// label-issues/view.js — the rows whose given label is likely wrong, as a plain DOM
// table ranked as the kernel gives them (lowest label quality first): rank, row,
// given label, suggested label, label quality (the score of the given label). A
// one-line summary on top ("37 rows (3.1%) are likely mislabelled; most often
// Chinstrap given as Adelie"). A click on a table row, or Enter / Space on it, selects
// that row ({rows: [id]}, every other view filters to it); again on it clears. "Select
// all listed" selects every listed issue. Arrow keys move between rows. Below, the
// per-class thresholds and the confident joint. Text from the data reaches the DOM
// only as textContent (h()).

import { h, fmt, fmt3, label, plural } from '../../web/dom.js';

/** A label quality: 3 decimals, or 2 significant digits below 0.001 (where flips sit). @param {number | null} v */
export function qualityText(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return v >= 0.001 || v === 0 ? v.toFixed(3) : v.toExponential(1);
}

/**
 * @typedef {{row: number, given: unknown, suggested: unknown, score: number | null}} Issue
 * @typedef {{label: string, scores: string[], classes: unknown[], rows: number, missing: number, unscored: number,
 *   thresholds: number[], confident_joint: number[][], prune_counts: number[][], pairs: number[][],
 *   count: number, limit: number, issues: Issue[]}} LabelIssuesResult
 * @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api
 */

/** @param {LabelIssuesResult} r */
export function rowCount(r) {
  return r.rows + r.missing + r.unscored;
}

/**
 * The (given, suggested) pair with the most issues (the first in class order on a
 * tie), or null when there are none.
 * @param {LabelIssuesResult} r @returns {{given: unknown, suggested: unknown, count: number} | null}
 */
export function commonestPair(r) {
  /** @type {{given: unknown, suggested: unknown, count: number} | null} */
  let best = null;
  r.pairs.forEach((row, g) => row.forEach((n, s) => {
    if (n > 0 && (best === null || n > best.count)) best = { given: r.classes[g], suggested: r.classes[s], count: n };
  }));
  return best;
}

/** The summary sentence. @param {LabelIssuesResult} r */
export function summaryText(r) {
  if (!r.rows) return 'No rows with a label and scores to check.';
  if (!r.count) return `No likely label issues among ${plural(r.rows, 'row')}.`;
  const pct = (100 * r.count) / r.rows;
  const share = pct < 0.1 ? '<0.1' : pct.toFixed(1);
  const pair = commonestPair(r);
  const verb = r.count === 1 ? 'is' : 'are';
  const most = pair ? `; most often ${label(pair.suggested)} given as ${label(pair.given)} (${fmt(pair.count)})` : '';
  return `${plural(r.count, 'row')} (${share}%) of ${fmt(r.rows)} ${verb} likely mislabelled${most}.`;
}

/** The row ids a selection of this view names, or an empty set. @param {unknown} sel @returns {Set<number>} */
export function selectedRows(sel) {
  const rows = sel && typeof sel === 'object' && Array.isArray(/** @type {any} */ (sel).rows) ? /** @type {any} */ (sel).rows : [];
  return new Set(rows.filter((/** @type {unknown} */ x) => Number.isInteger(x)));
}

/** The selection of the given issue rows (sorted, as the spec keeps them), or null. @param {number[]} rows */
export function predicateOf(rows) {
  return rows.length ? { rows: [...rows].sort((a, b) => a - b) } : null;
}

/** A small k x k table with the classes on both sides. @param {string} caption @param {unknown[]} classes @param {number[][]} m */
function matrixTable(caption, classes, m) {
  return h('table', { class: 'data-table li-matrix' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'given \\ true'), classes.map((c) => h('th', { scope: 'col', class: 'num' }, label(c))))),
    h('tbody', {}, m.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, label(classes[i])),
      row.map((n, j) => h('td', { class: i === j ? 'num' : n ? 'num warn' : 'num' }, fmt(n)))))));
}

/**
 * @param {HTMLElement} element @param {LabelIssuesResult} result @param {object} _config @param {Api} api
 */
export function render(element, result, _config, api) {
  const issues = result.issues;
  let chosen = selectedRows(api.selection());
  /** The view is not filtered by its own selection, so it marks the chosen rows itself. */
  const mark = () => {
    for (const tr of body.querySelectorAll('tr')) {
      const on = chosen.has(Number(tr.dataset.row));
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', on ? 'true' : 'false');
    }
    clear.disabled = !chosen.size;
  };
  /** @param {number[]} rows */
  const commit = (rows) => {
    chosen = new Set(rows);
    api.select(predicateOf(rows));
    mark();
  };
  const toggle = (/** @type {number} */ row) => commit(chosen.size === 1 && chosen.has(row) ? [] : [row]);

  const summary = h('p', { class: 'li-summary' }, summaryText(result));
  const all = h('button', { type: 'button', class: 'li-select-all' }, `Select all ${plural(issues.length, 'listed issue')}`);
  all.disabled = !issues.length;
  all.addEventListener('click', () => commit(issues.map((i) => i.row)));
  const clear = h('button', { type: 'button', class: 'li-clear' }, 'Clear selection');
  clear.disabled = !chosen.size;
  clear.addEventListener('click', () => commit([]));

  const body = h('tbody', {}, issues.map((it, i) => {
    const tr = h('tr', {
      tabindex: 0, class: 'li-issue', 'data-row': it.row,
      title: `row ${fmt(it.row)}: given ${label(it.given)}, the model suggests ${label(it.suggested)}`,
    },
    h('td', { class: 'num muted' }, fmt(i + 1)),
    h('td', { class: 'num' }, fmt(it.row)),
    h('td', {}, label(it.given)),
    h('td', {}, label(it.suggested)),
    h('td', { class: 'num', title: String(it.score) }, qualityText(it.score)));
    tr.addEventListener('click', () => toggle(it.row));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(it.row); return; }
      const to = e.key === 'ArrowDown' ? tr.nextElementSibling : e.key === 'ArrowUp' ? tr.previousElementSibling : null;
      if (to instanceof HTMLElement) { e.preventDefault(); to.focus(); }
    });
    return tr;
  }));
  mark();
  const table = h('div', { class: 'table-scroll li-scroll' }, h('table', {
    class: 'data-table li-table', 'aria-label': `Likely label issues of ${result.label}, most likely first. Enter selects a row.`,
  },
  h('thead', {}, h('tr', {}, ['#', 'Row', 'Given', 'Suggested', 'Label quality'].map((t, i) =>
    h('th', { scope: 'col', class: i === 0 || i === 1 || i === 4 ? 'num' : '', title: i === 4 ? 'the score of the given label (self-confidence): lower is more likely wrong' : null }, t)))),
  body));

  const notes = [];
  if (result.count > issues.length) notes.push(`the ${fmt(issues.length)} most likely of ${fmt(result.count)} are listed`);
  if (result.missing) notes.push(`${plural(result.missing, 'row')} without a label or a score left out`);
  if (result.unscored) notes.push(`${plural(result.unscored, 'row')} whose label no score column scores left out`);
  if (result.thresholds.length) {
    notes.push(`per-class thresholds (mean score of the class over its rows): ${result.classes.map((c, j) =>
      `${label(c)} ${fmt3(result.thresholds[j])}`).join(', ')}`);
  }
  const details = result.confident_joint.length
    ? h('details', { class: 'li-details' }, h('summary', {}, 'Confident joint'),
      matrixTable('Rows counted confidently (calibrated), given label × true label', result.classes, result.confident_joint))
    : '';
  element.replaceChildren(
    summary,
    h('div', { class: 'li-actions' }, all, clear),
    issues.length ? table : h('p', { class: 'muted' }, 'Nothing to list.'),
    ...notes.map((t) => h('p', { class: 'chart-note' }, t)),
    details);
}
