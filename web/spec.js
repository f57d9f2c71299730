// spec.js — the spec v1 codec and its validation. A spec is the whole view
// (columns, filters, components, layout; never data). In the URL it is
// "#s=" + base64url (RFC 4648 §5, no padding) of deflate-raw (RFC 1951) of the
// UTF-8 JSON. A link is untrusted: decode() bounds its size, validate() checks
// every key against DESIGN.md's shape and each component's schema.json.
// Runs in browsers and in Node 20 (CompressionStream is global in both).

import { SpecError, sanitize, check, join, isPlainObject, parseStrict } from './validate.js';

export { SpecError };

export const SPEC_VERSION = 1;
export const MAX_HASH_CHARS = 64 * 1024;
export const MAX_INFLATED_BYTES = 1024 * 1024;

/** @typedef {{field: string, in?: unknown[], range?: [number, number]} | {and: Predicate[]} | {or: Predicate[]} | {not: Predicate} | {rows: number[]}} Predicate */
/** @typedef {Predicate & {source?: string}} Clause */
/** @typedef {{type: string, title?: string, note?: string} & Record<string, unknown>} ComponentSpec */
/** How the file is read; absent keys mean "sniff" (format, delimiter) and a header row.
 * @typedef {{format?: 'auto'|'csv'|'tsv'|'json'|'jsonl', delimiter?: string, header?: boolean}} Reading */
/** @typedef {{sinfonia: number, data?: {name?: string, rows?: number, fingerprint?: string, url?: string} & Reading,
 *   columns?: Record<string, {type?: string, role?: string, class?: string}>, filters?: Clause[],
 *   components: Record<string, ComponentSpec>, layout?: {rows: {columns: string[]}[]}}} Spec */
/** @typedef {import('./validate.js').Schema} Schema */

export const ROLES = ['feature', 'id', 'label', 'prediction', 'score', 'embedding', 'text', 'image', 'group', 'split', 'time'];
export const TYPES = ['number', 'category', 'text', 'bool'];
export const FORMATS = ['auto', 'csv', 'tsv', 'json', 'jsonl'];
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
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

/** @type {Schema} */
const DATA_SCHEMA = {
  type: 'object', additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 1000 },
    rows: { type: 'integer', minimum: 0 },
    fingerprint: { type: 'string', maxLength: 200 },
    url: { type: 'string', maxLength: 4000 },
    format: { enum: FORMATS },
    delimiter: { type: 'string' },
    header: { type: 'boolean' },
  },
};

/** A delimiter the engine takes: one ASCII character, not a quote or a line end. @param {string} d */
export function isDelimiter(d) {
  return d.length === 1 && d.charCodeAt(0) < 0x80 && !'"\r\n'.includes(d);
}

/** @type {Schema} */
const COLUMN_SCHEMA = {
  type: 'object', additionalProperties: false,
  properties: { type: { enum: TYPES }, role: { enum: ROLES }, class: { type: ['string', 'number'], maxLength: 1000 } },
};
/** @type {Schema} */
const LAYOUT_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['rows'],
  properties: {
    rows: {
      type: 'array', maxItems: 100,
      items: {
        type: 'object', additionalProperties: false, required: ['columns'],
        properties: { columns: { type: 'array', maxItems: 12, items: { type: 'string' } } },
      },
    },
  },
};
const TOP_KEYS = ['sinfonia', 'data', 'columns', 'filters', 'components', 'layout'];

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
 * Check a predicate tree (the filter language of DESIGN.md).
 * @param {any} p @param {string} path @param {boolean} allowSource
 */
