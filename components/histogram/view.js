// histogram/view.js — a histogram as a Vega-Lite chart (drawn by web/vega.js).
// Numbers: bars from lo to hi; an interval brush on x (a Vega-Lite param)
// that, on release, snaps to bin edges and selects {field, range: [lo, hi]};
// a click without a drag selects one bin, or clears when inside the selection.
// Categories: horizontal bars; a point param: a click selects
// {field, in: [value]}, Shift+click adds or removes a value.
// The chart is one tab stop: arrow keys move the selection (Shift extends),
// Enter/Space toggles the bin or value under the cursor, Escape (the card's) clears.
// When other components' selections filter it, the whole column's counts (the
// baseline result) are drawn in light grey behind, on a shared scale;
// categories then keep the baseline's order, so bars stay put.
// Data reaches the chart under fixed keys (lo, hi, count, ...), so no field
// name from the file ever appears in a Vega expression or field reference.

import { h, fmt, largest, uniqueLabels } from '../../web/dom.js';
import { chartFrame, contentWidth, draw, noChart, viewIn, dispose as disposeCharts } from '../../web/vega.js';

/** @typedef {{lo: number, hi: number, count: number}} Bin */
/** @typedef {{field: string, bins?: Bin[], values?: {value: unknown, count: number}[], other?: number, missing?: number}} HistogramResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any, settled: () => Promise<void>}} Api */
/** @typedef {[number, number]} Span first and last selected bin */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

/** Given the unfiltered result too (the 5th argument of render). */
export const wantsBaseline = true;

const BLUE = '#5b8def', DARK_BLUE = '#2458c4', GREY = '#dde1e8', ACCENT = '#2f6fde', INK = '#1d2433';
/** At most this many category values are drawn. */
const MAX_VALUES = 50;

/** @param {HistogramResult} r */
export function rowCount(r) {
  const sum = (r.bins || r.values || []).reduce((a, b) => a + b.count, 0);
  return sum + (r.other || 0) + (r.missing || 0);
}

/** Release the chart drawn in `element`. @param {HTMLElement} element */
export function dispose(element) {
  disposeCharts(element);
}

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/**
 * The baseline to draw behind the result: only when a filter applies (it is
 * not the result itself) and it has the result's shape.
 * @param {HistogramResult} result @param {HistogramResult | null | undefined} baseline
 * @returns {HistogramResult | null}
 */
function contextOf(result, baseline) {
  if (!baseline || baseline === result || baseline.field !== result.field) return null;
  if (result.bins) return baseline.bins && baseline.bins.length === result.bins.length ? baseline : null;
  return Array.isArray(result.values) && Array.isArray(baseline.values) ? baseline : null;
}

/** Keyboard position per chart element, kept across redraws. @type {WeakMap<HTMLElement, {cursor: number, anchor: number}>} */
const keyboard = new WeakMap();
/** @param {HTMLElement} element @param {number} size */
function keysOf(element, size) {
  let keys = keyboard.get(element);
  if (!keys || keys.cursor >= size) keyboard.set(element, keys = { cursor: -1, anchor: -1 });
  return keys;
}

/**
 * @param {HTMLElement} element @param {HistogramResult} result
 * @param {{field: string, bins?: number}} config @param {Api} api
 * @param {HistogramResult | null} [baseline] the result over every row (=== result while nothing filters it)
 */
export function render(element, result, config, api, baseline = null) {
  const width = Math.max(260, contentWidth(element, 400));
  const context = contextOf(result, baseline);
  const shown = result.bins ? result.bins.length : (result.values || []).length;
  if (!shown) return noChart(element, 'No values to show.');
  const { frame, drawn } = result.bins ? numeric(element, result, context, width, api) : categorical(element, result, context, width, api);
  const notes = [];
  if (result.missing) notes.push(`${fmt(result.missing)} missing`);
  if (result.other) notes.push(`${fmt(result.other)} in other values`);
  if (!result.bins && shown > MAX_VALUES) notes.push(`the first ${MAX_VALUES} of ${fmt(shown)} values are drawn`);
  frame.caption.replaceChildren(
    context ? h('p', { class: 'chart-note context-note' }, `blue: ${nRows(rowCount(result))} selected · grey: all ${fmt(rowCount(context))}`) : '',
    notes.length ? h('p', { class: 'chart-note' }, notes.join(' · ')) : '');
  return drawn;
}

