// confusion-matrix/view.js — a heat-map grid (a DOM table: rows are the true
// label, columns the prediction, cells shaded by count) and the per-class
// precision / recall / F1 / support table with macro and weighted averages
// and accuracy. Clicking a cell selects the rows with that true label and
// that prediction; clicking it again clears the selection.

import { h, fmt, fmt3, label } from '../../web/dom.js';

/** @typedef {{precision: number, recall: number, f1: number}} Avg */
/** @typedef {{labels: unknown[], matrix: number[][], accuracy: number, count?: number, missing?: number,
 *   per_class: ({label: unknown, support: number} & Avg)[], macro: Avg, weighted: Avg}} CmResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, columns: () => {name: string, role: string}[]}} Api */

/** @param {CmResult} r */
export function rowCount(r) {
  if (typeof r.count === 'number') return r.count;
  return r.matrix.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
}

/** The label and prediction columns: from the config, else by role. @param {any} config @param {Api} api */
function fieldsOf(config, api) {
  const cols = api.columns();
  const byRole = (/** @type {string} */ role) => (cols.find((c) => c.role === role) || { name: null }).name;
  return { truth: config.label || byRole('label'), pred: config.prediction || byRole('prediction') };
}

/**
 * @param {HTMLElement} element @param {CmResult} result @param {any} config @param {Api} api
 */
export function render(element, result, config, api) {
  const { truth, pred } = fieldsOf(config, api);
  const labels = result.labels;
  const max = Math.max(1, ...result.matrix.flat());
  const own = api.selection();
  /** @type {[unknown, unknown] | null} */
  let chosen = null;
  if (own && Array.isArray(own.and) && own.and.length === 2) chosen = [own.and[0].in[0], own.and[1].in[0]];

  /** @type {{cell: HTMLButtonElement, t: unknown, p: unknown}[]} */
  const cells = [];
  const body = labels.map((t, i) => h('tr', {},
    h('th', { scope: 'row', class: 'cm-true', title: label(t) }, label(t)),
    labels.map((p, j) => {
      const n = result.matrix[i][j];
      const shade = n / max;
      const diag = i === j;
      const cell = h('button', {
        type: 'button',
        class: `cm-cell ${diag ? 'diag' : 'off'}${shade > 0.5 ? ' dark' : ''}`,
        style: `--shade: ${(0.06 + 0.94 * shade).toFixed(3)}`,
        'data-true': label(t), 'data-pred': label(p),
        'aria-label': `true ${label(t)}, predicted ${label(p)}: ${n} rows`,
        title: `true ${label(t)} → predicted ${label(p)}: ${fmt(n)}`,
      }, fmt(n));
      cell.addEventListener('click', () => {
        if (!truth || !pred) return;
        const again = chosen !== null && chosen[0] === t && chosen[1] === p;
        chosen = again ? null : [t, p];
        show();
        api.select(again ? null : { and: [{ field: truth, in: [t] }, { field: pred, in: [p] }] });
      });
      cells.push({ cell, t, p });
      return h('td', {}, cell);
    })));
  const grid = h('table', { class: 'cm-grid' },
    h('thead', {},
      h('tr', {}, h('th', { class: 'cm-corner', rowspan: 2, scope: 'col' }, h('span', {}, `${truth || 'label'} ↓`)),
        h('th', { colspan: labels.length, class: 'cm-axis', scope: 'colgroup' }, `${pred || 'prediction'} →`)),
      h('tr', {}, labels.map((p) => h('th', { scope: 'col', class: 'cm-pred', title: label(p) }, label(p))))),
    h('tbody', {}, body));
  function show() {
    for (const { cell, t, p } of cells) {
      const on = chosen !== null && chosen[0] === t && chosen[1] === p;
      cell.classList.toggle('selected', on);
      cell.classList.toggle('dimmed', chosen !== null && !on);
      cell.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
  }
  show();
  grid.setAttribute('aria-label', `Confusion matrix: rows are ${truth || 'the label'}, columns are ${pred || 'the prediction'}`);

  const metricRow = (/** @type {string} */ name, /** @type {Avg} */ m, /** @type {number | string} */ support, cls = '') =>
    h('tr', { class: cls }, h('th', { scope: 'row' }, name), h('td', { class: 'num' }, fmt3(m.precision)),
      h('td', { class: 'num' }, fmt3(m.recall)), h('td', { class: 'num' }, fmt3(m.f1)), h('td', { class: 'num' }, support));
  const total = result.per_class.reduce((a, c) => a + c.support, 0);
  const metrics = h('table', { class: 'data-table cm-metrics' },
    h('thead', {}, h('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
    h('tbody', {},
      result.per_class.map((c) => metricRow(label(c.label), c, fmt(c.support))),
      metricRow('macro avg', result.macro, fmt(total), 'avg first-avg'),
      metricRow('weighted avg', result.weighted, fmt(total), 'avg'),
      h('tr', { class: 'avg accuracy' }, h('th', { scope: 'row' }, 'accuracy'), h('td', { class: 'num', colspan: 3 }, fmt3(result.accuracy)),
        h('td', { class: 'num' }, fmt(total)))));
  const note = result.missing ? h('p', { class: 'chart-note' }, `${fmt(result.missing)} rows with a missing label or prediction are left out`) : '';
  element.replaceChildren(h('div', { class: 'cm' }, h('div', { class: 'cm-scroll' }, grid), metrics), note);
}
