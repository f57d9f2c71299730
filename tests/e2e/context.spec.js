// context.spec.js — a histogram filtered by other components' selections draws
// the whole column (its baseline result) in grey behind the filtered bars; the
// baseline never reaches an export.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PENGUINS, ROOT, SHOTS, card, countOf, openFile, allReady, n, selectCell } from './helpers.js';

const ALL = 'n = 344 of 344';

/** The data-count of every element a locator finds. @param {import('@playwright/test').Locator} loc */
const countsOf = (loc) => loc.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
/** @param {number[]} xs */
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
/** The "N missing" a histogram notes under its chart (0 when none). @param {import('@playwright/test').Locator} c */
async function missingOf(c) {
  const notes = (await c.locator('.chart-note').allTextContents()).join(' · ');
  const m = notes.match(/([\d,]+) missing/);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
});

test('a confusion-matrix cell filters the histograms; the whole column stays drawn in grey behind', async ({ page }) => {
  const h1 = card(page, 'h1');
  const h2 = card(page, 'h2');
  // Nothing filters them yet: no context bars, no caption.
  await expect(h1.locator('.bar-context')).toHaveCount(0);
  await expect(h1.locator('.context-note')).toHaveCount(0);
  const islandsBefore = await h2.locator('.cat').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  expect(islandsBefore).toEqual(['Biscoe', 'Dream', 'Torgersen']);

  const inCell = await selectCell(page, 'Adelie', 'Chinstrap');

  // h1 (bill_length_mm): grey bars count every row with a value, blue bars the selected ones.
  await expect(h1.locator('.bar-context')).toHaveCount(20);
  expect(sum(await countsOf(h1.locator('.bar-context')))).toBe(344 - 2);
  const missing = await missingOf(h1);
  const blue = await countsOf(h1.locator('.bar'));
  expect(blue.length).toBe(20);
  expect(sum(blue)).toBe(inCell - missing);
  // Each blue bar fits inside its grey one, and is drawn over it.
  const grey = await countsOf(h1.locator('.bar-context'));
  blue.forEach((k, i) => expect(k).toBeLessThanOrEqual(grey[i]));
  await expect(h1.locator('.context[aria-hidden="true"]')).toHaveCount(1);
  const order = await h1.locator('svg.histogram').evaluate((svg) => [...svg.querySelectorAll('.bar-context, .bar')].map((e) => e.getAttribute('class')));
  expect(order.indexOf('bar')).toBeGreaterThan(order.lastIndexOf('bar-context'));
  await expect(h1.locator('.context-note')).toHaveText(`blue: ${inCell} rows selected · grey: all 344`);

  // h2 (island): the values keep their unfiltered order; absent ones draw an empty blue bar.
  const islandsAfter = await h2.locator('.cat').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  expect(islandsAfter).toEqual(islandsBefore);
  expect(await countsOf(h2.locator('.bar-context'))).toEqual([168, 124, 52]);
  const islandCounts = await countsOf(h2.locator('.bar'));
  expect(sum(islandCounts)).toBe(n(await countOf(page, 'h2').textContent()));
  for (const [i, k] of islandCounts.entries()) {
    if (k === 0) expect(Number(await h2.locator('.bar').nth(i).getAttribute('width'))).toBe(0);
  }
  await expect(h2.locator('.context-note')).toContainText('grey: all 344');

  // Clearing the selection removes the context.
  await card(page, 'cm').locator('[data-action="clear-selection"]').click();
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  await expect(h1.locator('.bar-context')).toHaveCount(0);
  await expect(h2.locator('.bar-context')).toHaveCount(0);
  await expect(h1.locator('.context-note')).toHaveCount(0);
  expect(sum(await countsOf(h1.locator('.bar')))).toBe(342);
});

test('a histogram\'s own selection does not draw context on itself', async ({ page }) => {
  await card(page, 'h2').locator('.cat[data-value="Dream"]').click();
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await allReady(page);
  await expect(card(page, 'h2').locator('.bar-context')).toHaveCount(0);
  await expect(card(page, 'h2').locator('.cat.selected')).toHaveCount(1);
  // ... but it filters h1, which now shows its whole column behind.
  await expect(card(page, 'h1').locator('.bar-context')).toHaveCount(20);
  const h1 = card(page, 'h1');
  expect(sum(await countsOf(h1.locator('.bar')))).toBe(124 - await missingOf(h1));
  expect(sum(await countsOf(h1.locator('.bar-context')))).toBe(342);
});

test('export-results after a selection carries no baseline anywhere', async ({ page }) => {
  await card(page, 'cm').locator('.cm-cell[data-true="Adelie"][data-pred="Adelie"]').click();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(card(page, 'h1').locator('.bar-context')).toHaveCount(20);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).not.toMatch(/baseline/i);
  const out = JSON.parse(text);
  expect(Object.keys(out)).toEqual(['data', 'results']);
  expect(Object.keys(out.results.h1).sort()).toEqual(['bins', 'extent', 'field', 'missing']);
  expect(Object.keys(out.results.h2).sort()).toEqual(['field', 'missing', 'other', 'values']);
  // The exported h1 is the filtered one, as the view draws it.
  const drawn = await countsOf(card(page, 'h1').locator('.bar'));
  expect(out.results.h1.bins.map((/** @type {{count: number}} */ b) => b.count)).toEqual(drawn);
  // And the link has no baseline either.
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const spec = zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8');
  expect(spec).not.toMatch(/baseline/i);
  const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'penguins.spec.json'), 'utf8'));
  expect(Object.keys(JSON.parse(spec).components.h1).sort()).toEqual(Object.keys(example.components.h1).sort());
});

test('the example with a confusion-matrix cell selected (screenshot)', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-action="load-example"]').click();
  await allReady(page);
  const cell = card(page, 'cm').locator('.cm-cell[data-true="Adelie"][data-pred="Chinstrap"]');
  await cell.click();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(card(page, 'h1').locator('.bar-context').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'context.png'), fullPage: true });
  const row = card(page, 'h1').locator('xpath=..');
  await row.screenshot({ path: path.join(SHOTS, 'context-histograms.png') });
});
