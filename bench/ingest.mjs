// ingest.mjs — the ingest suite of `npm run bench` (issue 15 points 1 and 2;
// bench/README.md "The ingest suite"): on the same generated files of predictions
// (CSV and JSON Lines, 20 columns), in one headless Chromium run, repeated in
// rounds:
//   a  page          the page itself, file chosen -> every view ready (lib/page-view.mjs)
//   b  engine-buffer the engine alone: the bytes in memory -> typed columns in the page's worker
//      engine-file   the same from the File, read by web/loader.js's loadFile
//   c  newline-scan  the same chunks as engine-buffer through the worker's countNewlines (wasm)
//   d  duckdb-buffer DuckDB-WASM read_csv / read_json into a table (registerFileBuffer)
//      duckdb-file   the same from the File (registerFileHandle)
//      udsv          uDSV typed columns, papaparse PapaParse (dynamicTyping), each in a worker
//   e  cli, pandas, wc   the native CLI's ingest, pandas read_csv, wc -l
//   f  brush-page, brush-duckdb   a brush on the age histogram of the default view, and
//                 DuckDB-WASM running the same cards' work as SQL (lib/brush-sql.mjs)
//   g  memory        the renderer's peak over idle / the file's bytes (fresh browser each)
//   h  transfer      what the first view fetched, gzip -9
// The report (targets, markdown, chart): lib/ingest-report.mjs.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePredictions, makePredictionsJsonl, sizeTag } from './lib/data.mjs';
import { openEnginePage } from './lib/engine-page.mjs';
import { ROOT, round, serve, launchChromium, machine, gitCommit } from './lib/harness.mjs';
import { brushQueries } from './lib/brush-sql.mjs';
import { idleRenderers } from './lib/memory.mjs';
import { cliIngest, pandasReadCsv, wcLines, CLI } from './lib/native.mjs';
import { sample, transfer } from './lib/page-view.mjs';
import { assembleWww } from './lib/www.mjs';
import { summarize } from './lib/ingest-report.mjs';

export { ingestMarkdown } from './lib/ingest-report.mjs';

/** Every measure, in the order a round takes them (odd rounds reverse the in-page ones). */
export const MEASURES = ['page', 'engine-buffer', 'engine-file', 'newline-scan', 'duckdb-buffer', 'duckdb-file', 'udsv', 'papaparse', 'cli', 'pandas', 'wc', 'brush', 'memory'];
/**
 * Only CSV: the readers that read no JSON Lines (DuckDB-WASM's read_json is its json
 * extension, which it fetches from extensions.duckdb.org at run time: not in the npm
 * package, and the bench fetches nothing from the network), the brush and memory.
 */
const CSV_ONLY = new Set(['udsv', 'papaparse', 'pandas', 'duckdb-buffer', 'duckdb-file', 'brush', 'brush-page', 'brush-duckdb', 'memory']);
/** Rounds at a size and format: at most 3 from 5M rows on, and one of JSON Lines there (the engine reads JSON Lines at ~10 MB/s: a round of 5M is ~8 minutes). */
export const roundsAt = (/** @type {number} */ runs, /** @type {number} */ rows, /** @type {string} */ format) => (rows < 5_000_000 ? runs : format === 'jsonl' ? 1 : Math.min(runs, 3));
export const FORMATS = ['csv', 'jsonl'];

/** sha256 of a file, streamed (the JSON Lines files outgrow one Buffer). @param {string} file @returns {Promise<string>} */
const sha256 = (file) => new Promise((resolve, reject) => {
  const h = createHash('sha256');
  fs.createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
});

/** The first number of a card's "n = 1,234 of 5,678". @param {string} text */
const countOf = (text) => Number((String(text).match(/[\d,]+/) || ['NaN'])[0].replace(/,/g, ''));

/**
 * @param {{dist: string, sizes: number[], runs: number, only?: string[], formats?: string[], log?: (line: string) => void}} options
 *   only: measures to take (names of MEASURES; default all); formats: of FORMATS (default both)
 */
