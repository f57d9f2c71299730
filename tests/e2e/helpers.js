// helpers.js — what the page tests share: opening files, waiting for every
// component to be ready (never a sleep), reading the counts, making links.

import { expect } from '@playwright/test';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PENGUINS = path.join(ROOT, 'examples', 'penguins.csv');
export const CARS = path.join(ROOT, 'examples', 'cars.csv');
// Outside test-results/, which Playwright empties at the start of every run.
export const SHOTS = path.join(ROOT, 'build', 'screenshots');

/** @param {import('@playwright/test').Page} page @param {string} id */
export const card = (page, id) => page.locator(`[data-component-id="${id}"]`);
/** @param {import('@playwright/test').Page} page @param {string} id */
export const countOf = (page, id) => card(page, id).locator('[data-role="count"]');

/** Open a file through the page's file input. @param {import('@playwright/test').Page} page @param {string | object} file */
export async function openFile(page, file) {
  await page.locator('input[type=file]').setInputFiles(file);
}

/** Wait until there are components and every one is ready. @param {import('@playwright/test').Page} page */
export async function allReady(page) {
  await expect(page.locator('[data-component-id]').first()).toBeVisible();
  await expect(page.locator('[data-component-id]:not([data-state="ready"])')).toHaveCount(0);
}

/** Every component's count text, by id. @param {import('@playwright/test').Page} page */
export async function counts(page) {
  return page.$$eval('[data-component-id]', (els) => Object.fromEntries(els.map((e) => [
    /** @type {HTMLElement} */ (e).dataset.componentId, (e.querySelector('[data-role="count"]') || {}).textContent,
  ])));
}

/** The number n of "n = n of N". @param {string} text */
export const n = (text) => Number(String(text).replace(/^n = ([\d,]+).*$/, '$1').replace(/,/g, ''));

/** A link made outside the page, as Python's zlib.compressobj(wbits=-15) would. @param {string} json */
export function linkFor(json) {
  return '#s=' + zlib.deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url');
}

/**
 * The spec the page's "Copy link" puts in the URL now (the address cleared first,
 * with no hashchange, so the page is left alone).
 * @param {import('@playwright/test').Page} page
 */
export async function linkedSpec(page) {
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
}

/** Text safe inside a RegExp. @param {string} text */
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The confusion-matrix cell (true label, predicted label) of card `id`: a
 * Vega mark found by its accessible description.
 * @param {import('@playwright/test').Page} page @param {string} truth @param {string} pred @param {string} [id]
 */
export function cell(page, truth, pred, id = 'cm') {
  return card(page, id).locator('.cells_marks').getByLabel(new RegExp(`^true ${literal(truth)}, predicted ${literal(pred)}: `));
}

/** The row count in a mark's description ("...: 1,234 rows ..."). @param {string | null} text */
export const rowsIn = (text) => Number(String(text).replace(/^.*: ([\d,]+) rows?\b.*$/, '$1').replace(/,/g, ''));

/**
 * Click the confusion-matrix cell (true label, predicted label) of card `id` and
 * wait until the table shows its rows; returns the cell's count.
 * @param {import("@playwright/test").Page} page @param {string} truth @param {string} pred @param {string} [id]
 */
export async function selectCell(page, truth, pred, id = 'cm') {
  const target = cell(page, truth, pred, id);
  const inCell = rowsIn(await target.getAttribute('aria-label'));
  expect(inCell).toBeGreaterThan(0);
  await target.click();
  await expect(countOf(page, 't')).toHaveText(new RegExp(`^n = ${inCell} of `));
  await allReady(page);
  return inCell;
}

/**
 * A categorical histogram's row for a value (what a click selects).
 * @param {import('@playwright/test').Page} page @param {string} id @param {string} value
 */
export function valueRow(page, id, value) {
  return card(page, id).locator('.rows_marks').getByLabel(new RegExp(`^.+ = ${literal(value)}: `));
}

/**
 * Each bar of a histogram as its description says: rows, rows of the whole
 * column (when filtered), selected. Numeric bars, or categorical rows.
 * @param {import('@playwright/test').Locator} chart a histogram card
 */
export async function barsOf(chart) {
  const labels = await chart.locator('.bars_marks path[aria-label], .rows_marks path[aria-label]').evaluateAll((els) => els.map((e) => String(e.getAttribute('aria-label'))));
  return labels.map((text) => {
    const m = /: ([\d,]+) rows?(?: of ([\d,]+))?(, selected)?$/.exec(text);
    if (!m) throw new Error(`a bar described as "${text}"`);
    const num = (/** @type {string} */ v) => Number(v.replace(/,/g, ''));
    return { text, count: num(m[1]), all: m[2] === undefined ? null : num(m[2]), selected: Boolean(m[3]) };
  });
}

/**
 * Drag across a histogram's plot with the mouse, from fraction a to b of its width.
 * @param {import('@playwright/test').Page} page @param {string} id @param {number} a @param {number} b
 */
export async function brush(page, id, a, b) {
  await dragAcross(page, await plotOf(page, id), a, 0.5, b, 0.5);
}

/**
 * Drag with the mouse from (fx0, fy0) to (fx1, fy1), fractions of a box, through its
 * middle, as a person draws a brush or a lasso.
 * @param {import('@playwright/test').Page} page @param {{x: number, y: number, width: number, height: number}} box
 * @param {number} fx0 @param {number} fy0 @param {number} fx1 @param {number} fy1
 */
export async function dragAcross(page, box, fx0, fy0, fx1, fy1) {
  const [x0, y0, x1, y1] = [box.x + box.width * fx0, box.y + box.height * fy0, box.x + box.width * fx1, box.y + box.height * fy1];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
  await page.mouse.move(x1, y1, { steps: 4 });
  await page.mouse.up();
}

/**
 * dragAcross over what `marks` drew (a chart's marks group).
 * @param {import('@playwright/test').Page} page @param {import('@playwright/test').Locator} marks
 * @param {number} fx0 @param {number} fy0 @param {number} fx1 @param {number} fy1
 */
export async function drag(page, marks, fx0, fy0, fx1, fy1) {
  const b = await marks.boundingBox();
  if (!b) throw new Error('nothing drawn');
  await dragAcross(page, b, fx0, fy0, fx1, fy1);
}

/**
 * The box of a numeric histogram's plot area (its x extent is the bins' span).
 * @param {import('@playwright/test').Page} page @param {string} id
 */
export async function plotOf(page, id) {
  // The bars' group spans the bins from the first to the last, up to the tallest.
  await card(page, id).locator('.bars_marks').scrollIntoViewIfNeeded();
  const box = await card(page, id).locator('.bars_marks').boundingBox();
  if (!box) throw new Error(`no histogram plot in ${id}`);
  return box;
}
