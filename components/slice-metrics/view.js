// slice-metrics/view.js — one row per slice as a Vega-Lite chart (web/vega.js):
// left, the accuracy (or error rate) as a point with its Wilson 95% interval as a
// rule and a dashed line at the whole's; right, the slice's row count as a bar, so
// small slices (wide intervals, short bars) stand out. Rows keep the kernel's
// order (by the gap to the whole, by default). A point is orange when its whole
// interval lies on the worse side of the whole's value, green on the better side.
// A click on a row (or Enter on the keyboard cursor) selects the slice: {field, in:
// [value]} (null: missing), a bin as exactly its rows (a closed range less the edge
// that belongs to the next bin), "other" as not the values shown, a named slice
// as its filter; a click on the selected slice clears. Below, a table of every
// metric. Data reaches the chart under fixed keys (key, name, v, lo, hi, n, ...),
// so no name from the file or the spec is ever in a Vega expression.

import { h, fmt, fmt3, largest, plural, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{count: number, missing: number, accuracy: number | null, precision: number | null, recall: number | null,
 *   f1: number | null, error_rate: number | null, accuracy_ci: [number, number] | null}} Metrics */
/** @typedef {Metrics & {value?: unknown, lo?: number, hi?: number, other?: number, name?: string, filter?: object,
 *   error?: string, gap?: number | null}} Group */
/** @typedef {{source: 'field' | 'named', field?: string, binning?: 'equal-width' | 'quantile', extent?: [number, number] | null,
 *   label: string, prediction: string, count: number, missing: number, values?: number, unbinned?: number,
 *   overall: Metrics, groups: Group[]}} SliceResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

const BLUE = '#2f6fde', ORANGE = '#e87c28', GREEN = '#2a9d6f', GREY = '#9aa3b5', INK = '#1d2433';
/** At most this many slices are drawn (and listed in the table). */
export const MAX_ROWS = 60;
const ROW = 26;