// ---- numbers ----------------------------------------------------------------

/**
 * The bins selected by this component's own clause.
 * @param {Bin[]} bins @param {any} sel @param {string} field @returns {Span | null}
 */
function spanOf(bins, sel, field) {
  if (!sel || sel.field !== field || !Array.isArray(sel.range)) return null;
  const x0 = bins[0].lo, x1 = bins[bins.length - 1].hi;
  const eps = 1e-9 * Math.max(1, Math.abs(x1 - x0));
  const a = bins.findIndex((b) => b.lo >= sel.range[0] - eps);
  let b = -1;
  bins.forEach((bin, i) => { if (bin.hi <= sel.range[1] + eps) b = i; });
  return a >= 0 && b >= a ? [a, b] : null;
}

/** The bin a value falls in (the first whose upper edge reaches it). @param {Bin[]} bins @param {number} v */
function binAt(bins, v) {
  const i = bins.findIndex((b) => b.hi >= v);
  return i < 0 ? bins.length - 1 : i;
}

/**
 * The Vega-Lite spec of a numeric histogram.
 * @param {string} field @param {Bin[]} bins @param {Bin[] | null} base @param {Span | null} span
 * @param {number} cursor @param {number} width
 */
export function numericSpec(field, bins, base, span, cursor, width) {
  const inSpan = (/** @type {number} */ i) => span !== null && i >= span[0] && i <= span[1];
  const values = bins.map((b, i) => ({
    lo: b.lo, hi: b.hi, count: b.count, all: base ? base[i].count : b.count,
    sel: inSpan(i), dim: span !== null && !inSpan(i), cur: i === cursor,
    desc: `${field} from ${fmt(b.lo)} to ${fmt(b.hi)}: ${nRows(b.count)}${base ? ` of ${fmt(base[i].count)}` : ''}${inSpan(i) ? ', selected' : ''}`,
  }));
  const x0 = bins[0].lo, x1 = bins[bins.length - 1].hi;
  const x = {
    field: 'lo', type: 'quantitative', title: field,
    scale: { domain: [x0, x1 > x0 ? x1 : x0 + 1], nice: false, zero: false },
    axis: { tickCount: Math.max(2, Math.floor(width / 70)), labelFlush: true, grid: false },
  };
  const y = { type: 'quantitative', title: null, axis: { tickCount: 4, format: '~s', domain: false, ticks: false } };
  /** @type {any[]} */
  const layers = [];
  if (base) {
    layers.push({
      name: 'context', mark: { type: 'rect', color: GREY, aria: false, x2Offset: -1 },
      encoding: { x, x2: { field: 'hi' }, y: { ...y, field: 'all' }, y2: { datum: 0 } },
    });
  }
  layers.push({
    name: 'bars',
    mark: { type: 'rect', x2Offset: -1, cursor: 'crosshair' },
    params: [{
      name: 'brush',
      ...(span ? { value: { x: [bins[span[0]].lo, bins[span[1]].hi] } } : {}),
      select: {
        type: 'interval', encodings: ['x'], clear: false, translate: false, zoom: false,
        mark: { fill: ACCENT, fillOpacity: 0.08, stroke: ACCENT, strokeOpacity: 0.55, strokeDash: [3, 2] },
      },
    }],
    encoding: {
      x, x2: { field: 'hi' }, y: { ...y, field: 'count' }, y2: { datum: 0 },
      color: { condition: { test: 'datum.sel', value: DARK_BLUE }, value: BLUE },
      opacity: { condition: { test: 'datum.dim', value: 0.35 }, value: 1 },
      description: { field: 'desc' },
      tooltip: [
        { field: 'lo', type: 'quantitative', title: 'from', format: ',.6~g' },
        { field: 'hi', type: 'quantitative', title: 'to', format: ',.6~g' },
        { field: 'count', type: 'quantitative', title: 'rows', format: ',' },
        ...(base ? [{ field: 'all', type: 'quantitative', title: 'of all rows', format: ',' }] : []),
      ],
    },
  });
  layers.push({
    name: 'cursor', transform: [{ filter: 'datum.cur' }],
    mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 2, aria: false },
    encoding: { x, x2: { field: 'hi' }, y: { ...y, field: 'all' }, y2: { datum: 0 } },
  });
  return {
    description: `Histogram of ${field}`,
    width, height: 220, autosize: { type: 'fit-x', contains: 'padding' },
    data: { values }, layer: layers,
  };
}

