// histogram/view.js — a histogram drawn as hand-made SVG. Numbers: vertical
// bins with a pointer brush that snaps to bin edges and selects
// {field, range: [lo, hi]}; arrow keys on a focused bar select it (Shift
// extends). Categories: horizontal bars; a click selects {field, in: [value]},
// Shift+click adds or removes a value.
// When other components' selections filter it, the whole column's counts (the
// baseline result, see components/registry.js) are drawn behind the filtered
// bars in a light grey (.bar-context, not interactive, aria-hidden), on a scale
// that fits both, with a caption saying which is which; categories then keep
// the baseline's order, so bars stay put while selections change elsewhere.
// Every bar carries its count in data-count.

import { h, s, fmt, label } from '../../web/dom.js';
import { linear, niceTicks, axis } from '../../web/chart.js';

/** @typedef {{lo: number, hi: number, count: number}} Bin */
/** @typedef {{field: string, bins?: Bin[], values?: {value: unknown, count: number}[], other?: number, missing?: number}} HistogramResult */
/** @typedef {{select: (p: object | null) => void, selection: () => any}} Api */

/** Drawn for the card's width: the layout redraws it when that changes. */
export const responsive = true;

/** Given the unfiltered result too (the 5th argument of render). */
export const wantsBaseline = true;

/** @param {HistogramResult} r */
export function rowCount(r) {
  const sum = (r.bins || r.values || []).reduce((a, b) => a + b.count, 0);
  return sum + (r.other || 0) + (r.missing || 0);
}

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

/** @param {number} k */
const nRows = (k) => `${fmt(k)} row${k === 1 ? '' : 's'}`;

/**
 * @param {HTMLElement} element @param {HistogramResult} result
 * @param {{field: string, bins?: number}} config @param {Api} api
 * @param {HistogramResult | null} [baseline] the result over every row (=== result while nothing filters it)
 */
export function render(element, result, config, api, baseline = null) {
  const width = Math.max(260, Math.floor(element.clientWidth || 400));
  const context = contextOf(result, baseline);
  const chart = result.bins ? numeric(result, context, width, api) : categorical(result, context, width, api);
  const notes = [];
  if (result.missing) notes.push(`${fmt(result.missing)} missing`);
  if (result.other) notes.push(`${fmt(result.other)} in other values`);
  element.replaceChildren(chart,
    context ? h('p', { class: 'chart-note context-note' }, `blue: ${nRows(rowCount(result))} selected · grey: all ${fmt(rowCount(context))}`) : '',
    notes.length ? h('p', { class: 'chart-note' }, notes.join(' · ')) : '');
}