/** @param {SliceResult} r */
export function rowCount(r) {
  return r.count + r.missing;
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => plural(k, 'row');

/** A bin edge: 6 significant digits, no thousands separator (it would read as the interval's comma). @param {number} v */
const edge = (v) => String(Number(v.toPrecision(6)));

/**
 * A bin's name with its edge rule: equal-width bins are [lo, hi) but the last
 * [lo, hi]; quantile bins (lo, hi] but the first [lo, hi].
 * @param {SliceResult} r @param {Group} g
 */
function binName(r, g) {
  const lo = /** @type {number} */ (g.lo), hi = /** @type {number} */ (g.hi);
  const ext = r.extent || [lo, hi];
  const quantile = r.binning === 'quantile';
  const open = quantile ? lo !== ext[0] : false;
  const shut = quantile ? true : hi === ext[1];
  return `${open ? '(' : '['}${edge(lo)}, ${edge(hi)}${shut ? ']' : ')'}`;
}

/** What each slice is called (unique). @param {SliceResult} r @returns {string[]} */
export function namesOf(r) {
  return uniqueLabels(r.groups.map((g) => {
    if (typeof g.name === 'string') return g.name;
    if (typeof g.other === 'number') return `other (${plural(g.other, 'value')})`;
    if (typeof g.lo === 'number') return binName(r, g);
    return g.value;
  }));
}

/**
 * The selection that is exactly slice g's rows.
 * @param {SliceResult} r @param {Group} g @returns {object | null}
 */
export function predicateOf(r, g) {
  if (r.source === 'named') return g.filter || null;
  const field = /** @type {string} */ (r.field);
  if (typeof g.other === 'number') {
    const shown = r.groups.filter((x) => 'value' in x && x.value !== null).map((x) => x.value);
    return { not: { field, in: [...shown, null] } };
  }
  if (typeof g.lo === 'number' && typeof g.hi === 'number') {
    const range = { field, range: [g.lo, g.hi] };
    const ext = r.extent || [g.lo, g.hi];
    // The edge that belongs to the neighbouring bin is left out.
    if (r.binning === 'quantile') return g.lo === ext[0] ? range : { and: [range, { not: { field, in: [g.lo] } }] };
    return g.hi === ext[1] ? range : { and: [range, { not: { field, in: [g.hi] } }] };
  }
  return { field, in: [g.value === undefined ? null : g.value] };
}

/** The index of the slice a selection selects, or -1. @param {SliceResult} r @param {unknown} sel */
export function chosenOf(r, sel) {
  if (!sel) return -1;
  const key = JSON.stringify(sel);
  return r.groups.findIndex((g) => JSON.stringify(predicateOf(r, g)) === key);
}

/** @param {Metrics} m @param {boolean} errors */
const valueOf = (m, errors) => (m.accuracy === null ? null : errors ? 1 - m.accuracy : m.accuracy);
/** The interval of the value drawn. @param {Metrics} m @param {boolean} errors @returns {[number, number] | null} */
const intervalOf = (m, errors) => (m.accuracy_ci ? (errors ? [1 - m.accuracy_ci[1], 1 - m.accuracy_ci[0]] : m.accuracy_ci) : null);

/**
 * The Vega-Lite spec: the metric with its interval, and the counts.
 * @param {SliceResult} r @param {string[]} names @param {boolean} errors @param {number} chosen @param {number} cursor @param {number} width
 */
export function sliceSpec(r, names, errors, chosen, cursor, width) {
  const groups = r.groups.slice(0, MAX_ROWS);
  const whole = valueOf(r.overall, errors);
  const metric = errors ? 'error rate' : 'accuracy';
  const values = groups.map((g, i) => {
    const v = valueOf(g, errors), ci = intervalOf(g, errors);
    // Orange when the whole interval is on the worse side of the whole's value, green on the better.
    const worse = ci !== null && whole !== null && (errors ? ci[0] > whole : ci[1] < whole);
    const better = ci !== null && whole !== null && (errors ? ci[1] < whole : ci[0] > whole);
    const what = g.error ? `cannot be computed: ${g.error}`
      : v === null ? `no rows with a label and a prediction${g.missing ? ` (${fmt(g.missing)} without)` : ''}`
        : `${metric} ${fmt3(v)} (95% interval ${fmt3(ci && ci[0])} to ${fmt3(ci && ci[1])}), ${nRows(g.count)}`;
    return {
      key: i, name: names[i], v, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null, n: g.count ?? 0, all: whole, one: 1,
      tone: worse ? 'worse' : better ? 'better' : 'same', sel: i === chosen, dim: chosen >= 0 && i !== chosen, cur: i === cursor,
      vt: v === null ? '–' : fmt3(v), ct: fmt(g.count),
      desc: `${names[i]}: ${what}${i === chosen ? ', selected' : ''}`,
    };
  });
  const longest = largest(names.slice(0, MAX_ROWS).map((n) => n.length), 0);
  const labelRoom = Math.min(Math.floor(width * 0.35), 16 + 7 * longest);
  const countWidth = width < 480 ? 80 : 110;
  const plotWidth = Math.max(120, width - labelRoom - countWidth - 60);
  const y = {
    field: 'name', type: 'nominal', title: null, sort: { field: 'key', op: 'min' },
    axis: { labelLimit: labelRoom - 8, labelFontSize: 12, labelColor: INK, labelPadding: 10, ticks: false, domain: false },
  };
  const x = { type: 'quantitative', scale: { domain: [0, 1], clamp: true, nice: false }, title: `${metric} (95% Wilson interval)`,
    axis: { tickCount: plotWidth < 200 ? 2 : 5, format: '.1f', grid: true, labelFlush: true } };
  const opacity = { condition: { test: 'datum.dim', value: 0.35 }, value: 1 };
  const tooltip = [
    { field: 'name', type: 'nominal', title: 'slice' },
    { field: 'vt', type: 'nominal', title: metric },
    { field: 'lo', type: 'quantitative', title: '95% from', format: '.3f' },
    { field: 'hi', type: 'quantitative', title: '95% to', format: '.3f' },
    { field: 'ct', type: 'nominal', title: 'rows' },
  ];
  const metricPanel = {
    width: plotWidth, height: { step: ROW },
    layer: [{
      // A transparent bar over the whole row: what the pointer clicks, with the tooltip;
      // the selected slice's row is shaded.
      name: 'rows', mark: { type: 'bar', cursor: 'pointer' },
      encoding: {
        y, x: { ...x, field: 'one' }, description: { field: 'desc' }, tooltip,
        fill: { condition: { test: 'datum.sel', value: '#e8f0fd' }, value: 'transparent' },
      },
    }, {
      name: 'whole', transform: [{ filter: 'datum.key === 0 && isValid(datum.all)' }],
      mark: { type: 'rule', color: INK, strokeDash: [4, 3], strokeWidth: 1, aria: false },
      encoding: { x: { ...x, field: 'all' } },
    }, {
      name: 'intervals', transform: [{ filter: 'isValid(datum.lo)' }],
      mark: { type: 'rule', strokeWidth: 2.5, aria: false },
      encoding: {
        y, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, opacity,
        color: { condition: [{ test: "datum.tone === 'worse'", value: ORANGE }, { test: "datum.tone === 'better'", value: GREEN }], value: BLUE },
      },
    }, {
      name: 'points', transform: [{ filter: 'isValid(datum.v)' }],
      mark: { type: 'point', filled: true, size: 70, stroke: '#fff', strokeWidth: 1, aria: false },
      encoding: {
        y, x: { ...x, field: 'v' }, opacity,
        color: { condition: [{ test: "datum.tone === 'worse'", value: ORANGE }, { test: "datum.tone === 'better'", value: GREEN }], value: BLUE },
        size: { condition: { test: 'datum.sel', value: 130 }, value: 70 },
      },
    }, {
      name: 'cursor', transform: [{ filter: 'datum.cur' }],
      mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 1.5, aria: false },
      encoding: { y, x: { datum: 0, scale: x.scale, type: 'quantitative' }, x2: { datum: 1 } },
    }],
  };
  const countPanel = {
    width: countWidth, height: { step: ROW },
    encoding: { y: { ...y, axis: null } },
    layer: [{
      name: 'count_rows', mark: { type: 'bar', fill: 'transparent', cursor: 'pointer', aria: false },
      encoding: { x: { field: 'one', type: 'quantitative', axis: null, scale: { domain: [0, 1] } }, tooltip },
    }, {
      layer: [{
        name: 'counts', mark: { type: 'bar', color: GREY, height: { band: 0.55 }, aria: false },
        encoding: { x: { field: 'n', type: 'quantitative', title: 'rows', axis: { tickCount: 2, format: '~s', grid: false } }, opacity },
      }, {
        name: 'count_text', mark: { type: 'text', align: 'left', dx: 3, fontSize: 11, color: '#4a5468', aria: false },
        encoding: { x: { field: 'n', type: 'quantitative' }, text: { field: 'ct' } },
      }],
    }],
    resolve: { scale: { x: 'independent' } },
  };
  return {
    description: r.source === 'named' ? `${metric} of the named slices` : `${metric} by ${r.field}`,
    data: { values },
    hconcat: [metricPanel, countPanel], spacing: 14,
    resolve: { scale: { y: 'shared' } },
  };
}

