// vega.js — draws the Vega-Lite specs the views build in code. Vega runs
// under the page's CSP: specs are parsed with {ast: true} and expressions run
// through vega-interpreter (no eval); the loader refuses every URL, so a chart
// draws only the data inlined in its spec. Each chart gets an export menu
// (PNG, SVG, Vega-Lite with its data inline). A new drawing, or dispose(),
// finalizes the view it replaces.
//
// Only Vega's core is bundled (parser, view, the transforms Vega-Lite emits),
// not geo/force/hierarchy/wordcloud: see docs/DESIGN-NOTES.md.

/// <reference path="./vega-modules.d.ts" />
import { extend } from 'vega-util';
import { transforms } from 'vega-dataflow';
import * as dataTransforms from 'vega-transforms';
import * as viewTransforms from 'vega-view-transforms';
import * as encodeTransforms from 'vega-encode';
import { parse } from 'vega-parser';
import { View } from 'vega-view';
import { expressionInterpreter } from 'vega-interpreter';
import { compile } from 'vega-lite';
import { h } from './dom.js';

extend(transforms, dataTransforms, viewTransforms, encodeTransforms);

/** @typedef {import('vega-typings').View} VegaView */
/** @typedef {Record<string, any>} VlSpec a Vega-Lite spec, built in code */
/**
 * @typedef {{fileName: string, passThrough?: string[], onClick?: (event: Event, view: VegaView, item?: any) => void, fresh?: boolean}} DrawOptions
 * fileName: the downloads' name without extension; passThrough: names of
 * marks that must not catch the pointer (e.g. a brush drawn over bars);
 * onClick: called on a click in the chart (the latest drawing's handler) with
 * the scenegraph item clicked, if any (its datum is a row of the inline data);
 * fresh: compile a new view even when only the data changed (resets params).
 */
/**
 * @typedef {{view: VegaView, spec: VlSpec, fileName: string, shape: string,
 *   onClick?: (event: Event, view: VegaView, item?: any) => void}} Drawn
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The look shared by every chart (kept in the exported spec, so it looks the same elsewhere). */
export const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: {
    labelColor: '#4a5468', titleColor: '#1d2433', labelFontSize: 11, titleFontSize: 11.5, titleFontWeight: 600,
    domainColor: '#9aa3b5', tickColor: '#9aa3b5', gridColor: '#eef0f3', titlePadding: 8,
  },
  bar: { color: '#5b8def' },
};

const refuse = () => Promise.reject(new Error('charts load no URLs: their data is inline'));
/** A loader that refuses every URL and file. */
const NO_URLS = { options: {}, sanitize: refuse, load: refuse, file: refuse, http: refuse, fileAccess: false };

/** @type {WeakMap<HTMLElement, Drawn>} */
const drawn = new WeakMap();
/** The name of a chart's inline dataset in the compiled Vega spec. */
const DATA = 'table';

/**
 * Compile a Vega-Lite spec to the Vega spec Sinfonia runs: marks named in
 * passThrough let the pointer through to what is under them.
 * @param {VlSpec} spec @param {string[]} [passThrough]
 */
export function toVega(spec, passThrough = []) {
  const vg = /** @type {any} */ (compile(/** @type {any} */ (spec)).spec);
  const names = new Set(passThrough);
  /** @param {any} node */
  const walk = (node) => {
    for (const mark of node.marks || []) {
      if (names.has(mark.name)) mark.interactive = false;
      walk(mark);
    }
  };
  walk(vg);
  return vg;
}

/**
 * The values of a spec's top-level variable parameters (not selections), by name:
 * what a chart may change without being compiled again (e.g. a title's number).
 * @param {VlSpec} spec @returns {Record<string, unknown>}
 */
function variables(spec) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const p of /** @type {any[]} */ ((/** @type {any} */ (spec)).params || [])) if (p && !p.select && 'value' in p) out[p.name] = p.value;
  return out;
}

/**
 * Draw `spec` into `target`. When only the inline data and the values of its
 * top-level variable parameters differ from what is drawn there (a linked view's
 * new counts, a title's new AUC), the view is kept and given them; otherwise the
 * old view is finalized and a new one compiled (the slow part of a redraw).
 * @param {HTMLElement} target @param {VlSpec} spec @param {DrawOptions} options
 * @returns {Promise<VegaView>}
 */
