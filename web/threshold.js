// threshold.js — the decision-threshold control a view of binary scores shows
// (roc-pr): with none set, a button that sets one; with one set, a slider and a
// number field over the scores' range and a button that removes it. Moving it
// changes the spec's "threshold" (through api.setThreshold): the view's
// prediction becomes "score >= t", so the confusion matrix and every other view
// follow, and the link carries it. A drag commits at most every THROTTLE_MS and
// once more when it ends. The control is made once per card body and kept
// across redraws, so a redraw never interrupts a drag.

import { h } from './dom.js';

const THROTTLE_MS = 150;

/** A threshold as shown: up to 4 significant decimals. @param {number} v */
export function thresholdText(v) {
  return String(Number(v.toPrecision(4)));
}

/**
 * The slider's range for scores spanning [lo, hi]: [0, 1] for probabilities, else
 * the scores' own range; a thousand steps.
 * @param {number} lo @param {number} hi @returns {{min: number, max: number, step: number}}
 */
export function sliderRange(lo, hi) {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return { min: 0, max: 1, step: 0.001 };
  const min = lo >= 0 && hi <= 1 ? 0 : lo, max = lo >= 0 && hi <= 1 ? 1 : hi;
  const span = max - min || 1;
  return { min, max: max === min ? min + 1 : max, step: Number((span / 1000).toPrecision(2)) };
}

/**
 * Show (or update) the control in `element` (kept across redraws).
 * @param {HTMLElement} element where the control lives (after the chart)
 * @param {{score: string, lo: number, hi: number, current: number | null, summary: string,
 *   set: (value: number | null) => void}} o
 */
export function thresholdControl(element, o) {
  let box = /** @type {HTMLElement | null} */ (element.querySelector(':scope > .threshold-control'));
  if (!box) {
    box = h('div', { class: 'threshold-control', role: 'group', 'aria-label': 'Decision threshold' });
    element.insertBefore(box, element.querySelector(':scope > .chart-notes'));
  }
  const { min, max, step } = sliderRange(o.lo, o.hi);
  const state = /** @type {any} */ (box);
  state.set = o.set; // the newest callback, for a drag that began before a redraw
  if (o.current === null) {
    if (box.dataset.mode !== 'off') {
      box.dataset.mode = 'off';
      const start = h('button', { type: 'button', class: 'btn-small', 'data-action': 'set-threshold' }, 'Set a decision threshold');
      start.addEventListener('click', () => state.set(min <= 0.5 && 0.5 <= max ? 0.5 : Number(((min + max) / 2).toPrecision(4))));
      box.replaceChildren(start, h('span', { class: 'muted' },
        ` The prediction becomes “${o.score} ≥ threshold”; the confusion matrix and every other view follow.`));
    }
    return;
  }
  if (box.dataset.mode !== 'on') {
    box.dataset.mode = 'on';
    const slider = h('input', { type: 'range', 'data-role': 'threshold-slider', 'aria-label': `Decision threshold on ${o.score}` });
    const field = h('input', { type: 'number', 'data-role': 'threshold-value', 'aria-label': 'Threshold value', class: 'threshold-value' });
    const remove = h('button', { type: 'button', class: 'btn-small', 'data-action': 'remove-threshold' }, 'Remove threshold');
    const summary = h('p', { class: 'chart-note', 'data-role': 'threshold-summary', 'aria-live': 'polite' });
    /** @type {ReturnType<typeof setTimeout> | null} */
    let timer = null;
    let pending = NaN;
    const commit = () => {
      timer = null;
      if (Number.isFinite(pending)) state.set(pending);
    };
    slider.addEventListener('input', () => {
      pending = Number(/** @type {HTMLInputElement} */ (slider).value);
      /** @type {HTMLInputElement} */ (field).value = thresholdText(pending);
      if (!timer) timer = setTimeout(commit, THROTTLE_MS);
    });
    slider.addEventListener('change', () => {
      if (timer) clearTimeout(timer);
      pending = Number(/** @type {HTMLInputElement} */ (slider).value);
      commit();
    });
    field.addEventListener('change', () => {
      const v = Number(/** @type {HTMLInputElement} */ (field).value);
      if (/** @type {HTMLInputElement} */ (field).value.trim() !== '' && Number.isFinite(v)) state.set(v);
    });
    remove.addEventListener('click', () => state.set(null));
    box.replaceChildren(h('div', { class: 'threshold-row' },
      h('span', { class: 'threshold-name' }, `${o.score} ≥`), slider, field, remove), summary);
  }
  const slider = /** @type {HTMLInputElement} */ (box.querySelector('[data-role="threshold-slider"]'));
  const field = /** @type {HTMLInputElement} */ (box.querySelector('[data-role="threshold-value"]'));
  Object.assign(slider, { min: String(Math.min(min, o.current)), max: String(Math.max(max, o.current)), step: String(step) });
  field.step = String(step);
  // A redraw during a drag keeps what the person is doing.
  if (document.activeElement !== slider) slider.value = String(o.current);
  if (document.activeElement !== field) field.value = thresholdText(o.current);
  /** @type {HTMLElement} */ (box.querySelector('[data-role="threshold-summary"]')).textContent = o.summary;
}