/** The metrics table below the chart. @param {SliceResult} r @param {string[]} names */
function metricsTable(r, names) {
  const ci = (/** @type {Metrics} */ m) => (m.accuracy_ci ? ` [${fmt3(m.accuracy_ci[0])}, ${fmt3(m.accuracy_ci[1])}]` : '');
  const row = (/** @type {string} */ name, /** @type {Group} */ m, cls = '') => h('tr', { class: cls },
    h('th', { scope: 'row', title: name }, name),
    h('td', { class: 'num' }, fmt(m.count)),
    m.error ? h('td', { class: 'warn', colspan: 6 }, m.error) : [
      h('td', { class: 'num' }, `${fmt3(m.accuracy)}${ci(m)}`),
      h('td', { class: 'num' }, fmt3(m.precision)), h('td', { class: 'num' }, fmt3(m.recall)), h('td', { class: 'num' }, fmt3(m.f1)),
      h('td', { class: 'num' }, fmt3(m.error_rate)),
      h('td', { class: 'num' }, m.gap === undefined ? '' : m.gap === null ? '–' : `${m.gap > 0 ? '+' : ''}${m.gap.toFixed(3)}`),
    ]);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table slice-metrics-table' },
    h('thead', {}, h('tr', {}, ['Slice', 'Rows', 'Accuracy [95%]', 'Precision', 'Recall', 'F1', 'Error rate', 'Gap'].map((t, i) =>
      h('th', { scope: 'col', class: i ? 'num' : '', title: t === 'Gap' ? "the slice's accuracy − all rows' accuracy" : null }, t)))),
    h('tbody', {},
      r.groups.slice(0, MAX_ROWS).map((g, i) => row(names[i], g)),
      row('all rows', r.overall, 'whole'))));
}

