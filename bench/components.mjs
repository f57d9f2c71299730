// components.mjs — the evaluation components' speed (issue 13 point 10): each
// component run by the page's own worker and wasm (dist/) in Debian's chromium
// over 100k, 1M and 2M generated rows, as a ratio to a plain scan of the same
// columns (sf_scan, wasm/src/scan.c) in the same worker and the same round.
//
// The cases are the table CASES below; a case runs when its component is a folder
// under components/ (what the build registers), so a component that lands
// joins the next run. bench/README.md says what every number means.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePredictions, sizeTag, NUMERIC as NUMERIC_FIELDS, CATS } from './lib/data.mjs';
import { openEnginePage } from './lib/engine-page.mjs';
import { ROOT, median, sig3, sha256, serve, launchChromium, machine, gitCommit } from './lib/harness.mjs';

const CATEGORY_FIELDS = Object.keys(CATS);

/** @typedef {{name: string, component: string, config?: object, columns?: object, threshold?: number, spec?: object, reads: string[], growth: 'n' | 'n log n'}} Case */

// The binary task: churn (no/yes) scored by p_yes; the 3-class scores are features here.
const BINARY = { churn: { role: 'label' }, p_yes: { role: 'score', class: 'yes' }, p_cat: { role: 'feature' }, p_dog: { role: 'feature' }, p_fox: { role: 'feature' } };
const MULTI_READS = ['label', 'p_cat', 'p_dog', 'p_fox'];
const EMBEDDING_FIELDS = ['age', 'income', 'ratio', 'visits', 'temp', 'weight', 'balance', 'dist', 'p_cat', 'p_dog', 'p_fox', 'p_yes', 'amount', 'amount_pred'];
// Named slices for slice-metrics' "source": "named" (a spec's "slices").
const NAMED_SLICES = [
  { name: 'north', filter: { field: 'region', in: ['north'] } },
  { name: 'income over 50k', filter: { field: 'income', range: [50000, 1e12] } },
  { name: 'paying plans', filter: { and: [{ field: 'plan', in: ['pro', 'enterprise'] }, { not: { field: 'region', in: [null] } }] } },
];

// slice-finder over 20 features: 11 numbers (binned) and 6 categories of the file, 3 more numbers.
const SLICE_FEATURES = ['age', 'income', 'ratio', 'visits', 'temp', 'weight', 'balance', 'dist', 'color', 'plan', 'device',
  'region', 'channel', 'segment', 'p_cat', 'p_dog', 'p_fox', 'p_yes', 'amount', 'amount_pred'];

/**
 * What is timed, one line per measure. `columns`: the spec's column roles
 * (default: as inferred: label, prediction, p_cat/p_dog/p_fox); `spec`: more of
 * the spec (named slices); `reads`: the
 * columns the component reads, which the scan baseline reads too; `growth`: the
 * target (issue 13: ROC O(n log n), the rest O(n)). A case with `threshold` times
 * setView of a spec with {"threshold": {"value"}} and then the component, the
 * cost of moving the decision threshold.
 * @type {Case[]}
 */
