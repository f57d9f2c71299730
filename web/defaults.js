// defaults.js — choices made from the data: the layout a file gets when it is
// opened without a link, a new component's config, and fitting a link's view
// to a file that lacks some of its columns.

import { componentTitle, REGISTRY } from './registry.js';
import { plural } from './dom.js';

/** @typedef {import('./spec.js').Spec} Spec */
/** @typedef {import('./validate.js').Schema} Schema */
/**
 * A column of the file's schema: `distinct` (category, text) and `constant` (at
 * most one value besides missing) come from the engine.
 * @typedef {{name: string, type: string, role: string, distinct?: number, constant?: boolean}} Column
 */

/** More classes than this: the default matrix is ordered by confusion, on a row of its own. */
const MANY_CLASSES = 12;

/** @param {Column[]} columns @param {string} role */
const withRole = (columns, role) => columns.find((c) => c.role === role);
/** A feature worth a histogram: of the type, not constant. @param {Column[]} columns @param {string} type */
const feature = (columns, type) => columns.find((c) => c.type === type && (c.role === 'feature' || !c.role) && !c.constant);

/**
 * Whether a label has two classes: two distinct values, a bool, or numbers scored
 * by one or two score columns.
 * @param {Column} label @param {Column[]} columns
 */
function binary(label, columns) {
  if (label.type === 'bool') return true;
  if (label.type === 'number') {
    const scores = columns.filter((c) => c.role === 'score').length;
    return scores === 1 || scores === 2;
  }
  return label.distinct === 2;
}

/** The widest embedding the embedding component maps (its kernel refuses more). */
const MAX_MAP_DIM = 256;

/** A file wider than these opens with the summary and the table of its first columns only. */
export const WIDE_SUMMARY = 200;
export const WIDE_TABLE = 50;

/**
 * The columns a summary or table of a wide file shows: those with a role first (id,
 * label, prediction, scores, ...), then the features, at most `most`; nothing (every
 * column, the kernel's default) when the file has no more; a note on the card says so.
 * @param {Column[]} cols @param {number} most
 */
function shownFields(cols, most) {
  if (cols.length <= most) return {};
  const ranked = [...cols.filter((c) => c.role !== 'feature'), ...cols.filter((c) => c.role === 'feature')];
  const n = (/** @type {number} */ x) => x.toLocaleString('en-US');
  return { fields: ranked.slice(0, most).map((c) => c.name), note: `The first ${n(most)} of ${n(cols.length)} columns (those with a role first); choose others in its settings.` };
}

/**
 * The view a file gets without a link, chosen from its roles:
 * - a label and a prediction: a regression when both are numbers and no column
 *   scores a class, else a confusion matrix;
 * - score columns: ROC / PR and calibration; a binary label scored with no prediction
 *   gets the threshold 0.5, so the confusion matrix has the prediction it derives;
 * - a `group` column (a sensitive attribute) with a label and a prediction: fairness;
 * - an embedding (a vector column, or numbered columns such as px00..px63): its map;
 * then histograms of the first numeric and the first category feature that are
 * not constant, a summary and a table (of a wide file, its first columns: role
 * columns first, WIDE_SUMMARY and WIDE_TABLE). Components the build lacks are left out.
 * @param {{columns: Column[], embedding?: {name: string, dim: number, columns: string[]} | null}} schema
 * @param {{has: (type: string) => boolean}} [registry]
 * @returns {Spec}
 */
export function defaultSpec(schema, registry = REGISTRY) {
  const cols = schema.columns;
  /** @type {Record<string, any>} */
  const components = Object.create(null);
  /** The cards in order: evaluation, then features; wide ones take a row. @type {string[]} */
  const cards = [];
  /** @type {Set<string>} */
  const wide = new Set();
  /** @param {string} id @param {Record<string, unknown>} config */
  const put = (id, config) => {
    if (!registry.has(String(config.type))) return;
    components[id] = config;
    cards.push(id);
  };
  const label = withRole(cols, 'label');
  const scored = Boolean(label && withRole(cols, 'score'));
  // Scores of a binary label and no prediction: predict at the threshold 0.5 (the
  // engine derives the prediction; the ROC card moves it).
  const derive = Boolean(label && scored && !withRole(cols, 'prediction') && binary(label, cols) && registry.has('roc-pr'));
  const prediction = withRole(cols, 'prediction') || (derive ? label : undefined);
  if (label && prediction) {
    // Numbers predicted without class scores are a regression; anything else is classes.
    const regression = label.type === 'number' && prediction.type === 'number' && !scored;
    // Many classes: the matrix takes a row of its own, the most confused first.
    const many = !regression && (label.distinct || 0) > MANY_CLASSES;
    put(regression ? 'reg' : 'cm', regression ? { type: 'regression' } : { type: 'confusion-matrix', ...(many ? { order: 'confusion' } : {}) });
    if (many && components.cm) wide.add('cm');
  }
  if (scored) {
    put('roc', { type: 'roc-pr' });
    put('cal', { type: 'calibration' });
  }
  if (label && prediction && withRole(cols, 'group') && binary(label, cols)) put('fair', { type: 'fairness' });
  if (schema.embedding && schema.embedding.dim <= MAX_MAP_DIM) put('emb', { type: 'embedding' });
  const num = feature(cols, 'number');
  if (num) put('h1', { type: 'histogram', field: num.name, bins: 20 });
  const cat = feature(cols, 'category');
  if (cat) put('h2', { type: 'histogram', field: cat.name });
  // Two to a row (a wide card alone); then the summary and the table.
  const layout = [];
  for (const id of cards) {
    const last = layout[layout.length - 1];
    if (last && last.length === 1 && !wide.has(last[0]) && !wide.has(id)) last.push(id);
    else layout.push([id]);
  }
  layout.push(['s'], ['t']);
  components.s = { type: 'summary', ...shownFields(cols, WIDE_SUMMARY) };
  components.t = { type: 'table', ...shownFields(cols, WIDE_TABLE) };
  return { sinfonia: 1, ...(derive ? { threshold: { value: 0.5 } } : {}), filters: [], components, layout: { rows: layout.filter((r) => r.length).map((columns) => ({ columns })) } };
}