/**
 * @param {HTMLElement} element @param {HistogramResult} result @param {HistogramResult | null} context
 * @param {number} width @param {Api} api
 */
function numeric(element, result, context, width, api) {
  const field = result.field;
  const bins = /** @type {Bin[]} */ (result.bins);
  const base = context ? /** @type {Bin[]} */ (context.bins) : null;
  const keys = keysOf(element, bins.length);
  let span = spanOf(bins, api.selection(), field);

  /** Select bins span[0]..span[1] (null: nothing) and redraw. @param {Span | null} next */
  const commit = (next) => {
    span = next;
    api.select(next ? { field, range: [bins[next[0]].lo, bins[next[1]].hi] } : null);
    api.settled().then(() => redraw());
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const last = bins.length - 1;
    const at = keys.cursor >= 0 ? keys.cursor : span ? span[1] : -1;
    let next = -1;
    if (e.key === 'ArrowRight') next = Math.min(last, at + 1);
    else if (e.key === 'ArrowLeft') next = at < 0 ? 0 : Math.max(0, at - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      const only = span !== null && span[0] === at && span[1] === at;
      keys.anchor = at;
      return commit(only ? null : [at, at]);
    } else return;
    e.preventDefault();
    if (!e.shiftKey || keys.anchor < 0) keys.anchor = next;
    keys.cursor = next;
    commit([Math.min(keys.anchor, next), Math.max(keys.anchor, next)]);
  };
  const frame = chartFrame(element, 'numeric',
    `Histogram of ${field}, ${bins.length} bins from ${fmt(bins[0].lo)} to ${fmt(bins[bins.length - 1].hi)}. ` +
    'Arrow keys select a bin, Shift+arrows extend, Enter toggles, Escape clears.', onKey);

  /** @returns {Promise<unknown>} settled once drawn */
  const redraw = () => {
    return draw(frame.target, numericSpec(field, bins, base, span, keys.cursor, width),
      { fileName: `histogram-${field}`, passThrough: ['brush_brush', 'cursor_marks'] })
      .catch((e) => console.warn('histogram: drawing failed', e));
  };
  // A drag ends on release anywhere: then snap the brush to bin edges.
  frame.target.onpointerdown = (down) => {
    if (down.button !== 0) return;
    window.addEventListener('pointerup', async (up) => {
      const view = viewIn(frame.target);
      if (!view) return;
      // The brush follows the last pointermove; wait for Vega only when it has not run yet.
      if (!Array.isArray(view.signal('brush_x'))) await view.runAsync();
      const px = view.signal('brush_x');
      if (!Array.isArray(px)) return;
      const scale = view.scale('x');
      const a = binAt(bins, scale.invert(Math.min(px[0], px[1])));
      const b = binAt(bins, scale.invert(Math.max(px[0], px[1])));
      keys.cursor = -1;
      if (Math.abs(up.clientX - down.clientX) < 3) commit(span && a >= span[0] && a <= span[1] ? null : [a, a]);
      else commit([a, b]);
    }, { once: true });
  };
  return { frame, drawn: redraw() };
}

// ---- categories -------------------------------------------------------------

