// dom.js — small helpers to build DOM and SVG in code. Text always goes in
// through textContent (text nodes), never innerHTML, so nothing from a file or
// a link can become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {Record<string, string | number | boolean | null | undefined | ((e: any) => void)>} Attrs */
/** @typedef {Node | string | number | null | undefined | false} Child */

/** @param {Element} el @param {Attrs} attrs */
function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
    else if (key === 'text') el.textContent = String(value);
    // Through the CSSOM, which a strict style-src allows (a style attribute it would not).
    else if (key === 'style') /** @type {HTMLElement} */ (el).style.cssText = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** @param {Element} el @param {Child[]} children */
function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Make an HTML element. Strings among the children become text nodes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Attrs} [attrs] @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, /** @type {Child[]} */ (children));
  return el;
}

/**
 * Make an SVG element.
 * @param {string} tag @param {Attrs} [attrs] @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function s(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  setAttrs(el, attrs);
  append(el, /** @type {Child[]} */ (children));
  return el;
}

/** Format a number for people: integers plainly, others with up to 4 significant digits. @param {unknown} v */
export function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(3);
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A metric in [0, 1] with 3 decimals. @param {unknown} v */
export function fmt3(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '–';
}

/** "Adelie" for a value shown in a chart; "(missing)" for null. @param {unknown} v */
export function label(v) {
  if (v === null || v === undefined) return '(missing)';
  if (v === '') return '(empty)';
  return String(v);
}

/**
 * A count and its noun, singular for exactly one: "1 row", "1,234 rows".
 * @param {number} n @param {string} noun @param {string} [nouns] the plural, when not noun + "s"
 */
export function plural(n, noun, nouns = `${noun}s`) {
  return `${fmt(n)} ${n === 1 ? noun : nouns}`;
}

/**
 * The largest of `values` and `least`. Unlike Math.max(...values) it takes any
 * number of values (a spread of ~100k arguments overflows the call stack).
 * @param {Iterable<number>} values @param {number} [least]
 */
export function largest(values, least = -Infinity) {
  let max = least;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * A label per value, each unique: a repeated label gets " (2)", " (3)"… (a
 * value "(missing)" and a missing value both read "(missing)" otherwise).
 * @param {unknown[]} values
 */
export function uniqueLabels(values) {
  const seen = new Set();
  return values.map((v) => {
    let name = label(v);
    for (let k = 2; seen.has(name); k++) name = `${label(v)} (${k})`;
    seen.add(name);
    return name;
  });
}
