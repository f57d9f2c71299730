// loader.js — reads a File (or Blob) in chunks with File.slice and hands each
// chunk to the engine through the coordinator, transferring its buffer: the
// file is never held whole in JS memory. One chunk is in flight at a time, so
// memory stays bounded. Reports bytes read of total; cancellable.

import { ingestOptions } from './reading.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;

/** @typedef {import('./coordinator.js').Coordinator} Coordinator */
/** @typedef {import('./coordinator.js').Schema} Schema */

/** Thrown when the user cancels a load. */
export class LoadCancelled extends Error {
  constructor() {
    super('loading was cancelled');
    this.name = 'LoadCancelled';
  }
}

/**
 * Stream a file into the engine.
 * @param {Coordinator} coordinator
 * @param {Blob & {name?: string}} file
 * @param {{name?: string, columns?: object, reading?: import('./spec.js').Reading, signal?: AbortSignal, onProgress?: (read: number, total: number) => void, chunkBytes?: number}} [options]
 * @returns {Promise<Schema>}
 */
export async function loadFile(coordinator, file, options = {}) {
  const name = options.name || file.name || 'data';
  const total = file.size;
  const step = options.chunkBytes || CHUNK_BYTES;
  const { signal, onProgress } = options;
  // The engine sniffs the format and delimiter from the bytes, with the name as
  // a hint, unless the reading options say which.
  const begin = { name, ...ingestOptions(options.reading || {}) };
  if (options.columns && Object.keys(options.columns).length) /** @type {any} */ (begin).columns = options.columns;
  await coordinator.ingestBegin(begin);
  let read = 0;
  try {
    onProgress && onProgress(0, total);
    while (read < total) {
      if (signal && signal.aborted) throw new LoadCancelled();
      const buffer = await file.slice(read, Math.min(read + step, total)).arrayBuffer();
      read += buffer.byteLength;
      await coordinator.ingestChunk(buffer);
      onProgress && onProgress(read, total);
    }
    if (signal && signal.aborted) throw new LoadCancelled();
    return await coordinator.ingestEnd();
  } catch (e) {
    if (!(/** @type {any} */ (e).fatal)) await coordinator.ingestCancel();
    throw tooLarge(e, name, read, total) || e;
  }
}

/**
 * The engine ran out of memory: say so in the reader's terms (which file, how far
 * it got), keeping the engine's own words for whoever debugs it.
 * @param {unknown} e @param {string} name @param {number} read @param {number} total
 */
function tooLarge(e, name, read, total) {
  const message = String((e && /** @type {any} */ (e).message) || '');
  if (!/out of memory/.test(message)) return null;
  const mb = (/** @type {number} */ n) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  const err = new Error(`${name} is too large for the memory this browser tab gives Sinfonia: it ran out after ` +
    `reading ${mb(read)} of ${mb(total)} (${message}).`);
  /** @type {any} */ (err).fatal = /** @type {any} */ (e).fatal;
  return err;
}
