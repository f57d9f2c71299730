// link.spec.js — a view travels as a link: copy it, open it in a new page with
// the same file (same view), with a different file (said so), and hostile or
// broken links (a clear message; the page keeps working).

import { test, expect } from '@playwright/test';
import path from 'node:path';
import { PENGUINS, CARS, SHOTS, card, countOf, openFile, allReady, counts, linkFor, brush } from './helpers.js';

const ALL = 'n = 344 of 344';

/** Make a link with a selection on penguins.csv; returns [url, counts]. @param {import('@playwright/test').Page} page */
async function makeLink(page) {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await brush(page, 'h1', 0.2, 0.5);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=[A-Za-z0-9_-]+$/);
  return /** @type {const} */ ([page.url(), await counts(page)]);
}

test('copy-link puts the view in the URL; the link reopens the same view on the same file', async ({ page, context }) => {
  const [url, before] = await makeLink(page);
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.locator('[role="status"]')).toContainText('This link shows a view of penguins.csv (344 rows). Open that file to see it.');
  await expect(other.locator('[data-component-id]')).toHaveCount(Object.keys(before).length);
  await expect(other.locator('[data-component-id]:not([data-state="waiting"])')).toHaveCount(0);
  await openFile(other, PENGUINS);
  await expect(countOf(other, 't')).toHaveText(before.t);
  await allReady(other);
  expect(await counts(other)).toEqual(before);
  await expect(card(other, 'h1').locator('[data-action="clear-selection"]')).toBeVisible();
  await expect(card(other, 'h1').locator('.bars_marks').getByLabel(/, selected$/).first()).toBeVisible();
  await expect(other.locator('[role="alert"]')).toBeEmpty();
  await expect(other.locator('[role="status"]')).not.toContainText('different contents');
});

test('a link opened with a different file says so by name and opens what it can', async ({ page, context }) => {
  const [url] = await makeLink(page);
  const other = await context.newPage();
  await other.goto(url);
  await expect(card(other, 'h1')).toHaveAttribute('data-state', 'waiting');
  await openFile(other, CARS);
  await expect(other.locator('[role="status"]')).toContainText('You opened cars.csv; the link was made with penguins.csv (different contents)');
  await expect(other.locator('[role="status"]')).toContainText('cars.csv has no column bill_length_mm');
  await expect(card(other, 'h1')).toHaveCount(0);
  await expect(card(other, 's')).toHaveAttribute('data-state', 'ready');
  await expect(card(other, 't')).toHaveAttribute('data-state', 'ready');
  await expect(countOf(other, 't')).toHaveText('n = 406 of 406');
});

test('a hostile link (__proto__) is refused with a message naming the path; the page keeps working', async ({ page }) => {
  await page.goto('/' + linkFor('{"sinfonia":1,"components":{"t":{"type":"table","__proto__":{"polluted":true}}}}'));
  await expect(page.locator('[role="alert"]')).toContainText('components.t.__proto__: the key "__proto__" is not allowed');
  expect(await page.evaluate(() => /** @type {any} */ ({}).polluted)).toBeUndefined();
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText(ALL);
});

test('a link with bad base64, an unknown key or a newer version is explained', async ({ page }) => {
  await page.goto('/#s=not*base64');
  await expect(page.locator('[role="alert"]')).toContainText('"*" is not a base64url character');
  await page.goto('/' + linkFor('{"sinfonia":1,"components":{},"script":"alert(1)"}'));
  await expect(page.locator('[role="alert"]')).toContainText('script: unknown key');
  await page.goto('/' + linkFor('{"sinfonia":7,"components":{}}'));
  await expect(page.locator('[role="alert"]')).toContainText('this view was made by a newer Sinfonia (spec version 7); open it with a newer Sinfonia');
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(countOf(page, 'cm')).toHaveText(ALL);
});

test('a link made outside the page (raw deflate, as Python makes) opens', async ({ page }) => {
  const spec = {
    sinfonia: 1,
    data: { name: 'penguins.csv', rows: 344 },
    filters: [{ field: 'island', in: ['Torgersen'], source: 'isl' }],
    components: { isl: { type: 'histogram', field: 'island', title: 'Where they live' }, tab: { type: 'table', limit: 20 } },
    layout: { rows: [{ columns: ['isl', 'tab'] }] },
  };
  await page.goto('/' + linkFor(JSON.stringify(spec)));
  await expect(card(page, 'isl').locator('h2')).toHaveText('Where they live');
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(countOf(page, 'tab')).toHaveText('n = 52 of 344');
  await expect(countOf(page, 'isl')).toHaveText(ALL);
  await page.screenshot({ path: path.join(SHOTS, 'link-from-python.png'), fullPage: true });
});
