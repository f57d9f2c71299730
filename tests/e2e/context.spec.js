// context.spec.js — a histogram filtered by other components' selections draws
// the whole column (its baseline result) in grey behind the filtered bars; the
// baseline never reaches an export.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PENGUINS, ROOT, SHOTS, card, countOf, openFile, allReady, n, selectCell, cell, valueRow, barsOf } from './helpers.js';

const ALL = 'n = 344 of 344';

/** @param {number[]} xs */
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
/** The "N missing" a histogram notes under its chart (0 when none). @param {import('@playwright/test').Locator} c */
async function missingOf(c) {
  const notes = (await c.locator('.chart-note').allTextContents()).join(' · ');
  const m = notes.match(/([\d,]+) missing/);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}
/** The values a categorical histogram draws, in order. @param {import('@playwright/test').Locator} c */
async function valuesOf(c) {
  return (await barsOf(c)).map((b) => b.text.replace(/^[^=]+ = (.*): [\d,]+ rows?.*$/, '$1'));
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
  await expect(h1.locator('.context_marks path')).toHaveCount(0);
  await expect(h1.locator('.context-note')).toHaveCount(0);
  const islandsBefore = await valuesOf(h2);
  expect(islandsBefore).toEqual(['Biscoe', 'Dream', 'Torgersen']);

  const inCell = await selectCell(page, 'Adelie', 'Chinstrap');

  // h1 (bill_length_mm): grey bars count every row with a value, blue bars the selected ones.
  await expect(h1.locator('.context_marks path')).toHaveCount(20);
  const bars = await barsOf(h1);
  expect(bars.length).toBe(20);
  expect(sum(bars.map((b) => Number(b.all)))).toBe(344 - 2);
  const missing = await missingOf(h1);
  expect(sum(bars.map((b) => b.count))).toBe(inCell - missing);
  // Each blue bar fits inside its grey one, and is drawn over it; the grey ones are hidden from screen readers.
  for (const b of bars) expect(b.count).toBeLessThanOrEqual(Number(b.all));
  await expect(h1.locator('.context_marks[aria-hidden="true"]')).toHaveCount(1);
  const order = await h1.locator('.vega-target svg').evaluate((svg) => [...svg.querySelectorAll('.context_marks, .bars_marks')].map((e) => e.classList.contains('bars_marks') ? 'bars' : 'context'));
  expect(order).toEqual(['context', 'bars']);
  await expect(h1.locator('.context-note')).toHaveText(`blue: ${inCell} rows selected · grey: all 344`);

  // h2 (island): the values keep their unfiltered order; absent ones draw an empty blue bar.
  expect(await valuesOf(h2)).toEqual(islandsBefore);
  const islands = await barsOf(h2);
  expect(islands.map((b) => b.all)).toEqual([168, 124, 52]);
  expect(sum(islands.map((b) => b.count))).toBe(n(await countOf(page, 'h2').textContent()));
  await expect(h2.locator('.context_marks path')).toHaveCount(3);
  await expect(h2.locator('.context-note')).toContainText('grey: all 344');

  // Clearing the selection removes the context.
  await card(page, 'cm').locator('[data-action="clear-selection"]').click();
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  await expect(h1.locator('.context_marks path')).toHaveCount(0);
  await expect(h2.locator('.context_marks path')).toHaveCount(0);
  await expect(h1.locator('.context-note')).toHaveCount(0);
  expect(sum((await barsOf(h1)).map((b) => b.count))).toBe(342);
});

test('a histogram\'s own selection does not draw context on itself', async ({ page }) => {
  await valueRow(page, 'h2', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await allReady(page);
  await expect(card(page, 'h2').locator('.context_marks path')).toHaveCount(0);
  expect((await barsOf(card(page, 'h2'))).filter((b) => b.selected).length).toBe(1);
  // ... but it filters h1, which now shows its whole column behind.
  const h1 = card(page, 'h1');
  await expect(h1.locator('.context_marks path')).toHaveCount(20);
  const bars = await barsOf(h1);
  expect(sum(bars.map((b) => b.count))).toBe(124 - await missingOf(h1));
  expect(sum(bars.map((b) => Number(b.all)))).toBe(342);
});

test('export-results after a selection carries no baseline anywhere', async ({ page }) => {
  await cell(page, 'Adelie', 'Adelie').click();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(card(page, 'h1').locator('.context_marks path')).toHaveCount(20);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).not.toMatch(/baseline/i);
  const out = JSON.parse(text);
  expect(Object.keys(out)).toEqual(['data', 'results']);
  expect(Object.keys(out.results.h1).sort()).toEqual(['bins', 'extent', 'field', 'missing']);
  expect(Object.keys(out.results.h2).sort()).toEqual(['field', 'missing', 'other', 'values']);
  // The exported h1 is the filtered one, as the view draws it.
  const drawn = (await barsOf(card(page, 'h1'))).map((b) => b.count);
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
  await cell(page, 'Adelie', 'Chinstrap').click();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(card(page, 'h1').locator('.context_marks path').first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'context.png'), fullPage: true });
  const row = card(page, 'h1').locator('xpath=..');
  await row.screenshot({ path: path.join(SHOTS, 'context-histograms.png') });
});
