// worker.js — the C engine (WebAssembly) in a Web Worker. It speaks a small
// RPC: requests {id, op, payload}, replies {id, ok: true, result} or
// {id, ok: false, error: {message, fatal}}; every op is one entry of HANDLERS.
// A new file is ingested into a fresh engine that replaces the current one
// only when ingest ends well, so a bad file never loses the loaded one.
// The page reads the File and posts its slices (transferred) while earlier
// ones are parsed; each is copied once into wasm memory and released at once.
// A table read with ingestEnd({hold: true}) waits for the page's ingestCommit,
// so a load the page cancelled never replaces the shown table.

import createSinfonia from '../build/wasm/sinfonia.mjs';

/** @typedef {{name?: string, format?: string, delimiter?: string, header?: boolean, columns?: object, size?: number}} IngestOptions */

const ABI_VERSION = 5;

/** @type {Promise<any> | null} */
let modulePromise = null;
/** @type {any} */
let M = null;
/** The engine holding the loaded table (0 = none). */
let current = 0;
/** The engine a file is being read into (0 = none). */
let pending = 0;
let pendingName = '';
/** @type {string | null} set after a trap: the instance must not be used again */
let dead = null;
/** The engine ingestEnd({hold: true}) finished, waiting for the page's ingestCommit (0 = none). */
let finished = 0;

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

/**
 * Free a slice's memory now rather than at the next garbage collection (a
 * 1M-row file is 28 slices of 4 MiB): transferring an ArrayBuffer detaches it.
 * @param {ArrayBuffer} bytes
 */
function release(bytes) {
  const b = /** @type {any} */ (bytes);
  if (typeof b.transfer === 'function') b.transfer(0);
}

/** Rows an ingest has read so far (0 from an engine without the accessor). @param {number} engine */
const rowsRead = (engine) => (M._sf_ingest_rows ? M._sf_ingest_rows(engine) : 0);

function closeFinished() {
  if (finished) M._sf_close(finished);
  finished = 0;
}

function closePending() {
  if (pending) M._sf_close(pending);
  pending = 0;
}

const HANDLERS = {
  /** Load and compile the engine before a file is chosen (its errors show again on ingest). */
  async warmUp() {
    await engineModule();
    return null;
  },

  /** Start reading a new file into a fresh engine. @param {IngestOptions} options */
  async ingestBegin(options) {
    await engineModule();
    closePending();
    closeFinished();
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

  /** The file ingestEnd({hold: true}) read becomes the loaded table. */
  ingestCommit() {
    if (!finished) throw new Error('no file was read (ingestCommit without ingestEnd({hold: true}), or after a cancel)');
    if (current) M._sf_close(current);
    current = finished;
    finished = 0;
    return null;
  },

  /**
   * Feed one chunk of the file (transferred, never copied whole).
   * @param {ArrayBuffer} buffer @returns {{rows: number}} the rows read so far
   */
  ingestChunk(buffer) {
    if (!pending) throw new Error('no file is being read (ingestChunk before ingestBegin)');
    const n = buffer.byteLength;
    if (n === 0) return { rows: rowsRead(pending) };
    const ptr = M._malloc(n);
    if (!ptr) throw new Error('out of memory while reading the file');
    try {
      M.HEAPU8.set(new Uint8Array(buffer), ptr);
      release(buffer);
      if (M._sf_ingest_chunk(pending, ptr, n) !== 0) {
        const err = engineError(pending, pendingName);
        closePending();
        throw err;
      }
    } finally {
      M._free(ptr);
    }
    return { rows: rowsRead(pending) };
  },

  /**
   * Finish the file; it becomes the loaded table, or with {hold: true} waits for
   * ingestCommit (ingestCancel or the next file drops it).
   * @param {{hold?: boolean}} [options] @returns {object} the schema
   */
  ingestEnd(options) {
    if (!pending) throw new Error('no file is being read (ingestEnd before ingestBegin)');
    const ptr = M._sf_ingest_end(pending);
    if (!ptr) {
      const err = engineError(pending, pendingName);
      closePending();
      throw err;
    }
    const schema = JSON.parse(takeString(ptr));
    if (options && options.hold) {
      closeFinished();
      finished = pending;
    } else {
      if (current) M._sf_close(current);
      current = pending;
    }
    pending = 0;
    return schema;
  },

  /** Abandon the file being read, or read and not committed; the loaded table stays. */
  ingestCancel() {
    if (M) { closePending(); closeFinished(); }
    return null;
  },

  /**
   * Set the view: the whole spec, validated and resolved once against the loaded
   * table (roles, every component's config). A failed set keeps the previous view.
   * @param {object} spec @returns {object} {columns: [{name, type, role, class?}], components: {id: config}}
   */
  setView(spec) {
    if (!current) throw new Error('no file is loaded yet');
    const text = allocString(JSON.stringify(spec));
    try {
      const ptr = M._sf_view_set(current, text);
      if (!ptr) throw engineError(current);
      return JSON.parse(takeString(ptr));
    } finally {
      M._free(text);
    }
  },

  /**
   * Run one component of the view over its composed filter (every spec filter
   * whose source is not this component).
   * @param {{id: string, options?: {config?: object, unfiltered?: boolean}}} payload
   */
  runView({ id, options }) {
    if (!current) throw new Error('no file is loaded yet');
    const idPtr = allocString(String(id));
    const optPtr = options ? allocString(JSON.stringify(options)) : 0;
    try {
      const ptr = M._sf_view_run(current, idPtr, optPtr);
      if (!ptr) throw engineError(current);
      return JSON.parse(takeString(ptr));
    } finally {
      M._free(idPtr);
      if (optPtr) M._free(optPtr);
    }
  },

  /** Compute one component ad hoc, with the view's roles. @param {object} request {component, config, filter} */
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

  /** The wasm heap's size in bytes (for memory measurements; grows, never shrinks). */
  memory() {
    return { wasmHeap: M ? M.HEAPU8.length : 0 };
  },

  /**
   * The benchmark's baseline (bench/README.md), used by no view: the named columns
   * read once over every row in wasm, summed. @param {{columns: string[]}} request
   * @returns {{rows: number, columns: string[], sums: (number | null)[], missing: number[]}}
   */
  scan(request) {
    if (!current) throw new Error('no file is loaded yet');
    const req = allocString(JSON.stringify(request));
    try {
      const ptr = M._sf_scan(current, req);
      if (!ptr) throw engineError(current);
      return JSON.parse(takeString(ptr));
    } finally {
      M._free(req);
    }
  },

  /**
   * The ingest benchmark's baseline for bytes (bench/README.md), used by no view:
   * one chunk brought into the wasm heap exactly as ingestChunk brings it, then
   * each byte compared with '\n' (sf_count_newlines). @param {ArrayBuffer} buffer
   * @returns {Promise<number>} the newlines in the chunk
   */
  async countNewlines(buffer) {
    await engineModule();
    const n = buffer.byteLength;
    if (n === 0) return 0;
    const ptr = M._malloc(n);
    if (!ptr) throw new Error('out of memory while reading the file');
    try {
      M.HEAPU8.set(new Uint8Array(buffer), ptr);
      return M._sf_count_newlines(ptr, n) >>> 0;
    } finally {
      M._free(ptr);
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
