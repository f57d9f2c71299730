// table.spec.js — the table as a person uses it: sort by a column from its
// header (mouse or keyboard; the engine sorts the selected rows, missing last),
// page through the sorted rows, scroll with the keyboard, tell a missing value
// from an empty string, and carry the sort in a link.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PENGUINS, SHOTS, card, countOf, openFile, allReady, brush, n } from './helpers.js';

const ALL = 'n = 344 of 344';
const FIELDS = fs.readFileSync(PENGUINS, 'utf8').split('\n')[0].split(',');

/** @param {import('@playwright/test').Page} page */
const scroller = (page) => card(page, 't').locator('.vt-scroll');
/** @param {import('@playwright/test').Page} page @param {string} field */
const header = (page, field) => card(page, 't').locator('[role="columnheader"]', { has: page.locator(`button[data-field="${field}"]`) });

/**
 * The drawn rows' cells of one field: [{index, row, text, title}].
 * @param {import('@playwright/test').Page} page @param {string} field
 */
function column(page, field) {
  return scroller(page).evaluate((el, f) => {
    const names = [...el.querySelectorAll('.vt-header button[data-field]')].map((b) => /** @type {HTMLElement} */ (b).dataset.field);
    const k = names.indexOf(f) + 1;
    return [...el.querySelectorAll('.vt-row[data-row]')].map((r) => ({
      index: Number(/** @type {HTMLElement} */ (r).dataset.index), row: Number(/** @type {HTMLElement} */ (r).dataset.row),
      text: r.children[k].textContent, title: r.children[k].getAttribute('title'),
    }));
  }, field);
}

/** The first row's cell of a field (after the row number). @param {import('@playwright/test').Page} page @param {string} field */
const firstCell = (page, field) => scroller(page).locator('.vt-row[data-index="0"] [role="cell"]').nth(FIELDS.indexOf(field) + 1);

/** The spec in the page's URL (after copy-link). @param {import('@playwright/test').Page} page */
const specInUrl = (page) => JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
});

test('clicking a header sorts ascending, again descending, a third time clears; missing values last', async ({ page }) => {
  const bill = header(page, 'bill_length_mm');
  await expect(bill).not.toHaveAttribute('aria-sort');
  await bill.click();
  await expect(bill).toHaveAttribute('aria-sort', 'ascending');
  await expect(bill.locator('.vt-sort-mark')).toHaveText('▲');
  await expect(firstCell(page, 'bill_length_mm')).toHaveText('32.1');
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText(ALL);
  await card(page, 't').screenshot({ path: path.join(SHOTS, 'table-sorted.png') });
  // The end (paged from the engine, reached with the keyboard): the two missing rows, in file order.
  await scroller(page).focus();
  await page.keyboard.press('End');
  await expect(scroller(page).locator('.vt-row[data-index="343"]')).toBeVisible();
  let cells = await column(page, 'bill_length_mm');
  expect(cells.filter((c) => c.index >= 342)).toEqual([
    { index: 342, row: 3, text: '–', title: 'missing' }, { index: 343, row: 339, text: '–', title: 'missing' }]);
  expect(cells.find((c) => c.index === 341)?.text).toBe('59.6');

  await bill.click();
  await expect(bill).toHaveAttribute('aria-sort', 'descending');
  await expect(bill.locator('.vt-sort-mark')).toHaveText('▼');
  await expect(firstCell(page, 'bill_length_mm')).toHaveText('59.6');
  await scroller(page).focus();
  await page.keyboard.press('End');
  await expect(scroller(page).locator('.vt-row[data-index="343"]')).toBeVisible();
  cells = await column(page, 'bill_length_mm');
  expect(cells.filter((c) => c.index >= 342).map((c) => c.row)).toEqual([3, 339]);
  expect(cells.find((c) => c.index === 341)?.text).toBe('32.1');

  await bill.click();
  await expect(bill).not.toHaveAttribute('aria-sort');
  await expect(scroller(page).locator('.vt-row[data-index="0"]')).toHaveAttribute('data-row', '0');
  await expect(firstCell(page, 'bill_length_mm')).toHaveText('39.1');
});

test('Enter and Space on a focused header sort it; focus stays on the header', async ({ page }) => {
  const button = header(page, 'bill_length_mm').locator('button');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(header(page, 'bill_length_mm')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header(page, 'bill_length_mm').locator('button')).toBeFocused();
  await page.keyboard.press(' ');
  await expect(header(page, 'bill_length_mm')).toHaveAttribute('aria-sort', 'descending');
  await expect(firstCell(page, 'bill_length_mm')).toHaveText('59.6');
  await expect(header(page, 'bill_length_mm').locator('button')).toBeFocused();
});

