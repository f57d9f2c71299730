// reading.spec.js — the "Reading options" by the drop zone: the sniffed format
// and delimiter are shown; an override reads the same File again (no new
// upload); the header row can be turned off; a link carries the choice; a
// hostile choice in a link is refused with its path.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PENGUINS, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

const PIPES = { name: 'pipes.csv', mimeType: 'text/csv', buffer: Buffer.from('a|b\n1|2\n3|4\n') };

/** @param {import('@playwright/test').Page} page */
const dataset = (page) => page.locator('[data-role="dataset"]');
/** @param {import('@playwright/test').Page} page */
const reading = (page) => page.locator('[data-role="reading"]');

/** Open the Reading options (if closed). @param {import('@playwright/test').Page} page */
async function showReading(page) {
  if (!(await reading(page).evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open))) await reading(page).locator('summary').click();
}

/** The table's column names (its sort buttons). @param {import('@playwright/test').Page} page */
const tableFields = (page) => card(page, 't').locator('.vt-header button[data-field]').evaluateAll((bs) => bs.map((b) => /** @type {HTMLElement} */ (b).dataset.field));

/** Count how often the progress bar is shown. @param {import('@playwright/test').Page} page */
async function countProgress(page) {
  await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.querySelector('[data-role="progress"]'));
    /** @type {any} */ (window).progressShown = 0;
    new MutationObserver(() => { if (!el.hidden) /** @type {any} */ (window).progressShown++; }).observe(el, { attributes: true, attributeFilter: ['hidden'] });
  });
  return () => page.evaluate(() => /** @type {any} */ (window).progressShown);
}

test('a semicolon file named .txt, read with Auto, is sniffed and says how it was read', async ({ page }) => {
  await page.goto('/');
  const text = fs.readFileSync(PENGUINS, 'utf8').replace(/,/g, ';');
  await openFile(page, { name: 'penguins.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await allReady(page);
  await expect(dataset(page)).toHaveText('penguins.txt · CSV, semicolon · 344 rows · 12 columns');
  await expect(reading(page).locator('[data-role="reading-summary"]')).toHaveText(' · auto');
  await expect(countOf(page, 'cm')).toHaveText('n = 344 of 344');
  await expect(page.locator('[role="alert"]')).toBeEmpty();
});

test('overriding the delimiter reads the same File again, with the progress bar, no new upload', async ({ page }) => {
  await page.goto('/');
  await showReading(page);
  await page.locator('[data-role="read-delimiter"]').selectOption(',');
  await page.locator('.intake').screenshot({ path: path.join(SHOTS, 'reading-options-before.png') });
  await openFile(page, PIPES);
  await allReady(page);
  await expect(dataset(page)).toHaveText('pipes.csv · CSV, comma · 2 rows · 1 column');
  expect(await tableFields(page)).toEqual(['a|b']);
  const shown = await countProgress(page);

  await page.locator('[data-role="read-delimiter"]').selectOption('|');
  await expect(dataset(page)).toHaveText('pipes.csv · CSV, pipe · 2 rows · 2 columns');
  await allReady(page);
  expect(await tableFields(page)).toEqual(['a', 'b']);
  expect(await shown()).toBeGreaterThan(0);
  await expect(page.locator('[data-role="progress"]')).toBeHidden();
  await expect(reading(page).locator('[data-role="reading-summary"]')).toHaveText(' · pipe');
  await page.screenshot({ path: path.join(SHOTS, 'reading-options.png') });

  // Back to Auto: sniffed as pipes too.
  await page.locator('[data-role="read-delimiter"]').selectOption('');
  await expect(dataset(page)).toHaveText('pipes.csv · CSV, pipe · 2 rows · 2 columns');
  await expect(page.locator('[role="alert"]')).toBeEmpty();
});

test('with "First row is a header" off, the columns are column_1.. and the header is a row', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await showReading(page);
  await page.locator('[data-role="read-header"]').uncheck();
  await expect(dataset(page)).toHaveText('penguins.csv · CSV, comma, no header row · 345 rows · 12 columns');
  await allReady(page);
  // The cards redraw for the file read again (ready from the previous reading until then).
  await expect.poll(() => tableFields(page)).toEqual(Array.from({ length: 12 }, (_, i) => `column_${i + 1}`));
  await expect(countOf(page, 't')).toHaveText('n = 345 of 345');
  await expect(card(page, 't').locator('.vt-row[data-index="0"] [role="cell"]').nth(2)).toHaveText('species');
  // A JSON format turns the delimiter and the header off.
  await page.locator('[data-role="read-format"]').selectOption('json');
  await expect(page.locator('[data-role="read-delimiter"]')).toBeDisabled();
  await expect(page.locator('[data-role="read-header"]')).toBeDisabled();
  await expect(page.locator('[role="alert"]')).toContainText('penguins.csv');
  await page.locator('[data-role="read-format"]').selectOption('auto');
  await page.locator('[data-role="read-header"]').check();
  await expect(dataset(page)).toHaveText('penguins.csv · CSV, comma · 344 rows · 12 columns');
  await allReady(page);
  await expect(countOf(page, 'cm')).toHaveText('n = 344 of 344');
});

test('the reading options travel in a link and apply when its file is opened', async ({ page, context }) => {
  await page.goto('/');
  await showReading(page);
  await page.locator('[data-role="read-delimiter"]').selectOption(',');
  await openFile(page, PIPES);
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const spec = JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
  expect(spec.data).toMatchObject({ name: 'pipes.csv', rows: 2, delimiter: ',' });
  expect(spec.data).not.toHaveProperty('format');

  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.locator('[data-role="reading-summary"]')).toHaveText(' · comma');
  await expect(other.locator('[data-role="read-delimiter"]')).toHaveValue(',');
  await openFile(other, PIPES);
  await allReady(other);
  await expect(dataset(other)).toHaveText('pipes.csv · CSV, comma · 2 rows · 1 column');
  await expect(other.locator('[role="status"]')).not.toContainText('different contents');
  await expect(other.locator('[role="alert"]')).toBeEmpty();
});