export const CASES = [
  { name: 'roc-pr (binary)', component: 'roc-pr', columns: BINARY, reads: ['churn', 'p_yes'], growth: 'n log n' },
  { name: 'roc-pr (3 classes)', component: 'roc-pr', reads: MULTI_READS, growth: 'n log n' },
  { name: 'calibration (binary)', component: 'calibration', columns: BINARY, reads: ['churn', 'p_yes'], growth: 'n' },
  { name: 'calibration (top-label)', component: 'calibration', reads: MULTI_READS, growth: 'n' },
  { name: 'confusion-matrix', component: 'confusion-matrix', reads: ['label', 'prediction'], growth: 'n' },
  { name: 'regression', component: 'regression', config: { label: 'amount', prediction: 'amount_pred' }, reads: ['amount', 'amount_pred'], growth: 'n' },
  { name: 'slice-metrics (category)', component: 'slice-metrics', config: { field: 'segment' }, reads: ['segment', 'label', 'prediction'], growth: 'n' },
  { name: 'slice-metrics (numeric, quantile)', component: 'slice-metrics', config: { field: 'income', binning: 'quantile' }, reads: ['income', 'label', 'prediction'], growth: 'n' },
  { name: 'slice-metrics (3 named slices)', component: 'slice-metrics', config: { source: 'named' }, spec: { slices: NAMED_SLICES }, reads: ['region', 'income', 'plan', 'label', 'prediction'], growth: 'n' },
  { name: 'label-issues (3 classes)', component: 'label-issues', reads: MULTI_READS, growth: 'n' },
  { name: 'label-issues (binary, one score)', component: 'label-issues', columns: BINARY, reads: ['churn', 'p_yes'], growth: 'n' },
  { name: 'fairness', component: 'fairness', config: { group: 'region', positive: 'dog' }, reads: ['region', 'label', 'prediction'], growth: 'n' },
  // PCA over every numeric column of the generated data (14; the file has no 20-column group): O(n d^2) + O(d^3), a density at these sizes.
  { name: 'embedding (PCA, 14 columns)', component: 'embedding', config: { fields: EMBEDDING_FIELDS }, reads: EMBEDDING_FIELDS, growth: 'n' },
  // UMAP over the same 14 columns: the kNN graph (sf_knn, approximate at these sizes), 200 epochs of SGD; at most
  // max_rows (100,000) rows are mapped, so from 1M rows on it is a sample of 100,000 (the rest is the O(n) sampling and PCA).
  { name: 'embedding (UMAP, 14 columns, 100k mapped)', component: 'embedding', config: { fields: EMBEDDING_FIELDS, method: 'umap' }, reads: EMBEDDING_FIELDS, growth: 'n' },
  { name: 'slice-finder (20 features, 3 levels)', component: 'slice-finder', config: { features: SLICE_FEATURES }, reads: [...SLICE_FEATURES, 'label', 'prediction'], growth: 'n' },
  // error-tree: a depth-3 CART tree on the errors over slice-finder's 20 features (one sort per number, then a pass per level).
  { name: 'error-tree (20 features, depth 3)', component: 'error-tree', config: { features: SLICE_FEATURES }, reads: [...SLICE_FEATURES, 'label', 'prediction'], growth: 'n' },
  // duplicates: exact groups over 14 features (hashing, n log n) and cleanlab's near rule over the 8 numeric ones (sf_knn: approximate from 100k rows).
  { name: 'duplicates (exact 14 + near 8 numeric)', component: 'duplicates', config: { fields: [...NUMERIC_FIELDS, ...CATEGORY_FIELDS] }, reads: [...NUMERIC_FIELDS, ...CATEGORY_FIELDS], growth: 'n log n' },
  // duplicates of a text: MinHash (128 permutations, char 5-grams) over `comment`, candidates by LSH bands, each checked by its exact Jaccard.
  { name: 'duplicates (text: MinHash over comment)', component: 'duplicates', config: { fields: ['comment'], text: 'comment' }, reads: ['comment'], growth: 'n log n' },
  { name: 'threshold (setView + confusion-matrix)', component: 'confusion-matrix', columns: BINARY, threshold: 0.5, reads: ['churn', 'p_yes'], growth: 'n' },
];
/** Components that are not evaluation components, so have no case (anything else without one is reported). */
export const NOT_TIMED = ['histogram', 'instance', 'summary', 'table'];

/** Flags in the report: a ratio above this for an O(n) kernel is "clearly slower than it should be". */
const RATIO_FLAG = 20;
/** Flags: per-row cost growing this much more than the scan's between two sizes (O(n) expects 1, n log n a little more). */
const GROWTH_FLAG = 1.5;

/** The spec a case is measured under. @param {Case} c */
export function caseSpec(c) {
  return {
    sinfonia: 1,
    ...(c.columns ? { columns: c.columns } : {}),
    ...(c.threshold !== undefined ? { threshold: { value: c.threshold } } : {}),
    ...(c.spec || {}),
    components: { c: { type: c.component, ...(c.config || {}) } },
  };
}

/** The component folders the build registers (scripts/gen-components.mjs and CMake find the same). */
export function registeredComponents() {
  const dir = path.join(ROOT, 'components');
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'kernel.c'))).sort();
}

// ---- the measurement ------------------------------------------------------------

