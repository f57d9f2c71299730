// validate.js — a strict validator for the JSON Schema subset the component
// schemas use (type, properties, required, additionalProperties: false, enum,
// const, minimum, maximum, items, minItems, maxItems, maxLength, default,
// description, title, x-field), plus the guards every untrusted value gets:
// no "__proto__"/"constructor"/"prototype" keys, bounded depth, bounded
// strings and arrays. Values come back as fresh copies whose objects have a
// null prototype, so nothing from a link can reach Object.prototype.

/** @typedef {{type?: string|string[], properties?: Record<string, Schema>, required?: string[],
 *   additionalProperties?: boolean|Schema, enum?: unknown[], const?: unknown, minimum?: number,
 *   maximum?: number, items?: Schema, minItems?: number, maxItems?: number, maxLength?: number,
 *   default?: unknown, description?: string, title?: string, 'x-field'?: unknown}} Schema */

export const LIMITS = Object.freeze({ depth: 64, string: 10000, array: 100000, keys: 1000 });
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An error in untrusted input; `path` names where ("components.h1.bins"). */
export class SpecError extends Error {
  /** @param {string} path @param {string} message */
  constructor(path, message) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'SpecError';
    this.path = path;
  }
}

/** @param {string} path @param {string|number} key */
export function join(path, key) {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${safe}` : safe;
}

/** @param {unknown} v */
export function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-copy plain JSON data into null-prototype objects, enforcing the guards.
 * @param {unknown} value @param {string} path @param {number} [depth]
 * @returns {unknown}
 */
export function sanitize(value, path = '', depth = 1) {
  if (depth > LIMITS.depth) throw new SpecError(path, `nested deeper than ${LIMITS.depth} levels`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SpecError(path, 'must be a finite number');
    return value;
  }
  if (typeof value === 'string') {
    if (value.length > LIMITS.string) throw new SpecError(path, `string is longer than ${LIMITS.string} characters`);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.array) throw new SpecError(path, `array has more than ${LIMITS.array} items`);
    return value.map((item, i) => sanitize(item, join(path, i), depth + 1));
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(/** @type {object} */ (value));
    if (keys.length > LIMITS.keys) throw new SpecError(path, `object has more than ${LIMITS.keys} keys`);
    const out = Object.create(null);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) throw new SpecError(join(path, key), `the key "${key}" is not allowed`);
      out[key] = sanitize(/** @type {any} */ (value)[key], join(path, key), depth + 1);
    }
    return out;
  }
  throw new SpecError(path, `unsupported value of type ${typeof value}`);
}

/** @param {unknown} v */
function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** @param {unknown} v @param {string} t */
function hasType(v, t) {
  const actual = jsonType(v);
  if (t === 'number') return actual === 'number' || actual === 'integer';
  return actual === t;
}

/** @param {string} t */
function article(t) {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** "must be an integer from 1 to 1000", "must be a number ≥ 0", ... @param {Schema} s @param {string} t */
function describeNumber(s, t) {
  const kind = article(t);
  if (s.minimum !== undefined && s.maximum !== undefined) return `must be ${kind} from ${s.minimum} to ${s.maximum}`;
  if (s.minimum !== undefined) return `must be ${kind} of at least ${s.minimum}`;
  if (s.maximum !== undefined) return `must be ${kind} of at most ${s.maximum}`;
  return `must be ${kind}`;
}

/** @param {unknown[]} values */
function listValues(values) {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/**
 * Validate a sanitized value against a schema; throws SpecError naming the path.
 * @param {unknown} value @param {Schema} schema @param {string} path
 */
export function check(value, schema, path) {
  if (!schema || typeof schema !== 'object') return;
  if ('const' in schema && value !== schema.const) throw new SpecError(path, `must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    throw new SpecError(path, `must be one of ${listValues(schema.enum)}`);
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length && !types.some((t) => hasType(value, t))) {
    const numeric = types.find((t) => t === 'integer' || t === 'number');
    if (numeric && types.length === 1) throw new SpecError(path, describeNumber(schema, numeric));
    throw new SpecError(path, `must be ${types.map(article).join(' or ')}`);
  }
  if (typeof value === 'number') {
    if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
      throw new SpecError(path, describeNumber(schema, Number.isInteger(value) && types.includes('integer') ? 'integer' : 'number'));
    }
  }
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength) {
    throw new SpecError(path, `must be at most ${schema.maxLength} characters`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) throw new SpecError(path, `must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) throw new SpecError(path, `must have at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => check(item, /** @type {Schema} */ (schema.items), join(path, i)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = /** @type {Record<string, unknown>} */ (value);
    const props = schema.properties || {};
    for (const key of schema.required || []) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new SpecError(join(path, key), 'is required');
    }
    for (const key of Object.keys(obj)) {
      if (Object.prototype.hasOwnProperty.call(props, key)) {
        check(obj[key], props[key], join(path, key));
      } else if (schema.additionalProperties === false) {
        const allowed = Object.keys(props);
        throw new SpecError(join(path, key), `unknown key${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        check(obj[key], schema.additionalProperties, join(path, key));
      }
    }
  }
}

/**
 * A copy of config with the schema's top-level defaults filled in.
 * @param {Record<string, unknown>} config @param {Schema} schema
 */
export function withDefaults(config, schema) {
  const out = Object.assign(Object.create(null), config);
  for (const [key, prop] of Object.entries((schema && schema.properties) || {})) {
    if (!(key in out) && prop && 'default' in prop) out[key] = structuredClone(prop.default);
  }
  return out;
}

/**
 * JSON.parse, refusing what the engine's strict parser refuses, so a link means
 * the same in the page and in the CLI: a key repeated in one object (JSON.parse
 * keeps the last, cJSON the first) and "\u0000" in a string.
 * @param {string} text @returns {unknown}
 */
export function parseStrict(text) {
  const value = JSON.parse(text); // syntax first; the scan below may then trust it
  /** @type {{keys: Set<string> | null, key: string, index: number, expectKey: boolean}[]} */
  const frames = [];
  /** The path to the value being read; `inside` stops at the innermost object itself. */
  const where = (inside = false) => frames.reduce((p, f, k) => {
    if (!f.keys) return join(p, f.index);
    return f.key && !(inside && k === frames.length - 1) ? join(p, f.key) : p;
  }, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = frames[frames.length - 1];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = /** @type {string} */ (JSON.parse(text.slice(i, j + 1)));
      const isKey = Boolean(top && top.keys && top.expectKey);
      if (s.includes('\u0000')) throw new SpecError(where(isKey), 'a string holds the NUL character (\\u0000)');
      if (top && top.keys && isKey) {
        top.expectKey = false;
        if (top.keys.has(s)) throw new SpecError(where(true), `the key ${JSON.stringify(s)} appears twice`);
        top.keys.add(s);
        top.key = s;
      }
      i = j;
    } else if (ch === '{') frames.push({ keys: new Set(), key: '', index: 0, expectKey: true });
    else if (ch === '[') frames.push({ keys: null, key: '', index: 0, expectKey: false });
    else if (ch === '}' || ch === ']') frames.pop();
    else if (ch === ',' && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return value;
}
