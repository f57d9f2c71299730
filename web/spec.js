// spec.js — the spec v1 codec and its validation. A spec is the whole view
// (columns, filters, components, layout; never data). In the URL it is
// "#s=" + base64url (RFC 4648 §5, no padding) of deflate-raw (RFC 1951) of the
// UTF-8 JSON. A link is untrusted: decode() bounds its size, validate() checks
// every key against spec.schema.json (the shape the engine checks too) and each
// component's schema.json, with the engine's messages (wasm/src/spec.c).
// Runs in browsers and in Node 20 (CompressionStream is global in both).

import { SpecError, sanitize, check, join, isPlainObject, parseStrict } from './validate.js';
import specSchema from './spec.schema.json' with { type: 'json' };

export { SpecError };

/** The spec version this build reads: spec.schema.json's "sinfonia" const. */
export const SPEC_VERSION = /** @type {number} */ (specSchema.properties.sinfonia.const);
export const MAX_HASH_CHARS = 64 * 1024;
export const MAX_INFLATED_BYTES = 1024 * 1024;

/** @typedef {{field: string, in?: unknown[], range?: [number, number]} | {and: Predicate[]} | {or: Predicate[]} | {not: Predicate} | {rows: number[]}} Predicate */
/** @typedef {Predicate & {source?: string}} Clause */
/** @typedef {{type: string, title?: string, note?: string} & Record<string, unknown>} ComponentSpec */
/** How the file is read; absent keys mean "sniff" (format, delimiter) and a header row.
 * @typedef {{format?: 'auto'|'csv'|'tsv'|'json'|'jsonl', delimiter?: string, header?: boolean}} Reading */
/** A named slice: a name (1 to 100 characters, unique in the spec) and its filter. @typedef {{name: string, filter: Predicate}} Slice */
/** @typedef {{sinfonia: number, data?: {name?: string, rows?: number, fingerprint?: string, url?: string} & Reading,
 *   columns?: Record<string, {type?: string, role?: string, class?: string}>, filters?: Clause[], threshold?: Threshold, slices?: Slice[],
 *   components: Record<string, ComponentSpec>, layout?: {rows: {columns: string[]}[]}}} Spec */
/** A decision threshold on a binary score (the prediction becomes score >= value). @typedef {{value: number, score?: string}} Threshold */
/** @typedef {import('./validate.js').Schema} Schema */

/**
 * The spec's shape: web/spec.schema.json, the one statement of it. The engine
 * embeds the same file and checks it with the same subset (wasm/src/schema.c).
 * @type {Schema & {properties: Record<string, Schema>}}
 */
export const SPEC_SCHEMA = /** @type {any} */ (specSchema);
const COLUMN_SCHEMA = /** @type {Schema} */ (SPEC_SCHEMA.properties.columns.additionalProperties);
/** @type {string[]} */
export const ROLES = /** @type {any} */ (COLUMN_SCHEMA.properties?.role.enum);
/** @type {string[]} */
export const TYPES = /** @type {any} */ (COLUMN_SCHEMA.properties?.type.enum);
/** @type {string[]} */
export const FORMATS = /** @type {any} */ (SPEC_SCHEMA.properties.data.properties?.format.enum);
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const ID_RULE = '1 to 64 letters, digits, "_" or "-"';
/**
 * Keys every component has besides its schema.json's own (engine and page
 * check them the same way): its type, a heading and a note for the reader.
 * @type {Record<string, Schema>}
 */
export const COMMON_PROPERTIES = Object.freeze({
  title: { type: 'string', maxLength: 200, description: 'A heading shown above the component.' },
  note: { type: 'string', maxLength: 10000, description: 'A note for whoever opens the link: what to look at here.' },
});
const COMMON_KEYS = ['type', 'title', 'note'];

/**
 * A component's own schema: schema.json without the common keys (older
 * schema.json files listed them too).
 * @param {Schema} schema @returns {Schema}
 */
export function ownSchema(schema) {
  const properties = Object.create(null);
  for (const [k, v] of Object.entries(schema.properties || {})) if (!COMMON_KEYS.includes(k)) properties[k] = v;
  const own = { ...schema, properties };
  if (schema.required) own.required = schema.required.filter((k) => !COMMON_KEYS.includes(k));
  return own;
}

/** The schema a settings form shows: the component's own keys, then the common title and note. @param {Schema} schema */
export function settingsSchema(schema) {
  const own = ownSchema(schema);
  return { ...own, properties: { ...own.properties, ...COMMON_PROPERTIES } };
}

/** A delimiter the engine takes: one ASCII character, not a quote or a line end. @param {string} d */
export function isDelimiter(d) {
  return d.length === 1 && d.charCodeAt(0) < 0x80 && !'"\r\n'.includes(d);
}

// ---- bytes <-> base64url --------------------------------------------------