/** @param {Case} c */
const componentSteps = (c) => [...(c.threshold !== undefined ? [{ op: 'setView', payload: caseSpec(c) }] : []), { op: 'runView', payload: { id: 'c' } }];
/** @param {Case} c */
const scanSteps = (c) => [{ op: 'scan', payload: { columns: c.reads } }];

/**
 * Measure every case whose component is registered at every size.
 * `only`: just the cases whose names start with one of these (--cases; a whole run has none).
 * @param {{dist: string, sizes: number[], runs: number, minMs: number, only?: string[], log?: (line: string) => void}} o
 */
export async function benchComponents({ dist, sizes, runs, minMs, only = [], log = console.log }) {
  const registered = registeredComponents();
  const cases = CASES.filter((c) => registered.includes(c.component) && (!only.length || only.some((o) => c.name.startsWith(o))));
  const skipped = [...new Set(CASES.filter((c) => !registered.includes(c.component)).map((c) => c.component))]
    .map((component) => ({ component, why: 'not under components/ in this checkout' }));
  const uncovered = registered.filter((r) => !NOT_TIMED.includes(r) && !CASES.some((c) => c.component === r));
  if (uncovered.length) log(`  note: no case in bench/components.mjs times ${uncovered.join(', ')}`);

  log('components: data…');
  const data = sizes.map((rows) => {
    const file = makePredictions({ root: ROOT, rows, extras: true });
    return { rows, file: path.relative(ROOT, file), bytes: fs.statSync(file).size, sha256: sha256(file), ingestMs: NaN };
  });
  const server = await serve(dist);
  const browser = await launchChromium();
  const chromiumVersion = browser.version();
  const loadBefore = os.loadavg();
  /** @type {{scan: number[], comp: number[], ratio: number[], reps: {scan: number, comp: number}, scanResult: any, resultBytes: number}[][]} */
  const m = cases.map(() => sizes.map(() => ({ scan: [], comp: [], ratio: [], reps: { scan: 1, comp: 1 }, scanResult: null, resultBytes: 0 })));
  /** @type {number[]} */
  const rpc = [];
  try {
    const engine = await openEnginePage(browser, server.url, data.map((d) => path.join(ROOT, d.file)), log);
    for (let k = 0; k < sizes.length; k++) {
      const r = await engine.ingest(k);
      if (r.rows !== sizes[k]) throw new Error(`${data[k].file}: the engine read ${r.rows} rows, not ${sizes[k]}`);
      data[k].ingestMs = r.ms;
      log(`  ${data[k].file}: ${sizes[k]} rows read in ${Math.round(r.ms)} ms`);
    }
    const { time } = engine;
    /** @param {number} k @param {Case} c */
    const setView = (k, c) => engine.call(k, 'setView', caseSpec(c));
    const pairs = sizes.flatMap((_, k) => cases.map((_, i) => ({ i, k })));

    // Warm-up (not counted): every pair twice, so the wasm is tiered up and each
    // measure gets a repetition count that makes one sample last >= minMs.
    log('  warm-up…');
    for (const { i, k } of pairs) {
      const c = cases[i], x = m[i][k];
      await setView(k, c);
      let scanMs = Infinity, compMs = Infinity; // the least of the passes: a pause in one does not shrink reps
      for (let pass = 0; pass < 2; pass++) {
        const s = await time(k, scanSteps(c), 1, true), t = await time(k, componentSteps(c), 1);
        scanMs = Math.min(scanMs, s.ms);
        compMs = Math.min(compMs, t.ms);
        x.scanResult = s.last;
        x.resultBytes = /** @type {number} */ (t.last);
      }
      const reps = (/** @type {number} */ ms) => Math.min(10000, Math.max(1, Math.ceil(minMs / Math.max(ms, 0.01))));
      x.reps = { scan: reps(scanMs), comp: reps(compMs) };
    }
    const rpcReps = Math.max(1, Math.min(10000, Math.ceil(minMs / 0.05)));

    // Rounds: each visits every size and case (in reverse on odd rounds, so no
    // pair always follows the same one); within a pair the scan and the
    // component alternate which goes first. Ratios are taken within a round.
    for (let r = 0; r < runs; r++) {
      rpc.push((await time(0, [{ op: 'warmUp' }], rpcReps)).ms);
      for (const { i, k } of r % 2 ? [...pairs].reverse() : pairs) {
        const c = cases[i], x = m[i][k];
        await setView(k, c);
        const order = r % 2 ? ['comp', 'scan'] : ['scan', 'comp'];
        /** @type {Record<string, number>} */
        const got = {};
        for (const what of order) got[what] = (await time(k, what === 'scan' ? scanSteps(c) : componentSteps(c), what === 'scan' ? x.reps.scan : x.reps.comp)).ms;
        x.scan.push(got.scan);
        x.comp.push(got.comp);
        x.ratio.push(got.comp / got.scan);
      }
      log(`  round ${r + 1}/${runs} done`);
    }
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }

  return {
    suite: 'components',
    what: 'issue 13 point 10: each evaluation component run in the page\'s engine worker (dist/), as a ratio to a plain scan of the same columns (sf_scan) in the same worker and round',
    date: new Date().toISOString(), commit: gitCommit(ROOT), dist: path.relative(ROOT, dist) || '.',
    machine: { ...machine(chromiumVersion), loadavg: { before: loadBefore, after: os.loadavg() } },
    protocol: {
      runs, minSampleMs: minMs,
      sample: 'ms per call: the op (or steps) posted `reps` times at once to the worker, which runs them one after another; performance.now() in the page from the first post to the last answer, over reps',
      order: 'one warm-up round (twice per measure, not counted) fixes reps; then `runs` rounds, each over every size and case (reversed on odd rounds), the scan and the component back to back (the component first on odd rounds)',
      ratio: 'median over rounds of (component ms / scan ms in the same round)',
      perRowGrowth: 'per-row cost at the larger size / per-row cost at the smaller (medians); 1 = linear',
      rpcMs: 'the worker\'s warmUp op (no engine work) timed the same way: the RPC cost per call inside every sample',
    },
    sizes, data, skipped, uncovered,
    rpcMs: { median: sig3(median(rpc)), samples: rpc.map(sig3) },
    cases: cases.map((c, i) => summarize(c, sizes, m[i])),
  };
}

