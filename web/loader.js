// loader.js — reads a File (or Blob) into the engine: 4 MiB slices read here,
// two ahead, each posted (transferred) to the engine's worker while the worker
// parses the ones before, at most IN_FLIGHT unanswered, so the file is never
// held whole in JS memory. Reading runs on this thread and parsing on the
// worker's: a slice read in the worker itself is drained by the worker's own
// thread, between parses, not beside them. Reports rows and bytes parsed;
// Cancel stops it at once and the earlier table stays (the worker holds the
// finished table until ingestCommit).

import { ingestOptions } from './reading.js';

export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Slices being read ahead of the one being posted. */
const READ_AHEAD = 2;
/** Slices posted and not yet parsed. */
const IN_FLIGHT = 3;

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
  const total = file.size;
  const step = options.chunkBytes || CHUNK_BYTES;
  const connector = coordinator.connector;
  // The engine sniffs the format and delimiter from the bytes, with the name as
  // a hint, unless the reading options say which; the size lets it reserve each
  // column's rows once instead of doubling them through the wasm heap.
  const begin = { name, size: total, ...ingestOptions(options.reading || {}) };
  if (options.columns && Object.keys(options.columns).length) /** @type {any} */ (begin).columns = options.columns;
  if (signal && signal.aborted) throw new LoadCancelled();
  /** @type {Progress} */
  let last = { read: 0, total, rows: 0 };
  let stopped = false;

  /** Read, post, finish; null once stopped. @returns {Promise<Schema | null>} */
  const read = async () => {
    await connector.call('ingestBegin', begin);
    if (stopped) return null;
    if (onProgress) onProgress(last);
    /** @type {{at: number, bytes: Promise<ArrayBuffer>}[]} */
    const reads = [];
    /** @type {Promise<void>[]} */
    const posted = [];
    let next = 0, sent = 0;
    const readAhead = () => {
      while (reads.length < READ_AHEAD && next < total) {
        const end = Math.min(next + step, total);
        const bytes = file.slice(next, end).arrayBuffer();
        bytes.catch(() => {}); // one abandoned by a stop is nobody's error
        reads.push({ at: next, bytes });
        next = end;
      }
    };
    readAhead();
    while (reads.length) {
      const slice = /** @type {{at: number, bytes: Promise<ArrayBuffer>}} */ (reads.shift());
      let bytes;
      try {
        bytes = await slice.bytes;
      } catch (e) {
        throw new Error(`could not read ${name} at byte ${slice.at} (${/** @type {any} */ (e).message || e})`);
      }
      if (stopped) return null;
      readAhead(); // the next slices are read while this one is parsed
      sent += bytes.byteLength;
      const at = sent;
      const parsed = connector.call('ingestChunk', bytes, [bytes]).then((/** @type {{rows: number} | null} */ r) => {
        last = { read: at, total, rows: r ? r.rows : 0 };
        if (!stopped && onProgress) onProgress(last);
      });
      parsed.catch(() => {}); // the first failure is awaited below; later ones follow from it
      posted.push(parsed);
      if (posted.length >= IN_FLIGHT) await posted.shift();
      if (stopped) return null;
    }
    for (const p of posted) await p;
    if (stopped) return null;
    const schema = await connector.call('ingestEnd', { hold: true });
    if (stopped) return null;
    await connector.call('ingestCommit');
    return schema;
  };

  /** @type {() => void} */
  let onAbort = () => {};
  const aborted = new Promise((_, reject) => {
    // The cancel is posted now, before any newer file's request (the worker answers in order).
    onAbort = () => { stopped = true; coordinator.ingestCancel(); reject(new LoadCancelled()); };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    const schema = await Promise.race([read(), aborted]);
    if (!schema) throw new LoadCancelled();
    return schema;
  } catch (e) {
    if (!stopped && !(/** @type {any} */ (e).fatal)) coordinator.ingestCancel(); // drop the half-read file
    throw tooLarge(e, name, last) || e;
  } finally {
    stopped = true;
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
  const rows = at.rows ? `${at.rows.toLocaleString('en-US')} row${at.rows === 1 ? '' : 's'}` : '';
  const howFar = at.total > 0 && at.read >= at.total
    ? `it read all ${megabytes(at.total)}${rows ? ` (${rows})` : ''} and ran out while preparing the columns`
    // Told the file's size, the engine sets aside room for every row at its first slice.
    : at.read === 0 ? `it ran out at the start, setting aside room for the columns of all ${megabytes(at.total)}`
      : `it ran out after reading ${megabytes(at.read)} of ${megabytes(at.total)}${rows ? `, ${rows}` : ''}`;
  const err = new Error(`${name} is too large for the memory this browser tab gives Sinfonia: ${howFar}. (The engine said: ${message}.)`);
  /** @type {any} */ (err).fatal = /** @type {any} */ (e).fatal;
  return err;
}
