// slices.js — the named slices bar (in the bar above the cards): "Save selection as
// slice" keeps the active selection — the AND of every clause, as every component
// but the ones that made them sees it — as a named slice in the spec, so in the
// link (spec.slices; slice-metrics compares them side by side). The name is asked
// for in an inline text field, not a dialog: Enter saves, Escape cancels, and a
// name already taken or empty is said next to it. Each slice is a chip whose ×
// removes it. Names reach the DOM as text only.

import { h, fmt } from './dom.js';
import { SpecError } from './validate.js';

/** @typedef {import('./spec.js').Predicate} Predicate */
/** @typedef {import('./spec-store.js').SpecStore} SpecStore */
/** @typedef {import('./selections.js').Selections} Selections */

/**
 * The active selection as one predicate: the only clause, or the AND of them; null
 * without any.
 * @param {{predicate: Predicate}[]} clauses @returns {Predicate | null}
 */
export function selectionPredicate(clauses) {
  if (!clauses.length) return null;
  return clauses.length === 1 ? clauses[0].predicate : { and: clauses.map((c) => c.predicate) };
}

/**
 * A name to offer for a predicate: "island = Dream", "bill_length_mm 40 to 50", else
 * "slice N" (the first not taken).
 * @param {any} p @param {string[]} taken
 */
export function suggestName(p, taken) {
  let name = '';
  if (p && typeof p.field === 'string' && Array.isArray(p.in) && p.in.length === 1) {
    name = `${p.field} = ${p.in[0] === null ? '(missing)' : String(p.in[0])}`;
  } else if (p && typeof p.field === 'string' && Array.isArray(p.range)) {
    name = `${p.field} ${fmt(p.range[0])} to ${fmt(p.range[1])}`;
  }
  name = name.slice(0, 100);
  if (name && !taken.includes(name)) return name;
  for (let k = 1; ; k++) if (!taken.includes(`slice ${k}`)) return `slice ${k}`;
}

/**
 * Build the bar in `root` and keep it in step with the spec and the selections.
 * @param {HTMLElement} root @param {{store: SpecStore, selections: Selections}} parts
 */
export function slicesBar(root, { store, selections }) {
  const save = h('button', { type: 'button', 'data-action': 'save-slice', disabled: true, title: 'Select rows in any view first' }, 'Save selection as slice');
  const input = h('input', { type: 'text', maxlength: 100, 'data-role': 'slice-name', 'aria-label': 'Name of the new slice', autocomplete: 'off' });
  const message = h('span', { class: 'slice-error', 'data-role': 'slice-error', 'aria-live': 'polite' });
  const form = h('form', { class: 'slice-form', 'data-role': 'slice-form', hidden: true, novalidate: true },
    input,
    h('button', { type: 'submit', class: 'primary', 'data-action': 'confirm-slice' }, 'Save'),
    h('button', { type: 'button', 'data-action': 'cancel-slice' }, 'Cancel'),
    message);
  const list = h('ul', { class: 'slice-list', 'data-role': 'slice-list', 'aria-label': 'Named slices' });
  root.replaceChildren(h('span', { class: 'slices-title' }, 'Slices'), list, save, form);

  const names = () => (store.spec.slices || []).map((s) => s.name);
  const close = (/** @type {boolean} */ refocus) => {
    form.hidden = true;
    save.hidden = false;
    message.textContent = '';
    input.removeAttribute('aria-invalid');
    if (refocus) save.focus();
  };
  const sync = () => {
    const any = selections.clauses().length > 0;
    save.disabled = !any;
    save.title = any ? 'Keep the rows selected now as a named slice (in the link)' : 'Select rows in any view first';
    if (!any && !form.hidden) close(false);
    list.replaceChildren(...(store.spec.slices || []).map((s) => h('li', { class: 'slice-chip', 'data-slice': s.name },
      h('span', { class: 'slice-name', title: s.name }, s.name),
      h('button', {
        type: 'button', class: 'btn-icon', 'data-action': 'remove-slice', 'aria-label': `Remove slice ${s.name}`, title: 'Remove this slice',
        onclick: () => store.removeSlice(s.name),
      }, '×'))));
    list.hidden = !(store.spec.slices || []).length;
  };

  save.addEventListener('click', () => {
    const p = selectionPredicate(selections.clauses());
    if (!p) return;
    save.hidden = true;
    form.hidden = false;
    input.value = suggestName(p, names());
    input.focus();
    input.select();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = input.value.trim();
    const p = selectionPredicate(selections.clauses());
    let problem = '';
    if (!name) problem = 'Give the slice a name.';
    else if (names().includes(name)) problem = `There is a slice named "${name}" already.`;
    else if (!p) problem = 'Nothing is selected.';
    else {
      try {
        store.addSlice(name, p);
      } catch (err) {
        problem = err instanceof SpecError ? err.message : String(err);
      }
    }
    if (problem) {
      message.textContent = problem;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    close(true);
  });
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close(true);
  });
  /** @type {HTMLElement} */ (form.querySelector('[data-action="cancel-slice"]')).addEventListener('click', () => close(true));
  input.addEventListener('input', () => { message.textContent = ''; input.removeAttribute('aria-invalid'); });
  store.addEventListener('change', sync);
  selections.addEventListener('change', sync);
  sync();
}
