// first-use.spec.js — what a new user hit, each as a person meets it: the
// example's view does not stick to the next file; Copy link waits for a view;
// an empty file is said to be empty and the page keeps working.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, PENGUINS, CARS, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

/** The cards on the page: [[id, type, title], ...]. @param {import('@playwright/test').Page} page */
const cards = (page) => page.locator('[data-component-id]').evaluateAll((els) => els.map((e) => [
  /** @type {HTMLElement} */ (e).dataset.componentId, /** @type {HTMLElement} */ (e).dataset.componentType, (e.querySelector('h2') || {}).textContent,
]));

test('after "Load example", opening cars.csv shows the view that fits cars, with no warning and no error card', async ({ page, context }) => {
  const fresh = await context.newPage();
  await fresh.goto('/');
  await openFile(fresh, CARS);
  await allReady(fresh);
  const carsView = await cards(fresh);

  await page.goto('/');
  await page.locator('[data-action="load-example"]').click();
  await allReady(page);
  await expect(page.locator('[data-role="dataset"]')).toContainText('penguins.csv');
  await page.screenshot({ path: path.join(SHOTS, 'first-use-example.png'), fullPage: true });
  await openFile(page, CARS);
  await expect(page.locator('[data-role="dataset"]')).toContainText('cars.csv');
  await allReady(page);
  expect(await cards(page)).toEqual(carsView);
  await expect(page.locator('.notice-line.warn')).toHaveCount(0);
  await expect(page.locator('[role="status"]')).not.toContainText('dropped');
  await expect(page.locator('[data-state="error"]')).toHaveCount(0);
  await expect(page.locator('[role="alert"]')).toBeEmpty();
  await expect(countOf(page, 't')).toHaveText('n = 406 of 406');
  await page.screenshot({ path: path.join(SHOTS, 'first-use-cars-after-example.png'), fullPage: true });
});

test('the same file opened again keeps the view made for it', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await card(page, 'h1').locator('[data-action="remove-component"]').click();
  await expect(card(page, 'h1')).toHaveCount(0);
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(card(page, 'h1')).toHaveCount(0);
  await expect(card(page, 'h2')).toHaveCount(1);
});

test('Copy link is disabled until there is a view to link, and says why', async ({ page }) => {
  await page.goto('/');
  const copy = page.locator('[data-action="copy-link"]');
  await expect(copy).toBeDisabled();
  await expect(copy).toHaveAttribute('title', /Open a file first/);
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(copy).toBeEnabled();
  await copy.click();
  await expect(page.locator('[role="status"]')).toContainText(/Link copied|The link is in the address bar/);

  // A link's view waiting for its file can be passed on as it is.
  const waiting = await page.context().newPage();
  await waiting.goto('/' + linkFor(JSON.stringify({ sinfonia: 1, data: { name: 'penguins.csv' }, components: { t: { type: 'table' } } })));
  await expect(waiting.locator('[role="status"]')).toContainText('Open that file to see it');
  await expect(waiting.locator('[data-action="copy-link"]')).toBeEnabled();
});

for (const [what, file, message] of /** @type {const} */ ([
  ['a CSV with a header and no rows', { name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n') }, 'header-only.csv:2:1: the file has a header but no rows'],
  ['a JSON array with no rows', { name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from('[]') }, 'empty.json:1:1: the file holds an empty JSON array: no rows'],
])) {
  test(`${what} is said to be empty (role="alert"); a good file then opens`, async ({ page }) => {
    await page.goto('/');
    await openFile(page, file);
    await expect(page.locator('[role="alert"]')).toContainText(message);
    await expect(page.locator('[data-component-id]')).toHaveCount(0);
    await openFile(page, PENGUINS);
    await allReady(page);
    await expect(page.locator('[role="alert"]')).toBeEmpty();
    await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
  });
}

test('the Add component list shows every component found, by title', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const options = await page.locator('[data-role="add-component-type"] option').evaluateAll((els) =>
    els.map((o) => [/** @type {HTMLOptionElement} */ (o).value, o.textContent]));
  // Every folder under components/, by its schema.json's title.
  const dir = path.join(ROOT, 'components');
  const found = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'schema.json'))).sort()
    .map((d) => [d, JSON.parse(fs.readFileSync(path.join(dir, d, 'schema.json'), 'utf8')).title]);
  expect(found.length).toBeGreaterThanOrEqual(4);
  expect(options).toEqual(found);
  // A native drop-down does not appear in screenshots: show the list open as a list box.
  await page.locator('[data-role="add-component-type"]').evaluate((el) => { /** @type {HTMLSelectElement} */ (el).size = /** @type {HTMLSelectElement} */ (el).options.length; });
  await page.screenshot({ path: path.join(SHOTS, 'first-use-add-list.png'), clip: { x: 700, y: 0, width: 700, height: 320 } });
});

test('a file of numbers predicted without class scores opens on a regression view, not a confusion matrix', async ({ page }) => {
  await page.goto('/');
  await openFile(page, path.join(path.dirname(PENGUINS), 'cars_mpg.csv'));
  await allReady(page);
  await expect(page.locator('[data-component-type="regression"]')).toHaveCount(1);
  await expect(page.locator('[data-component-type="confusion-matrix"]')).toHaveCount(0);
  await expect(page.locator('[data-state="error"]')).toHaveCount(0);
  // A classification file (with class scores) still opens on the confusion matrix.
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(page.locator('[data-component-type="confusion-matrix"]')).toHaveCount(1);
  await expect(page.locator('[data-component-type="regression"]')).toHaveCount(0);
});
