// explore.spec.js — open penguins.csv and use the linked views as a person
// would: brush a histogram, click a confusion-matrix cell, clear, scroll the
// table, export the results.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { PENGUINS, ROOT, SHOTS, card, countOf, openFile, allReady, counts, n, brush, selectCell, cell, rowsIn, valueRow, barsOf } from './helpers.js';

const ALL = 'n = 344 of 344';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
});

test('opening penguins.csv shows the default views with every row, under the CSP without errors', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.reload();
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(page.locator('[role="progressbar"]')).toHaveAttribute('aria-valuemax', String(fs.statSync(PENGUINS).size));
  const ids = await page.$$eval('[data-component-id]', (els) => els.map((e) => `${e.getAttribute('data-component-id')}:${e.getAttribute('data-component-type')}`));
  expect(ids).toEqual(['cm:confusion-matrix', 'roc:roc-pr', 'cal:calibration', 'h1:histogram', 'h2:histogram', 's:summary', 't:table']);
  expect(Object.values(await counts(page))).toEqual([ALL, ALL, ALL, ALL, ALL, ALL, ALL]);
  await expect(card(page, 'h1').locator('h2')).toHaveText('Histogram · bill_length_mm');
  await expect(card(page, 'cm').locator('.cm-metrics')).toContainText('accuracy');
  await expect(page.locator('[role="alert"]')).toBeEmpty();
  expect(problems).toEqual([]);
});

test('brushing the bill_length_mm histogram filters the other views, not itself', async ({ page }) => {
  await brush(page, 'h1', 0.3, 0.6);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const after = await counts(page);
  expect(after.h1).toBe(ALL);
  const selected = n(after.t);
  expect(selected).toBeGreaterThan(0);
  expect(selected).toBeLessThan(344);
  for (const id of ['cm', 'roc', 'cal', 'h2', 's']) expect(n(after[id]), id).toBe(selected);
  await expect(card(page, 'h1').locator('[data-action="clear-selection"]')).toBeVisible();
  // The brush snapped to whole bins [lo of the first, hi of the last]. The range is
  // closed, so rows on the last bin's upper edge (counted in the next bin) are in too.
  const bars = await barsOf(card(page, 'h1'));
  const first = bars.findIndex((b) => b.selected), last = bars.findLastIndex((b) => b.selected);
  expect(first).toBeGreaterThanOrEqual(0);
  expect(bars.slice(first, last + 1).every((b) => b.selected)).toBe(true);
  const inBins = bars.slice(first, last + 1).reduce((a, b) => a + b.count, 0);
  expect(selected).toBeGreaterThanOrEqual(inBins);
  expect(selected).toBeLessThanOrEqual(inBins + (last + 1 < bars.length ? bars[last + 1].count : 0));
  // The summary agrees: bill_length_mm's min and max lie inside the brushed bins.
  await page.screenshot({ path: path.join(SHOTS, 'penguins-brushed.png'), fullPage: true });

  await card(page, 'h1').locator('[data-action="clear-selection"]').click();
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  expect(Object.values(await counts(page))).toEqual([ALL, ALL, ALL, ALL, ALL, ALL, ALL]);
  expect((await barsOf(card(page, 'h1'))).filter((b) => b.selected)).toEqual([]);
});

test('clicking a confusion-matrix cell selects those rows everywhere else', async ({ page }) => {
  const inCell = await selectCell(page, 'Adelie', 'Chinstrap');
  const after = await counts(page);
  expect(after.cm).toBe(ALL);
  for (const id of ['roc', 'cal', 'h1', 'h2', 's', 't']) expect(after[id], id).toBe(`n = ${inCell} of 344`);
  await expect(cell(page, 'Adelie', 'Chinstrap')).toHaveAttribute('aria-label', `true Adelie, predicted Chinstrap: ${inCell} rows, selected`);
  // Every table row is a true Adelie predicted Chinstrap.
  const pairs = await card(page, 't').locator('.vt-row[data-row]').evaluateAll((rows) => rows.map((r) => [r.children[2].textContent, r.children[9].textContent]));
  expect(pairs.length).toBeGreaterThan(0);
  for (const p of pairs) expect(p).toEqual(['Adelie', 'Chinstrap']);
  await page.screenshot({ path: path.join(SHOTS, 'penguins-cm-cell.png'), fullPage: true });
});

