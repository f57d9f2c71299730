// loader.js — reads a File (or Blob) into the engine. The File itself is
// posted to the engine's worker (a File is cloned by reference, not copied):
// the worker reads it in slices, the next ones read while the current one is
// parsed, each copied once into wasm memory (web/worker.js ingestFile), so the
// file is never held whole in JS memory. The worker reports rows and bytes
// read; Cancel stops it between two slices, and the earlier table stays.

import { ingestOptions } from './reading.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;

/** @typedef {import('./coordinator.js').Coordinator} Coordinator */
/** @typedef {import('./coordinator.js').Schema} Schema */
/** @typedef {{read: number, total: number, rows: number}} Progress */

/** Thrown when the user cancels a load. */
export class LoadCancelled extends Error {
  constructor() {
    super('loading was cancelled');
    this.name = 'LoadCancelled';
  }
}

/**
 * Stream a file into the engine. Resolves with its schema once it is the
 * loaded table; rejects with LoadCancelled at once when the signal aborts.
 * @param {Coordinator} coordinator
 * @param {Blob & {name?: string}} file
 * @param {{name?: string, columns?: object, reading?: import('./spec.js').Reading, signal?: AbortSignal, onProgress?: (p: Progress) => void, chunkBytes?: number}} [options]
 * @returns {Promise<Schema>}
 */
export async function loadFile(coordinator, file, options = {}) {
  const name = options.name || file.name || 'data';
  const { signal, onProgress } = options;
  // The engine sniffs the format and delimiter from the bytes, with the name as
  // a hint, unless the reading options say which.
  const begin = { name, ...ingestOptions(options.reading || {}) };
  if (options.columns && Object.keys(options.columns).length) /** @type {any} */ (begin).columns = options.columns;
  if (signal && signal.aborted) throw new LoadCancelled();
  /** @type {Progress} */
  let last = { read: 0, total: file.size, rows: 0 };
  const connector = coordinator.connector;
  const reading = connector.call('ingestFile', { file, options: begin, chunkBytes: options.chunkBytes || CHUNK_BYTES }, [],
    (/** @type {Progress} */ p) => { last = p; if (onProgress) onProgress(p); });
  reading.catch(() => {}); // settles after a cancel too; nobody waits for it then
  /** @type {() => void} */
  let onAbort = () => {};
  const aborted = new Promise((_, reject) => {
    // The cancel is posted now, before any newer file's request (the worker answers in order).
    onAbort = () => { coordinator.ingestCancel(); reject(new LoadCancelled()); };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    const schema = /** @type {Schema | null} */ (await Promise.race([reading, aborted]));
    if (!schema || (signal && signal.aborted)) throw new LoadCancelled(); // null: a newer file took its place
    await connector.call('ingestCommit');
    return schema;
  } catch (e) {
    throw tooLarge(e, name, last) || e;
  } finally {
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

/** "58 MB", "1.2 MB". @param {number} n bytes */
const megabytes = (n) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/**
 * The engine ran out of memory: say so in the reader's terms (which file, how far
 * it got), keeping the engine's own words for whoever debugs it.
 * @param {unknown} e @param {string} name @param {Progress} at
 */
function tooLarge(e, name, at) {
  const message = String((e && /** @type {any} */ (e).message) || '');
  if (!/out of memory/.test(message)) return null;
  const rows = at.rows ? `, ${at.rows.toLocaleString('en-US')} rows` : '';
  const err = new Error(`${name} is too large for the memory this browser tab gives Sinfonia: it ran out after ` +
    `reading ${megabytes(at.read)} of ${megabytes(at.total)}${rows}. (The engine said: ${message}.)`);
  /** @type {any} */ (err).fatal = /** @type {any} */ (e).fatal;
  return err;
}
