// single-file.spec.js — dist/sinfonia.html opened from disk (file://) runs the
// engine from its inlined worker and wasm and loads the embedded example.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHOTS, card, countOf, allReady, brush } from './helpers.js';

const SINGLE = path.join(ROOT, 'dist', 'sinfonia.html');

test('dist/sinfonia.html works from file:// and loads the example', async ({ page }) => {
  expect(fs.existsSync(SINGLE), 'dist/sinfonia.html is built').toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(pathToFileURL(SINGLE).href);
  await page.locator('[data-action="load-example"]').click();
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
  await expect(card(page, 'cm').locator('.cells_marks path')).toHaveCount(9);
  await brush(page, 'h1', 0.5, 0.8);
  await expect(countOf(page, 't')).not.toHaveText('n = 344 of 344');
  await allReady(page);
  // Vega draws and exports under the single file's CSP too.
  await card(page, 'h1').locator('[data-action="export-chart"]').click();
  const [png] = await Promise.all([page.waitForEvent('download'), card(page, 'h1').getByRole('menuitem', { name: 'PNG image' }).click()]);
  expect([...fs.readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await page.screenshot({ path: path.join(SHOTS, 'single-file.png'), fullPage: true });
  expect(problems).toEqual([]);
});
