// spec-store.js — the ONE owner of the spec (the whole view: data block,
// columns, filters, components, layout). It changes only through the methods
// below, each of which validates what it is given; the spec it hands out is a
// deep-frozen copy with null-prototype objects, so no one changes it in
// place. Every change that alters the spec emits one "change" event with
// {spec, previous, what}.

import { validate, validateComponent, checkPredicate } from './spec.js';

/** @typedef {import('./spec.js').Spec} Spec */
/** @typedef {import('./spec.js').Predicate} Predicate */
/** @typedef {import('./spec.js').Schema} Schema */
/** @typedef {import('./spec.js').Threshold} Threshold */
/** @typedef {'replace'|'data'|'columns'|'components'|'layout'|'filters'|'threshold'|'slices'} What */

/**
 * A deep copy of JSON data with null-prototype objects, frozen throughout.
 * @template T @param {T} value @returns {T}
 */
export function freezeCopy(value) {
  if (Array.isArray(value)) return /** @type {T} */ (Object.freeze(value.map(freezeCopy)));
  if (value && typeof value === 'object') {
    const out = Object.create(null);
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = freezeCopy(v);
    return Object.freeze(out);
  }
  return value;
}

/** A mutable deep copy (null-prototype objects). @template T @param {T} value @returns {T} */
function thaw(value) {
  if (Array.isArray(value)) return /** @type {T} */ (value.map(thaw));
  if (value && typeof value === 'object') {
    const out = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[k] = thaw(v);
    return out;
  }
  return value;
}

/** Whether a predicate names the column. @param {any} p @param {string} field @returns {boolean} */
function names(p, field) {
  if (!p || typeof p !== 'object') return false;
  if (p.field === field) return true;
  return ['and', 'or'].some((op) => Array.isArray(p[op]) && p[op].some((/** @type {any} */ q) => names(q, field))) || names(p.not, field);
}

/**
 * Every component placed once (layout rows keep known ids, the rest get a row
 * of their own); filters only from components that exist, none kept empty.
 * @param {any} spec
 */
function normalize(spec) {
  const placed = new Set();
  /** @type {string[][]} */
  const rows = ((spec.layout && spec.layout.rows) || []).map((/** @type {{columns: string[]}} */ r) =>
    r.columns.filter((id) => id in spec.components && !placed.has(id) && placed.add(id)));
  const rest = Object.keys(spec.components).filter((id) => !placed.has(id));
  if (rest.length) rows.push(rest);
  spec.layout = { rows: rows.filter((r) => r.length).map((columns) => ({ columns })) };
  if (spec.filters) spec.filters = spec.filters.filter((/** @type {any} */ f) => f.source === undefined || f.source in spec.components);
  if (spec.filters && !spec.filters.length) delete spec.filters;
  if (spec.slices && !spec.slices.length) delete spec.slices;
}

/** An empty view. @returns {Spec} */
export const emptySpec = () => ({ sinfonia: 1, components: {}, layout: { rows: [] } });

export class SpecStore extends EventTarget {
  /** @param {Map<string, Schema>} schemas component type -> schema.json */
  constructor(schemas) {
    super();
    this.schemas = schemas;
    /** @type {Readonly<Spec>} */
    this.current = freezeCopy(emptySpec());
  }

  /** The spec, deep-frozen. @returns {Readonly<Spec>} */
  get spec() {
    return this.current;
  }

  /**
   * Make a change on a mutable copy, then validate, freeze and announce it.
   * @param {What} what @param {(draft: any) => void} change
   */
  commit(what, change) {
    const draft = thaw(this.current);
    change(draft);
    normalize(draft);
    const next = freezeCopy(validate(draft, this.schemas));
    if (JSON.stringify(next) === JSON.stringify(this.current)) return false;
    const previous = this.current;
    this.current = next;
    this.dispatchEvent(new CustomEvent('change', { detail: { spec: next, previous, what } }));
    return true;
  }

  /** A whole new view (a link's, the example's, a default one). @param {unknown} spec */
  replace(spec) {
    const checked = thaw(validate(spec, this.schemas));
    return this.commit('replace', (draft) => {
      for (const k of Object.keys(draft)) delete draft[k];
      Object.assign(draft, checked);
    });
  }

