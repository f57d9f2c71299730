#!/usr/bin/env node
// npm run bench — the benchmarks, in headless Chromium (Debian's
// /usr/bin/chromium) over the built page (dist/). The suites (SUITES below):
//   components   the evaluation components' speed as a ratio to a plain scan of
//                the same columns, at each size (bench/components.mjs)
//   ingest       the page, the engine, a newline scan, DuckDB-WASM, uDSV, PapaParse,
//                the native CLI, pandas and wc reading the same files; a brush
//                against DuckDB-WASM; memory; transfer (bench/ingest.mjs, issue 15)
// and with --view-timing also bench/view-timing.mjs (first view and a brush at
// 1M rows; its own result file).
//
// Usage: node bench/run.mjs [--suites components,ingest] [--sizes 100k,1m,2m] [--runs 7]
//                           [--min-ms 100] [--out DIR] [--dist DIR] [--view-timing]
// Writes DIR/<YYYY-MM-DD>-<suite>.json and .md (DIR: bench/results), and the
// ingest suite's chart DIR/<YYYY-MM-DD>-ingest.svg (--report FILE.json writes an
// ingest result's markdown and chart again, without measuring). --sizes: a suite's own default
// when not given (components 100k,1m,2m; ingest 100k,1m,5m).
// Timings are never asserted anywhere; see bench/README.md for what they mean.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchComponents, componentsMarkdown } from './components.mjs';
import { benchIngest, ingestMarkdown } from './ingest.mjs';
import { ingestChart, summarize } from './lib/ingest-report.mjs';
import { parseSize } from './lib/data.mjs';
import { ROOT } from './lib/harness.mjs';

/**
 * A suite: run(options) -> a result with `date` (written as JSON), its markdown,
 * its default sizes, and files of its own (extension -> text; e.g. a chart).
 * @type {Record<string, {run: (o: {dist: string, sizes: number[], runs: number, minMs: number, only?: string[], formats?: string[]}) => Promise<any>, markdown: (r: any) => string, sizes: string, files?: (r: any) => Promise<Record<string, string>>}>}
 */
const SUITES = {
  components: { run: benchComponents, markdown: componentsMarkdown, sizes: '100k,1m,2m' },
  ingest: { run: benchIngest, markdown: ingestMarkdown, sizes: '100k,1m,5m', files: async (r) => ({ svg: await ingestChart(r) }) },
};

const usage = `usage: node bench/run.mjs [--suites ${Object.keys(SUITES).join(',')}] [--sizes 100k,1m,2m] [--runs 7] [--min-ms 100] [--out DIR] [--dist DIR] [--view-timing] [--cases NAME,...] [--formats csv,jsonl]
  --formats: the ingest suite's file formats (default both)
  --cases: the components suite's cases, or the ingest suite's measures (page, engine, duckdb, brush, memory, ...)
  --report FILE.json: write an ingest result's .md and .svg again from its samples (no measuring)`;
let opt;
try {
  ({ values: opt } = parseArgs({ options: {
    suites: { type: 'string', default: Object.keys(SUITES).join(',') },
    sizes: { type: 'string', default: '' },
    runs: { type: 'string', default: '7' },
    'min-ms': { type: 'string', default: '100' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    'view-timing': { type: 'boolean', default: false },
    cases: { type: 'string', default: '' },
    formats: { type: 'string', default: 'csv,jsonl' },
    report: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  } }));
} catch (e) {
  console.error(`bench: ${/** @type {Error} */ (e).message}\n${usage}`);
  process.exit(2);
}
if (opt.help) { console.log(usage); process.exit(0); }
if (opt.report) {
  // Write the markdown and the chart of an ingest result again (its medians and targets recomputed from its samples).
  const result = JSON.parse(fs.readFileSync(opt.report, 'utf8'));
  if (result.suite !== 'ingest') { console.error(`bench: --report takes an ingest suite's result (${opt.report} is not one)`); process.exit(2); }
  const again = { ...result, ...summarize(result) };
  const base = opt.report.replace(/\.json$/, '');
  fs.writeFileSync(`${base}.json`, JSON.stringify(again, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, ingestMarkdown(again));
  fs.writeFileSync(`${base}.svg`, await ingestChart(again));
  console.log(`→ ${base}.json, .md, .svg`);
  process.exit(0);
}
const sizesOf = (/** @type {string} */ suite) => (opt.sizes || SUITES[suite]?.sizes || '100k').split(',').map(parseSize);
const runs = Number(opt.runs), minMs = Number(opt['min-ms']);
const suites = opt.suites.split(',').filter(Boolean);
if (suites.some((x) => Object.hasOwn(SUITES, x) && sizesOf(x).some((n) => Number.isNaN(n))) || !Number.isInteger(runs) || runs < 1 || !(minMs >= 0) ||
    suites.some((x) => !Object.hasOwn(SUITES, x))) {
  console.error(`bench: --suites takes ${Object.keys(SUITES).join(', ')}; --sizes row counts like 100k,1m; --runs a whole number >= 1; --min-ms a number >= 0\n${usage}`);
  process.exit(2);
}
const dist = path.resolve(opt.dist);
if (!fs.existsSync(path.join(dist, 'worker.js')) || !fs.existsSync(path.join(dist, 'sinfonia.wasm'))) {
  console.error(`bench: ${dist} holds no built page (build it: node scripts/build-web.mjs)`);
  process.exit(2);
}

fs.mkdirSync(opt.out, { recursive: true });
for (const name of suites) {
  const sizes = sizesOf(name);
  console.log(`bench: ${name} at ${opt.sizes || SUITES[name].sizes} rows, ${runs} rounds`);
  const only = opt.cases.split(',').filter(Boolean);
  const result = await SUITES[name].run({ dist, sizes: [...new Set(sizes)].sort((a, b) => a - b), runs, minMs, only, formats: opt.formats.split(',').filter(Boolean) });
  const base = path.join(opt.out, `${result.date.slice(0, 10)}-${name}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  const table = SUITES[name].markdown(result);
  fs.writeFileSync(`${base}.md`, table);
  const extra = SUITES[name].files ? await SUITES[name].files(result) : {};
  for (const [ext, text] of Object.entries(extra)) fs.writeFileSync(`${base}.${ext}`, text);
  console.log(`\n${table}\n→ ${path.relative(process.cwd(), base)}.json, .md${Object.keys(extra).map((e) => `, .${e}`).join('')}`);
}

if (opt['view-timing']) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'view-timing.mjs'), '--dist', dist], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
