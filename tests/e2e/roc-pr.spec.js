// roc-pr.spec.js — the ROC / precision-recall component as a person meets it:
// open the breast cancer example, add "ROC and precision-recall" from the Add
// list, and read the same AUC and AP the CLI computes; the penguins' one curve
// per class with a legend; the chart is one tab stop followed by its export menu.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, PENGUINS, SHOTS, openFile, allReady } from './helpers.js';

const BREAST_CANCER = path.join(ROOT, 'examples', 'breast_cancer.csv');
const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');

/** The CLI's roc-pr result on a file with roles inferred. @param {string} file */
function cliResult(file) {
  const spec = { sinfonia: 1, components: { r: { type: 'roc-pr' } } };
  return JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results.r;
}

/** @param {number | null} v */
const four = (v) => (v === null ? '–' : v.toFixed(4));

/**
 * Add a roc-pr card from the Add list (after the one the default view has for
 * scores); returns the added card's locator once ready.
 * @param {import('@playwright/test').Page} page
 */
async function addRocPr(page) {
  await expect(page.locator('[data-component-id="roc"]')).toHaveCount(1); // the default view's
  await page.locator('[data-role="add-component-type"]').selectOption('roc-pr');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-type="roc-pr"]:not([data-component-id="roc"])');
  await expect(added).toHaveCount(1);
  await expect(added).toHaveAttribute('data-state', 'ready');
  await allReady(page);
  return added;
}

test('added from the Add list on breast cancer, it shows the AUC and AP the CLI computes', async ({ page }) => {
  expect(fs.existsSync(CLI), `the CLI is needed at ${CLI}`).toBe(true);
  const native = cliResult(BREAST_CANCER);
  expect(native.positive).toBe('malignant');
  expect(native.missing).toBe(6);
  await page.goto('/');
  await openFile(page, BREAST_CANCER);
  await allReady(page);
  const added = await addRocPr(page);
  await expect(added.locator('[data-role="count"]')).toHaveText(`n = ${native.count} of 569`);
  await expect(added.locator('[data-metric="roc_auc"]')).toHaveText(four(native.roc_auc));
  await expect(added.locator('[data-metric="average_precision"]')).toHaveText(four(native.average_precision));
  // The titles carry the same numbers.
  await expect(added.locator('.vega-target svg')).toContainText(`ROC · AUC ${four(native.roc_auc)}`);
  await expect(added.locator('.vega-target svg')).toContainText(`Precision-recall · AP ${four(native.average_precision)}`);
  await expect(added.locator('.chart-caption')).toContainText('6 rows with a missing label or score left out');
  // Both curves and both chance lines are drawn.
  for (const name of ['roc_lines_marks', 'pr_lines_marks', 'roc_chance_marks', 'pr_chance_marks']) {
    await expect(added.locator(`.${name} path`)).toHaveCount(1);
  }
  // One tab stop, then its export menu.
  const box = added.locator('.chart-box');
  await box.focus();
  await expect(box).toHaveAttribute('aria-label', new RegExp(`ROC AUC ${four(native.roc_auc).replace('.', '\\.')}`));
  await page.keyboard.press('Tab');
  await expect(added.locator('[data-action="export-chart"]')).toBeFocused();
  // A point's tooltip gives its rates and threshold (the last point drawn is on top of the others).
  await added.locator('.roc_points_marks path').last().hover();
  const last = native.roc.at(-1);
  await expect(added.locator('.vega-target')).toHaveAttribute('title',
    `false positive rate: ${last.fpr.toFixed(4)}\ntrue positive rate: ${last.tpr.toFixed(4)}\nthreshold: score ≥ ${last.threshold}`);
  await added.screenshot({ path: path.join(SHOTS, 'roc-pr-breast-cancer.png') });
});

test('on penguins it draws one curve per class with a legend and the macro AUC', async ({ page }) => {
  const native = cliResult(PENGUINS);
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const added = await addRocPr(page);
  await expect(added.locator('[data-metric="macro_roc_auc"]')).toHaveText(four(native.macro_roc_auc));
  await expect(added.locator('[data-metric="roc_auc"]')).toHaveText(native.classes.map((/** @type {any} */ c) => four(c.roc_auc)));
  await expect(added.locator('.roc_lines_marks path')).toHaveCount(3);
  await expect(added.locator('.vega-target svg')).toContainText(`macro AUC ${four(native.macro_roc_auc)}`);
  for (const name of ['Adelie', 'Chinstrap', 'Gentoo']) await expect(added.locator('.vega-target svg')).toContainText(name); // the legend
  await added.screenshot({ path: path.join(SHOTS, 'roc-pr-penguins.png') });
});

test("the page's exported results.json has the CLI's roc-pr result for the page's own link, under a selection", async ({ page }) => {
  await page.goto('/');
  await openFile(page, BREAST_CANCER);
  await allReady(page);
  await addRocPr(page);
  // A selection in another card (the first bar of the default view's first histogram) filters the curves.
  const bars = page.locator('[data-component-type="histogram"] .bars_marks path, [data-component-type="histogram"] .rows_marks path');
  await bars.first().click();
  await expect(page.locator('[data-component-type="roc-pr"] [data-role="count"]').last()).not.toHaveText('n = 563 of 569');
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const spec = JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
  expect(spec.filters.length).toBe(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const native = JSON.parse(execFileSync(CLI, ['run', BREAST_CANCER, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));
  const id = Object.keys(spec.components).find((k) => spec.components[k].type === 'roc-pr');
  expect(id).toBeTruthy();
  expect(web.results[/** @type {string} */ (id)]).toEqual(native.results[/** @type {string} */ (id)]);
  expect(web.results[/** @type {string} */ (id)].count).toBeLessThan(563);
  // The title took the filtered AUC (a new value for the drawn chart, not a new chart).
  await expect(page.locator(`[data-component-id="${id}"] .vega-target svg`))
    .toContainText(`ROC · AUC ${four(web.results[/** @type {string} */ (id)].roc_auc)}`);
});
