// www.mjs — the directory the ingest suite serves (build/bench/www/): the built
// page (a copy of dist/, unchanged) and, beside it on the same origin, the bench's
// page bench.html with its script peers.js (bench/peers/peers.js bundled with
// DuckDB-WASM and web/loader.js), the JavaScript peers' worker peer-worker.js
// (uDSV and PapaParse), and DuckDB-WASM's own eh worker and wasm from
// node_modules. dist/ and what `npm start` serves stay as they are.

import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './harness.mjs';

const DUCKDB = path.join(ROOT, 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
/** DuckDB-WASM's files served as they are (its eh build: no threads, as the page's engine). */
const DUCKDB_FILES = ['duckdb-browser-eh.worker.js', 'duckdb-eh.wasm'];

const BENCH_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sinfonia ingest bench</title></head>
<body><p>The ingest suite's page (bench/README.md).</p><script type="module" src="peers.js"></script></body></html>
`;

/** Copy src to dst unless dst has the same size and is newer. @param {string} src @param {string} dst */
function copyIfChanged(src, dst) {
  const s = fs.statSync(src);
  if (fs.existsSync(dst)) {
    const d = fs.statSync(dst);
    if (d.size === s.size && d.mtimeMs >= s.mtimeMs) return;
  }
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.copyFileSync(src, dst);
}

/** Copy the tree src into dst (files only). @param {string} src @param {string} dst */
function copyTree(src, dst) {
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(path.join(src, e.name), path.join(dst, e.name));
    else if (e.isFile()) copyIfChanged(path.join(src, e.name), path.join(dst, e.name));
  }
}

/**
 * Assemble build/bench/www from dist (the built page) and return its path.
 * @param {string} dist
 */
export async function assembleWww(dist) {
  const www = path.join(ROOT, 'build', 'bench', 'www');
  for (const f of ['index.html', 'worker.js', 'sinfonia.wasm']) {
    if (!fs.existsSync(path.join(dist, f))) throw new Error(`${dist} holds no built page (node scripts/build-web.mjs)`);
  }
  for (const f of DUCKDB_FILES) {
    if (!fs.existsSync(path.join(DUCKDB, f))) throw new Error(`node_modules lacks @duckdb/duckdb-wasm's ${f} (npm ci)`);
  }
  copyTree(dist, www);
  for (const f of DUCKDB_FILES) copyIfChanged(path.join(DUCKDB, f), path.join(www, f));
  fs.writeFileSync(path.join(www, 'bench.html'), BENCH_HTML);
  const common = { bundle: true, platform: /** @type {const} */ ('browser'), target: 'es2022', logLevel: /** @type {const} */ ('error'), legalComments: /** @type {const} */ ('none') };
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'bench', 'peers', 'peers.js')], outfile: path.join(www, 'peers.js'), format: 'esm' });
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'bench', 'peers', 'peer-worker.js')], outfile: path.join(www, 'peer-worker.js'), format: 'iife' });
  return www;
}