export async function benchIngest({ dist, sizes, runs, only = [], formats = FORMATS, log = console.log }) {
  if (formats.some((f) => !FORMATS.includes(f))) throw new Error(`--formats takes ${FORMATS.join(', ')}`);
  const want = (/** @type {string} */ m) => !only.length || only.some((o) => m.startsWith(o));
  const unknown = only.filter((o) => !MEASURES.some((m) => m.startsWith(o)));
  if (unknown.length) throw new Error(`ingest: no measure named ${unknown.join(', ')} (${MEASURES.join(', ')})`);

  // The files: each size's CSV and JSON Lines, made once (the largest first: the smaller are its first rows).
  /** @type {{rows: number, format: string, file: string, bytes: number, sha256: string}[]} */
  const data = [];
  for (const rows of sizes) {
    for (const format of formats) {
      log(`ingest: data ${sizeTag(rows)} ${format}…`);
      const file = format === 'csv' ? makePredictions({ root: ROOT, rows }) : await makePredictionsJsonl({ root: ROOT, rows });
      data.push({ rows, format, file: path.relative(ROOT, file), bytes: fs.statSync(file).size, sha256: await sha256(file) });
    }
  }
  const abs = (/** @type {{file: string}} */ d) => path.join(ROOT, d.file);
  const www = await assembleWww(dist);
  const server = await serve(www);
  const loadavg = [os.loadavg()];
  const started = new Date().toISOString();
  /** Every sample: {round, rows, format, measure, ms?, rows read, error?, ...}. @type {any[]} */
  const samples = [];
  /** @type {Record<string, any>} the brush queries of each size (first round), and the checks */
  const brushes = {};
  /** @type {string[]} */
  const requested = [];
  let chromiumVersion = '';
  const browser = await launchChromium();
  try {
    chromiumVersion = browser.version();
    const files = data.map(abs);
    const bench = await openEnginePage(browser, `${server.url}bench.html`, files, (line) => log(line));
    await bench.page.waitForFunction(() => /** @type {any} */ (window).__ingest);
    /** @param {string} fn @param {...any} args */
    const call = (fn, ...args) => bench.page.evaluate(([fn, args]) => /** @type {any} */ (window).__ingest[fn](...args), /** @type {const} */ ([fn, args]));
    await bench.call(0, 'warmUp');
    if (['duckdb', 'brush'].some(want)) await call('duckdbOpen');

    for (let r = 0; r < runs; r++) {
      const order = r % 2 ? [...data].reverse() : data;
      for (const d of order) {
        if (r >= roundsAt(runs, d.rows, d.format)) continue;
        const f = data.indexOf(d), file = abs(d), at = { round: r, rows: d.rows, format: d.format };
        /** Take one measure, its sample recorded (a failure as its error). @param {string} measure @param {() => Promise<any> | any} take */
        const take = async (measure, take) => {
          if (!want(measure) || (d.format !== 'csv' && CSV_ONLY.has(measure))) return null;
          try {
            const { rows: read, ...res } = await take(); // the reader's rows, kept apart from the size's
            const s = { ...at, measure, ...res, rowsRead: res.rowsRead ?? read };
            samples.push(s);
            return s;
          } catch (e) {
            const error = String(/** @type {Error} */ (e).message || e).split('\n')[0].slice(0, 300);
            log(`  ${sizeTag(d.rows)} ${d.format} ${measure}: failed: ${error}`);
            samples.push({ ...at, measure, error });
            return null;
          }
        };
        log(`ingest: round ${r + 1}/${runs}, ${sizeTag(d.rows)} ${d.format} (${(d.bytes / 1e6).toFixed(0)} MB), load ${os.loadavg()[0].toFixed(2)}`);

        // (a) and (f): the page, in a context of its own; its spec after the brush gives the SQL.
        /** @type {any} */
        let view = null;
        await take('page', async () => {
          view = await sample(browser, server.url, file, { brush: d.format === 'csv' && want('brush'), spec: true });
          requested.push(...view.requested);
          const card = view.countsBefore?.s ?? Object.values(view.countsBefore || {})[0];
          return { ms: view.first, rowsRead: countOf(card) };
        });
        if (view && view.brush !== undefined) {
          await take('brush-page', () => ({ ms: view.brush, card: view.card, cardsUpdated: view.cycled, counts: view.countsAfter }));
        }

        // (b), (c), (d): the bench page, the bytes in memory for the buffer measures.
        const inPage = [
          ['engine-buffer', () => call('engineBuffer', 0, f, path.basename(file))],
          ['engine-file', () => call('engineFile', 0, f)],
          ['newline-scan', async () => { const s = await call('newlineScan', 0, f); return { ...s, rowsRead: s.lines - (d.format === 'csv' ? 1 : 0) }; }],
          ['udsv', async () => { const s = await call('peer', 'udsv', f, 'buffer'); await call('peerRelease'); return s; }],
          ['papaparse', async () => { const s = await call('peer', 'papaparse', f, 'buffer'); await call('peerRelease'); return s; }],
          ['duckdb-file', async () => { const s = await call('duckdbFile', f, d.format); await call('duckdbDrop'); return s; }],
          ['duckdb-buffer', async () => {
            const s = await call('duckdbBuffer', f, d.format);
            if (view && view.spec && d.format === 'csv') await brushDuckdb(view, s);
            await call('duckdbDrop');
            return s;
          }],
        ];
        /** DuckDB running the brush's queries on the table just read; the counts checked against the page's. @param {any} view @param {any} ingest */
        const brushDuckdb = async (view, ingest) => {
          const queries = brushQueries(view.spec, view.card);
          await take('brush-duckdb', async () => {
            const q = await call('duckdbQueries', queries.map((x) => x.sql));
            const checks = queries.flatMap((x, i) => (x.count ? [{ card: x.card, what: x.what, duckdb: x.count(q.results[i]), page: countOf(view.countsAfter[x.card]) }] : []));
            if (!brushes[d.rows]) brushes[d.rows] = { card: view.card, filters: view.spec.filters, queries: queries.map(({ card, what, sql }) => ({ card, what, sql })), duckdbRows: ingest.rows, checks };
            const bad = checks.filter((c) => c.duckdb !== c.page);
            if (bad.length) log(`  brush: DuckDB's counts differ from the page's: ${JSON.stringify(bad)}`);
            return { ms: q.ms, queries: queries.length, checks };
          });
        };
        const needBuffer = inPage.some(([m]) => want(/** @type {string} */ (m)) && m !== 'engine-file' && m !== 'duckdb-file');
        if (needBuffer) await call('hold', f);
        for (const [measure, fn] of r % 2 ? [...inPage].reverse() : inPage) {
          await take(/** @type {string} */ (measure), /** @type {() => Promise<any>} */ (fn));
        }
        if (needBuffer) await call('release', f);

        // (e): native, on the same file.
        await take('cli', () => { const s = cliIngest(file); return { ms: s.ms, rowsRead: s.rows }; });
        await take('pandas', () => { const s = pandasReadCsv(file); return { ms: s.ms, rowsRead: s.rows, pandas: s.pandas }; });
        await take('wc', () => { const s = wcLines(file); return { ms: s.ms, rowsRead: s.lines - (d.format === 'csv' ? 1 : 0) }; });
      }
      loadavg.push(os.loadavg());
    }
    await bench.page.close();
  } finally {
    await browser.close().catch(() => {});
  }

  // (g) memory: a fresh browser per sample; CSV only; min(runs, 3) samples per reader and size.
  const memRuns = Math.min(runs, 3);
  if (want('memory')) {
    for (let r = 0; r < memRuns; r++) {
      for (const d of data.filter((x) => x.format === 'csv')) {
        for (const reader of ['page', 'engine-file', 'duckdb-file', 'udsv-file', 'papaparse-file']) {
          const at = { round: r, rows: d.rows, format: d.format, measure: 'memory', reader };
          try {
            const m = await memorySample(server.url, data, data.indexOf(d), reader);
            samples.push({ ...at, ...m, overIdlePerByte: (m.peak - m.idle) / d.bytes });
            log(`  memory ${sizeTag(d.rows)} ${reader}: ${((m.peak - m.idle) / d.bytes).toFixed(2)}× the file over idle`);
          } catch (e) {
            samples.push({ ...at, error: String(/** @type {Error} */ (e).message || e).split('\n')[0].slice(0, 300) });
            log(`  memory ${sizeTag(d.rows)} ${reader}: failed: ${/** @type {Error} */ (e).message}`);
          }
        }
      }
    }
  }
  server.stop();
  loadavg.push(os.loadavg());

  const result = {
    suite: 'ingest', date: started, finished: new Date().toISOString(), commit: gitCommit(ROOT), dist,
    machine: { ...machine(chromiumVersion), loadavg },
    runs, rounds: Object.fromEntries(data.map((d) => [`${sizeTag(d.rows)} ${d.format}`, roundsAt(runs, d.rows, d.format)])), memoryRuns: want('memory') ? memRuns : 0, sizes, formats, cli: fs.existsSync(CLI) ? path.relative(ROOT, CLI) : null,
    data,
    transferGzipBytes: requested.length ? transfer(dist, requested) : null,
    brush: brushes,
    samples: samples.map((s) => (typeof s.ms === 'number' ? { ...s, ms: round(s.ms) } : s)),
  };
  return { ...result, ...summarize(result) };
}

