// fairness/view.js — the four fairness numbers in plain words, then grouped bars
// (Vega-Lite, web/vega.js) of selection rate, TPR and FPR per group, one row of
// bars per group; the rows without a group come last, paler, and are not in the
// numbers. Clicking a group selects its rows ({field: group, in: [value]}, null
// for the missing group) and filters the other views; a plain click on the only
// selected group clears. The chart is one tab stop: arrow keys move between
// groups and select, Enter/Space toggles, Escape (the card's) clears.
// Data reaches the chart under fixed keys (c, key, name, m, v, ...), so no name
// from the file is ever in a Vega expression or a field reference.

import { h, fmt, fmt3, label, largest, plural, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{count: number, positives: number, predicted_positive: number, selection_rate: number | null, tpr: number, fpr: number}} Stats */
/** @typedef {Stats & {value: unknown}} Group */
/**
 * @typedef {{group: string, label: string, prediction: string, positive: unknown, count: number, missing: number,
 *   missing_group: number, groups: Group[], overall: Stats | null, missing_group_stats: Stats | null,
 *   demographic_parity_difference: number | null, demographic_parity_ratio: number | null,
 *   equalized_odds_difference: number | null, equalized_odds_ratio: number | null}} FairnessResult
 */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */
/** @typedef {{value: unknown, stats: Stats, missing: boolean}} Row a group drawn (missing: the rows without a group) */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

/** At most this many groups are drawn (the numbers use every group). */
const MAX_DRAWN = 60;
const INK = '#1d2433';
/** The three rates: key in the result, name in the chart, colour. */
const METRICS = /** @type {const} */ ([
  ['selection_rate', 'selection rate', '#2f6fde'],
  ['tpr', 'true positive rate', '#2a9d6f'],
  ['fpr', 'false positive rate', '#e87c28'],
]);