/** Keyboard cursor per chart element, kept across redraws. @type {WeakMap<HTMLElement, number>} */
const cursors = new WeakMap();

/**
 * @param {HTMLElement} element @param {SliceResult} result @param {{metric?: string}} config @param {Api} api
 */
export function render(element, result, config, api) {
  const named = result.source === 'named';
  if (!result.groups.length) {
    return noChart(element, named
      ? 'No named slices yet: select rows in any view, then "Save selection as slice" above the cards.'
      : 'No rows to slice.');
  }
  const errors = config.metric === 'error_rate';
  const names = namesOf(result);
  const shown = Math.min(result.groups.length, MAX_ROWS);
  let chosen = chosenOf(result, api.selection());
  let cursor = cursors.get(element) ?? -1;
  if (cursor >= shown) cursor = -1;

  /** Select slice i (-1: none) and redraw. @param {number} i */
  const commit = (i) => {
    chosen = i;
    api.select(i >= 0 ? predicateOf(result, result.groups[i]) : null);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = cursor >= 0 ? cursor : chosen;
    if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      return commit(chosen === at ? -1 : at);
    }
    const next = e.key === 'ArrowDown' ? Math.min(shown - 1, at + 1) : e.key === 'ArrowUp' ? Math.max(0, at - 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? shown - 1 : -2;
    if (next === -2) return;
    e.preventDefault();
    cursor = next;
    cursors.set(element, cursor);
    commit(next);
  };
  const what = named ? 'the named slices' : `the slices of ${result.field}`;
  const frame = chartFrame(element, 'slice-metrics',
    `${errors ? 'Error rate' : 'Accuracy'} of ${what}, ${shown} slices, with 95% intervals and row counts. ` +
    'Arrow keys select a slice, Enter toggles, Escape clears. The table below lists every metric.', onKey);
  const width = Math.max(300, contentWidth(element, 560));
  /** A click on a row selects its slice; on the selected one, clears. @param {Event} _ @param {any} _view @param {any} item */
  const onClick = (_, _view, item) => {
    const key = item && item.datum ? item.datum.key : undefined;
    if (!Number.isInteger(key) || key >= shown) return;
    cursor = -1;
    cursors.delete(element);
    commit(key === chosen ? -1 : key);
  };
  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => draw(frame.target, sliceSpec(result, names, errors, chosen, cursor, width),
    { fileName: `slice-metrics-${result.field || 'named'}`, passThrough: ['whole', 'intervals', 'points', 'cursor', 'counts', 'count_text'], onClick })
    .catch((e) => console.warn('slice-metrics: drawing failed', e));

  const o = result.overall;
  const notes = [`all rows: ${errors ? 'error rate' : 'accuracy'} ${fmt3(valueOf(o, errors))} (dashed), ${nRows(o.count)}`];
  if (result.missing) notes.push(`${nRows(result.missing)} without a label or prediction left out`);
  notes.push(`orange: the 95% interval is ${errors ? 'above' : 'below'} the whole's; green: ${errors ? 'below' : 'above'}`);
  if (typeof result.values === 'number' && result.groups.some((g) => typeof g.other === 'number')) {
    const other = /** @type {Group} */ (result.groups.find((g) => typeof g.other === 'number'));
    notes.push(`${fmt(result.values - /** @type {number} */ (other.other))} of ${fmt(result.values)} values shown; the rest are "other"`);
  }
  if (result.unbinned) notes.push(`${nRows(result.unbinned)} with an infinite value in no bin`);
  if (result.groups.length > MAX_ROWS) notes.push(`the first ${MAX_ROWS} of ${fmt(result.groups.length)} slices are drawn`);
  frame.caption.replaceChildren(...notes.map((t) => h('p', { class: 'chart-note' }, t)));
  frame.notes.replaceChildren(metricsTable(result, names));
  return redraw();
}