test('two selections combine, and "Clear all selections" clears both', async ({ page }) => {
  const adelieAdelie = rowsIn(await cell(page, 'Adelie', 'Adelie').getAttribute('aria-label'));
  await valueRow(page, 'h2', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await allReady(page);
  await cell(page, 'Adelie', 'Adelie').click();
  await expect(countOf(page, 'h2')).toHaveText(`n = ${adelieAdelie} of 344`); // the island histogram sees only the cell
  await allReady(page);
  const both = await counts(page);
  expect(both.cm).toBe('n = 124 of 344'); // the matrix sees only the island selection
  expect(n(both.t)).toBeGreaterThan(0);
  expect(n(both.t)).toBeLessThan(Math.min(124, adelieAdelie));
  for (const id of ['h1', 's']) expect(both[id], id).toBe(both.t);
  await expect(page.locator('[data-action="clear-selections"]')).toBeEnabled();
  await page.locator('[data-action="clear-selections"]').click();
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  expect(Object.values(await counts(page))).toEqual([ALL, ALL, ALL, ALL, ALL, ALL, ALL]);
  await expect(card(page, 'cm').getByLabel(/, selected$/)).toHaveCount(0);
  expect((await barsOf(card(page, 'h2'))).filter((b) => b.selected)).toEqual([]);
});

test('keyboard: a histogram is one tab stop; arrow keys select bins that filter the table; Escape clears', async ({ page }) => {
  const h1 = card(page, 'h1');
  const chart = h1.locator('.chart-box');
  await h1.locator('[data-action="remove-component"]').focus();
  await page.keyboard.press('Tab');
  await expect(chart).toBeFocused();
  await expect(chart).toHaveAttribute('aria-label', /^Histogram of bill_length_mm, 20 bins/);
  await expect(h1.locator('svg [tabindex]')).toHaveCount(0); // no stop inside the drawing
  await page.keyboard.press('ArrowRight'); // the first bin
  await page.keyboard.press('ArrowRight'); // the second
  await page.keyboard.press('Shift+ArrowRight'); // the second and third
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const bars = await barsOf(h1);
  expect(bars.map((b) => b.selected)).toEqual(bars.map((_, i) => i === 1 || i === 2));
  await expect(countOf(page, 't')).toHaveText(`n = ${bars[1].count + bars[2].count} of 344`);
  await expect(chart).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText(ALL);
  expect((await barsOf(h1)).filter((b) => b.selected)).toEqual([]);
  // Enter toggles the bin under the cursor.
  await chart.focus();
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${bars[2].count} of 344`);
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(ALL);
  // The next stop is the chart's export button, then out of the card.
  await page.keyboard.press('Tab');
  await expect(h1.locator('[data-action="export-chart"]')).toBeFocused();
  // The drop zone and the toolbar are reachable from the keyboard.
  await page.locator('[data-role="dropzone"]').focus();
  await expect(page.locator('[data-role="dropzone"]')).toBeFocused();
});

test('keyboard: the confusion matrix is one tab stop; arrows move between cells, Enter selects one', async ({ page }) => {
  const grid = card(page, 'cm').locator('.chart-box');
  await card(page, 'cm').locator('[data-action="remove-component"]').focus();
  await page.keyboard.press('Tab');
  await expect(grid).toBeFocused();
  await page.keyboard.press('ArrowDown'); // the cursor appears on the first cell
  await page.keyboard.press('ArrowRight'); // true Adelie, predicted Chinstrap
  const inCell = rowsIn(await cell(page, 'Adelie', 'Chinstrap').getAttribute('aria-label'));
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${inCell} of 344`);
  await expect(cell(page, 'Adelie', 'Chinstrap')).toHaveAttribute('aria-label', /, selected$/);
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(ALL);
});

