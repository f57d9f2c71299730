// settings.js — a component's settings form, built from its schema.json:
// "x-field" properties become a select of the file's columns of that kind (a
// checkbox list for an array of fields), integers and numbers number inputs
// (min/max from the schema, the default as placeholder), strings text inputs
// (a textarea for long ones), booleans checkboxes, enums selects, small
// objects (a table's sort) a group of these. Apply reads the form into a new
// config, has it validated by the caller (the link validator), and shows the
// message next to the form, naming the key, when it fails.

import { h } from './dom.js';
import { longList, matching, LONG_LIST } from './long-list.js';
import { SpecError, join } from './validate.js';

/** @typedef {import('./validate.js').Schema} Schema */
/** @typedef {{name: string, type: string, role: string}} Column */
/**
 * One control: its element and how to read it. read() gives undefined to leave
 * the key out (the default), or throws SpecError.
 * @typedef {{el: HTMLElement, focus: HTMLElement, read: () => unknown}} Control
 */

const CATEGORY_TYPES = ['category', 'bool', 'text'];

/** The columns an "x-field" hint admits. @param {Column[]} columns @param {unknown} hint */
export function columnsOfKind(columns, hint) {
  if (hint === 'number') return columns.filter((c) => c.type === 'number');
  if (hint === 'category') return columns.filter((c) => CATEGORY_TYPES.includes(c.type));
  if (hint === 'vector') return columns.filter((c) => c.type === 'vector');
  if (hint === 'any-or-vector') return columns;
  return columns.filter((c) => c.type !== 'vector'); /* "any": one value a row */
}

/** "extent" -> "Extent". @param {string} key */
const humanize = (key) => key.charAt(0).toUpperCase() + key.slice(1).replace(/[_-]/g, ' ');

/** @param {Schema} s */
const typesOf = (s) => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);

let uid = 0;

/**
 * A select of columns (and values the config names that the file lacks); for a
 * wide file, a text box whose suggestions are the first LONG_LIST columns that
 * match what is typed (a select of 100,000 options would draw them all).
 * @param {string} id @param {Column[]} columns @param {unknown} value @param {string | null} none text of the empty choice, null for none
 * @returns {{el: HTMLElement, input: HTMLInputElement | HTMLSelectElement}}
 */
function columnSelect(id, columns, value, none) {
  const names = columns.map((c) => c.name);
  if (names.length > LONG_LIST) {
    const list = h('datalist', { id: `${id}-list` });
    const input = h('input', { type: 'text', id, list: `${id}-list`, spellcheck: 'false', placeholder: none === null ? 'a column' : none });
    input.value = typeof value === 'string' ? value : '';
    const suggest = () => list.replaceChildren(...matching(names, input.value).shown.map((n) => h('option', { value: n })));
    input.addEventListener('input', suggest);
    suggest();
    return { el: h('span', { class: 'column-pick' }, input, list), input };
  }
  if (typeof value === 'string' && value && !names.includes(value)) names.unshift(value);
  const select = h('select', { id },
    none === null ? '' : h('option', { value: '' }, none),
    names.map((n) => h('option', { value: n }, n)));
  select.value = typeof value === 'string' ? value : '';
  return { el: select, input: select };
}

/** Parse "a, b, 3" into items the schema admits (numbers where it takes numbers). @param {string} text @param {Schema} items @param {string} path */
function parseList(text, items, path) {
  if (!text.trim()) return undefined;
  const types = typesOf(items || {});
  const numeric = types.includes('number') || types.includes('integer');
  return text.split(',').map((t) => t.trim()).map((t, i) => {
    if (numeric && t !== '' && Number.isFinite(Number(t))) return Number(t);
    if (!types.length || types.includes('string')) return t;
    throw new SpecError(join(path, i), t === '' ? 'is empty' : `"${t}" is not a number`);
  });
}

/**
 * The control for one property.
 * @param {string} key @param {Schema} prop @param {unknown} value @param {boolean} required @param {Column[]} columns @param {string} path
 * @param {string} [none] what leaving an optional choice empty means
 * @returns {Control | null}
 */
