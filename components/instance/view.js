// instance/view.js — the selected rows one at a time, as a card: "3 of 57 selected"
// with Prev/Next (and ←/→, PageUp/PageDown, Home/End when the card has focus),
// every field as a definition list, image-role URLs as <img> when they are
// https: or data:image/(png|jpeg|gif|webp) (anything else as text saying why,
// never requested), and each pixel group drawn to a small <canvas>. Pages of rows
// are asked of the engine with api.request({offset, limit}); a new selection
// starts again at its first row. Text from data goes in through textContent only.

import { h, fmt } from '../../web/dom.js';

/** The settings form leaves this out: the position is the pager's business. */
export const hiddenSettings = ['offset'];

/** @typedef {{prefix: string, fields: string[], width: number, height: number, min: number | null, max: number | null}} PixelGroup */
/** @typedef {{row: number, values: unknown[], pixels: (number | null)[][]}} InstanceRow */
/** @typedef {{count: number, offset: number, fields: string[], images: string[], pixels: PixelGroup[], rows: InstanceRow[]}} InstanceResult */

/** Text longer than this (or with a line break) is folded into a <details>. */
const LONG_TEXT = 160;
/** The canvas's longer side, in CSS pixels. */
const PICTURE_PX = 160;
/** Missing pixels are drawn in this colour (not a grey), and the label says how many. */
const MISSING_RGB = [230, 120, 120];

/** @param {InstanceResult} result */
export function rowCount(result) {
  return result.count;
}

/**
 * Whether an image URL may be loaded: only `https:` and `data:image/` of a raster type.
 * Anything else (javascript:, data:text/html, http:, relative paths, svg) is refused
 * with the reason, and never set as a src.
 * @param {unknown} url @returns {{ok: true} | {ok: false, why: string}}
 */
export function imageUrlCheck(url) {
  if (typeof url !== 'string' || url === '') return { ok: false, why: 'no URL' };
  // Exactly as written: browsers drop leading blanks and controls, so such a URL is refused rather than read past.
  if (/^https:\/\//i.test(url)) {
    try {
      if (new URL(url).protocol === 'https:') return { ok: true };
    } catch { /* not a URL */ }
    return { ok: false, why: 'not a valid https: URL' };
  }
  if (/^data:image\/(png|jpeg|gif|webp)[;,]/i.test(url)) return { ok: true };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  const what = scheme ? (scheme[1].toLowerCase() === 'data' ? 'a data: URL that is not a PNG, JPEG, GIF or WebP image' : `a ${scheme[1].toLowerCase()}: URL`) : 'not an absolute URL';
  return { ok: false, why: `not loaded: ${what} (only https: and data:image/ URLs are shown)` };
}

/**
 * Grey levels (0..255, high values dark, as a digit's ink) for a pixel vector over [min, max];
 * null for a missing value.
 * @param {(number | null)[]} values @param {number | null} min @param {number | null} max
 * @returns {(number | null)[]}
 */
export function greyLevels(values, min, max) {
  const lo = min ?? 0, span = (max ?? 1) - lo;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    const t = span > 0 ? Math.min(1, Math.max(0, (v - lo) / span)) : 0;
    return Math.round(255 * (1 - t));
  });
}

/** A group's name: "px00 … px63", or a vector column's name. @param {PixelGroup} g */
const groupName = (g) => (g.fields.length === 1 ? g.fields[0] : `${g.fields[0]} … ${g.fields[g.fields.length - 1]}`);

/** A pixel group drawn to a canvas, scaled up with square pixels. @param {PixelGroup} g @param {(number | null)[]} values */
function picture(g, values) {
  const greys = greyLevels(values, g.min, g.max);
  const scale = Math.max(1, Math.floor(PICTURE_PX / Math.max(g.width, g.height)));
  const missing = greys.filter((v) => v === null).length;
  const canvas = h('canvas', {
    width: g.width * scale, height: g.height * scale, class: 'inst-picture', role: 'img',
    'aria-label': `${groupName(g)} drawn as a ${g.width}×${g.height} image, ` +
      `grey from ${fmt(g.min)} (white) to ${fmt(g.max)} (black)${missing ? `; ${missing} missing (red)` : ''}`,
  });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const image = ctx.createImageData(g.width, g.height);
    greys.forEach((v, i) => {
      const [r, gr, b] = v === null ? MISSING_RGB : [v, v, v];
      image.data.set([r, gr, b, 255], 4 * i);
    });
    const small = h('canvas', { width: g.width, height: g.height });
    const sctx = small.getContext('2d');
    if (sctx) {
      sctx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    }
  }
  return h('figure', { class: 'inst-figure' }, canvas, h('figcaption', {}, `${g.fields.length === 1 ? g.fields[0] : `${g.fields[0]}…${g.fields[g.fields.length - 1]}`} · ${g.width}×${g.height}`));
}

/** An image-role value: the image, or the URL as text and why it is not shown. @param {string} field @param {unknown} url */
function image(field, url) {
  const check = imageUrlCheck(url);
  if (!check.ok) return h('p', { class: 'inst-refused', 'data-field': field }, `${field}: ${check.why}`);
  return h('figure', { class: 'inst-figure' },
    h('img', { src: /** @type {string} */ (url), alt: `${field} of this row`, referrerpolicy: 'no-referrer', class: 'inst-image' }),
    h('figcaption', {}, field));
}