test('a link whose file is already open reads it again its way', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const spec = { sinfonia: 1, data: { name: 'penguins.csv', header: false }, components: { t: { type: 'table' } }, layout: { rows: [{ columns: ['t'] }] } };
  await page.evaluate((hash) => { location.hash = hash; }, linkFor(JSON.stringify(spec)));
  await expect(dataset(page)).toHaveText('penguins.csv · CSV, comma, no header row · 345 rows · 12 columns');
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText('n = 345 of 345');
  await expect(page.locator('[data-role="read-header"]')).not.toBeChecked();
});

test('a hostile reading option in a link is refused with its path; the page keeps working', async ({ page }) => {
  await page.goto('/' + linkFor('{"sinfonia":1,"data":{"name":"x.csv","delimiter":"ab"},"components":{}}'));
  await expect(page.locator('[role="alert"]')).toContainText('data.delimiter: must be one ASCII character');
  await page.goto('/' + linkFor('{"sinfonia":1,"data":{"format":"xml"},"components":{}}'));
  await expect(page.locator('[role="alert"]')).toContainText('data.format: must be one of "auto", "csv", "tsv", "json", "jsonl"');
  await page.goto('/' + linkFor('{"sinfonia":1,"data":{"name":"x.csv","__proto__":{"delimiter":";"}},"components":{}}'));
  await expect(page.locator('[role="alert"]')).toContainText('data.__proto__: the key "__proto__" is not allowed');
  expect(await page.evaluate(() => /** @type {any} */ ({}).delimiter)).toBeUndefined();
  await expect(page.locator('[data-role="reading-summary"]')).toHaveText(' · auto');
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(dataset(page)).toContainText('CSV, comma · 344 rows · 12 columns');
});
