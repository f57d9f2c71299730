// columns.js — the "Columns" dialog: the loaded file's columns with their type
// and the role the engine inferred, where the user sets a column's role (and,
// for a score, the class it scores). Apply hands back spec.columns holding only
// the overrides (choices that differ from what was inferred), keeping any type
// overrides the spec already had; the caller validates and applies them. A wide
// file's columns are drawn as a search finds them (long-list.js).

import { h, fmt } from './dom.js';
import { ROLES } from './spec.js';
import { longList } from './long-list.js';

/** @typedef {{name: string, type: string, role: string, missing?: number, class?: string}} Column */
/** @typedef {Record<string, {type?: string, role?: string, class?: string | number}>} Overrides */
/** @typedef {{role: string, class: string}} Choice */

/** A column may be the label or the prediction, not two at once. */
const SINGLE = ['label', 'prediction'];

/**
 * spec.columns from the choices: only what differs from the inferred role and
 * class, plus the type overrides the spec had.
 * @param {Column[]} columns @param {Map<string, Choice>} choices @param {Overrides} previous
 * @returns {Overrides}
 */
export function overridesFrom(columns, choices, previous) {
  /** @type {Overrides} */
  const out = Object.create(null);
  for (const c of columns) {
    const pick = choices.get(c.name);
    /** @type {{type?: string, role?: string, class?: string | number}} */
    const o = Object.create(null);
    const prev = previous[c.name];
    if (prev && prev.type) o.type = prev.type;
    if (pick && pick.role !== c.role) o.role = pick.role;
    const cls = pick ? pick.class.trim() : '';
    if (pick && pick.role === 'score' && cls && cls !== String(c.class ?? '')) o.class = cls;
    if (Object.keys(o).length) out[c.name] = o;
  }
  return out;
}

/**
 * Open the dialog over the page.
 * @param {{columns: Column[], overrides: Overrides, valuesOf: (field: string) => Promise<unknown[]>,
 *   onApply: (overrides: Overrides) => void}} options
 *   onApply throws an Error to keep the dialog open with its message.
 */