/** @param {FairnessResult} r */
export function rowCount(r) {
  return r.count + r.missing_group;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/**
 * The four numbers, each with what it means. The ratio is the smaller over the larger,
 * so 1 is equal and 0 is as unequal as can be; null when the largest rate is 0.
 * @param {FairnessResult} r @returns {{key: string, name: string, value: number | null, means: string}[]}
 */
export function summaryOf(r) {
  const none = 'not defined: every group’s rate is 0';
  return [
    { key: 'demographic_parity_difference', name: 'Demographic parity difference', value: r.demographic_parity_difference,
      means: 'the largest gap in selection rate between groups (0: every group is predicted positive as often)' },
    { key: 'demographic_parity_ratio', name: 'Demographic parity ratio', value: r.demographic_parity_ratio,
      means: r.demographic_parity_ratio === null && r.groups.length ? none : 'the lowest selection rate over the highest (1: equal)' },
    { key: 'equalized_odds_difference', name: 'Equalized odds difference', value: r.equalized_odds_difference,
      means: 'the larger of the gaps in true positive rate and in false positive rate between groups (0: equal errors)' },
    { key: 'equalized_odds_ratio', name: 'Equalized odds ratio', value: r.equalized_odds_ratio,
      means: r.equalized_odds_ratio === null && r.groups.length ? 'not defined: every group’s true positive rate is 0'
        : 'the smaller of the lowest-over-highest ratios of true and of false positive rate (1: equal)' },
  ];
}

/** The groups to draw, then the rows without a group. @param {FairnessResult} r @returns {Row[]} */
export function rowsOf(r) {
  /** @type {Row[]} */
  const rows = r.groups.slice(0, MAX_DRAWN).map((g) => ({ value: g.value, stats: g, missing: false }));
  if (r.missing_group_stats) rows.push({ value: null, stats: r.missing_group_stats, missing: true });
  return rows;
}

/**
 * What a bar's rate counts, for its tooltip.
 * @param {FairnessResult} r @param {Row} row @param {'selection_rate' | 'tpr' | 'fpr'} key
 */
function detail(r, row, key) {
  const s = row.stats, cls = label(r.positive);
  if (key === 'selection_rate') return `${fmt(s.predicted_positive)} of ${plural(s.count, 'row')} predicted ${cls}`;
  const who = key === 'tpr' ? `${r.label} = ${cls}` : `${r.label} ≠ ${cls}`;
  const n = key === 'tpr' ? s.positives : s.count - s.positives;
  if (!n) return `no row with ${who}: 0 by fairlearn’s rule`;
  // The count behind the rate (exact: the rate is a ratio of counts).
  return `${fmt(Math.round(s[key] * n))} of ${fmt(n)} with ${who} predicted ${cls}`;
}

/**
 * A bar's value; a rate with no rows behind it is 0 by fairlearn's rule, and says so.
 * @param {Stats} s @param {'selection_rate' | 'tpr' | 'fpr'} key
 */
function barText(s, key) {
  if (key === 'tpr' && !s.positives) return `${fmt3(s.tpr)} (no positives)`;
  if (key === 'fpr' && s.positives === s.count) return `${fmt3(s.fpr)} (no negatives)`;
  return fmt3(s[key]);
}

/**
 * The Vega-Lite spec: one band per group, a bar per rate inside it.
 * @param {FairnessResult} r @param {Row[]} rows @param {number[]} chosen indexes of the selected rows
 * @param {number} cursor @param {number} width
 */
export function fairnessSpec(r, rows, chosen, cursor, width) {
  const names = uniqueLabels(rows.map((row) => (row.missing ? `(no ${r.group})` : row.value)));
  /** @type {Record<string, unknown>[]} */
  const values = [];
  rows.forEach((row, key) => {
    const sel = chosen.includes(key), dim = chosen.length > 0 && !sel;
    const rates = METRICS.map(([k, name]) => `${name} ${fmt3(row.stats[k])}`).join(', ');
    /** @type {Record<string, unknown>} */
    const band = {
      c: 'row', key, name: names[key], sel, dim, cur: key === cursor, rows: fmt(row.stats.count),
      desc: `${r.group} = ${names[key]}: ${plural(row.stats.count, 'row')}, ${rates}${row.missing ? ' (not in the numbers)' : ''}${sel ? ', selected' : ''}`,
    };
    for (const [k, name] of METRICS) {
      band[k] = `${fmt3(row.stats[k])}: ${detail(r, row, k)}`;
      values.push({ c: 'bar', key, name: names[key], m: name, v: row.stats[k] ?? 0, text: barText(row.stats, k), dim, pale: row.missing });
    }
    values.push(band);
  });
  const longest = largest(names.map((n) => n.length), 4);
  const y = {
    field: 'name', type: 'nominal', title: null, sort: { field: 'key', op: 'min' },
    scale: { paddingInner: 0.3, paddingOuter: 0.15 },
    axis: { labelLimit: Math.min(Math.floor(width * 0.35), 14 + 7 * longest), labelFontSize: 12, labelColor: INK, ticks: false, domain: false },
  };
  const x = { type: 'quantitative', title: null, scale: { domain: [0, 1], nice: false }, axis: { tickCount: 5, grid: true, format: '.1f' } };
  const color = {
    field: 'm', type: 'nominal', title: null,
    scale: { domain: METRICS.map((m) => m[1]), range: METRICS.map((m) => m[2]) },
    legend: { orient: 'top', direction: 'horizontal', symbolType: 'square', labelFontSize: 12 },
  };
  const band = { y, x: { ...x, datum: 1 }, x2: { datum: 0 } };
  const offset = { field: 'm', type: 'nominal', sort: METRICS.map((m) => m[1]) };
  return {
    description: `Selection rate, true and false positive rate of ${label(r.positive)} per ${r.group}`,
    title: { text: `Rates of ${r.label} = ${label(r.positive)} by ${r.group}`, anchor: 'start', fontSize: 12.5, fontWeight: 600, color: INK, offset: 4 },
    width, height: 56 * rows.length, autosize: { type: 'fit-x', contains: 'padding' },
    padding: { left: 5, top: 5, bottom: 5, right: 44 }, // room for a value beside a bar at 1
    data: { values },
    layer: [{
      name: 'bars', transform: [{ filter: "datum.c === 'bar'" }],
      mark: { type: 'bar', aria: false },
      encoding: {
        y, yOffset: offset, x: { ...x, field: 'v' }, color,
        opacity: { condition: [{ test: 'datum.dim', value: 0.3 }, { test: 'datum.pale', value: 0.5 }], value: 1 },
      },
    }, {
      name: 'values', transform: [{ filter: "datum.c === 'bar'" }],
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10, color: '#4a5468', aria: false },
      encoding: { y, yOffset: offset, x: { ...x, field: 'v' }, text: { field: 'text' } },
    }, {
      name: 'chosen', transform: [{ filter: "datum.c === 'row' && datum.sel" }],
      mark: { type: 'bar', fill: null, stroke: '#2458c4', strokeWidth: 2, aria: false },
      encoding: band,
    }, {
      name: 'cursor', transform: [{ filter: "datum.c === 'row' && datum.cur" }],
      mark: { type: 'bar', fill: null, stroke: INK, strokeWidth: 1.5, strokeDash: [4, 2], aria: false },
      encoding: band,
    }, {
      // A transparent bar over each whole band, on top: what the pointer clicks and hovers.
      name: 'rows', transform: [{ filter: "datum.c === 'row'" }],
      mark: { type: 'bar', fill: 'transparent', cursor: 'pointer' },
      params: [{
        name: 'pick', select: { type: 'point', fields: ['key'], toggle: false, clear: false },
        ...(chosen.length ? { value: chosen.map((key) => ({ key })) } : {}),
      }],
      encoding: {
        ...band, description: { field: 'desc' },
        tooltip: [
          { field: 'name', type: 'nominal', title: 'group' }, // a fixed title: tooltip titles become keys in a Vega expression
          { field: 'rows', type: 'nominal', title: 'rows' },
          ...METRICS.map(([k, name]) => ({ field: k, type: 'nominal', title: name })),
        ],
      },
    }],
  };
}

