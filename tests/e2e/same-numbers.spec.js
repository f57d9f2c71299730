// same-numbers.spec.js — the page and the CLI give the same numbers (issue 13
// point 9): on each example, add every component the Add list offers that runs
// on the file, make a selection, export results.json, and compare every
// component's result with `sinfonia run` of the page's own link. Numbers may
// differ only by the last bits of libm (the wasm engine's log/exp are musl's,
// the CLI's glibc's): 1e-12 relative; everything else exactly.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, openFile, allReady } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');
const FILES = ['penguins.csv', 'breast_cancer.csv', 'cars_mpg.csv', 'titanic.csv']
  .map((f) => path.join(ROOT, 'examples', f)).filter((f) => fs.existsSync(f));

/**
 * Differences between two results, as "path: a vs b" lines.
 * @param {any} a @param {any} b @param {string} where @param {string[]} out
 */
function differences(a, b, where, out) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b && !(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)))) out.push(`${where}: ${a} vs ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) { out.push(`${where}: ${a.length} items vs ${b.length}`); return; }
    a.forEach((v, i) => differences(v, b[i], `${where}[${i}]`, out));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    if (JSON.stringify(keys) !== JSON.stringify(Object.keys(b))) { out.push(`${where}: keys ${keys} vs ${Object.keys(b)}`); return; }
    for (const k of keys) differences(a[k], b[k], `${where}.${k}`, out);
    return;
  }
  if (a !== b) out.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

for (const file of FILES) {
  test(`${path.basename(file)}: every component's exported result equals the CLI's run of the page's link`, async ({ page }) => {
    test.setTimeout(120_000);
    expect(fs.existsSync(CLI), `the CLI is needed at ${CLI}`).toBe(true);
    await page.goto('/');
    await openFile(page, file);
    await allReady(page);
    const types = await page.locator('[data-role="add-component-type"] option').evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    /** @type {string[]} */
    const refused = [];
    for (const type of types) {
      if (await page.locator(`[data-component-type="${type}"]`).count()) continue;
      await page.locator('[data-role="add-component-type"]').selectOption(type);
      await page.locator('[data-action="add-component"]').click();
      await expect(page.locator('[data-component-id][data-state="waiting"], [data-component-id][data-state="loading"]')).toHaveCount(0);
      // A component this file cannot feed (a regression over classes) says why and is removed.
      const failed = page.locator(`[data-component-type="${type}"][data-state="error"]`);
      if (await failed.count()) {
        await expect(failed.locator('.card-error')).toContainText('Could not compute this view:');
        await failed.locator('[data-action="remove-component"]').click();
        refused.push(type);
      }
      await allReady(page);
    }
    const ids = await page.locator('[data-component-id][data-state="ready"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-component-type')));
    // Every component runs but those the file cannot feed (regression over classes; on a
    // regression file the four that need class scores or classes: calibration, fairness,
    // label-issues, roc-pr).
    expect(new Set(ids).size + refused.length, `${ids.join(', ')}; refused ${refused.join(', ')}`).toBe(types.length);
    expect(refused.length, refused.join(', ')).toBeLessThanOrEqual(4);
    // A selection, so every other component runs under a filter.
    await page.locator('[data-component-type="histogram"] .bars_marks path').first().click();
    await allReady(page);
    await page.locator('[data-action="copy-link"]').click();
    await expect.poll(() => /#s=/.test(page.url()) &&
      JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8')).filters?.length === 1).toBe(true);
    const spec = JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
    const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    const native = JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 28 }));
    expect(Object.keys(web.results).sort()).toEqual(Object.keys(spec.components).sort());
    /** @type {string[]} */
    const diffs = [];
    differences(web.results, native.results, 'results', diffs);
    expect(diffs).toEqual([]);
  });
}