export async function draw(target, spec, options) {
  /** @type {VlSpec} */
  const full = { $schema: SCHEMA, ...spec, config: { ...CONFIG, ...(spec.config || {}) } };
  const values = full.data && Array.isArray(full.data.values) ? full.data.values : null;
  const vars = variables(full);
  const params = /** @type {any[] | undefined} */ ((/** @type {any} */ (full)).params);
  const unvalued = params && params.map((p) => (p && !p.select && 'value' in p ? { ...p, value: null } : p));
  const shape = JSON.stringify([{ ...full, data: values ? DATA : full.data, ...(params ? { params: unvalued } : {}) }, options.passThrough || []]);
  const old = drawn.get(target);
  if (old && values && old.shape === shape && !options.fresh) {
    Object.assign(old, { spec: full, fileName: options.fileName, onClick: options.onClick });
    for (const [name, value] of Object.entries(vars)) old.view.signal(name, value);
    await old.view.data(DATA, values).runAsync();
    return old.view;
  }
  const named = values ? { ...full, data: { name: DATA, values } } : full;
  const runtime = parse(toVega(named, options.passThrough), undefined, { ast: true });
  dispose(target);
  const view = new View(runtime, {
    renderer: 'svg', container: target, hover: true, loader: /** @type {any} */ (NO_URLS),
    expr: /** @type {any} */ (expressionInterpreter), logLevel: 0,
  });
  /** @type {Drawn} */
  const entry = { view, spec: full, fileName: options.fileName, shape, onClick: options.onClick };
  view.addEventListener('click', (event, item) => { if (entry.onClick) entry.onClick(event, view, item); });
  drawn.set(target, entry);
  await view.runAsync();
  return view;
}

/**
 * While the page waits for a file: draw a few small charts off the page (the
 * marks, axes, legends and selections the views use), so that the first real
 * charts do not pay for compiling Vega's code (1M rows: the first confusion
 * matrix drew in 240 ms cold, 32 ms warm). Nothing is shown; errors are ignored.
 */
export async function warmUp() {
  const rows = Array.from({ length: 12 }, (_, i) => ({ a: i, b: (i * 7) % 5, c: i % 3 ? 'x' : 'y', d: i + 1 }));
  /** @type {VlSpec[]} */
  const specs = [
    { data: { values: rows }, width: 200, height: 100, layer: [
      { mark: { type: 'rect', x2Offset: -1 }, encoding: { x: { field: 'a', type: 'quantitative' }, x2: { field: 'd' }, y: { field: 'b', type: 'quantitative' } },
        params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }] },
      { mark: { type: 'rule' }, encoding: { x: { datum: 3 } } }] },
    { data: { values: rows }, width: 100, height: 100, layer: [
      { mark: { type: 'rect' }, encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'b', type: 'ordinal' }, color: { field: 'a', type: 'quantitative' } },
        params: [{ name: 'pick', select: { type: 'point', fields: ['c', 'b'] } }] },
      { mark: { type: 'text' }, encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'b', type: 'ordinal' }, text: { field: 'a', type: 'quantitative' } } }] },
    { data: { values: rows }, width: 200, height: 100, layer: [
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, color: { field: 'c', type: 'nominal' } } },
      { mark: { type: 'bar' }, encoding: { y: { field: 'c', type: 'nominal' }, x: { field: 'a', type: 'quantitative', aggregate: 'sum' } } }] },
  ];
  for (const spec of specs) {
    const target = document.createElement('div'); // never in the document
    try {
      await draw(target, spec, { fileName: 'warm-up' });
    } catch {
      // a warm-up that fails costs nothing: the real charts report their own errors
    } finally {
      dispose(target);
    }
  }
}

/** The view drawn in `target`, if any. @param {HTMLElement} target */
export function viewIn(target) {
  const entry = drawn.get(target);
  return entry ? entry.view : null;
}

/**
 * Call `done` when a drag on the chart in `target` ends (released anywhere, so a
 * drag that leaves the chart still ends): with the 2-D brush's [[x0, x1], [y0, y1]]
 * from its store (read once Vega has run), or null, and whether it was a click
 * (moved under 3 px).
 * @param {HTMLElement} target @param {(brush: number[][] | null, clicked: boolean) => void} done
 */
export function onBrushEnd(target, done) {
  target.onpointerdown = (down) => {
    if (down.button !== 0) return;
    window.addEventListener('pointerup', async (up) => {
      const view = viewIn(target);
      if (!view) return;
      await view.runAsync();
      const store = /** @type {{values: number[][]}[]} */ (view.data('brush_store') || []);
      const got = store.length && store[0].values.length === 2 ? store[0].values : null;
      done(got, Math.hypot(up.clientX - down.clientX, up.clientY - down.clientY) < 3);
    }, { once: true });
  };
}

/** Finalize every view drawn in or under `element`. @param {Element} element */
export function dispose(element) {
  for (const el of [element, ...element.querySelectorAll('.vega-target')]) {
    const entry = drawn.get(/** @type {HTMLElement} */ (el));
    if (!entry) continue;
    entry.view.finalize();
    drawn.delete(/** @type {HTMLElement} */ (el));
  }
}

// ---- the frame a chart sits in ------------------------------------------------

/**
 * @typedef {{box: HTMLElement, target: HTMLElement, caption: HTMLElement, notes: HTMLElement}} Frame
 * box: the tab stop; target: where the chart is drawn; caption: short notes
 * beside the export button; notes: what follows the chart (e.g. a table).
 */

/** The key handler of each chart box, replaced on every drawing. @type {WeakMap<HTMLElement, (e: KeyboardEvent) => void>} */
const keyHandlers = new WeakMap();