/**
 * @param {Case} c @param {number[]} sizes
 * @param {{scan: number[], comp: number[], ratio: number[], reps: {scan: number, comp: number}, scanResult: any, resultBytes: number}[]} per
 */
function summarize(c, sizes, per) {
  const at = sizes.map((rows, k) => {
    const x = per[k];
    return {
      rows, reps: x.reps,
      scanMs: { median: sig3(median(x.scan)), samples: x.scan.map(sig3) },
      componentMs: { median: sig3(median(x.comp)), samples: x.comp.map(sig3) },
      ratio: sig3(median(x.ratio)),
      ratioSamples: x.ratio.map(sig3),
      componentNsPerRow: sig3((median(x.comp) / rows) * 1e6),
      scanNsPerRow: sig3((median(x.scan) / rows) * 1e6),
      scan: x.scanResult, resultBytes: x.resultBytes,
    };
  });
  const growth = [];
  for (let k = 1; k < sizes.length; k++) {
    const a = per[k - 1], b = per[k];
    const comp = (median(b.comp) / sizes[k]) / (median(a.comp) / sizes[k - 1]);
    const scan = (median(b.scan) / sizes[k]) / (median(a.scan) / sizes[k - 1]);
    const nlogn = Math.log(sizes[k]) / Math.log(sizes[k - 1]); // (n log n / n) at b over a
    growth.push({ from: sizes[k - 1], to: sizes[k], componentPerRow: sig3(comp), scanPerRow: sig3(scan), relativeToScan: sig3(comp / scan), expected: c.growth === 'n' ? 1 : sig3(nlogn) });
  }
  const flags = [];
  for (const a of at) if (c.growth === 'n' && a.ratio > RATIO_FLAG) flags.push(`${sizeTag(a.rows)}: ${a.ratio}× the scan (> ${RATIO_FLAG}×)`);
  for (const g of growth) if (g.relativeToScan > GROWTH_FLAG * /** @type {number} */ (g.expected)) flags.push(`per-row cost ${sizeTag(g.from)}→${sizeTag(g.to)} grew ${g.relativeToScan}× the scan's (> ${GROWTH_FLAG} × ${g.expected})`);
  return { name: c.name, component: c.component, target: `O(${c.growth})`, reads: c.reads, spec: caseSpec(c), sizes: at, growth, flags };
}