/**
 * The values to draw, each with its count and (when filtered) its baseline
 * count: in the baseline's order then, values it lacks (counted there as
 * "other") after; a value the filter leaves no rows of counts 0.
 * @param {HistogramResult} result @param {HistogramResult | null} context
 * @returns {{value: unknown, count: number, base: number | null}[]}
 */
function valuesOf(result, context) {
  const own = result.values || [];
  if (!context) return own.slice(0, MAX_VALUES).map((v) => ({ ...v, base: null }));
  const key = (/** @type {unknown} */ v) => JSON.stringify(v);
  const counts = new Map(own.map((v) => [key(v.value), v.count]));
  const out = (context.values || []).slice(0, MAX_VALUES).map((v) => ({ value: v.value, count: counts.get(key(v.value)) || 0, base: v.count }));
  const known = new Set(out.map((v) => key(v.value)));
  for (const v of own) if (!known.has(key(v.value))) out.push({ value: v.value, count: v.count, base: 0 });
  return out.slice(0, MAX_VALUES);
}

/**
 * The Vega-Lite spec of a categorical histogram: one row per value, in order.
 * @param {string} field @param {{value: unknown, count: number, base: number | null}[]} values
 * @param {number[]} chosen indexes of the selected values @param {number} cursor @param {number} width
 */
export function categoricalSpec(field, values, chosen, cursor, width) {
  const names = uniqueLabels(values.map((v) => v.value));
  const filtered = values.some((v) => v.base !== null);
  const max = largest(values.map((v) => Math.max(v.count, v.base || 0)), 1);
  const data = values.map((v, i) => ({
    key: i, name: names[i], count: v.count, all: v.base === null ? v.count : v.base, top: max,
    sel: chosen.includes(i), dim: chosen.length > 0 && !chosen.includes(i), cur: i === cursor,
    text: fmt(v.count) + (v.base === null ? '' : ` / ${fmt(v.base)}`),
    desc: `${field} = ${names[i]}: ${nRows(v.count)}${v.base === null ? '' : ` of ${fmt(v.base)}`}${chosen.includes(i) ? ', selected' : ''}`,
  }));
  const longest = largest(names.map((n) => n.length), 0);
  const y = {
    field: 'name', type: 'nominal', title: null, sort: { field: 'key', op: 'min' },
    axis: { labelLimit: Math.min(Math.floor(width * 0.4), 12 + 7 * longest), labelFontSize: 12, labelColor: INK, ticks: false, domain: false },
  };
  const x = { type: 'quantitative', title: null, axis: null, scale: { domain: [0, max] } };
  /** @type {any[]} */
  const layers = [{
    // A transparent bar over the whole row: what the pointer clicks.
    name: 'rows',
    mark: { type: 'bar', fill: 'transparent', cursor: 'pointer' },
    params: [{
      name: 'pick', select: { type: 'point', fields: ['key'], toggle: 'event.shiftKey', clear: false },
      ...(chosen.length ? { value: chosen.map((key) => ({ key })) } : {}),
    }],
    encoding: {
      y, x: { ...x, field: 'top' },
      description: { field: 'desc' },
      tooltip: [
        { field: 'name', type: 'nominal', title: 'value' },
        { field: 'count', type: 'quantitative', title: 'rows', format: ',' },
        ...(filtered ? [{ field: 'all', type: 'quantitative', title: 'of all rows', format: ',' }] : []),
      ],
    },
  }];
  if (filtered) layers.push({ name: 'context', mark: { type: 'bar', color: GREY, aria: false }, encoding: { y, x: { ...x, field: 'all' } } });
  layers.push({
    name: 'bars', mark: { type: 'bar', aria: false },
    encoding: {
      y, x: { ...x, field: 'count' },
      color: { condition: { test: 'datum.sel', value: DARK_BLUE }, value: BLUE },
      opacity: { condition: { test: 'datum.dim', value: 0.35 }, value: 1 },
    },
  }, {
    name: 'counts', mark: { type: 'text', align: 'left', dx: 5, fontSize: 11, color: '#4a5468', aria: false },
    encoding: { y, x: { ...x, field: 'all' }, text: { field: 'text' } },
  }, {
    name: 'cursor', transform: [{ filter: 'datum.cur' }],
    mark: { type: 'rect', fill: null, stroke: INK, strokeWidth: 1.5, aria: false },
    encoding: { y, x: { ...x, field: 'top' }, x2: { datum: 0 } },
  });
  // Room right of the longest bar for its count ("12 / 168" when filtered), from the
  // largest count, so new counts under a filter redraw in the same view.
  const widest = filtered ? `${fmt(max)} / ${fmt(max)}` : fmt(max);
  const countWidth = Math.max(48, 14 + 6.5 * widest.length);
  return {
    description: `Counts of ${field}`,
    width, height: 24 * values.length, autosize: { type: 'fit-x', contains: 'padding' },
    padding: { left: 5, top: 5, bottom: 5, right: countWidth },
    data: { values: data }, layer: layers,
  };
}

