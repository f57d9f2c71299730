// bench-ingest.test.js — `npm run bench -- --suites ingest` at its smallest size
// (100k rows), one round, in Debian's chromium over the built page (dist/). It
// checks what was measured, never how fast: every reader read every row of the
// same files (the page, the engine both ways, the newline scan, DuckDB-WASM's
// count(*), uDSV, PapaParse, the CLI, pandas, wc); the brush filtered rows and
// DuckDB-WASM's queries for it counted what the page's cards count; the memory
// and transfer measures saw something; the JSON Lines file holds the CSV's rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER } from '../../bench/lib/data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROWS = 100000;
const CSV_MEASURES = ['page', 'engine-buffer', 'engine-file', 'newline-scan', 'duckdb-buffer', 'duckdb-file', 'udsv', 'papaparse', 'cli', 'pandas', 'wc'];
const JSONL_MEASURES = ['page', 'engine-buffer', 'engine-file', 'newline-scan', 'cli', 'wc'];

test('npm run bench -- --suites ingest at its smallest size: every reader read the same rows, the brush queries count what the page counts', { timeout: 900000 }, () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'worker.js')), 'dist/ is missing: node scripts/build-web.mjs');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-bench-ingest-'));
  try {
    const run = spawnSync(process.execPath, [path.join(root, 'bench', 'run.mjs'), '--suites', 'ingest', '--sizes', '100k', '--runs', '1', '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, `bench/run.mjs failed:\n${run.stdout}\n${run.stderr}`);
    const jsonName = fs.readdirSync(out).find((f) => f.endsWith('-ingest.json'));
    assert.ok(jsonName, `no <date>-ingest.json in ${fs.readdirSync(out).join(', ')}`);
    const r = JSON.parse(fs.readFileSync(path.join(out, jsonName), 'utf8'));
    const md = fs.readFileSync(path.join(out, jsonName.replace(/\.json$/, '.md')), 'utf8');
    const svg = fs.readFileSync(path.join(out, jsonName.replace(/\.json$/, '.svg')), 'utf8');

    assert.deepEqual(r.sizes, [ROWS]);
    assert.deepEqual(r.data.map((/** @type {any} */ d) => [d.rows, d.format]), [[ROWS, 'csv'], [ROWS, 'jsonl']]);
    assert.deepEqual(r.samples.filter((/** @type {any} */ s) => s.error), [], 'no measure failed');
    /** @param {string} format @param {string} measure */
    const one = (format, measure) => {
      const xs = r.samples.filter((/** @type {any} */ s) => s.format === format && s.measure === measure);
      assert.equal(xs.length, 1, `${format} ${measure}: one sample`);
      return xs[0];
    };
    // Every reader read every row (the newline scans count lines: the header is taken off).
    for (const [format, measures] of [['csv', CSV_MEASURES], ['jsonl', JSONL_MEASURES]]) {
      for (const m of /** @type {string[]} */ (measures)) {
        const s = one(/** @type {string} */ (format), m);
        assert.equal(s.rowsRead, ROWS, `${format} ${m} read ${s.rowsRead} rows`);
        assert.ok(s.ms > 0, `${format} ${m} took no time`);
      }
    }
    // The engine's typed columns: numbers and categories as the file has them.
    assert.deepEqual(one('csv', 'engine-buffer').types, one('jsonl', 'engine-buffer').types);
    assert.equal(one('csv', 'engine-buffer').types.filter((/** @type {string} */ t) => t === 'number').length, 12);
    // uDSV typed its numeric columns as numbers (its inferred schema).
    assert.equal(one('csv', 'udsv').types.filter((/** @type {string} */ t) => t === 'n').length, 12);

    // The brush: it filtered rows (fewer than all, more than none), and DuckDB-WASM's
    // queries for the other cards counted what each card's "n = …" says.
    const brushPage = one('csv', 'brush-page'), brushDuck = one('csv', 'brush-duckdb');
    assert.equal(brushPage.card, 'h1');
    const b = r.brush[ROWS];
    assert.equal(b.card, 'h1');
    assert.equal(b.duckdbRows, ROWS, "DuckDB's count(*) is the engine's rows");
    assert.equal(b.filters.length, 1);
    assert.equal(b.filters[0].field, 'age');
    const checked = new Set(brushDuck.checks.map((/** @type {any} */ c) => c.card));
    for (const card of ['cm', 'cal', 'h2', 's', 't']) assert.ok(checked.has(card), `no count check of ${card}`);
    for (const c of brushDuck.checks) {
      assert.equal(c.duckdb, c.page, `${c.card} (${c.what}): DuckDB counted ${c.duckdb}, the page ${c.page}`);
      assert.ok(c.page > 0 && c.page < ROWS, `${c.card}: the brush left ${c.page} of ${ROWS} rows`);
    }
    const cards = new Set(b.queries.map((/** @type {any} */ q) => q.card));
    assert.deepEqual([...cards].sort(), [...brushPage.cardsUpdated].sort(), 'a query for every card the brush updated');

    // Memory: each reader's renderer grew while it read the file (peak over idle).
    const mem = r.samples.filter((/** @type {any} */ s) => s.measure === 'memory');
    assert.deepEqual(mem.map((/** @type {any} */ s) => s.reader).sort(), ['duckdb-file', 'engine-file', 'page', 'papaparse-file', 'udsv-file']);
    for (const s of mem) assert.ok(s.peak > s.idle && s.idle > 0, `${s.reader}: peak ${s.peak}, idle ${s.idle}`);
    for (const s of mem.filter((/** @type {any} */ x) => x.reader !== 'page')) assert.equal(s.rowsRead, ROWS, s.reader);

    // Transfer: the first view fetched the page and its engine.
    assert.ok(r.transferGzipBytes.fetchedByFirstView['sinfonia.wasm'] > 0 && r.transferGzipBytes.fetchedByFirstView['main.js'] > 0);

    // The report: a throughput line per measure, every target, the chart.
    for (const label of ['engine alone, bytes in memory', 'DuckDB-WASM read_csv', 'uDSV', 'PapaParse', 'pandas read_csv']) assert.ok(md.includes(label), `the markdown lacks ${label}`);
    for (const id of ['page-vs-duckdb', 'page-vs-engine', 'engine-vs-scan', 'cli-vs-pandas', 'brush-vs-duckdb', 'memory']) {
      assert.ok(r.targets.some((/** @type {any} */ t) => t.id === id), `no target ${id}`);
    }
    assert.match(svg, /^<svg[^>]*>/);

    // The data: the JSON Lines file holds the CSV's rows, value for value.
    const csv = fs.readFileSync(path.join(root, r.data[0].file), 'utf8').trimEnd().split('\n');
    const jsonl = fs.readFileSync(path.join(root, r.data[1].file), 'utf8').trimEnd().split('\n');
    assert.equal(csv[0], HEADER.join(','));
    assert.equal(csv.length, ROWS + 1);
    assert.equal(jsonl.length, ROWS);
    for (const i of [0, 1, 4999, ROWS - 1]) {
      const o = JSON.parse(jsonl[i]);
      assert.deepEqual(Object.keys(o), HEADER);
      assert.deepEqual(Object.values(o).map((v) => (v === null ? '' : String(v))), csv[i + 1].split(',').map((v) => (v === '' ? '' : /^-?[\d.]+$/.test(v) ? String(Number(v)) : v)));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
