// wide.spec.js — a file of 100,000 columns (issue 15 point 4): the page draws only
// the columns it shows. The summary and the table say they show the first of them;
// the Columns dialog and a card's column list draw what a search finds, and a
// choice made on a column found that way is kept and applied.

import { test, expect } from '@playwright/test';
import path from 'node:path';
import { SHOTS, card, openFile, allReady, linkedSpec } from './helpers.js';

const COLUMNS = 100_000;
const names = ['label', 'prediction', ...Array.from({ length: COLUMNS - 2 }, (_, i) => `c${i}`)];
const row = (/** @type {number} */ r) => names.map((_, j) => (j === 0 ? 'ab'[r % 2] : j === 1 ? 'ab'[(r >> 1) % 2] : String((r * 7 + j) % 10))).join(',');
const FILE = { name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from([names.join(','), row(0), row(1), row(2), row(3)].join('\n') + '\n') };

test('100,000 columns: only what is shown is drawn, and any column can be found and chosen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await openFile(page, FILE);
  await allReady(page);
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(10_000);
  await expect(card(page, 's').locator('.card-note')).toHaveText(/^The first 200 of 100,000 columns/);
  await expect(card(page, 't').locator('.card-note')).toHaveText(/^The first 50 of 100,000 columns/);

  // The Columns dialog: 200 rows drawn, a search finds the last column, its role is kept and applied.
  await page.locator('[data-action="edit-columns"]').click();
  const dialog = page.locator('dialog[data-role="columns"]');
  await expect(dialog.locator('tbody tr')).toHaveCount(200);
  await expect(dialog.locator('[data-role="list-count"]')).toHaveText('Showing 200 of 100,000 columns; type to find others.');
  const search = dialog.getByLabel('Find columns by name');
  await search.fill('c99997');
  await expect(dialog.locator('tbody tr')).toHaveCount(1);
  await dialog.getByLabel('Role of c99997').selectOption('id');
  await search.fill('c9999');
  await expect(dialog.locator('tbody tr')).toHaveCount(9);
  await expect(dialog.getByLabel('Role of c99997')).toHaveValue('id');
  await expect(dialog.locator('tbody tr.changed')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'wide-columns-dialog.png') });
  await dialog.locator('[data-action="apply-columns"]').click();
  await expect(dialog).toHaveCount(0);
  await allReady(page);
  expect((await linkedSpec(page)).columns).toEqual({ c99997: { role: 'id' } });

  // The summary's column list: 200 boxes drawn, a column found by search is added.
  await card(page, 's').locator('[data-action="edit-component"]').click();
  const form = card(page, 's').locator('form[data-role="settings"]');
  await expect(form.getByRole('checkbox')).toHaveCount(200);
  await form.getByLabel('Find columns by name').fill('c99996');
  await expect(form.getByRole('checkbox')).toHaveCount(1);
  await form.getByRole('checkbox', { name: 'c99996', exact: true }).check();
  await form.locator('[data-action="apply-settings"]').click();
  await allReady(page);
  await expect(card(page, 's').locator('tbody th', { hasText: /^c99996$/ })).toHaveCount(1);
  expect((await linkedSpec(page)).components.s.fields).toHaveLength(201);

  // A histogram's field: a text box suggesting the columns that match, not a select of 100,000.
  await card(page, 'h1').locator('[data-action="edit-component"]').click();
  const h1 = card(page, 'h1').locator('form[data-role="settings"]');
  const field = h1.getByLabel('Field');
  await expect(field).toHaveValue('c0');
  await field.fill('no_such_column');
  await h1.locator('[data-action="apply-settings"]').click();
  await expect(h1.locator('[data-role="settings-error"]')).toContainText('no_such_column');
  await field.fill('c99995');
  await expect(h1.locator('datalist option')).toHaveCount(1);
  expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(12_000);
  await h1.locator('[data-action="apply-settings"]').click();
  await allReady(page);
  await expect(card(page, 'h1').locator('h2')).toHaveText('Histogram · c99995');
  await expect(card(page, 'h1').locator('[data-role="count"]')).toHaveText('n = 4 of 4');
});
