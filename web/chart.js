// chart.js — the little arithmetic the hand-made SVG charts need: linear
// scales, "nice" tick values, and an axis drawn from them.

import { s, fmt } from './dom.js';

/**
 * A linear map from a domain to a range.
 * @param {number} d0 @param {number} d1 @param {number} r0 @param {number} r1
 * @returns {(v: number) => number}
 */
export function linear(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * About `count` round tick values covering [lo, hi] (1, 2 or 5 × 10^k steps).
 * @param {number} lo @param {number} hi @param {number} count
 * @returns {number[]}
 */
export function niceTicks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((st) => st >= raw) || 10 * power;
  const ticks = [];
  const first = Math.ceil(lo / step - 1e-9) * step;
  for (let v = first; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A tick label short enough for an axis margin: 150K, not 150,000. @param {number} v */
export function tickLabel(v) {
  return Math.abs(v) >= 10000 ? compact.format(v) : fmt(v);
}

/**
 * Draw a horizontal (bottom) or vertical (left) axis with tick labels.
 * @param {'bottom'|'left'} side @param {number[]} ticks @param {(v: number) => number} scale
 * @param {{x: number, y: number, length: number, grid?: number}} at
 */
export function axis(side, ticks, scale, at) {
  const g = s('g', { class: `axis axis-${side}`, 'aria-hidden': 'true' });
  if (side === 'bottom') {
    g.append(s('line', { x1: at.x, x2: at.x + at.length, y1: at.y + 0.5, y2: at.y + 0.5, class: 'domain' }));
    for (const t of ticks) {
      const x = Math.round(scale(t)) + 0.5;
      g.append(s('line', { x1: x, x2: x, y1: at.y, y2: at.y + 5, class: 'tick' }));
      g.append(s('text', { x, y: at.y + 17, 'text-anchor': 'middle' }, tickLabel(t)));
    }
  } else {
    for (const t of ticks) {
      const y = Math.round(scale(t)) + 0.5;
      if (at.grid) g.append(s('line', { x1: at.x, x2: at.x + at.grid, y1: y, y2: y, class: 'grid' }));
      g.append(s('text', { x: at.x - 6, y: y + 4, 'text-anchor': 'end' }, tickLabel(t)));
    }
  }
  return g;
}