export function checkPredicate(p, path, allowSource = false) {
  if (!isPlainObject(p)) throw new SpecError(path, 'must be an object (a predicate)');
  const keys = Object.keys(p).filter((k) => !(allowSource && k === 'source'));
  if (allowSource && 'source' in p && (typeof p.source !== 'string' || !ID_PATTERN.test(p.source))) {
    throw new SpecError(join(path, 'source'), 'must be a component id');
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
    check(p.rows, { type: 'array', items: { type: 'integer', minimum: 0 } }, join(path, 'rows'));
  } else if (has('field')) {
    if (typeof p.field !== 'string' || !p.field) throw new SpecError(join(path, 'field'), 'must be a column name');
    if (has('in')) {
      only(['field', 'in']);
      check(p.in, { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] } }, join(path, 'in'));
    } else if (has('range')) {
      only(['field', 'range']);
      check(p.range, { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } }, join(path, 'range'));
      if (p.range[0] > p.range[1]) throw new SpecError(join(path, 'range'), 'must be [low, high] with low ≤ high');
    } else {
      throw new SpecError(path, 'a predicate on a field needs "in" or "range"');
    }
  } else {
    throw new SpecError(path, 'must be a predicate: one of {field, in}, {field, range}, {and}, {or}, {not}, {rows}');
  }
}

/**
 * Strictly validate an untrusted spec. Returns a clean copy (null-prototype
 * objects) or throws SpecError naming the path.
 * @param {unknown} input
 * @param {Map<string, Schema> | Record<string, Schema>} schemas component type -> schema.json
 * @returns {Spec}
 */
export function validate(input, schemas) {
  const registry = schemas instanceof Map ? schemas : new Map(Object.entries(schemas || {}));
  if (isPlainObject(input) && typeof (/** @type {any} */ (input).sinfonia) === 'number' && /** @type {any} */ (input).sinfonia > SPEC_VERSION) {
    const v = /** @type {any} */ (input).sinfonia;
    throw new SpecError('', `this link was made by a newer Sinfonia (spec version ${v})`);
  }
  const spec = /** @type {any} */ (sanitize(input, ''));
  if (!isPlainObject(spec)) throw new SpecError('', 'a view must be a JSON object');
  for (const key of Object.keys(spec)) {
    if (!TOP_KEYS.includes(key)) throw new SpecError(join('', key), `unknown key (allowed: ${TOP_KEYS.join(', ')})`);
  }
  if (!('sinfonia' in spec)) throw new SpecError('sinfonia', 'is required (the spec version, 1)');
  if (spec.sinfonia !== SPEC_VERSION) throw new SpecError('sinfonia', 'must be 1 (the spec version)');
  if ('data' in spec) {
    check(spec.data, DATA_SCHEMA, 'data');
    if (typeof spec.data.url === 'string' && !/^https:\/\//.test(spec.data.url)) throw new SpecError('data.url', 'must be an https: URL');
    if (typeof spec.data.delimiter === 'string' && !isDelimiter(spec.data.delimiter)) {
      throw new SpecError('data.delimiter', 'must be one ASCII character (such as ",", ";", "|" or a tab), not a quote or a line end');
    }
  }
  if ('columns' in spec) check(spec.columns, { type: 'object', additionalProperties: COLUMN_SCHEMA }, 'columns');
  if (!('components' in spec)) throw new SpecError('components', 'is required');
  check(spec.components, { type: 'object' }, 'components');
  for (const [id, comp] of Object.entries(spec.components)) {
    const path = join('components', id);
    if (!ID_PATTERN.test(id)) throw new SpecError(path, 'a component id is 1 to 64 letters, digits, "_" or "-"');
    validateComponent(comp, registry, path);
  }
  if ('filters' in spec) {
    if (!Array.isArray(spec.filters)) throw new SpecError('filters', 'must be an array of predicates');
    spec.filters.forEach((/** @type {any} */ f, /** @type {number} */ i) => {
      checkPredicate(f, join('filters', i), true);
      if (f.source !== undefined && !(f.source in spec.components)) throw new SpecError(join(join('filters', i), 'source'), `names no component ("${f.source}")`);
    });
  }
  if ('layout' in spec) {
    check(spec.layout, LAYOUT_SCHEMA, 'layout');
    const seen = new Set();
    spec.layout.rows.forEach((/** @type {any} */ row, /** @type {number} */ r) => row.columns.forEach((/** @type {string} */ id, /** @type {number} */ c) => {
      const path = `layout.rows[${r}].columns[${c}]`;
      if (!(id in spec.components)) throw new SpecError(path, `names no component ("${id}")`);
      if (seen.has(id)) throw new SpecError(path, `"${id}" appears twice in the layout`);
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