/** @param {Uint8Array} bytes */
export function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text */
export function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    const bad = text.match(/[^A-Za-z0-9_-]/);
    throw new SpecError('', `this link is damaged: "${bad ? bad[0] : '?'}" is not a base64url character`);
  }
  if (text.length % 4 === 1) throw new SpecError('', 'this link is damaged: its base64url text has an impossible length (was it cut short?)');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// ---- deflate-raw ----------------------------------------------------------

/** @param {Uint8Array<ArrayBuffer>} bytes */
async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflate, stopping as soon as the output passes `limit` bytes. @param {Uint8Array<ArrayBuffer>} bytes @param {number} limit */
async function inflateRaw(bytes, limit) {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  /** @type {Uint8Array[]} */
  const parts = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        reader.cancel().catch(() => {});
        throw new SpecError('', `this link is too large: it inflates to more than ${limit} bytes`);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError('', 'this link is damaged: its compressed data is incomplete or corrupt (was it cut short?)');
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// ---- encode / decode ------------------------------------------------------

/** @param {Spec} spec @returns {Promise<string>} "#s=..." */
export async function encode(spec) {
  const json = JSON.stringify(spec);
  return '#s=' + toBase64Url(await deflateRaw(new TextEncoder().encode(json)));
}

/** Does this location hash carry a spec? @param {string} hash */
export function hasSpec(hash) {
  return /^#?s=/.test(hash || '');
}

/**
 * Decode "#s=..." (or "s=..." or the bare payload) into parsed JSON. It is
 * not validated yet: pass the result to validate().
 * @param {string} hash @returns {Promise<unknown>}
 */
export async function decode(hash) {
  let text = String(hash || '').replace(/^#/, '');
  if (text.startsWith('s=')) text = text.slice(2);
  const amp = text.indexOf('&');
  if (amp >= 0) text = text.slice(0, amp);
  if (!text) throw new SpecError('', 'this link has no view in it (empty "#s=")');
  if (text.length > MAX_HASH_CHARS) throw new SpecError('', `this link is too long (${text.length} characters; at most ${MAX_HASH_CHARS})`);
  const bytes = await inflateRaw(fromBase64Url(text), MAX_INFLATED_BYTES);
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SpecError('', 'this link is damaged: its text is not valid UTF-8');
  }
  try {
    return parseStrict(json);
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError('', `this link is damaged: its view is not valid JSON (${/** @type {Error} */ (e).message})`);
  }
}

// ---- validation -----------------------------------------------------------

/**
 * Check a predicate tree (the filter language of DESIGN.md). What a schema
 * cannot say about a spec is checked here and in wasm/src/spec.c with the same
 * words, in the same order.
 * @param {any} p @param {string} path @param {boolean} allowSource
 */
export function checkPredicate(p, path, allowSource = false) {
  if (!isPlainObject(p)) throw new SpecError(path, 'must be an object (a predicate)');
  const keys = Object.keys(p).filter((k) => !(allowSource && k === 'source'));
  if (allowSource && 'source' in p && (typeof p.source !== 'string' || !ID_PATTERN.test(p.source))) {
    throw new SpecError(join(path, 'source'), `must be a component id (${ID_RULE})`);
  }
  const has = (/** @type {string} */ k) => keys.includes(k);
  const only = (/** @type {string[]} */ allowed) => {
    for (const k of keys) if (!allowed.includes(k)) throw new SpecError(join(path, k), `unknown key (allowed: ${allowed.join(', ')})`);
  };
  if (has('and') || has('or')) {
    const op = has('and') ? 'and' : 'or';
    only([op]);
    if (!Array.isArray(p[op])) throw new SpecError(join(path, op), 'must be an array of predicates');
    p[op].forEach((/** @type {any} */ q, /** @type {number} */ i) => checkPredicate(q, join(join(path, op), i)));
  } else if (has('not')) {
    only(['not']);
    checkPredicate(p.not, join(path, 'not'));
  } else if (has('rows')) {
    only(['rows']);
    if (!Array.isArray(p.rows)) throw new SpecError(join(path, 'rows'), 'must be an array of row ids');
    p.rows.forEach((/** @type {unknown} */ v, /** @type {number} */ i) => {
      if (!Number.isInteger(v) || /** @type {number} */ (v) < 0) throw new SpecError(join(join(path, 'rows'), i), 'must be a row id (an integer of at least 0)');
    });
  } else if (has('field')) {
    if (typeof p.field !== 'string' || !p.field) throw new SpecError(join(path, 'field'), 'must be a column name');
    if (has('in')) {
      only(['field', 'in']);
      if (!Array.isArray(p.in)) throw new SpecError(join(path, 'in'), 'must be an array of values');
      p.in.forEach((/** @type {unknown} */ v, /** @type {number} */ i) => {
        if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
          throw new SpecError(join(join(path, 'in'), i), 'must be a string, number, boolean or null');
        }
      });
    } else if (has('range')) {
      only(['field', 'range']);
      const r = p.range;
      if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'number' || typeof r[1] !== 'number') {
        throw new SpecError(join(path, 'range'), 'must be [low, high], two numbers');
      }
      if (r[0] > r[1]) throw new SpecError(join(path, 'range'), 'must be [low, high] with low ≤ high');
    } else {
      throw new SpecError(path, 'a predicate on a field needs "in" or "range"');
    }
  } else {
    throw new SpecError(path, 'must be a predicate: one of {field, in}, {field, range}, {and}, {or}, {not}, {rows}');
  }
}

