// worker.js — the C engine (WebAssembly) in a Web Worker. It speaks a small
// RPC: requests {id, op, payload}, replies {id, ok: true, result} or
// {id, ok: false, error: {message, fatal}}; every op is one entry of HANDLERS.
// A new file is ingested into a fresh engine that replaces the current one
// only when ingest ends well, so a bad file never loses the loaded one. After
// a wasm trap the instance is unusable: the reply is marked fatal and every
// later request is refused, and the coordinator starts a new worker.

import createSinfonia from '../build/wasm/sinfonia.mjs';
import { SCHEMAS } from '../build/gen/schemas.js';

/** @typedef {{name?: string, format?: string, delimiter?: string, header?: boolean, columns?: object}} IngestOptions */

const ABI_VERSION = 1;

/** @type {Promise<any> | null} */
let modulePromise = null;
/** @type {any} */
let M = null;
/** The engine holding the loaded table (0 = none). */
let current = 0;
/** The engine a file is being read into (0 = none). */
let pending = 0;
let pendingName = '';
/** INTERIM (until the engine's sf_view_set): the loaded file's schema and the current view. @type {any} */
let loadedSchema = null;
/** @type {{spec: any, columns: any[], components: Record<string, any>} | null} */
let view = null;
/** @type {string | null} set after a trap: the instance must not be used again */
let dead = null;