export function openColumns({ columns, overrides, valuesOf, onApply }) {
  /** @type {Map<string, Choice>} */
  const choices = new Map();
  for (const c of columns) {
    const o = overrides[c.name] || {};
    choices.set(c.name, { role: o.role || c.role || 'feature', class: String(o.class ?? c.class ?? '') });
  }
  const listId = 'columns-classes';
  const classList = h('datalist', { id: listId });
  /** The rows drawn so far (a wide file's are drawn as they are found, long-list.js). @type {Map<string, {role: HTMLSelectElement, cls: HTMLInputElement, row: HTMLElement}>} */
  const inputs = new Map();
  const byName = new Map(columns.map((c) => [c.name, c]));

  /** @param {string} name */
  const makeRow = (name) => {
    const c = /** @type {Column} */ (byName.get(name));
    const pick = /** @type {Choice} */ (choices.get(c.name));
    const role = h('select', { 'aria-label': `Role of ${c.name}`, 'data-column': c.name, 'data-role': 'column-role' },
      ROLES.map((r) => h('option', { value: r }, r)));
    role.value = pick.role;
    const cls = h('input', {
      type: 'text', list: listId, 'aria-label': `Class ${c.name} scores`, 'data-column': c.name, 'data-role': 'column-class',
      placeholder: 'class', spellcheck: 'false',
    });
    cls.value = pick.class;
    const inferred = c.role === 'score' && c.class !== undefined ? `score (${c.class})` : c.role || 'feature';
    const row = h('tr', {},
      h('th', { scope: 'row', title: c.name }, c.name),
      h('td', {}, c.type),
      h('td', { class: 'num' }, fmt(c.missing ?? null)),
      h('td', { class: 'muted' }, inferred),
      h('td', {}, role),
      h('td', {}, cls));
    inputs.set(c.name, { role, cls, row });
    role.addEventListener('change', () => choose(c.name, role.value));
    cls.addEventListener('input', () => { pick.class = cls.value; });
    syncRow(c);
    return row;
  };

  /** Show a drawn row's state: the class input only for a score, "changed" where it differs from inferred. @param {Column} c */
  const syncRow = (c) => {
    const drawn = inputs.get(c.name);
    if (!drawn) return;
    const pick = /** @type {Choice} */ (choices.get(c.name));
    drawn.role.value = pick.role;
    drawn.cls.value = pick.class;
    drawn.cls.hidden = pick.role !== 'score';
    drawn.row.classList.toggle('changed', pick.role !== (c.role || 'feature') || (pick.role === 'score' && pick.class.trim() !== String(c.class ?? '')));
  };
  const sync = () => { for (const name of inputs.keys()) syncRow(/** @type {Column} */ (byName.get(name))); };
  /** @param {string} name @param {string} role */
  const choose = (name, role) => {
    const pick = /** @type {Choice} */ (choices.get(name));
    pick.role = role;
    if (SINGLE.includes(role)) {
      // Only one label and one prediction: the previous one becomes a feature.
      for (const [other, p] of choices) {
        if (other === name || p.role !== role) continue;
        p.role = 'feature';
      }
    }
    if (role === 'label') suggest();
    sync();
  };
  /** Offer the label's values as classes a score can score. */
  const suggest = () => {
    const label = [...choices].find(([, p]) => p.role === 'label');
    classList.replaceChildren();
    if (!label) return;
    valuesOf(label[0]).then((values) => {
      classList.replaceChildren(...values.slice(0, 200).map((v) => h('option', { value: String(v) })));
    }, () => {});
  };

  const message = h('p', { class: 'settings-error', 'data-role': 'columns-error', 'aria-live': 'assertive' });
  const apply = h('button', { type: 'button', class: 'primary', 'data-action': 'apply-columns' }, 'Apply');
  const cancel = h('button', { type: 'button', 'data-action': 'cancel-columns' }, 'Cancel');
  const reset = h('button', { type: 'button', 'data-action': 'reset-columns' }, 'Reset to inferred');
  const body = h('tbody', {});
  const search = longList({ names: columns.map((c) => c.name), into: body, row: makeRow, what: 'columns' });
  const dialog = h('dialog', { class: 'columns-dialog', 'aria-labelledby': 'columns-title', 'data-role': 'columns' },
    h('header', { class: 'dialog-header' },
      h('h2', { id: 'columns-title' }, 'Columns'),
      h('p', { class: 'muted' }, 'Roles tell the analyses which column is the label, the prediction, a class score… They are inferred from the names; set them here. The link carries your changes.'),
      search),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data-table columns-table' },
        h('thead', {}, h('tr', {}, ['Column', 'Type', 'Missing', 'Inferred', 'Role', 'Scores class'].map((t, i) => h('th', { scope: 'col', class: i === 2 ? 'num' : '' }, t)))),
        body)),
    classList,
    h('footer', { class: 'dialog-actions' }, reset, message, cancel, apply));

  const close = () => dialog.close();
  dialog.addEventListener('close', () => dialog.remove());
  cancel.addEventListener('click', close);
  reset.addEventListener('click', () => {
    for (const c of columns) {
      const pick = /** @type {Choice} */ (choices.get(c.name));
      pick.role = c.role || 'feature';
      pick.class = String(c.class ?? '');
    }
    sync();
  });
  apply.addEventListener('click', () => {
    message.textContent = '';
    try {
      onApply(overridesFrom(columns, choices, overrides));
      close();
    } catch (e) {
      message.textContent = /** @type {Error} */ (e).message;
    }
  });

  document.body.append(dialog);
  sync();
  suggest();
  dialog.showModal();
  const first = dialog.querySelector('select');
  if (first) first.focus();
  return dialog;
}