test('with a brush active the sorted table shows only the selected rows', async ({ page }) => {
  await brush(page, 'h1', 0.3, 0.6);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const selected = n(await countOf(page, 't').textContent());
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const [lo, hi] = specInUrl(page).filters[0].range;

  await header(page, 'body_mass_g').click();
  await expect(header(page, 'body_mass_g')).toHaveAttribute('aria-sort', 'ascending');
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText(`n = ${selected} of 344`);
  await scroller(page).focus();
  for (let i = 0; i < 3; i++) {
    // Every drawn row, page after page, lies in the brushed range.
    await expect(scroller(page).locator('.vt-pending')).toHaveCount(0);
    for (const c of await column(page, 'bill_length_mm')) {
      expect(Number(c.text)).toBeGreaterThanOrEqual(lo);
      expect(Number(c.text)).toBeLessThanOrEqual(hi);
    }
    const masses = (await column(page, 'body_mass_g')).map((c) => c.text).filter((t) => t !== '–').map((t) => Number(t.replace(/,/g, '')));
    expect(masses).toEqual([...masses].sort((a, b) => a - b));
    await page.keyboard.press('PageDown');
  }
  await page.keyboard.press('End');
  await expect(scroller(page).locator(`.vt-row[data-index="${selected - 1}"]`)).toBeVisible();
  await expect(scroller(page).locator(`.vt-row[data-index="${selected}"]`)).toHaveCount(0);

  await header(page, 'bill_length_mm').click();
  await expect(header(page, 'bill_length_mm')).toHaveAttribute('aria-sort', 'ascending');
  const first = Number(await firstCell(page, 'bill_length_mm').textContent());
  expect(first).toBeGreaterThan(32.1);
  expect(first).toBeGreaterThanOrEqual(lo);
});

test('the sort travels in a link', async ({ page, context }) => {
  await header(page, 'bill_length_mm').click();
  await expect(header(page, 'bill_length_mm')).toHaveAttribute('aria-sort', 'ascending');
  await header(page, 'bill_length_mm').click();
  await expect(header(page, 'bill_length_mm')).toHaveAttribute('aria-sort', 'descending');
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  expect(specInUrl(page).components.t.sort).toEqual({ field: 'bill_length_mm', desc: true });

  const other = await context.newPage();
  await other.goto(page.url());
  await openFile(other, PENGUINS);
  await allReady(other);
  await expect(header(other, 'bill_length_mm')).toHaveAttribute('aria-sort', 'descending');
  await expect(firstCell(other, 'bill_length_mm')).toHaveText('59.6');
  // The settings form shows the sort too.
  await card(other, 't').locator('[data-action="edit-component"]').click();
  await expect(card(other, 't').locator('[data-key="sort"] select').first()).toHaveValue('bill_length_mm');
});

test('the keyboard scrolls the table: PageDown moves on, End reaches the last row, Home the first', async ({ page }) => {
  await scroller(page).focus();
  await expect(scroller(page)).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect.poll(() => scroller(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await page.keyboard.press('End');
  await expect(scroller(page).locator('.vt-row[data-index="343"]')).toBeVisible();
  await expect(scroller(page).locator('.vt-row[data-index="343"]')).toHaveAttribute('data-row', '343');
  await page.keyboard.press('Home');
  await expect(scroller(page).locator('.vt-row[data-index="0"]')).toBeVisible();
});

test('a missing value shows as a muted "–", an empty string as "(empty)"', async ({ page }) => {
  const json = JSON.stringify([{ name: '', score: 1 }, { name: null, score: null }, { name: 'x', score: 3 }]);
  await page.goto('/'); // a fresh page: this file gets its own default view
  await openFile(page, { name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.locator('[data-role="dataset"]')).toHaveText('empty.json · JSON · 3 rows · 2 columns');
  await allReady(page);
  const names = await column(page, 'name');
  expect(names.map((c) => [c.text, c.title])).toEqual([['(empty)', 'an empty string'], ['–', 'missing'], ['x', 'x']]);
  expect((await column(page, 'score')).map((c) => c.text)).toEqual(['1', '–', '3']);
  await expect(scroller(page).locator('.vt-row[data-index="1"] [role="cell"].missing')).toHaveCount(2);
});

test('row numbers past 99,999 show whole: the last of 150,000 rows reads 149,999', async ({ page }) => {
  const lines = ['id,x'];
  for (let i = 0; i < 150000; i++) lines.push(`${i},${i % 7}`);
  await openFile(page, { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await expect(page.locator('[data-role="dataset"]')).toContainText('150,000 rows');
  await allReady(page);
  await expect(scroller(page)).toHaveAttribute('aria-label', '150,000 rows');
  await scroller(page).focus();
  await page.keyboard.press('End');
  const last = scroller(page).locator('.vt-row[data-index="149999"] .vt-num');
  await expect(last).toHaveText('149,999');
  const fits = await last.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'table-150k-end.png') });
});

test('one row is "1 row", in the table and in the dataset line', async ({ page }) => {
  await openFile(page, { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,x\n') });
  await expect(page.locator('[data-role="dataset"]')).toHaveText('one.csv · CSV, comma · 1 row · 2 columns');
  await allReady(page);
  await expect(scroller(page)).toHaveAttribute('aria-label', '1 row');
  await expect(page.locator('body')).not.toContainText(/\b1 rows\b/);
});