/**
 * The frame of a chart in `element`: a box that is the chart's ONE tab stop
 * (arrow keys act on the chart), holding the drawing, a caption and the
 * export menu; then room for notes. Kept across redraws of the same kind, so keyboard
 * focus stays on the chart.
 * @param {HTMLElement} element @param {string} kind @param {string} label what the chart shows, for screen readers
 * @param {(e: KeyboardEvent) => void} onKey
 * @returns {Frame}
 */
export function chartFrame(element, kind, label, onKey) {
  let box = /** @type {HTMLElement | null} */ (element.querySelector(':scope > .chart-box'));
  if (!box || box.dataset.kind !== kind) {
    dispose(element);
    // tabindex -1: a chart that scrolls sideways is still not a tab stop of its own.
    const drawing = h('div', { class: 'vega-target', tabindex: -1 });
    const made = h('div', { class: 'chart-box', 'data-kind': kind, tabindex: 0, role: 'group' }, h('div', { class: 'chart-stage' }, drawing));
    made.addEventListener('keydown', (e) => {
      if (e.target !== made) return; // keys in the export menu are its own
      const handler = keyHandlers.get(made);
      if (handler) handler(e);
    });
    made.append(h('div', { class: 'chart-footer' }, h('div', { class: 'chart-caption' }), exportMenu(drawing)));
    element.replaceChildren(made, h('div', { class: 'chart-notes' }));
    box = made;
  }
  box.setAttribute('aria-label', label);
  keyHandlers.set(box, onKey);
  const target = /** @type {HTMLElement} */ (box.querySelector('.vega-target'));
  const caption = /** @type {HTMLElement} */ (box.querySelector('.chart-caption'));
  const notes = /** @type {HTMLElement} */ (element.querySelector(':scope > .chart-notes'));
  return { box, target, caption, notes };
}

/** The width a chart may take in `element` (inside its padding). @param {HTMLElement} element @param {number} fallback */
export function contentWidth(element, fallback) {
  if (!element.clientWidth) return fallback;
  const style = getComputedStyle(element);
  return Math.floor(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

/** Show a message instead of a chart. @param {HTMLElement} element @param {string} text */
export function noChart(element, text) {
  dispose(element);
  element.replaceChildren(h('p', { class: 'muted' }, text));
}

// ---- export ---------------------------------------------------------------

/** A file name from a chart's name: letters, digits, '.', '_' and '-' only. @param {string} name */
export function safeFileName(name) {
  return name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'chart';
}

/** @param {string} href @param {string} name */
function download(href, name) {
  const a = h('a', { href, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

/** @param {Blob} blob @param {string} name */
function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** @param {HTMLElement} target @param {'png' | 'svg' | 'vega-lite'} format */
async function exportChart(target, format) {
  const entry = drawn.get(target);
  if (!entry) return;
  const name = safeFileName(entry.fileName);
  if (format === 'png') download(await entry.view.toImageURL('png', 2), `${name}.png`);
  else if (format === 'svg') downloadBlob(new Blob([await entry.view.toSVG()], { type: 'image/svg+xml' }), `${name}.svg`);
  else downloadBlob(new Blob([JSON.stringify(entry.spec, null, 2)], { type: 'application/json' }), `${name}.vl.json`);
}

/**
 * The chart's export button and its menu (PNG, SVG, Vega-Lite) for the chart
 * drawn in `target`.
 * @param {HTMLElement} target
 */
export function exportMenu(target) {
  const button = h('button', {
    type: 'button', class: 'btn-small chart-export', 'data-action': 'export-chart',
    'aria-haspopup': 'menu', 'aria-expanded': 'false', title: 'Export this chart',
  }, 'Export');
  /** @type {[string, 'png' | 'svg' | 'vega-lite'][]} */
  const formats = [['PNG image', 'png'], ['SVG image', 'svg'], ['Vega-Lite spec', 'vega-lite']];
  const items = formats.map(([text, format]) => h('button', { type: 'button', role: 'menuitem', 'data-format': format }, text));
  const menu = h('div', { class: 'chart-menu', role: 'menu', hidden: true, 'aria-label': 'Export chart as' }, items);
  const close = (/** @type {boolean} */ refocus) => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', outside, true);
    if (refocus) button.focus();
  };
  const outside = (/** @type {Event} */ e) => { if (!wrap.contains(/** @type {Node} */ (e.target))) close(false); };
  button.addEventListener('click', () => {
    if (!menu.hidden) return close(false);
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', outside, true);
    items[0].focus();
  });
  items.forEach((item, i) => {
    item.addEventListener('click', () => {
      close(true);
      exportChart(target, /** @type {'png' | 'svg' | 'vega-lite'} */ (item.dataset.format)).catch((e) => console.warn('export failed:', e));
    });
    item.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (step) { e.preventDefault(); items[(i + step + items.length) % items.length].focus(); }
    });
  });
  const wrap = h('div', { class: 'chart-actions' }, button, menu);
  // Escape closes the menu and is not the card's "clear the selection".
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !menu.hidden) { e.preventDefault(); e.stopPropagation(); close(true); }
  });
  return wrap;
}