test('the table scrolls to the last row, paging rows from the engine', async ({ page }) => {
  const scroller = card(page, 't').locator('.vt-scroll');
  await expect(scroller.locator('[data-row="0"]')).toBeVisible();
  await expect(scroller.locator('[data-row="343"]')).toHaveCount(0);
  await scroller.hover();
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 3000);
  await expect(scroller.locator('.vt-row[data-index="343"]')).toBeVisible();
  await expect(scroller.locator('.vt-row[data-index="343"]')).toHaveAttribute('data-row', '343');
  await expect(scroller.locator('.vt-row[data-index="343"] [role="cell"]').nth(1)).toHaveText('343');
});

test('export-results downloads results.json in the CLI run shape', async ({ page }) => {
  await valueRow(page, 'h2', 'Biscoe').click();
  await expect(countOf(page, 't')).toHaveText('n = 168 of 344');
  await allReady(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  expect(download.suggestedFilename()).toBe('results.json');
  const out = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(Object.keys(out)).toEqual(['data', 'results']);
  expect(Object.keys(out.data)).toEqual(['name', 'rows', 'fingerprint']);
  expect(out.data.name).toBe('penguins.csv');
  expect(out.data.rows).toBe(344);
  expect(Object.keys(out.results)).toEqual(['cm', 'roc', 'cal', 'h1', 'h2', 's', 't']);
  expect(out.results.t.count).toBe(168);
  expect(out.results.t.offset).toBe(0);
  expect(out.results.t.rows.length).toBe(100);
  expect(out.results.h2.values.map((/** @type {any} */ v) => v.value)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  expect(out.results.cm.matrix.length).toBe(out.results.cm.labels.length);
  expect(out.results.cm.per_class.length).toBe(out.results.cm.labels.length);
  expect(out.results.cm.matrix.flat().reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0)).toBe(168);
  expect(out.results.s.rows).toBe(168);
});

test('the exported results equal the CLI run of the page\'s own link, selections included', async ({ page }) => {
  const cli = path.join(ROOT, 'build', 'sinfonia');
  test.skip(!fs.existsSync(cli), 'the native CLI (build/sinfonia) is not built');
  await brush(page, 'h1', 0.25, 0.7);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await valueRow(page, 'h2', 'Dream').click();
  await expect(countOf(page, 'h1')).not.toHaveText(ALL);
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const spec = JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
  expect(spec.filters.map((/** @type {any} */ f) => f.source)).toEqual(['h1', 'h2']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const native = JSON.parse(execFileSync(cli, ['run', PENGUINS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));
  expect(web.results).toEqual(native.results);
  expect(web.data.rows).toBe(native.data.rows);
  expect(Object.keys(web.results)).toEqual(Object.keys(native.results));
});

test('components can be added from the menu and removed; the rest keep their selections', async ({ page }) => {
  await valueRow(page, 'h2', 'Torgersen').click();
  await expect(countOf(page, 't')).toHaveText('n = 52 of 344');
  await page.locator('[data-role="add-component-type"]').selectOption('histogram');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-id="hist1"]');
  await expect(added).toHaveAttribute('data-state', 'ready');
  await expect(added.locator('h2')).toHaveText('Histogram · bill_depth_mm'); // the next numeric feature not shown yet
  await expect(added.locator('[data-role="count"]')).toHaveText('n = 52 of 344');
  await allReady(page);
  await added.locator('[data-action="remove-component"]').click();
  await expect(added).toHaveCount(0);
  await card(page, 'h2').locator('[data-action="remove-component"]').click();
  await expect(card(page, 'h2')).toHaveCount(0);
  await expect(countOf(page, 't')).toHaveText(ALL); // its selection went with it
  await allReady(page);
});