/**
 * One memory sample in a browser of its own: the renderer's resident set once the
 * reader is ready and idle, and its peak (VmHWM) once the file is read (the reader
 * holding what it read).
 * @param {string} url @param {{file: string}[]} data @param {number} f @param {string} reader
 */
async function memorySample(url, data, f, reader) {
  const browser = await launchChromium();
  const settle = () => new Promise((r) => setTimeout(r, 500));
  try {
    const file = path.join(ROOT, data[f].file);
    if (reader === 'page') {
      /** @type {{peak: () => {pid: number, idle: number, peak: number, rss: number}} | null} */
      let renderers = null;
      /** @type {any} */
      let mem = null;
      const s = await sample(browser, url, file, {
        brush: false,
        page: async () => { await settle(); renderers = await idleRenderers(browser); },
        after: async () => { mem = /** @type {any} */ (renderers).peak(); }, // before the sample closes the page
      });
      if (!mem) throw new Error('the page never loaded');
      return { ...mem, ms: round(s.first) };
    }
    const bench = await openEnginePage(browser, `${url}bench.html`, [file], () => {});
    await bench.page.waitForFunction(() => /** @type {any} */ (window).__ingest);
    /** @param {string} fn @param {...any} args */
    const call = (fn, ...args) => bench.page.evaluate(([fn, args]) => /** @type {any} */ (window).__ingest[fn](...args), /** @type {const} */ ([fn, args]));
    if (reader === 'engine-file') await bench.call(0, 'warmUp');
    if (reader === 'duckdb-file') await call('duckdbOpen');
    if (reader.endsWith('-file') && !reader.startsWith('engine') && !reader.startsWith('duckdb')) await call('peerOpen');
    await settle();
    const renderers = await idleRenderers(browser);
    const s = reader === 'engine-file' ? await call('engineFile', 0, 0)
      : reader === 'duckdb-file' ? await call('duckdbFile', 0, 'csv')
        : await call('peer', reader.replace(/-file$/, ''), 0, 'file');
    return { ...renderers.peak(), ms: round(s.ms), rowsRead: s.rows };
  } finally {
    await browser.close().catch(() => {});
  }
}