/** @param {HistogramResult} result @param {HistogramResult | null} context @param {number} W @param {Api} api */
function numeric(result, context, W, api) {
  const bins = /** @type {Bin[]} */ (result.bins);
  const base = context ? /** @type {Bin[]} */ (context.bins) : null;
  const field = result.field;
  const H = 250, m = { l: 48, r: 14, t: 10, b: 40 };
  const svg = s('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'chart histogram', role: 'group', 'aria-label': `Histogram of ${field}` });
  if (!bins.length) return h('p', { class: 'muted' }, 'No values to show.');
  const x0 = bins[0].lo, x1 = bins[bins.length - 1].hi;
  const yMax = Math.max(1, ...bins.map((b) => b.count), ...(base || []).map((b) => b.count));
  const yTicks = niceTicks(0, yMax, 4);
  const top = Math.max(yMax, yTicks[yTicks.length - 1]);
  const X = linear(x0, x1 === x0 ? x0 + 1 : x1, m.l, W - m.r);
  const Y = linear(0, top, H - m.b, m.t);
  svg.append(axis('left', yTicks, Y, { x: m.l, y: 0, length: 0, grid: W - m.l - m.r }));
  svg.append(axis('bottom', niceTicks(x0, x1, Math.max(2, Math.floor((W - m.l - m.r) / 55))).filter((t) => t >= x0 && t <= x1), X, { x: m.l, y: H - m.b, length: W - m.l - m.r }));
  svg.append(s('text', { class: 'axis-title', x: m.l + (W - m.l - m.r) / 2, y: H - 4, 'text-anchor': 'middle' }, field));

  const barW = (/** @type {Bin} */ b) => Math.max(1, X(b.hi) - X(b.lo) - 1);
  const barH = (/** @type {number} */ k) => Math.max(0, Y(0) - Y(k));
  if (base) {
    svg.append(s('g', { class: 'context', 'aria-hidden': 'true' }, base.map((b, i) => s('rect', {
      class: 'bar-context', x: X(b.lo) + 0.5, y: Y(b.count), width: barW(b), height: barH(b.count), 'data-bin': i, 'data-count': b.count,
    }))));
  }
  const bars = bins.map((b, i) => {
    const of = base ? ` of ${fmt(base[i].count)}` : '';
    return s('rect', {
      class: 'bar', x: X(b.lo) + 0.5, y: Y(b.count), width: barW(b), height: barH(b.count),
      tabindex: 0, role: 'button', 'data-bin': i, 'data-count': b.count, 'aria-label': `${field} from ${fmt(b.lo)} to ${fmt(b.hi)}: ${b.count}${of} rows`,
    }, s('title', {}, `${fmt(b.lo)} – ${fmt(b.hi)}: ${fmt(b.count)}${of}`));
  });
  svg.append(s('g', { class: 'bars' }, bars));
  const brush = s('rect', { class: 'brush', x: 0, y: m.t, width: 0, height: H - m.b - m.t, visibility: 'hidden' });
  const overlay = s('rect', { class: 'overlay', x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.b - m.t });
  svg.append(brush, overlay);

  /** Show bins a..b (inclusive) as selected; null shows none. @param {[number, number] | null} span */
  function show(span) {
    bars.forEach((bar, i) => {
      bar.classList.toggle('selected', Boolean(span) && i >= span[0] && i <= span[1]);
      bar.classList.toggle('dimmed', Boolean(span) && (i < span[0] || i > span[1]));
    });
    brush.setAttribute('visibility', span ? 'visible' : 'hidden');
    if (span) {
      brush.setAttribute('x', String(X(bins[span[0]].lo)));
      brush.setAttribute('width', String(X(bins[span[1]].hi) - X(bins[span[0]].lo)));
    }
  }
  /** @param {[number, number] | null} span */
  function commit(span) {
    show(span);
    api.select(span ? { field, range: [bins[span[0]].lo, bins[span[1]].hi] } : null);
  }
  /** The selected span of bins from the component's own clause. @returns {[number, number] | null} */
  function current() {
    const sel = api.selection();
    if (!sel || sel.field !== field || !sel.range) return null;
    const eps = 1e-9 * Math.max(1, Math.abs(x1 - x0));
    const a = bins.findIndex((b) => b.lo >= sel.range[0] - eps);
    let b = -1;
    bins.forEach((bin, i) => { if (bin.hi <= sel.range[1] + eps) b = i; });
    return a >= 0 && b >= a ? [a, b] : null;
  }
  show(current());

  /** @param {PointerEvent} e */
  const binAt = (e) => {
    const rect = svg.getBoundingClientRect();
    const px = (e.clientX - rect.left) * (W / rect.width);
    const i = bins.findIndex((b) => X(b.hi) >= px);
    return i < 0 ? bins.length - 1 : i;
  };
  /** @type {{bin: number, x: number} | null} */
  let drag = null;
  overlay.addEventListener('pointerdown', (e) => {
    const pe = /** @type {PointerEvent} */ (e);
    if (pe.button !== 0) return;
    overlay.setPointerCapture(pe.pointerId);
    drag = { bin: binAt(pe), x: pe.clientX };
    show([drag.bin, drag.bin]);
  });
  overlay.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const i = binAt(/** @type {PointerEvent} */ (e));
    show([Math.min(drag.bin, i), Math.max(drag.bin, i)]);
  });
  overlay.addEventListener('pointerup', (e) => {
    if (!drag) return;
    const pe = /** @type {PointerEvent} */ (e);
    const i = binAt(pe);
    const span = /** @type {[number, number]} */ ([Math.min(drag.bin, i), Math.max(drag.bin, i)]);
    const clicked = Math.abs(pe.clientX - drag.x) < 3;
    const before = current();
    drag = null;
    if (clicked && before && before[0] === span[0] && before[1] === span[1]) commit(null);
    else commit(span);
  });
  overlay.addEventListener('pointercancel', () => { drag = null; show(current()); });

  let anchor = -1;
  bars.forEach((bar, i) => bar.addEventListener('keydown', (e) => {
    const ke = /** @type {KeyboardEvent} */ (e);
    let next = i;
    if (ke.key === 'ArrowRight') next = Math.min(bins.length - 1, i + 1);
    else if (ke.key === 'ArrowLeft') next = Math.max(0, i - 1);
    else if (ke.key !== 'Enter' && ke.key !== ' ') return;
    ke.preventDefault();
    if (!ke.shiftKey || anchor < 0) anchor = ke.shiftKey ? i : next;
    commit([Math.min(anchor, next), Math.max(anchor, next)]);
    /** @type {SVGElement} */ (bars[next]).focus();
  }));
  return svg;
}

/**
 * The values to draw, each with its count and (when filtered) its baseline
 * count: in the baseline's order then, values it lacks (counted there as
 * "other") after; a value the filter leaves no rows of counts 0.
 * @param {HistogramResult} result @param {HistogramResult | null} context
 * @returns {{value: unknown, count: number, base: number | null}[]}
 */