function control(key, prop, value, required, columns, path, none = '(default)') {
  const id = `set-${++uid}`;
  const hint = prop['x-field'];
  const types = typesOf(prop);
  /** @param {HTMLElement} input @param {() => unknown} read @param {string} [cls] */
  const row = (input, read, cls = '') => ({
    el: h('div', { class: `settings-row ${cls}`.trim(), 'data-key': key },
      h('label', { for: id, class: 'settings-label' }, humanize(key)),
      h('div', { class: 'settings-control' }, input, prop.description ? h('span', { class: 'settings-hint' }, prop.description) : '')),
    focus: input, read,
  });

  if (hint !== undefined && types.includes('string')) {
    const kind = columnsOfKind(columns, hint);
    const pick = columnSelect(id, kind, value, required ? null : none);
    const known = new Set(kind.map((c) => c.name));
    const r = row(pick.el, () => {
      const name = pick.input.value.trim();
      // Typed into a wide file's text box: it must name a column of the kind.
      if (name && name !== value && !known.has(name)) throw new SpecError(path, `no ${hint === 'number' || hint === 'category' ? `${hint} ` : ''}column is named "${name}"`);
      return name || undefined;
    });
    r.focus = pick.input;
    return r;
  }
  if (types.includes('array') && prop.items && prop.items['x-field'] !== undefined) {
    const all = columnsOfKind(columns, prop.items['x-field']).map((c) => c.name);
    const chosen = Array.isArray(value) ? value.map(String) : all;
    // What is checked lives here, not in the boxes: a wide file draws only the boxes it finds (long-list.js).
    const on = new Set(chosen), inFile = new Set(all);
    const order = [...chosen.filter((n) => inFile.has(n)), ...all.filter((n) => !on.has(n))]; // sets: 100,000 columns
    /** @type {Map<string, HTMLInputElement>} */
    const boxes = new Map();
    const list = h('div', { class: 'settings-checks', id, role: 'group', 'aria-label': humanize(key) });
    const search = longList({
      names: order, into: list, what: 'columns',
      row: (n) => {
        const box = h('input', { type: 'checkbox', value: n, checked: on.has(n), onchange: () => { if (box.checked) on.add(n); else on.delete(n); } });
        boxes.set(n, box);
        return h('label', { class: 'settings-check' }, box, n);
      },
    });
    const pick = (/** @type {boolean} */ all) => h('button', { type: 'button', class: 'btn-small', onclick: () => {
      on.clear();
      if (all) for (const n of order) on.add(n);
      for (const [n, b] of boxes) b.checked = on.has(n);
    } }, all ? 'All' : 'None');
    const read = () => {
      const picked = order.filter((n) => on.has(n));
      if (!picked.length) throw new SpecError(path, 'choose at least one column');
      // Every column in the file's order is the default: leave the key out.
      return picked.length === all.length && picked.every((n, i) => n === all[i]) ? undefined : picked;
    };
    const r = row(h('div', {}, h('div', { class: 'settings-picks' }, pick(true), pick(false), search), list), read, 'wide');
    r.focus = boxes.values().next().value || r.focus;
    return r;
  }
  if (prop.enum) {
    const select = h('select', { id }, required ? '' : h('option', { value: '' }, '(default)'),
      prop.enum.map((v, i) => h('option', { value: String(i) }, String(v))));
    select.value = value === undefined ? '' : String(prop.enum.indexOf(value));
    return row(select, () => (select.value === '' ? undefined : /** @type {unknown[]} */ (prop.enum)[Number(select.value)]));
  }
  if (types.includes('boolean')) {
    const box = h('input', { type: 'checkbox', id, checked: value === undefined ? prop.default === true : value === true });
    return row(box, () => (box.checked === (prop.default === true) && value === undefined ? undefined : box.checked));
  }
  if (types.includes('integer') || types.includes('number')) {
    const input = h('input', {
      type: 'number', id, min: prop.minimum, max: prop.maximum, step: types.includes('integer') ? 1 : 'any',
      placeholder: prop.default === undefined ? '' : String(prop.default),
    });
    input.value = typeof value === 'number' ? String(value) : '';
    return row(input, () => {
      if (input.validity.badInput) throw new SpecError(path, 'must be a number');
      return input.value.trim() === '' ? undefined : Number(input.value);
    }, 'narrow');
  }
  if (types.includes('string')) {
    const long = (prop.maxLength || 0) > 200;
    const input = long ? h('textarea', { id, rows: 3 }) : h('input', { type: 'text', id });
    input.value = typeof value === 'string' ? value : '';
    return row(input, () => input.value || undefined);
  }
  if (types.includes('array')) {
    const input = h('input', { type: 'text', id, placeholder: 'comma-separated' });
    input.value = Array.isArray(value) ? value.join(', ') : '';
    return row(input, () => parseList(input.value, /** @type {Schema} */ (prop.items), path));
  }
  return null;
}