/**
 * A new component's config: its required column-valued settings (marked
 * "x-field" in the schema), and optional ones the schema asks the page to pick
 * ("x-pick": a slice-metrics' field), get a fitting column of the loaded file,
 * one not already used by another component where possible. Other optional
 * columns stay unset: the kernel has its own default (a role's column, or none).
 * @param {string} type @param {Schema} schema @param {Column[]} columns @param {Set<string>} [used]
 */
export function defaultConfig(type, schema, columns, used = new Set()) {
  /** @type {Record<string, any>} */
  const config = { type };
  const props = schema.properties || {};
  const optional = Object.keys(props).filter((k) => !(schema.required || []).includes(k) &&
    props[k]['x-field'] !== undefined && props[k].type === 'string' && /** @type {any} */ (props[k])['x-pick'] === true);
  for (const key of [...(schema.required || []), ...optional]) {
    const prop = props[key] || {};
    if (key === 'type') continue;
    if (prop['x-field'] !== undefined || key === 'field') {
      const hint = prop['x-field'];
      const fits = (/** @type {Column} */ c) => hint === undefined || hint === true || hint === 'any-or-vector' ||
        (hint === 'any' && c.type !== 'vector') || c.type === hint || c.role === hint;
      const fresh = (/** @type {Column} */ c) => fits(c) && !used.has(c.name);
      const pick = columns.find((c) => fresh(c) && c.role === 'feature' && c.type === 'number')
        || columns.find((c) => fresh(c) && c.role === 'feature') || columns.find(fresh) || columns.find(fits);
      if (pick) config[key] = pick.name;
    } else if ('default' in prop) {
      config[key] = structuredClone(prop.default);
    }
  }
  return config;
}

/**
 * Every column a component's config names: the values the schema marks with
 * "x-field" (at any depth), and the usual names (field, label, prediction, fields).
 * @param {Record<string, any>} comp @param {Schema} [schema]
 */
export function fieldsOfComponent(comp, schema) {
  /** @type {string[]} */
  const names = [];
  /** @param {any} value @param {any} sch @param {boolean} named */
  const walk = (value, sch, named) => {
    const isField = named || Boolean(sch && sch['x-field'] !== undefined);
    if (typeof value === 'string') { if (isField) names.push(value); return; }
    if (Array.isArray(value)) { value.forEach((v) => walk(v, sch && sch.items, isField)); return; }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, sch && sch.properties && sch.properties[k], k === 'field');
    }
  };
  for (const [key, value] of Object.entries(comp)) {
    if (key === 'type' || key === 'title' || key === 'note') continue;
    walk(value, schema && schema.properties && schema.properties[key], ['field', 'label', 'prediction', 'fields'].includes(key));
  }
  return names;
}

/** Every field a predicate names. @param {any} p @returns {string[]} */
export function fieldsOfPredicate(p) {
  if (!p || typeof p !== 'object') return [];
  if (typeof p.field === 'string') return [p.field];
  if (Array.isArray(p.and)) return p.and.flatMap(fieldsOfPredicate);
  if (Array.isArray(p.or)) return p.or.flatMap(fieldsOfPredicate);
  if (p.not) return fieldsOfPredicate(p.not);
  return [];
}

/**
 * Fit a link's view to the opened file: drop column settings, components,
 * filters and named slices that name columns the file does not have, and say
 * what was dropped.
 * @param {Spec} spec @param {{columns: Column[]}} schema @param {Map<string, Schema>} schemas
 * @param {string} fileName
 * @returns {string[]} notices
 */
export function fitToData(spec, schema, schemas, fileName) {
  const have = new Set(schema.columns.map((c) => c.name));
  const notices = [];
  const missing = (/** @type {string[]} */ names) => names.filter((n) => !have.has(n));
  if (spec.columns) {
    const gone = missing(Object.keys(spec.columns));
    for (const name of gone) delete spec.columns[name];
    if (gone.length) notices.push(`${fileName} has no column ${gone.join(', ')}: the link's settings for ${gone.length === 1 ? 'it were' : 'them were'} dropped.`);
  }
  for (const [id, comp] of Object.entries(spec.components)) {
    const gone = missing(fieldsOfComponent(comp, schemas.get(comp.type)));
    if (!gone.length) continue;
    delete spec.components[id];
    notices.push(`Removed "${componentTitle(comp)}": ${fileName} has no column ${gone.join(', ')}.`);
  }
  if (spec.layout) spec.layout.rows = spec.layout.rows.map((r) => ({ columns: r.columns.filter((c) => c in spec.components) })).filter((r) => r.columns.length);
  if (spec.filters) {
    const kept = spec.filters.filter((f) => !missing(fieldsOfPredicate(f)).length && (!f.source || f.source in spec.components));
    if (kept.length !== spec.filters.length) notices.push(`Dropped ${plural(spec.filters.length - kept.length, 'selection')} on columns ${fileName} does not have.`);
    spec.filters = kept;
  }
  if (spec.slices) {
    const kept = spec.slices.filter((s) => !missing(fieldsOfPredicate(s.filter)).length);
    if (kept.length !== spec.slices.length) notices.push(`Dropped ${plural(spec.slices.length - kept.length, 'named slice')} on columns ${fileName} does not have.`);
    spec.slices = kept;
  }
  return notices;
}