  /** The data block (name, rows, fingerprint, reading options); undefined removes it. @param {Spec['data']} data */
  setData(data) {
    return this.commit('data', (d) => { if (data && Object.keys(data).length) d.data = data; else delete d.data; });
  }

  /** Column types and roles set by the user (spec.columns). @param {Spec['columns']} columns */
  setColumns(columns) {
    return this.commit('columns', (d) => { if (columns && Object.keys(columns).length) d.columns = columns; else delete d.columns; });
  }

  /**
   * Give a component a new config; with dropSelection its own selection goes too
   * (it no longer applies when the columns it names changed).
   * @param {string} id @param {Record<string, unknown>} config @param {{dropSelection?: boolean}} [options]
   */
  setComponent(id, config, { dropSelection = false } = {}) {
    if (!(id in this.current.components)) throw new Error(`no component "${id}"`);
    validateComponent(config, this.schemas, `components.${id}`);
    return this.commit('components', (d) => {
      d.components[id] = config;
      if (dropSelection && d.filters) d.filters = d.filters.filter((/** @type {any} */ f) => f.source !== id);
    });
  }

  /** Change some keys of a component's config (undefined removes a key). @param {string} id @param {Record<string, unknown>} patch */
  configure(id, patch) {
    const comp = this.current.components[id];
    if (!comp) throw new Error(`no component "${id}"`);
    const next = thaw(comp);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k]; else next[k] = v;
    return this.setComponent(id, next);
  }

  /** Add a component in a row of its own at the end. @param {string} id @param {Record<string, unknown>} config */
  addComponent(id, config) {
    if (id in this.current.components) throw new Error(`a component "${id}" exists already`);
    validateComponent(config, this.schemas, `components.${id}`);
    return this.commit('components', (d) => {
      d.components[id] = config;
      d.layout.rows.push({ columns: [id] });
    });
  }

  /** Remove a component, its place in the layout and its selection. @param {string} id */
  removeComponent(id) {
    return this.commit('components', (d) => { delete d.components[id]; });
  }

  /** The layout's rows of component ids. @param {string[][]} rows */
  setLayout(rows) {
    return this.commit('layout', (d) => { d.layout = { rows: rows.map((columns) => ({ columns })) }; });
  }

  /**
   * Set (or clear, with null) the filter clause a component makes; without a
   * source, replace every filter no component made.
   * @param {string} source @param {Predicate | null} predicate
   */
  setFilter(source, predicate) {
    if (predicate) checkPredicate(predicate, 'filter');
    return this.commit('filters', (d) => {
      const kept = (d.filters || []).filter((/** @type {any} */ f) => f.source !== source);
      if (predicate) kept.push({ ...thaw(predicate), source });
      d.filters = kept;
    });
  }

  /**
   * Set (or remove, with null) the decision threshold. Removing it also drops the
   * clauses that name the prediction it derived (`derived`): that column goes too.
   * @param {Threshold | null} threshold @param {string} [derived]
   */
  setThreshold(threshold, derived) {
    return this.commit('threshold', (d) => {
      if (threshold) d.threshold = threshold;
      else delete d.threshold;
      if (!threshold && derived && d.filters) d.filters = d.filters.filter((/** @type {any} */ f) => !names(f, derived));
    });
  }

  /** Clear every filter. */
  clearFilters() {
    return this.commit('filters', (d) => { delete d.filters; });
  }

  /**
   * Keep a filter as a named slice (a name not taken yet; validated as a link's
   * slices are, so a bad one throws SpecError naming the path).
   * @param {string} name @param {Predicate} filter
   */
  addSlice(name, filter) {
    return this.commit('slices', (d) => { d.slices = [...(d.slices || []), { name, filter: thaw(filter) }]; });
  }

  /** Remove the named slice called `name`. @param {string} name */
  removeSlice(name) {
    return this.commit('slices', (d) => { if (d.slices) d.slices = d.slices.filter((/** @type {any} */ s) => s.name !== name); });
  }
}
