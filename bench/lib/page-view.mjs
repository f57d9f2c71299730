// page-view.mjs — the page itself timed in Debian's chromium (view-timing.mjs and
// the ingest suite): a probe installed before the page's scripts records every
// card's data-state change; the first view is timed from the file input's first
// event to every card ready, and a brush on the first numeric histogram from mouse
// up to every other card ready again. Moved here from view-timing.mjs unchanged
// in what it measures; `sample` can also return the view's spec after the brush
// (what Copy link puts in the URL) and skip the brush.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { NUMERIC } from './data.mjs';

export const VIEWPORT = { width: 1400, height: 1000 }; // as the e2e tests
/** The page's assets whose transfer is reported. */
export const ASSETS = ['index.html', 'main.js', 'worker.js', 'style.css', 'sinfonia.wasm'];

/** The gzip -9 size of a file. @param {string} file */
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const sum = (/** @type {Record<string, number | null>} */ o) => Object.values(o).reduce((/** @type {number} */ a, b) => a + (b || 0), 0);

/**
 * What the first view transfers, gzip -9: each of ASSETS in dir, and every file the
 * first views fetched (names relative to dir).
 * @param {string} dir @param {string[]} requested
 */
export function transfer(dir, requested) {
  const files = Object.fromEntries(ASSETS.map((f) => [f, fs.existsSync(path.join(dir, f)) ? gz(path.join(dir, f)) : null]));
  const fetched = [...new Set(requested)].filter((f) => fs.existsSync(path.join(dir, f))).sort();
  const fetchedGz = Object.fromEntries(fetched.map((f) => [f, gz(path.join(dir, f))]));
  return { files, total: sum(files), fetchedByFirstView: fetchedGz, fetchedTotal: sum(fetchedGz) };
}

/** Installed before the page's scripts. Records every data-state change (and cards coming or going) with its time. */
export function pageProbe() {
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
export const counts = (page) => page.$$eval('[data-component-id]', (els) => Object.fromEntries(els.map((e) => [
  /** @type {HTMLElement} */ (e).dataset.componentId, ((e.querySelector('[data-role="count"]') || {}).textContent || '').trim()])));

/** The spec Copy link puts in the URL (as tests/e2e/helpers.js linkedSpec). @param {import('@playwright/test').Page} page */
export async function linkedSpec(page) {
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.locator('[data-action="copy-link"]').click();
  await page.waitForURL(/#s=/);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
}

/**
 * One sample on a fresh page: first view, then a brush on the first numeric histogram.
 * options.brush false: the first view only; options.spec: also the view's spec after the brush.
 * options.page(page): called with the page once it has loaded, before the file is chosen
 * (the ingest suite reads the renderer's memory there), and options.after(page) once the
 * first view is ready.
 * @param {import('@playwright/test').Browser} browser @param {string} url @param {string} csv
 * @param {{brush?: boolean, spec?: boolean, page?: (p: import('@playwright/test').Page) => Promise<void>, after?: (p: import('@playwright/test').Page) => Promise<void>}} [options]
 */
export async function sample(browser, url, csv, options = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  /** @type {Set<string>} */
  const requested = new Set();
  page.on('request', (r) => { if (r.url().startsWith(url)) requested.add(new URL(r.url()).pathname.slice(1) || 'index.html'); });
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  try {
    await page.addInitScript(pageProbe);
    await page.goto(url, { waitUntil: 'networkidle' });
    if (options.page) await options.page(page);

    // (a) first view: from setInputFiles (the input's first event) to every card ready.
    await page.evaluate(() => { /** @type {any} */ (window).__bench.tCall = performance.now(); });
    await page.locator('input[type=file]').setInputFiles(csv);
    const first = await page.evaluate(() => {
      const b = /** @type {any} */ (window).__bench;
      return b.settle(0, () => 300, []).then((/** @type {any} */ r) => ({ ms: r.end - (Number.isNaN(b.t0) ? b.tCall : b.t0), lag: b.t0 - b.tCall }));
    });
    const fetched = [...requested].sort();
    if (options.after) await options.after(page);
    if (options.brush === false) return { first: first.ms, inputLag: first.lag, requested: fetched, countsBefore: await counts(page) };

    // (b) brush: the first histogram card titled with a numeric column; drag 30% -> 60% of its chart.
    const ids = await page.$$eval('[data-component-type="histogram"]', (els, numeric) => els
      .filter((e) => numeric.some((n) => new RegExp(`\\b${n}\\b`).test((e.querySelector('h2, h3, [id^="card-title"]') || e).textContent || '')))
      .map((e) => /** @type {HTMLElement} */ (e).dataset.componentId), NUMERIC);
    const id = ids[0] || await page.getAttribute('[data-component-type="histogram"]', 'data-component-id');
    if (!id) throw new Error('no histogram card in the first view');
    // The default view may put the histogram below the fold: bring it into view first.
    await page.locator(`[data-component-id="${id}"]`).scrollIntoViewIfNeeded();
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
    if (others.every((o) => after[o] === before[o])) throw new Error(`the brush on ${id} changed no other card's count (${JSON.stringify(after)})`);
    const spec = options.spec ? await linkedSpec(page) : undefined;
    return { first: first.ms, inputLag: first.lag, brush: brush.ms, card: id, others, cycled: brush.left, countsBefore: before, countsAfter: after, requested: fetched, spec };
  } finally {
    await context.close();
  }
}