/** The four numbers, each under its name and over what it means. @param {FairnessResult} r */
function numbers(r) {
  const grid = h('div', { class: 'fairness-metrics', role: 'list' });
  Object.assign(grid.style, { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: '10px 18px', margin: '0 0 12px' });
  for (const m of summaryOf(r)) {
    const value = h('strong', { 'data-metric': m.key, title: m.value === null ? 'not defined' : String(m.value) }, fmt3(m.value));
    Object.assign(value.style, { display: 'block', fontSize: '20px', lineHeight: '1.3' });
    const item = h('div', { role: 'listitem' }, h('div', {}, m.name), value, h('div', { class: 'muted' }, m.means));
    item.style.fontSize = '13px';
    grid.append(item);
  }
  return grid;
}

/** Keyboard cursor per chart element, kept across redraws. @type {WeakMap<HTMLElement, {cursor: number}>} */
const keyboard = new WeakMap();

/**
 * @param {HTMLElement} element @param {FairnessResult} result @param {unknown} _config @param {Api} api
 */
export function render(element, result, _config, api) {
  const field = result.group;
  const rows = rowsOf(result);
  element.querySelector(':scope > .fairness-metrics')?.remove();
  if (!rows.length) {
    return noChart(element, result.missing
      ? `No rows to compare: the ${plural(result.missing, 'selected row')} lack ${result.label} or ${result.prediction}.`
      : 'No rows to compare.');
  }
  let keys = keyboard.get(element);
  if (!keys || keys.cursor >= rows.length) keyboard.set(element, keys = { cursor: -1 });
  const k = keys;
  /** @returns {number[]} the rows this component selects */
  const selectedNow = () => {
    const sel = api.selection();
    if (!sel || sel.field !== field || !Array.isArray(sel.in)) return [];
    return rows.flatMap((row, i) => (sel.in.some((/** @type {unknown} */ v) => v === row.value) ? [i] : []));
  };
  let chosen = selectedNow();

  /** @param {number[]} next */
  const commit = (next) => {
    chosen = next;
    api.select(next.length ? { field, in: next.map((i) => rows[i].value) } : null);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = k.cursor >= 0 ? k.cursor : chosen.length ? chosen[chosen.length - 1] : -1;
    if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      k.cursor = at;
      return commit(chosen.length === 1 && chosen[0] === at ? [] : [at]);
    }
    const next = e.key === 'ArrowDown' ? Math.min(rows.length - 1, at + 1)
      : e.key === 'ArrowUp' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    k.cursor = next;
    commit([next]);
  };
  const frame = chartFrame(element, 'fairness',
    `Selection rate, true positive rate and false positive rate of ${label(result.positive)} for each ${field}, ` +
    `${plural(rows.length, 'group')}. Arrow keys select a group, Enter toggles, Escape clears.`, onKey);
  const width = Math.max(260, contentWidth(element, 480));

  /** A click sets the point param: the group under it becomes the selection. @param {Event} _event @param {any} view */
  const onClick = async (_event, view) => {
    await view.runAsync();
    const got = /** @type {{key?: unknown[]}} */ (view.signal('pick') || {}).key || [];
    const next = got.filter((i) => Number.isInteger(i) && /** @type {number} */ (i) < rows.length).map(Number);
    if (!next.length) return;
    k.cursor = -1;
    commit(chosen.length === 1 && next.length === 1 && next[0] === chosen[0] ? [] : next.slice(0, 1));
  };
  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => draw(frame.target, fairnessSpec(result, rows, chosen, k.cursor, width),
    { fileName: `fairness-${field}`, onClick })
    .catch((e) => console.warn('fairness: drawing failed', e));

  element.prepend(numbers(result));
  const notes = [`positive class: ${label(result.positive)} (${result.label} and ${result.prediction})`, plural(result.count, 'row')];
  if (result.missing) notes.push(`${plural(result.missing, 'row')} with a missing ${result.label} or ${result.prediction} left out`);
  if (result.missing_group) notes.push(`${plural(result.missing_group, 'row')} without ${field}: drawn last, not in the numbers`);
  if (result.groups.length > MAX_DRAWN) notes.push(`the first ${MAX_DRAWN} of ${fmt(result.groups.length)} groups are drawn; the numbers use all`);
  frame.caption.replaceChildren(...notes.map((text) => h('p', { class: 'chart-note' }, text)));
  return redraw();
}