/** The wasm bytes: inlined by the single-file build, else fetched beside this script. */
async function wasmBytes() {
  const inlined = /** @type {any} */ (globalThis).SINFONIA_WASM_BASE64;
  if (typeof inlined === 'string') {
    const bin = atob(inlined);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  const url = new URL('sinfonia.wasm', self.location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the engine (${url.pathname}: HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function engineModule() {
  if (!modulePromise) {
    modulePromise = (async () => {
      // The bytes are passed in; locateFile keeps the loader from resolving a
      // URL of its own (it can't from a blob: worker).
      const m = await createSinfonia({ wasmBinary: await wasmBytes(), locateFile: (/** @type {string} */ p) => p, print: () => {}, printErr: () => {} });
      const v = m._sf_version();
      if (v !== ABI_VERSION) throw new Error(`the engine's ABI version is ${v}; this page expects ${ABI_VERSION}`);
      M = m;
      return m;
    })();
  }
  return modulePromise;
}

/** Copy a JS string into wasm memory; the caller frees it. @param {string} s */
function allocString(s) {
  const n = M.lengthBytesUTF8(s) + 1;
  const ptr = M._malloc(n);
  if (!ptr) throw new Error('out of memory (could not pass a request to the engine)');
  M.stringToUTF8(s, ptr, n);
  return ptr;
}

/** Take ownership of a result string from the engine. @param {number} ptr */
function takeString(ptr) {
  const s = M.UTF8ToString(ptr);
  M._sf_free(ptr);
  return s;
}

/** @param {number} engine @param {string} [name] */
function engineError(engine, name) {
  let msg = engine ? M.UTF8ToString(M._sf_last_error(engine)) : '';
  if (!msg) msg = 'the engine failed without saying why';
  if (name && /^\d+:\d+:/.test(msg)) msg = `${name}:${msg}`;
  return new Error(msg);
}

function closePending() {
  if (pending) M._sf_close(pending);
  pending = 0;
}

const HANDLERS = {
  /** Start reading a new file into a fresh engine. @param {IngestOptions} options */
  async ingestBegin(options) {
    await engineModule();
    closePending();
    pending = M._sf_open();
    if (!pending) throw new Error('out of memory (could not open an engine)');
    pendingName = (options && options.name) || '';
    const opts = allocString(JSON.stringify(options || {}));
    try {
      if (M._sf_ingest_begin(pending, opts) !== 0) {
        const err = engineError(pending, pendingName);
        closePending();
        throw err;
      }
    } finally {
      M._free(opts);
    }
    return null;
  },

  /** Feed one chunk of the file (transferred, never copied whole). @param {ArrayBuffer} buffer */
  ingestChunk(buffer) {
    if (!pending) throw new Error('no file is being read (ingestChunk before ingestBegin)');
    const n = buffer.byteLength;
    if (n === 0) return null;
    const ptr = M._malloc(n);
    if (!ptr) throw new Error('out of memory while reading the file');
    try {
      M.HEAPU8.set(new Uint8Array(buffer), ptr);
      if (M._sf_ingest_chunk(pending, ptr, n) !== 0) {
        const err = engineError(pending, pendingName);
        closePending();
        throw err;
      }
    } finally {
      M._free(ptr);
    }
    return null;
  },

  /** Finish the file; it becomes the loaded table. @returns {object} the schema */
  ingestEnd() {
    if (!pending) throw new Error('no file is being read (ingestEnd before ingestBegin)');
    const ptr = M._sf_ingest_end(pending);
    if (!ptr) {
      const err = engineError(pending, pendingName);
      closePending();
      throw err;
    }
    const schema = JSON.parse(takeString(ptr));
    loadedSchema = schema;
    view = null;
    if (current) M._sf_close(current);
    current = pending;
    pending = 0;
    return schema;
  },

  /** Abandon the file being read; the loaded table stays. */
  ingestCancel() {
    if (M) closePending();
    return null;
  },

  /**
   * INTERIM setView over sf_run: keep the spec; resolve the columns (inferred
   * roles, then spec.columns; a label or prediction named there takes the role
   * from the inferred one) and each component's config (schema defaults).
   * @param {any} spec
   */
  setView(spec) {
    if (!current || !loadedSchema) throw new Error('no file is loaded yet');
    const overrides = spec.columns || {};
    const named = new Set(Object.values(overrides).map((/** @type {any} */ o) => o && o.role).filter((r) => r === 'label' || r === 'prediction'));
    const columns = loadedSchema.columns.map((/** @type {any} */ c) => {
      const o = overrides[c.name] || {};
      const col = { name: c.name, type: o.type || c.type, role: o.role || (named.has(c.role) ? 'feature' : c.role) };
      const cls = o.class !== undefined ? o.class : (col.role === 'score' && !o.role ? c.class : undefined);
      return cls === undefined ? col : { ...col, class: cls };
    });
    /** @type {Record<string, any>} */
    const components = Object.create(null);
    for (const [id, comp] of Object.entries(spec.components || {})) {
      const config = { ...comp };
      const props = (SCHEMAS.get(comp.type) || {}).properties || {};
      for (const [key, prop] of Object.entries(props)) if (!(key in config) && prop && 'default' in prop) config[key] = prop.default;
      components[id] = config;
    }
    view = { spec, columns, components };
    return { columns, components };
  },

  /**
   * INTERIM runView over sf_run: the component's config (with a patch), over
   * the AND of every spec filter whose source is not this component.
   * @param {{id: string, options?: {config?: object, unfiltered?: boolean}}} payload
   */
  runView({ id, options }) {
    if (!view) throw new Error('no view is set (setView first)');
    const comp = view.components[id];
    if (!comp) throw new Error(`components.${id}: no such component in the view`);
    const clauses = (view.spec.filters || []).filter((/** @type {any} */ f) => f.source !== id).map((/** @type {any} */ f) => {
      const { source, ...predicate } = f;
      return predicate;
    });
    const filter = options && options.unfiltered ? null : clauses.length ? { and: clauses } : null;
    const config = { ...comp, ...((options && options.config) || {}) };
    return HANDLERS.run({ component: comp.type, config, filter, columns: view.spec.columns || {} });
  },

  /** Compute one component's result. @param {object} request {component, config, filter, columns} */
  run(request) {
    if (!current) throw new Error('no file is loaded yet');
    const req = allocString(JSON.stringify(request));
    try {
      const ptr = M._sf_run(current, req);
      if (!ptr) throw engineError(current);
      return JSON.parse(takeString(ptr));
    } finally {
      M._free(req);
    }
  },
};

/** Did the wasm instance trap (so it must be discarded)? @param {unknown} e */
function isTrap(e) {
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return true;
  const text = String((e && /** @type {any} */ (e).message) || e);
  return /^abort\(|Aborted\(|unreachable|memory access out of bounds/.test(text);
}

self.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { id, op, payload } = event.data || {};
  try {
    if (dead) throw Object.assign(new Error(dead), { fatal: true });
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, op) ? /** @type {any} */ (HANDLERS)[op] : null;
    if (!handler) throw new Error(`unknown operation "${op}"`);
    const result = await handler(payload);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    const fatal = Boolean(e && /** @type {any} */ (e).fatal) || isTrap(e);
    let message = String((e && /** @type {any} */ (e).message) || e);
    if (fatal && !dead) {
      dead = `the engine stopped (${message}); it was discarded and will restart`;
      message = dead;
    }
    self.postMessage({ id, ok: false, error: { message, fatal } });
  }
};
