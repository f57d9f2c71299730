// peers.js — the ingest suite's page side (bench/README.md), loaded by
// build/bench/www/bench.html (bundled there by bench/lib/www.mjs): the bench's
// files held in memory, the page's engine fed from them or from the File (through
// web/loader.js's loadFile, the page's own reading loop), the newline-scan
// baseline, DuckDB-WASM (its eh worker bundle) and the JavaScript peers' worker
// (peer-worker.js). Every function returns what it read (rows) and its ms
// (performance.now()), and is reached from node as window.__ingest.<name>.
// It uses window.__rpc, the engine workers bench/lib/engine-page.mjs installs.

import * as duckdb from '@duckdb/duckdb-wasm';
import { loadFile } from '../../web/loader.js';

const CHUNK = 4 << 20;
/** @returns {any} */
const rpc = () => /** @type {any} */ (window).__rpc;
/** @param {number} f @returns {File} */
const fileOf = (f) => {
  const file = /** @type {HTMLInputElement} */ (document.getElementById('bench-files')).files?.[f];
  if (!file) throw new Error(`no file ${f}`);
  return file;
};
/** The files' bytes, read once before anything is timed. @type {Map<number, ArrayBuffer>} */
const buffers = new Map();
/** @param {number} f */
const bufferOf = (f) => { const b = buffers.get(f); if (!b) throw new Error(`file ${f} is not in memory (hold it first)`); return b; };
/** Copies of the bytes in 4 MiB chunks (made before the clock starts; each is transferred once). @param {number} f */
const chunksOf = (f) => { const b = bufferOf(f), out = []; for (let at = 0; at < b.byteLength; at += CHUNK) out.push(b.slice(at, at + CHUNK)); return out; };

/** @type {{db: duckdb.AsyncDuckDB, conn: duckdb.AsyncDuckDBConnection} | null} */
let duck = null;
/** @type {Worker | null} */
let peerWorker = null;
let nextId = 1;
/** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
const pending = new Map();

/** A JSON-safe value of a DuckDB cell (BigInt as a number). @param {unknown} v */
const plain = (v) => (typeof v === 'bigint' ? Number(v) : v);
/** @param {any} table an Arrow table @returns {Record<string, unknown>[]} */
const rowsOf = (table) => table.toArray().map((/** @type {any} */ r) => Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, plain(v)])));

/** @param {string} format @param {string} name */
const readSql = (format, name) => (format === 'jsonl'
  ? `CREATE OR REPLACE TABLE t AS SELECT * FROM read_json('${name}', format = 'newline_delimited')`
  : `CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${name}')`);

/** The peers' worker, started once. */
function peers() {
  if (!peerWorker) {
    peerWorker = new Worker('peer-worker.js');
    peerWorker.onmessage = (e) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (p) e.data.ok ? p.resolve(e.data.result) : p.reject(new Error(e.data.error));
    };
  }
  return peerWorker;
}