/**
 * The message for a spec newer than this build reads (engine and page alike).
 * @param {number} version
 */
export function newerVersionMessage(version) {
  return `this view was made by a newer Sinfonia (spec version ${version}); open it with a newer Sinfonia`;
}

/**
 * Strictly validate an untrusted spec. Returns a clean copy (null-prototype
 * objects) or throws SpecError naming the path. The order of checks, and each
 * message, is wasm/src/spec.c's: a newer version; sanitize(); an object;
 * SPEC_SCHEMA; data.url and data.delimiter; component ids and configs; filters;
 * named slices; the layout's references.
 * @param {unknown} input
 * @param {Map<string, Schema> | Record<string, Schema>} schemas component type -> schema.json
 * @returns {Spec}
 */
export function validate(input, schemas) {
  const registry = schemas instanceof Map ? schemas : new Map(Object.entries(schemas || {}));
  // Said first: a newer spec may hold keys this build does not know.
  if (isPlainObject(input) && typeof (/** @type {any} */ (input).sinfonia) === 'number' && /** @type {any} */ (input).sinfonia > SPEC_VERSION) {
    throw new SpecError('', newerVersionMessage(/** @type {any} */ (input).sinfonia));
  }
  const spec = /** @type {any} */ (sanitize(input, ''));
  if (!isPlainObject(spec)) throw new SpecError('', 'a view must be a JSON object');
  check(spec, SPEC_SCHEMA, '');
  if ('data' in spec) {
    if (typeof spec.data.url === 'string' && !spec.data.url.startsWith('https://')) throw new SpecError('data.url', 'must be an https: URL');
    if (typeof spec.data.delimiter === 'string' && !isDelimiter(spec.data.delimiter)) {
      throw new SpecError('data.delimiter', 'must be one ASCII character (such as ",", ";", "|" or a tab), not a quote or a line end');
    }
  }
  for (const [id, comp] of Object.entries(spec.components)) {
    const path = join('components', id);
    if (!ID_PATTERN.test(id)) throw new SpecError(path, `a component id is ${ID_RULE}`);
    validateComponent(comp, registry, path);
  }
  (spec.filters || []).forEach((/** @type {any} */ f, /** @type {number} */ i) => {
    checkPredicate(f, join('filters', i), true);
    if (f.source !== undefined && !(f.source in spec.components)) throw new SpecError(join(join('filters', i), 'source'), `names no component (${JSON.stringify(f.source)})`);
  });
  (spec.slices || []).forEach((/** @type {any} */ s, /** @type {number} */ i) => {
    const path = join('slices', i);
    if (!s.name) throw new SpecError(join(path, 'name'), 'must not be empty');
    const j = spec.slices.findIndex((/** @type {any} */ o) => o.name === s.name);
    if (j < i) throw new SpecError(join(path, 'name'), `${JSON.stringify(s.name)} is the name of slices[${j}] too; slice names are unique`);
    checkPredicate(s.filter, join(path, 'filter'));
  });
  if ('layout' in spec) {
    const seen = new Set();
    spec.layout.rows.forEach((/** @type {any} */ row, /** @type {number} */ r) => row.columns.forEach((/** @type {string} */ id, /** @type {number} */ c) => {
      const path = `layout.rows[${r}].columns[${c}]`;
      if (!(id in spec.components)) throw new SpecError(path, `names no component (${JSON.stringify(id)})`);
      if (seen.has(id)) throw new SpecError(path, `${JSON.stringify(id)} appears twice in the layout`);
      seen.add(id);
    }));
  }
  return spec;
}

/**
 * @param {any} comp @param {Map<string, Schema>} registry @param {string} path
 */
export function validateComponent(comp, registry, path) {
  if (!isPlainObject(comp)) throw new SpecError(path, 'must be an object with a "type"');
  if (typeof comp.type !== 'string') throw new SpecError(join(path, 'type'), 'is required (the component type)');
  const schema = registry.get(comp.type);
  if (!schema) throw new SpecError(join(path, 'type'), `unknown component type "${comp.type}" (known: ${[...registry.keys()].join(', ')})`);
  for (const key of ['title', 'note']) if (key in comp) check(comp[key], COMMON_PROPERTIES[key], join(path, key));
  const config = Object.create(null);
  for (const [k, v] of Object.entries(comp)) if (!COMMON_KEYS.includes(k)) config[k] = v;
  check(config, { ...ownSchema(schema), type: 'object' }, path);
}
