// embedding/lasso.js — a lasso over the embedding's chart (Vega-Lite has none): while it
// is on, a drag on the chart draws a polygon (an SVG polyline over the chart, never data
// in the DOM) instead of the brush; on release its corners, read through the chart's
// own x and y scales, are the polygon in map coordinates. The rows inside it are the
// points' own (rowsInPolygon) or, on a density, the engine's (config "lasso").
// Inside is the even-odd rule, written as the kernel's put_lasso writes it, so the view
// and the engine agree on every point.

import { s } from '../../web/dom.js';
import { viewIn } from '../../web/vega.js';

/** @typedef {[number, number][]} Polygon */
/** @typedef {{on: () => boolean, done: (poly: Polygon) => void}} LassoHooks */

/** At most this many corners (the schema's maxItems); a longer path is thinned. */
export const MAX_CORNERS = 200;

/** Whether (x, y) is inside the polygon (even-odd). @param {Polygon} poly @param {number} x @param {number} y */
export function insidePolygon(poly, x, y) {
  let inside = false;
  for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
    const [xa, ya] = poly[a], [xb, yb] = poly[b];
    if ((ya > y) !== (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/** The rows of the points inside the polygon, in row order. @param {{points?: [number, number][], rows?: number[]}} r @param {Polygon} poly */
export function rowsInPolygon(r, poly) {
  const pts = r.points || [], ids = r.rows || [], out = [];
  for (let k = 0; k < pts.length; k++) if (insidePolygon(poly, pts[k][0], pts[k][1])) out.push(ids[k]);
  return out;
}

/** Every n-th corner so that at most `max` remain (the first and last kept). @param {Polygon} path @param {number} max */
export function thin(path, max = MAX_CORNERS) {
  if (path.length <= max) return path;
  const step = (path.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => path[Math.round(i * step)]);
}

/** The current hooks of each chart target (replaced on every render). @type {WeakMap<HTMLElement, LassoHooks>} */
const hooks = new WeakMap();

/**
 * Let `target` (a chart's drawing) take a lasso while hooks.on() says so. The pointer
 * listeners are installed once per target and capture the drag before the brush sees it.
 * @param {HTMLElement} target @param {LassoHooks} h
 */
export function attachLasso(target, h) {
  const first = !hooks.has(target);
  hooks.set(target, h);
  if (!first) return;
  target.addEventListener('pointerdown', (down) => {
    const now = hooks.get(target);
    const view = /** @type {any} */ (viewIn(target));
    const stage = target.parentElement;
    if (!now || !now.on() || down.button !== 0 || !view || !stage) return;
    down.stopImmediatePropagation();
    down.preventDefault();
    const frameRect = stage.getBoundingClientRect();
    const drawing = /** @type {Element} */ (target.querySelector('svg, canvas') || target);
    const line = s('polyline', { fill: 'rgba(47, 111, 222, 0.08)', stroke: '#1d2433', 'stroke-width': 1.2, 'stroke-dasharray': '3 2', points: '' });
    const overlay = s('svg', { class: 'lasso-overlay', 'aria-hidden': 'true' }, line);
    stage.append(overlay);
    /** @type {[number, number][]} */
    const screen = [];
    /** @param {PointerEvent} e */
    const move = (e) => {
      screen.push([e.clientX, e.clientY]);
      line.setAttribute('points', screen.map(([x, y]) => `${x - frameRect.left},${y - frameRect.top}`).join(' '));
    };
    move(down);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', () => {
      window.removeEventListener('pointermove', move);
      overlay.remove();
      if (screen.length < 3) return;
      const rect = drawing.getBoundingClientRect(), [ox, oy] = view.origin();
      const sx = view.scale('x'), sy = view.scale('y');
      /** @type {Polygon} */
      const poly = thin(screen).map(([x, y]) => [sx.invert(x - rect.left - ox), sy.invert(y - rect.top - oy)]);
      if (poly.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) now.done(poly);
    }, { once: true });
  }, { capture: true });
}
