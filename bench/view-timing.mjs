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
import zlib from 'node:zlib';
import { NUMERIC, HEADER, makePredictions } from './lib/data.mjs';
import { ROOT, median, round, sha256, serve, launchChromium, machine, gitCommit } from './lib/harness.mjs';

const { values: opt } = parseArgs({ options: {
  dist: { type: 'string', default: path.join(ROOT, 'dist') },
  label: { type: 'string', default: 'run' },
  runs: { type: 'string', default: '5' },
} });
const DIST = path.resolve(opt.dist);
const RUNS = Math.max(1, Number(opt.runs) || 5);
const ROWS = 1_000_000;
const VIEWPORT = { width: 1400, height: 1000 }; // as the e2e tests
const ASSETS = ['index.html', 'main.js', 'worker.js', 'style.css', 'sinfonia.wasm'];

// The data (bench/lib/data.mjs): build/bench/predictions-1m-v1.csv, deterministic, made once.
const makeData = () => makePredictions({ root: ROOT, rows: ROWS });

/** @param {string} file */
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

// ---- in the page: data-state watched by a MutationObserver, times by performance.now()

/** Installed before the page's scripts. Records every data-state change (and cards coming or going) with its time. */
function pageProbe() {
  const b = /** @type {any} */ (window).__bench = { log: /** @type {any[]} */ ([]), t0: NaN, tUp: NaN };
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      if (r.type === 'attributes') {
        const el = /** @type {HTMLElement} */ (r.target);
        if (el.dataset.componentId) b.log.push({ t, id: el.dataset.componentId, from: r.oldValue });
      } else if ([...r.addedNodes, ...r.removedNodes].some((n) => n instanceof Element && (n.matches('[data-component-id]') || n.querySelector('[data-component-id]')))) {
        b.log.push({ t, id: null, from: 'cards' }); // a card came or went
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-state'], childList: true });
  for (const type of ['input', 'change']) addEventListener(type, () => { if (Number.isNaN(b.t0)) b.t0 = performance.now(); }, true);
  for (const type of ['pointerup', 'mouseup']) addEventListener(type, () => { if (Number.isNaN(b.tUp)) b.tUp = performance.now(); }, true);
  const cards = () => /** @type {HTMLElement[]} */ ([...document.querySelectorAll('[data-component-id]')]);
  /**
   * Resolve with the time of the last data-state change (after `since`) once every
   * watched card is ready and none changed for `quiet(changes)` ms; reject on an
   * error card or a timeout.
   * @param {number} since @param {(changes: any[]) => number} quiet
   * @param {string[]} watch ids to watch ([] = all)
   */
  b.settle = (since, quiet, watch, timeout = 180000) => new Promise((resolve, reject) => {
    const start = performance.now();
    const tick = () => {
      const now = performance.now();
      const all = cards().filter((c) => !watch.length || watch.includes(/** @type {string} */ (c.dataset.componentId)));
      const bad = all.find((c) => c.dataset.state === 'error');
      if (bad) return reject(new Error(`${bad.dataset.componentId} is in error: ${bad.textContent}`));
      const changes = b.log.filter((e) => e.t >= since && (e.id === null || !watch.length || watch.includes(e.id)));
      const last = changes.length ? changes[changes.length - 1].t : since;
      if (all.length && all.every((c) => c.dataset.state === 'ready') && now - last >= quiet(changes)) {
        return resolve({ end: last, changes: changes.length, left: [...new Set(changes.filter((e) => e.from === 'ready').map((e) => e.id))] });
      }
      if (now - start > timeout) return reject(new Error(`not ready after ${timeout} ms: ${all.map((c) => `${c.dataset.componentId}=${c.dataset.state}`).join(' ')}`));
      requestAnimationFrame(tick);
    };
    tick();
  });
}

/** The [data-role=count] text of every card, by id. @param {import('@playwright/test').Page} page */
const counts = (page) => page.$$eval('[data-component-id]', (els) => Object.fromEntries(els.map((e) => [
  /** @type {HTMLElement} */ (e).dataset.componentId, ((e.querySelector('[data-role="count"]') || {}).textContent || '').trim()])));

/**
 * One sample on a fresh page: first view, then a brush on the first numeric histogram.
 * @param {import('@playwright/test').Browser} browser @param {string} url @param {string} csv
 */
async function sample(browser, url, csv) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  /** @type {Set<string>} */
  const requested = new Set();
  page.on('request', (r) => { if (r.url().startsWith(url)) requested.add(new URL(r.url()).pathname.slice(1) || 'index.html'); });
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  try {
    await page.addInitScript(pageProbe);
    await page.goto(url, { waitUntil: 'networkidle' });

    // (a) first view: from setInputFiles (the input's first event) to every card ready.
    await page.evaluate(() => { /** @type {any} */ (window).__bench.tCall = performance.now(); });
    await page.locator('input[type=file]').setInputFiles(csv);
    const first = await page.evaluate(() => {
      const b = /** @type {any} */ (window).__bench;
      return b.settle(0, () => 300, []).then((/** @type {any} */ r) => ({ ms: r.end - (Number.isNaN(b.t0) ? b.tCall : b.t0), lag: b.t0 - b.tCall }));
    });
    const fetched = [...requested].sort();

    // (b) brush: the first histogram card titled with a numeric column; drag 30% -> 60% of its chart.
    const ids = await page.$$eval('[data-component-type="histogram"]', (els, numeric) => els
      .filter((e) => numeric.some((n) => new RegExp(`\\b${n}\\b`).test((e.querySelector('h2, h3, [id^="card-title"]') || e).textContent || '')))
      .map((e) => /** @type {HTMLElement} */ (e).dataset.componentId), NUMERIC);
    const id = ids[0] || await page.getAttribute('[data-component-type="histogram"]', 'data-component-id');
    if (!id) throw new Error('no histogram card in the first view');
    await page.locator(`[data-component-id="${id}"]`).scrollIntoViewIfNeeded(); // the default view puts h1 below the fold
    const boxes = await page.locator(`[data-component-id="${id}"] svg`).evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }));
    const box = boxes.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!box) throw new Error(`no svg in ${id}`);
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
    await page.waitForTimeout(300); // let the first view's after-work (GC, idle callbacks) pass before the drag
    const others = await page.$$eval('[data-component-id]', (els, self) => els
      .map((e) => /** @type {string} */ (/** @type {HTMLElement} */ (e).dataset.componentId)).filter((x) => x !== self), id);
    const before = await counts(page);
    const y = box.y + box.height * 0.4, xAt = (/** @type {number} */ f) => box.x + box.width * f;
    await page.mouse.move(xAt(0.3), y);
    await page.mouse.down();
    await page.mouse.move(xAt(0.45), y, { steps: 4 });
    await page.mouse.move(xAt(0.6), y, { steps: 4 });
    await page.evaluate(() => { /** @type {any} */ (window).__bench.tUp = NaN; });
    await page.mouse.up();
    const brush = await page.evaluate((others) => {
      const b = /** @type {any} */ (window).__bench;
      // Done once every other card left ready after mouse up and is ready again (then 250 ms
      // of quiet); if some never left ready, a 1.5 s confirmation that nothing more changes.
      return b.settle(b.tUp, (/** @type {any[]} */ ch) => (others.every((o) => ch.some((e) => e.id === o && e.from === 'ready')) ? 250 : 1500), others)
        .then((/** @type {any} */ r) => ({ ms: r.end - b.tUp, left: r.left, changes: r.changes }));
    }, others);
    const after = await counts(page);
    return { first: first.ms, inputLag: first.lag, brush: brush.ms, card: id, others, cycled: brush.left, countsBefore: before, countsAfter: after, requested: fetched };
  } finally {
    await context.close();
  }
}

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
const files = Object.fromEntries(ASSETS.map((f) => [f, fs.existsSync(path.join(DIST, f)) ? gz(path.join(DIST, f)) : null]));
const fetched = [...new Set(samples.flatMap((s) => s.requested))].filter((f) => fs.existsSync(path.join(DIST, f)));
const fetchedGz = Object.fromEntries(fetched.map((f) => [f, gz(path.join(DIST, f))]));
const sum = (/** @type {Record<string, number | null>} */ o) => Object.values(o).reduce((/** @type {number} */ a, b) => a + (b || 0), 0);

const commit = gitCommit(path.dirname(DIST));

const firsts = samples.map((s) => s.first), brushes = samples.map((s) => s.brush);
const result = {
  label: opt.label, date: new Date().toISOString(), dist: DIST, commit,
  data: { file: path.relative(ROOT, csv), rows: ROWS, columns: HEADER.length, bytes: fs.statSync(csv).size, sha256: csvHash },
  machine: { ...machine(chromiumVersion), loadavg: { before: loadBefore, after: os.loadavg() } },
  runs: RUNS, viewport: VIEWPORT,
  firstViewMs: { median: round(median(firsts)), min: round(Math.min(...firsts)), max: round(Math.max(...firsts)), samples: firsts.map(round) },
  brushMs: { median: round(median(brushes)), min: round(Math.min(...brushes)), max: round(Math.max(...brushes)), samples: brushes.map(round) },
  transferGzipBytes: { files, total: sum(files), fetchedByFirstView: fetchedGz, fetchedTotal: sum(fetchedGz) },
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
