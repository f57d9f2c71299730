#!/usr/bin/env node
// npm run bench — the benchmarks, in headless Chromium (Debian's
// /usr/bin/chromium) over the built page (dist/). The suites (SUITES below):
//   components   the evaluation components' speed as a ratio to a plain scan of
//                the same columns, at each size (bench/components.mjs)
// and with --view-timing also bench/view-timing.mjs (first view and a brush at
// 1M rows; its own result file). Ingest against DuckDB-WASM, uDSV and PapaParse
// is issue 15: not measured yet (a suite of its own here when it is).
//
// Usage: node bench/run.mjs [--suites components] [--sizes 100k,1m,2m] [--runs 7]
//                           [--min-ms 100] [--out DIR] [--dist DIR] [--view-timing]
// Writes DIR/<YYYY-MM-DD>-<suite>.json and .md (DIR: bench/results).
// Timings are never asserted anywhere; see bench/README.md for what they mean.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchComponents, componentsMarkdown } from './components.mjs';
import { parseSize } from './lib/data.mjs';
import { ROOT } from './lib/harness.mjs';

/**
 * A suite: run(options) -> a result with `date` (written as JSON), and its markdown.
 * @type {Record<string, {run: (o: {dist: string, sizes: number[], runs: number, minMs: number, only?: string[]}) => Promise<any>, markdown: (r: any) => string}>}
 */
const SUITES = {
  components: { run: benchComponents, markdown: componentsMarkdown },
};

const usage = `usage: node bench/run.mjs [--suites ${Object.keys(SUITES).join(',')}] [--sizes 100k,1m,2m] [--runs 7] [--min-ms 100] [--out DIR] [--dist DIR] [--view-timing] [--cases NAME,...]`;
let opt;
try {
  ({ values: opt } = parseArgs({ options: {
    suites: { type: 'string', default: Object.keys(SUITES).join(',') },
    sizes: { type: 'string', default: '100k,1m,2m' },
    runs: { type: 'string', default: '7' },
    'min-ms': { type: 'string', default: '100' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    'view-timing': { type: 'boolean', default: false },
    cases: { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  } }));
} catch (e) {
  console.error(`bench: ${/** @type {Error} */ (e).message}\n${usage}`);
  process.exit(2);
}
if (opt.help) { console.log(usage); process.exit(0); }
const sizes = opt.sizes.split(',').map(parseSize);
const runs = Number(opt.runs), minMs = Number(opt['min-ms']);
const suites = opt.suites.split(',').filter(Boolean);
if (!sizes.length || sizes.some((n) => Number.isNaN(n)) || !Number.isInteger(runs) || runs < 1 || !(minMs >= 0) ||
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
  console.log(`bench: ${name} at ${opt.sizes} rows, ${runs} rounds`);
  const only = opt.cases.split(',').filter(Boolean);
  const result = await SUITES[name].run({ dist, sizes: [...new Set(sizes)].sort((a, b) => a - b), runs, minMs, only });
  const base = path.join(opt.out, `${result.date.slice(0, 10)}-${name}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  const table = SUITES[name].markdown(result);
  fs.writeFileSync(`${base}.md`, table);
  console.log(`\n${table}\n→ ${path.relative(process.cwd(), base)}.json, .md`);
}

if (opt['view-timing']) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'view-timing.mjs'), '--dist', dist], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