function valuesOf(result, context) {
  const own = result.values || [];
  if (!context) return own.slice(0, 50).map((v) => ({ ...v, base: null }));
  const key = (/** @type {unknown} */ v) => JSON.stringify(v);
  const counts = new Map(own.map((v) => [key(v.value), v.count]));
  const out = (context.values || []).slice(0, 50).map((v) => ({ value: v.value, count: counts.get(key(v.value)) || 0, base: v.count }));
  const known = new Set(out.map((v) => key(v.value)));
  for (const v of own) if (!known.has(key(v.value))) out.push({ value: v.value, count: v.count, base: 0 });
  return out.slice(0, 50);
}

/** @param {HistogramResult} result @param {HistogramResult | null} context @param {number} W @param {Api} api */
function categorical(result, context, W, api) {
  const field = result.field;
  const values = valuesOf(result, context);
  if (!values.length) return h('p', { class: 'muted' }, 'No values to show.');
  const rowH = 24, m = { t: 4, b: 4 };
  const labelW = Math.min(Math.floor(W * 0.4), 12 + 7 * Math.max(...values.map((v) => label(v.value).length)));
  const H = m.t + m.b + values.length * rowH;
  const max = Math.max(1, ...values.map((v) => Math.max(v.count, v.base || 0)));
  // Room right of the longest bar for its count ("12 / 168" when filtered).
  const countText = (/** @type {{count: number, base: number | null}} */ v) => fmt(v.count) + (v.base === null ? '' : ` / ${fmt(v.base)}`);
  const countW = Math.max(56, 14 + 6.5 * Math.max(...values.map((v) => countText(v).length)));
  const X = linear(0, max, labelW + 8, W - countW);
  const svg = s('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'chart histogram categorical', role: 'group', 'aria-label': `Counts of ${field}` });
  const rows = values.map((v, i) => {
    const y = m.t + i * rowH;
    const text = label(v.value);
    const of = v.base === null ? '' : ` of ${fmt(v.base)}`;
    const end = X(Math.max(v.count, v.base || 0)) + 6;
    return s('g', { class: 'cat', tabindex: 0, role: 'button', 'data-value': text, 'aria-label': `${field} = ${text}: ${v.count}${of} rows` },
      s('rect', { class: 'hit', x: 0, y, width: W, height: rowH }),
      s('text', { class: 'cat-label', x: labelW, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, text.length > 28 ? text.slice(0, 27) + '…' : text),
      v.base === null ? '' : s('rect', { class: 'bar-context', x: labelW + 8, y: y + 3, width: Math.max(v.base ? 1 : 0, X(v.base) - X(0)), height: rowH - 6, 'data-count': v.base, 'aria-hidden': 'true' }),
      s('rect', { class: 'bar', x: labelW + 8, y: y + 3, width: v.count ? Math.max(1, X(v.count) - X(0)) : 0, height: rowH - 6, 'data-count': v.count }),
      s('text', { class: 'cat-count', x: end, y: y + rowH / 2 + 4 }, fmt(v.count), v.base === null ? '' : s('tspan', { class: 'cat-base' }, ` / ${fmt(v.base)}`)),
      s('title', {}, `${text}: ${fmt(v.count)}${of}`));
  });
  svg.append(...rows);

  /** @returns {unknown[]} the values selected by this component */
  const selected = () => {
    const sel = api.selection();
    return sel && sel.field === field && Array.isArray(sel.in) ? sel.in : [];
  };
  const show = (/** @type {unknown[]} */ chosen) => rows.forEach((row, i) => {
    const on = chosen.some((c) => c === values[i].value);
    row.classList.toggle('selected', on);
    row.classList.toggle('dimmed', chosen.length > 0 && !on);
  });
  /** @param {number} i @param {boolean} add */
  const choose = (i, add) => {
    const value = values[i].value;
    let chosen = selected();
    const has = chosen.some((c) => c === value);
    if (add) chosen = has ? chosen.filter((c) => c !== value) : [...chosen, value];
    else chosen = has && chosen.length === 1 ? [] : [value];
    show(chosen);
    api.select(chosen.length ? { field, in: chosen } : null);
  };
  show(selected());
  rows.forEach((row, i) => {
    row.addEventListener('click', (e) => choose(i, /** @type {MouseEvent} */ (e).shiftKey));
    row.addEventListener('keydown', (e) => {
      const ke = /** @type {KeyboardEvent} */ (e);
      if (ke.key === 'Enter' || ke.key === ' ') { ke.preventDefault(); choose(i, ke.shiftKey); return; }
      const next = ke.key === 'ArrowDown' ? i + 1 : ke.key === 'ArrowUp' ? i - 1 : -1;
      if (next < 0 || next >= rows.length) return;
      ke.preventDefault();
      /** @type {SVGElement} */ (rows[next]).focus();
      if (!ke.shiftKey) choose(next, false);
    });
  });
  return svg;
}