/** A field's value: numbers formatted, missing muted, long text folded. @param {unknown} v */
function valueNode(v) {
  if (v === null || v === undefined) return h('span', { class: 'missing', title: 'missing' }, '–');
  if (v === '') return h('span', { class: 'missing', title: 'an empty string' }, '(empty)');
  if (typeof v === 'number') return h('span', { class: 'num' }, fmt(v));
  const text = String(v);
  if (text.length <= LONG_TEXT && !text.includes('\n')) return h('span', { class: 'inst-text' }, text);
  return h('details', { class: 'inst-long' },
    h('summary', {}, `${text.slice(0, LONG_TEXT).split('\n')[0]}… (${fmt(text.length)} characters)`),
    h('p', { class: 'inst-text' }, text));
}

/**
 * @param {InstanceRow} r @param {InstanceResult} result
 * @param {Map<string, string>} roles
 */
function instanceCard(r, result, roles) {
  const inGroup = new Set(result.pixels.flatMap((g) => g.fields));
  const pictures = result.pixels.map((g, i) => picture(g, r.pixels[i] || []));
  const images = result.images.map((f) => image(f, r.values[result.fields.indexOf(f)]));
  /** @type {HTMLElement[]} */
  const items = [];
  result.fields.forEach((f, i) => {
    if (inGroup.has(f)) return;
    const role = roles.get(f);
    items.push(h('dt', {}, f, role && role !== 'feature' && role !== f ? h('span', { class: 'inst-role' }, ` ${role}`) : null), h('dd', {}, valueNode(r.values[i])));
  });
  const groups = result.pixels.map((g, i) => h('details', { class: 'inst-values' },
    h('summary', {}, `${groupName(g)} (${(r.pixels[i] || []).length} values)`),
    h('p', { class: 'inst-text' }, (r.pixels[i] || []).map((v) => fmt(v)).join(' '))));
  return h('div', { class: 'inst-body' },
    pictures.length || images.length ? h('div', { class: 'inst-media' }, pictures, images) : null,
    h('dl', { class: 'inst-fields' }, items), groups);
}

/**
 * @param {HTMLElement} element
 * @param {InstanceResult} result
 * @param {{offset?: number, limit?: number}} config
 * @param {import('../../web/registry.js').ViewApi} api
 */
export function render(element, result, config, api) {
  const count = result.count, limit = Math.max(1, config.limit || 1);
  const roles = new Map(api.columns().map((c) => [c.name, c.role]));
  /** @type {Map<number, InstanceRow[]>} pages by their first position */
  const pages = new Map([[result.offset, result.rows]]);
  let at = Math.min(result.offset, Math.max(0, count - 1));
  let wanted = at;
  const prev = h('button', { type: 'button', class: 'btn-small', 'data-action': 'prev', 'aria-label': 'Previous row' }, '‹ Prev');
  const next = h('button', { type: 'button', class: 'btn-small', 'data-action': 'next', 'aria-label': 'Next row' }, 'Next ›');
  const position = h('span', { class: 'inst-position', 'aria-live': 'polite' });
  const body = h('div', { class: 'inst-slot' });
  const box = h('div', { class: 'inst', tabindex: 0, 'aria-label': 'Instance: ←/→ or PageUp/PageDown for the previous or next selected row' },
    h('div', { class: 'inst-nav' }, prev, position, next), body);
  element.replaceChildren(box);

  /** @param {number} i */
  function show(i) {
    const start = Math.floor(i / limit) * limit;
    const page = pages.get(start);
    const r = page && page[i - start];
    position.textContent = count ? `${fmt(i + 1)} of ${fmt(count)} selected${r ? ` · row ${fmt(r.row)}` : ''}` : 'No rows match the current selection.';
    prev.disabled = i <= 0;
    next.disabled = i >= count - 1;
    if (!count) { body.replaceChildren(); return; }
    if (r) {
      at = i;
      box.dataset.row = String(r.row);
      body.replaceChildren(instanceCard(r, result, roles));
      return;
    }
    body.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    api.request({ offset: start, limit }).then((p) => {
      pages.set(start, p.rows);
      if (wanted === i && element.contains(box)) show(i);
    }, () => { if (wanted === i) body.replaceChildren(h('p', { class: 'muted' }, 'This row could not be read.')); });
  }
  /** @param {number} i */
  function go(i) {
    wanted = Math.max(0, Math.min(count - 1, i));
    if (wanted !== at || !box.dataset.row) show(wanted);
  }
  prev.addEventListener('click', () => go(wanted - 1));
  next.addEventListener('click', () => go(wanted + 1));
  box.addEventListener('keydown', (e) => {
    if (e.target !== box) return; // keys inside (a summary, a button) do their own work
    const step = { ArrowLeft: -1, PageUp: -1, ArrowRight: 1, PageDown: 1 }[e.key];
    if (step) go(wanted + step);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(count - 1);
    else return;
    e.preventDefault();
  });
  show(at);
}