// ---- the report -----------------------------------------------------------------

/** The markdown table of a result. @param {any} r */
export function componentsMarkdown(r) {
  const tags = r.sizes.map(sizeTag);
  const ms = (/** @type {number} */ x) => (x >= 100 ? Math.round(x) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const lines = [
    `# Components benchmark, ${r.date.slice(0, 10)}`,
    '',
    `Machine: ${r.machine.cpu}${r.machine.cpuinfo?.family ? ` (family ${r.machine.cpuinfo.family} model ${r.machine.cpuinfo.model}, ${Math.round(r.machine.cpuinfo.mhz)} MHz${r.machine.cpuinfo.virtualized ? ', virtualized' : ''})` : ''}, ${r.machine.cores} cores, ${r.machine.memGiB} GiB; chromium ${r.machine.chromium} (headless, /usr/bin/chromium); node ${r.machine.node}; load average ${r.machine.loadavg.before.map((/** @type {number} */ x) => x.toFixed(2)).join(' ')} before, ${r.machine.loadavg.after.map((/** @type {number} */ x) => x.toFixed(2)).join(' ')} after.`,
    `Commit ${r.commit}. ${r.protocol.runs} interleaved rounds; each sample ≥ ${r.protocol.minSampleMs} ms of repeated calls; medians. RPC cost per call (the worker's warmUp op, no engine work): ${r.rpcMs.median} ms.`,
    `Data: ${r.data.map((/** @type {any} */ d) => `${d.file} (${d.rows} rows, ${(d.bytes / 1e6).toFixed(0)} MB)`).join(', ')}.`,
    '',
    'Each cell: median ms per run of the component in the page\'s worker, and in brackets the median ratio to a plain scan (sf_scan) of the same columns in the same round. Per-row growth: per-row cost at the larger size over the smaller (1.00 = linear), then in brackets that growth over the scan\'s own.',
    '',
  ];
  const row = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`;
  const steps = (r.cases[0]?.growth ?? []).map((/** @type {any} */ g) => `${sizeTag(g.from)}→${sizeTag(g.to)}`);
  lines.push(row(['component', 'target', 'columns read', ...tags.map((t) => `${t} ms (× scan)`), ...steps.map((/** @type {string} */ s) => `per-row ${s} (vs scan)`)]));
  lines.push(`|---|---|---|${[...tags, ...steps].map(() => '---:').join('|')}|`);
  for (const c of r.cases) {
    lines.push(row([c.name, c.target, c.reads.join(', '), ...c.sizes.map((/** @type {any} */ s) => `${ms(s.componentMs.median)} (${s.ratio}×)`),
      ...c.growth.map((/** @type {any} */ g) => `${g.componentPerRow.toFixed(2)} (${g.relativeToScan.toFixed(2)})`)]));
  }
  lines.push('', 'The scans themselves (the baseline), median ms:', '', `| columns read | ${tags.join(' | ')} | ns per row at ${tags[tags.length - 1]} |`, `|---|${tags.map(() => '---:').join('|')}|---:|`);
  /** @type {Set<string>} */
  const seen = new Set();
  for (const c of r.cases) {
    const key = c.reads.join(', ');
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`| ${key} | ${c.sizes.map((/** @type {any} */ s) => ms(s.scanMs.median)).join(' | ')} | ${c.sizes[c.sizes.length - 1].scanNsPerRow} |`);
  }
  const flagged = r.cases.filter((/** @type {any} */ c) => c.flags.length);
  lines.push('', flagged.length ? 'Flagged (see bench/README.md):' : `Nothing flagged (an O(n) component over ${RATIO_FLAG}× its scan, or per-row cost growing over ${GROWTH_FLAG}× the scan's growth times the target's).`);
  for (const c of flagged) lines.push(`- ${c.name}: ${c.flags.join('; ')}`);
  if (r.skipped.length) lines.push('', `Not measured (no such component in this checkout): ${r.skipped.map((/** @type {any} */ s) => s.component).join(', ')}.`);
  if (r.uncovered.length) lines.push('', `Registered but without a case in bench/components.mjs: ${r.uncovered.join(', ')}.`);
  return lines.join('\n') + '\n';
}
