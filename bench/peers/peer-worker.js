// peer-worker.js — the ingest suite's JavaScript peers (bench/README.md), each in
// this worker as the page's engine is in its own: uDSV (typed columns, its
// inferred schema, fed 4 MiB chunks decoded as a stream) and PapaParse
// (dynamicTyping, 4 MiB chunks, the rows gathered into one array per column).
// Bundled by bench/lib/www.mjs into build/bench/www/peer-worker.js.
// RPC: {id, reader: 'udsv' | 'papaparse' | 'release' (drop the held columns), source} -> {id, ok, result: {rows, columns, types}} | {id, ok: false, error};
// source: an ArrayBuffer (the bytes already in memory, transferred) or a File (read
// here in 4 MiB slices, as the page's loader reads it).
// The columns are held until the next request, so a memory sample sees them.

import { inferSchema, initParser } from 'udsv';
import Papa from 'papaparse';

const CHUNK = 4 << 20;
/** The last reader's columns, kept alive for the memory measure. @type {unknown[][] | null} */
let held = null;

/** The source's bytes in 4 MiB pieces. @param {ArrayBuffer | Blob} source */
async function* pieces(source) {
  if (source instanceof ArrayBuffer) {
    const bytes = new Uint8Array(source);
    for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
  } else {
    for (let at = 0; at < source.size; at += CHUNK) yield new Uint8Array(await source.slice(at, at + CHUNK).arrayBuffer());
  }
}

/** uDSV: the bytes decoded as a stream, each piece parsed to typed columns. @param {ArrayBuffer | Blob} source */
async function udsv(source) {
  const decoder = new TextDecoder();
  /** @type {ReturnType<typeof initParser> | null} */
  let parser = null;
  for await (const piece of pieces(source)) {
    const text = decoder.decode(piece, { stream: true });
    parser ??= initParser(inferSchema(text));
    parser.chunk(text, parser.typedCols);
  }
  if (!parser) throw new Error('no bytes');
  const tail = decoder.decode();
  if (tail) parser.chunk(tail, parser.typedCols);
  const types = parser.schema.cols.map((c) => c.type);
  const cols = /** @type {unknown[][]} */ (parser.end());
  held = cols;
  return { rows: cols[0].length, columns: cols.length, types };
}

/** PapaParse: the File (or the bytes as a Blob), parsed in 4 MiB chunks with dynamicTyping into one array per column. @param {ArrayBuffer | Blob} source */
function papaparse(source) {
  return new Promise((resolve, reject) => {
    /** @type {unknown[][]} */
    let cols = [];
    let header = true;
    Papa.parse(source instanceof Blob ? source : new Blob([source]), {
      dynamicTyping: true, skipEmptyLines: true, chunkSize: CHUNK,
      chunk(/** @type {{data: unknown[][], errors: unknown[]}} */ res) {
        for (const row of res.data) {
          if (header) { header = false; cols = row.map(() => []); continue; }
          for (let j = 0; j < cols.length; j++) cols[j].push(row[j]);
        }
      },
      complete() {
        held = cols;
        const types = cols.map((c) => [...new Set(c.slice(0, 1000).filter((v) => v !== null && v !== '').map((v) => typeof v))].join('|'));
        resolve({ rows: cols.length ? cols[0].length : 0, columns: cols.length, types });
      },
      error: (/** @type {Error} */ e) => reject(e),
    });
  });
}

self.onmessage = async (/** @type {MessageEvent} */ event) => {
  const { id, reader, source } = event.data;
  try {
    held = null;
    const result = reader === 'release' ? {} : reader === 'udsv' ? await udsv(source) : reader === 'papaparse' ? await papaparse(source) : null;
    if (!result) throw new Error(`unknown reader ${reader}`);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: String((e && /** @type {any} */ (e).message) || e) });
  }
};