const api = {
  /** Read file f into memory (not timed). @param {number} f */
  async hold(f) { buffers.set(f, await fileOf(f).arrayBuffer()); return bufferOf(f).byteLength; },
  /** Drop file f's bytes. @param {number} f */
  release(f) { buffers.delete(f); },

  /** (b) The engine alone: the bytes in memory, every chunk posted (transferred) at once to worker k, to typed columns. @param {number} k @param {number} f @param {string} name */
  async engineBuffer(k, f, name) {
    const chunks = chunksOf(f);
    const t0 = performance.now();
    const size = chunks.reduce((a, c) => a + c.byteLength, 0); // told the size, as the page tells it
    const begin = rpc().call(k, 'ingestBegin', { name, size });
    const fed = chunks.map((c) => rpc().call(k, 'ingestChunk', c, [c]));
    const schema = await rpc().call(k, 'ingestEnd');
    const ms = performance.now() - t0;
    await Promise.all([begin, ...fed]);
    return { rows: schema.rows, ms, types: schema.columns.map((/** @type {any} */ c) => c.type) };
  },
  /** (b) The engine from the File, read by web/loader.js's loadFile (the page's loop) into worker k. @param {number} k @param {number} f */
  async engineFile(k, f) {
    // loadFile speaks to the worker through the coordinator's connector.
    const coordinator = /** @type {any} */ ({ connector: {
      call: (/** @type {string} */ op, /** @type {any} */ payload, /** @type {Transferable[]} */ transfer = []) => rpc().call(k, op, payload, transfer),
    } });
    const t0 = performance.now();
    const schema = await loadFile(coordinator, fileOf(f));
    return { rows: schema.rows, ms: performance.now() - t0 };
  },
  /** (c) The baseline: the same chunks as engineBuffer through worker k's countNewlines (wasm). @param {number} k @param {number} f */
  async newlineScan(k, f) {
    const chunks = chunksOf(f);
    const t0 = performance.now();
    const counts = await Promise.all(chunks.map((c) => rpc().call(k, 'countNewlines', c, [c])));
    return { lines: counts.reduce((a, b) => a + b, 0), ms: performance.now() - t0 };
  },

  /** Start DuckDB-WASM (its eh bundle, its own worker), not timed. */
  async duckdbOpen() {
    if (duck) return;
    const worker = new Worker('duckdb-browser-eh.worker.js');
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate('duckdb-eh.wasm');
    duck = { db, conn: await db.connect() };
  },
  /** (d) DuckDB-WASM: a copy of the bytes registered (registerFileBuffer), read_csv / read_json into table t. @param {number} f @param {string} format */
  async duckdbBuffer(f, format) {
    if (!duck) throw new Error('duckdbOpen first');
    const name = `bench-${f}.${format}`, copy = new Uint8Array(bufferOf(f).slice(0));
    const t0 = performance.now();
    await duck.db.registerFileBuffer(name, copy);
    await duck.conn.query(readSql(format, name));
    const ms = performance.now() - t0;
    await duck.db.dropFile(name);
    return { rows: await api.duckdbCount(), ms };
  },
  /** (d) DuckDB-WASM from the File (registerFileHandle, BROWSER_FILEREADER). @param {number} f @param {string} format */
  async duckdbFile(f, format) {
    if (!duck) throw new Error('duckdbOpen first');
    const name = `file-${f}.${format}`;
    const t0 = performance.now();
    await duck.db.registerFileHandle(name, fileOf(f), duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    await duck.conn.query(readSql(format, name));
    const ms = performance.now() - t0;
    await duck.db.dropFile(name);
    return { rows: await api.duckdbCount(), ms };
  },
  /** count(*) of table t. */
  async duckdbCount() {
    if (!duck) throw new Error('duckdbOpen first');
    return Number(rowsOf(await duck.conn.query('SELECT count(*) AS n FROM t'))[0].n);
  },
  /** (f) The queries one after another, timed together; each one's rows. @param {string[]} sqls */
  async duckdbQueries(sqls) {
    if (!duck) throw new Error('duckdbOpen first');
    const t0 = performance.now();
    const tables = [];
    for (const sql of sqls) tables.push(await duck.conn.query(sql));
    const ms = performance.now() - t0;
    return { ms, results: tables.map(rowsOf) };
  },
  /** Drop table t (memory back before the next reader). */
  async duckdbDrop() { if (duck) await duck.conn.query('DROP TABLE IF EXISTS t'); },

  /** Let the peers' worker drop the columns it holds. */
  async peerRelease() { await api.peer('release', -1, 'none'); },
  /** Start the peers' worker (not timed). */
  peerOpen() { peers(); },
  /** (d) uDSV or PapaParse in peer-worker.js: a copy of the bytes transferred in ('buffer') or the File ('file'). @param {string} reader @param {number} f @param {'buffer' | 'file' | 'none'} from */
  async peer(reader, f, from) {
    const w = peers();
    const source = from === 'none' ? null : from === 'file' ? fileOf(f) : bufferOf(f).slice(0);
    const t0 = performance.now();
    const result = await new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, reader, source }, source instanceof ArrayBuffer ? [source] : []);
    });
    return { ...result, ms: performance.now() - t0 };
  },
};

/** @type {any} */ (window).__ingest = api;