/**
 * @param {HTMLElement} element @param {HistogramResult} result @param {HistogramResult | null} context
 * @param {number} width @param {Api} api
 */
function categorical(element, result, context, width, api) {
  const field = result.field;
  const values = valuesOf(result, context);
  const keys = keysOf(element, values.length);
  /** @returns {number[]} indexes of the values this component selects */
  const selectedNow = () => {
    const sel = api.selection();
    if (!sel || sel.field !== field || !Array.isArray(sel.in)) return [];
    return values.flatMap((v, i) => (sel.in.some((/** @type {unknown} */ c) => c === v.value) ? [i] : []));
  };
  let chosen = selectedNow();

  /** @param {number[]} next */
  const commit = (next) => {
    chosen = next;
    api.select(next.length ? { field, in: next.map((i) => values[i].value) } : null);
    api.settled().then(() => redraw());
  };
  /** Add or remove value i. @param {number} i */
  const toggle = (i) => commit(chosen.includes(i) ? chosen.filter((k) => k !== i) : [...chosen, i]);
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const at = keys.cursor >= 0 ? keys.cursor : chosen.length ? chosen[chosen.length - 1] : -1;
    if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      keys.cursor = at;
      return toggle(at);
    }
    const next = e.key === 'ArrowDown' ? Math.min(values.length - 1, at + 1)
      : e.key === 'ArrowUp' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? values.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    keys.cursor = next;
    if (e.shiftKey) commit(chosen.includes(next) ? chosen : [...chosen, next]);
    else commit([next]);
  };
  const frame = chartFrame(element, 'categorical',
    `Counts of ${field}, ${values.length} values. Arrow keys select a value, Shift+arrows add the next, Enter toggles, Escape clears.`, onKey);

  /** A click sets the point param: it becomes this component's selection. @param {Event} event @param {any} view */
  const onClick = async (event, view) => {
    await view.runAsync();
    const picked = /** @type {{key?: unknown[]}} */ (view.signal('pick') || {});
    const got = picked.key || [];
    const next = got.filter((k) => Number.isInteger(k) && /** @type {number} */ (k) < values.length).map(Number);
    if (next.length !== got.length) return redraw(true); // a click on no value (an axis label): the param starts again
    keys.cursor = -1;
    const shift = /** @type {MouseEvent} */ (event).shiftKey;
    // A plain click on the only selected value clears it.
    const again = !shift && chosen.length === 1 && next.length === 1 && next[0] === chosen[0];
    commit(again ? [] : next);
  };
  /** @param {boolean} [fresh] a new view, not new data in the one drawn @returns {Promise<unknown>} settled once drawn */
  const redraw = (fresh = false) => {
    return draw(frame.target, categoricalSpec(field, values, chosen, keys.cursor, width), { fileName: `histogram-${field}`, passThrough: ['cursor_marks'], onClick, fresh })
      .catch((e) => console.warn('histogram: drawing failed', e));
  };
  return { frame, drawn: redraw() };
}
