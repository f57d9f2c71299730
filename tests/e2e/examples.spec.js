// examples.spec.js — every example the page lists opens with its own view, from the
// served page and from dist/sinfonia.html opened from disk (embedded, offline).

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHOTS, allReady } from './helpers.js';
import { EXAMPLES, specFileOf } from '../../web/examples.js';

/** The component ids an example's spec lays out. @param {string} file */
const idsOf = (file) => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', specFileOf(file)), 'utf8')).components).sort();

/** Click an example under the drop zone and check what opened. @param {import('@playwright/test').Page} page @param {string} file */
async function openAndCheck(page, file) {
  await page.locator(`[data-role="examples"] [data-example="${file}"]`).click();
  await expect(page.locator('[data-role="dataset"]')).toContainText(file);
  await allReady(page);
  const ids = await page.locator('[data-component-id]').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.componentId));
  expect(ids.sort()).toEqual(idsOf(file));
  await expect(page.locator('[data-state="error"]')).toHaveCount(0);
  await expect(page.locator('[role="alert"]')).toBeEmpty();
}

test('each listed example opens from the served page with its view, one click each', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('[data-role="examples"] button')).toHaveCount(EXAMPLES.length);
  for (const { file } of EXAMPLES) await openAndCheck(page, file);
  await page.screenshot({ path: path.join(SHOTS, 'examples-last.png'), fullPage: true });
});

test('the single file holds every example and opens one offline', async ({ page }) => {
  /** @type {string[]} */
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(path.join(ROOT, 'dist', 'sinfonia.html')).href);
  await openAndCheck(page, 'digits.csv');
  expect(requests).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'examples-single-digits.png'), fullPage: true });
});
