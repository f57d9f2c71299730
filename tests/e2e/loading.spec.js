// loading.spec.js — what a person sees while a big file loads: progress in rows
// and bytes; Cancel (the button or Escape) stops it mid-file and the earlier
// file's view and table stay; a new file then loads. A file beyond the tab's
// memory (the 64 MB test build of the engine, build/wasm-small, served in
// place of the page's wasm) stops with a message saying what and how far, the
// page alive and the earlier view intact.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PENGUINS, CARS, ROOT, SHOTS, card, countOf, openFile, allReady, selectCell } from './helpers.js';

const SMALL_WASM = path.join(ROOT, 'build', 'wasm-small', 'sinfonia.wasm');

/**
 * A generated CSV of about `mb` MB (made once, kept in the temp dir): rows of
 * id, two numbers, a category, a label and a prediction.
 * @param {number} mb
 */
function bigCsv(mb) {
  const file = path.join(os.tmpdir(), `sinfonia-e2e-big-${mb}mb-v1.csv`);
  if (fs.existsSync(file)) return file;
  const lines = [];
  for (let i = 0; i < 40000; i++) lines.push(`${i},${(i * 0.37) % 100},${(i * 7919) % 1000 / 7},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'yes' : 'no'},${i % 5 ? 'yes' : 'no'}`);
  const block = Buffer.from(lines.join('\n') + '\n');
  const fd = fs.openSync(file + '.tmp', 'w');
  fs.writeSync(fd, 'id,x,y,colour,label,prediction\n');
  for (let n = 0; n < mb * 1e6; n += block.length) fs.writeSync(fd, block);
  fs.closeSync(fd);
  fs.renameSync(file + '.tmp', file);
  return file;
}

const dataset = (/** @type {import('@playwright/test').Page} */ page) => page.locator('[data-role="dataset"]');
const progress = (/** @type {import('@playwright/test').Page} */ page) => page.locator('[data-role="progress"]');

/** Open penguins.csv and wait for its view; returns its card ids. @param {import('@playwright/test').Page} page */
async function openPenguins(page) {
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(dataset(page)).toHaveText(/^penguins\.csv · .* · 344 rows/);
  await expect(countOf(page, 'cm')).toHaveText('n = 344 of 344');
  return page.locator('[data-component-id]').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.componentId));
}

/** The penguins view is still there, and the engine still holds its table (a selection filters the others). @param {import('@playwright/test').Page} page @param {string[]} ids */
async function penguinsIntact(page, ids) {
  await expect(dataset(page)).toHaveText(/^penguins\.csv · .* · 344 rows/);
  expect(await page.locator('[data-component-id]').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.componentId))).toEqual(ids);
  await allReady(page);
  await expect(countOf(page, 'cm')).toHaveText('n = 344 of 344');
  const inCell = await selectCell(page, 'Adelie', 'Adelie');
  await expect(countOf(page, 't')).toHaveText(`n = ${inCell} of 344`);
}

test('a big file shows rows and bytes as it loads; Escape stops it at once, the earlier view stays, a new file loads', async ({ page }) => {
  test.setTimeout(120_000);
  const big = bigCsv(300);
  const total = fs.statSync(big).size;
  await page.goto('/');
  const ids = await openPenguins(page);

  await openFile(page, big);
  await expect(progress(page)).toBeVisible();
  // Progress in rows and bytes, e.g. "412,000 rows · 58 of 300 MB", moving while it reads.
  const text = page.locator('[data-role="progress-text"]');
  await expect(text).toHaveText(/^[1-9][\d,]* rows · \d+ of 30\d MB$/);
  await expect(page.locator('[data-role="progress-name"]')).toHaveText(`Reading ${path.basename(big)}`);
  const bar = page.locator('[role="progressbar"]');
  await expect(bar).toHaveAttribute('aria-valuemax', String(total));
  const read = Number(await bar.getAttribute('aria-valuenow'));
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(total);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.locator('.intake').screenshot({ path: path.join(SHOTS, 'loading-progress.png') });

  await page.keyboard.press('Escape');
  await expect(progress(page)).toBeHidden();
  await expect(page.locator('[role="status"]')).toContainText(`Stopped reading ${path.basename(big)}. penguins.csv stays open.`);
  await expect(page.locator('[role="alert"]')).toBeEmpty();
  await penguinsIntact(page, ids);

  // A new file loads after the cancelled one.
  await openFile(page, CARS);
  await allReady(page);
  await expect(dataset(page)).toHaveText(/^cars\.csv · /);
});

test('the Cancel button stops a load mid-file; the earlier view and its table stay', async ({ page }) => {
  test.setTimeout(120_000);
  const big = bigCsv(300);
  await page.goto('/');
  const ids = await openPenguins(page);
  await openFile(page, big);
  await expect(page.locator('[data-role="progress-text"]')).toHaveText(/^[1-9][\d,]* rows · /);
  await page.locator('[data-action="cancel-load"]').click();
  await expect(progress(page)).toBeHidden();
  await expect(page.locator('[role="status"]')).toContainText('Stopped reading');
  await penguinsIntact(page, ids);
});

test('a file beyond the tab\'s memory stops with what and how far; the page lives on with the earlier view', async ({ page }) => {
  test.setTimeout(120_000);
  test.skip(!fs.existsSync(SMALL_WASM), 'build/wasm-small is missing (scripts/test.sh builds it)');
  // The engine with a 64 MB memory ceiling, in place of the page's (same code, same exports).
  await page.route('**/sinfonia.wasm', (route) => route.fulfill({ body: fs.readFileSync(SMALL_WASM), contentType: 'application/wasm' }));
  const big = bigCsv(80);
  await page.goto('/');
  const ids = await openPenguins(page);

  await openFile(page, big);
  const alert = page.locator('[role="alert"]');
  await expect(alert).toContainText(new RegExp(`^${path.basename(big).replace(/\./g, '\\.')} is too large for the memory this browser tab gives Sinfonia: ` +
    // (told the file's size, the engine sets aside room for every row at once, so it may stop at the start)
    '(it ran out after reading \\d+(\\.\\d)? MB of \\d+ MB, [\\d,]+ rows|it ran out at the start, setting aside room for the columns of all \\d+ MB)\\. ' +
    '\\(The engine said: .*out of memory.*\\.\\) penguins\\.csv stays open\\.'));
  await expect(progress(page)).toBeHidden();
  await page.locator('main').screenshot({ path: path.join(SHOTS, 'loading-too-large.png') });
  await penguinsIntact(page, ids);
  await expect(card(page, 'cm')).toBeVisible();
});