/**
 * A group for an object property (a table's sort): its own controls; left out
 * when a required part of it is empty.
 * @param {string} key @param {Schema} prop @param {any} value @param {Column[]} columns @param {string} path
 * @returns {Control}
 */
function group(key, prop, value, columns, path) {
  const req = prop.required || [];
  const parts = Object.entries(prop.properties || {}).map(([k, p]) =>
    /** @type {const} */ ([k, control(k, p, value ? value[k] : undefined, false, columns, join(path, k), '(none)')]))
    .filter(([, c]) => c !== null);
  const el = h('fieldset', { class: 'settings-group', 'data-key': key },
    h('legend', { class: 'settings-label' }, humanize(key)),
    prop.description ? h('span', { class: 'settings-hint' }, prop.description) : '',
    parts.map(([, c]) => /** @type {Control} */ (c).el));
  return {
    el, focus: parts.length ? /** @type {Control} */ (parts[0][1]).focus : el,
    read: () => {
      const out = Object.create(null);
      for (const [k, c] of parts) {
        const v = /** @type {Control} */ (c).read();
        if (v !== undefined) out[k] = v;
      }
      return req.some((k) => !(k in out)) ? undefined : out;
    },
  };
}

/**
 * Build the settings form of one component.
 * @param {{comp: Record<string, any>, schema: Schema, columns: Column[], hidden?: string[],
 *   validate: (config: Record<string, unknown>) => void, onApply: (config: Record<string, unknown>) => void,
 *   onCancel: () => void, label: string}} options
 * @returns {{form: HTMLFormElement, focus: () => void}}
 */
export function settingsForm({ comp, schema, columns, hidden = [], validate, onApply, onCancel, label }) {
  const skip = new Set(['type', ...hidden]);
  const required = new Set(schema.required || []);
  /** @type {Map<string, Control>} */
  const controls = new Map();
  // Columns first, then the other settings, then the title and note.
  const rank = (/** @type {[string, Schema]} */ [k, p]) =>
    (k === 'title' || k === 'note' ? 2 : p['x-field'] !== undefined || (p.items && p.items['x-field'] !== undefined) ? 0 : 1);
  const props = Object.entries(schema.properties || {}).sort((a, b) => rank(a) - rank(b));
  for (const [key, prop] of props) {
    if (skip.has(key)) continue;
    const c = typesOf(prop).includes('object') && prop.properties
      ? group(key, prop, comp[key], columns, key)
      : control(key, prop, comp[key], required.has(key), columns, key);
    if (c) controls.set(key, c);
  }
  const message = h('p', { class: 'settings-error', 'data-role': 'settings-error', 'aria-live': 'assertive' });
  const form = h('form', { class: 'settings', novalidate: true, 'aria-label': label, 'data-role': 'settings' },
    h('div', { class: 'settings-fields' }, [...controls.values()].map((c) => c.el)),
    h('div', { class: 'settings-actions' },
      message,
      h('button', { type: 'button', 'data-action': 'cancel-settings' }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary', 'data-action': 'apply-settings' }, 'Apply')));

  /** Show a failure next to the form and mark the control it names. @param {unknown} e */
  const fail = (e) => {
    const path = e instanceof SpecError ? e.path : '';
    const key = path.split(/[.[]/)[0];
    message.textContent = e instanceof Error ? e.message : String(e);
    const bad = controls.get(key);
    if (bad) {
      bad.el.classList.add('invalid');
      bad.focus.setAttribute('aria-invalid', 'true');
      bad.focus.focus();
    }
  };
  const clear = () => {
    message.textContent = '';
    for (const c of controls.values()) { c.el.classList.remove('invalid'); c.focus.removeAttribute('aria-invalid'); }
  };
  form.addEventListener('change', clear);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear();
    /** @type {Record<string, unknown>} */
    const config = Object.create(null);
    // Keys the form does not show (type, a table's page) are kept as they are.
    for (const [k, v] of Object.entries(comp)) if (!controls.has(k)) config[k] = v;
    try {
      for (const [key, c] of controls) {
        const v = c.read();
        if (v !== undefined) config[key] = v;
      }
      validate(config);
    } catch (err) {
      fail(err);
      return;
    }
    onApply(config);
  });
  /** @type {HTMLElement} */ (form.querySelector('[data-action="cancel-settings"]')).addEventListener('click', () => onCancel());
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  });
  const first = [...controls.values()][0];
  return { form, focus: () => (first ? first.focus.focus() : undefined) };
}
