#!/usr/bin/env node
// view-timing.mjs — times the page's first view and a brush on a generated
// 1M-row × 20-column file of predictions, in Debian's chromium, and measures what
// the first view transfers (gzip -9). A measurement, not a test: never in npm test.
//
// Usage: node bench/view-timing.mjs [--dist DIR] [--label NAME] [--runs N]
//   DIR   the built page to serve (default dist/)     NAME  before | after | … (default "run")
//   N     samples, each on a fresh page (default 5)
// Writes bench/results/view-timing-NAME.json; the CSV is made once under build/bench/.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HEADER, makePredictions } from './lib/data.mjs';
import { VIEWPORT, sample, transfer } from './lib/page-view.mjs';
import { ROOT, median, round, sha256, serve, launchChromium, machine, gitCommit } from './lib/harness.mjs';

const { values: opt } = parseArgs({ options: {
  dist: { type: 'string', default: path.join(ROOT, 'dist') },
  label: { type: 'string', default: 'run' },
  runs: { type: 'string', default: '5' },
} });
const DIST = path.resolve(opt.dist);
const RUNS = Math.max(1, Number(opt.runs) || 5);
const ROWS = 1_000_000;

// The data (bench/lib/data.mjs): build/bench/predictions-1m-v1.csv, deterministic, made once.
const makeData = () => makePredictions({ root: ROOT, rows: ROWS });


// ---- main -----------------------------------------------------------------------

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`view-timing: ${DIST} has no index.html (build it: node scripts/build-web.mjs)`);
  process.exit(2);
}
console.log(`view-timing: data…`);
const csv = makeData();
const csvHash = sha256(csv);
console.log(`view-timing: ${path.relative(ROOT, csv)} (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB, sha256 ${csvHash.slice(0, 12)})`);

const server = await serve(DIST);
const browser = await launchChromium();
const chromiumVersion = browser.version();
const loadBefore = os.loadavg();
const samples = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const s = await sample(browser, server.url, csv);
    samples.push(s);
    console.log(`  run ${i + 1}/${RUNS}: first view ${round(s.first)} ms, brush on ${s.card} ${round(s.brush)} ms (left ready: ${s.cycled.join(' ') || 'none'})`);
    if (s.cycled.length < s.others.length) console.warn(`  warning: only ${s.cycled.length} of ${s.others.length} other cards updated after the brush`);
  }
} finally {
  await browser.close().catch(() => {});
  server.stop();
}

// (c) transfer: gzip -9 of the page's named assets, and of everything the first view fetched.
const transferGzipBytes = transfer(DIST, samples.flatMap((s) => s.requested));
const files = transferGzipBytes.files, fetched = Object.keys(transferGzipBytes.fetchedByFirstView);

const commit = gitCommit(path.dirname(DIST));

const firsts = samples.map((s) => s.first), brushes = samples.map((s) => s.brush);
const result = {
  label: opt.label, date: new Date().toISOString(), dist: DIST, commit,
  data: { file: path.relative(ROOT, csv), rows: ROWS, columns: HEADER.length, bytes: fs.statSync(csv).size, sha256: csvHash },
  machine: { ...machine(chromiumVersion), loadavg: { before: loadBefore, after: os.loadavg() } },
  runs: RUNS, viewport: VIEWPORT,
  firstViewMs: { median: round(median(firsts)), min: round(Math.min(...firsts)), max: round(Math.max(...firsts)), samples: firsts.map(round) },
  brushMs: { median: round(median(brushes)), min: round(Math.min(...brushes)), max: round(Math.max(...brushes)), samples: brushes.map(round) },
  transferGzipBytes,
  brushedCard: samples[0].card, countsBefore: samples[0].countsBefore, countsAfter: samples[0].countsAfter,
  // inputLagMs: from just before setInputFiles to the input's first event (not counted; null: no event, counted from the call).
  samples: samples.map(({ first, inputLag, brush, cycled }) => ({ firstViewMs: round(first), brushMs: round(brush), inputLagMs: Number.isNaN(inputLag) ? null : round(inputLag), cardsUpdated: cycled })),
};
const out = path.join(ROOT, 'bench', 'results', `view-timing-${opt.label}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');

console.log(`\nview-timing (${opt.label}, ${RUNS} runs, ${result.machine.cpu} ×${result.machine.cores}, chromium ${chromiumVersion}, node ${process.version})`);
console.log(`  first view  median ${result.firstViewMs.median} ms   [${result.firstViewMs.samples.join(', ')}]`);
console.log(`  brush       median ${result.brushMs.median} ms   [${result.brushMs.samples.join(', ')}]`);
console.log(`  transfer    ${result.transferGzipBytes.total} B gz (${Object.entries(files).map(([f, n]) => `${f} ${n ?? 'missing'}`).join(', ')})`);
console.log(`              fetched by the first view: ${result.transferGzipBytes.fetchedTotal} B gz (${fetched.join(', ')})`);
console.log(`  → ${path.relative(process.cwd(), out)}`);
