// threshold.spec.js — the decision threshold as a person uses it: on the breast
// cancer example, set a threshold from the ROC card, move it (number field,
// keyboard), and the confusion matrix follows with the CLI's numbers for the same
// spec; the link carries it and opens with it; a selection on the derived
// prediction goes when the threshold is removed; results.json equals the CLI's.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SHOTS, openFile, allReady, card, cell, rowsIn } from './helpers.js';

const BREAST_CANCER = path.join(ROOT, 'examples', 'breast_cancer.csv');
const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');
const DERIVED = 'p_malignant ≥ threshold';

/** The CLI's results for a spec on breast cancer. @param {object} spec */
function cli(spec) {
  return JSON.parse(execFileSync(CLI, ['run', BREAST_CANCER, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results;
}

/** The spec in a URL's hash. @param {string} url */
const specOf = (url) => JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(url).hash.slice(3), 'base64url')).toString('utf8'));

/**
 * The spec in the page's link once it holds what `ready` expects (the link is
 * written asynchronously, so an earlier one may still be in the URL).
 * @param {import('@playwright/test').Page} page @param {(spec: any) => boolean} ready
 */
async function linkSpec(page, ready) {
  await page.locator('[data-action="copy-link"]').click();
  await expect.poll(() => /#s=/.test(page.url()) && ready(specOf(page.url()))).toBe(true);
  return specOf(page.url());
}

/** The page with breast cancer, the default view and a roc-pr card. @param {import('@playwright/test').Page} page */
async function open(page) {
  await page.goto('/');
  await openFile(page, BREAST_CANCER);
  await allReady(page);
  if (!(await page.locator('[data-component-type="roc-pr"]').count())) {
    await page.locator('[data-role="add-component-type"]').selectOption('roc-pr');
    await page.locator('[data-action="add-component"]').click();
  }
  if (!(await page.locator('[data-component-type="confusion-matrix"]').count())) {
    await page.locator('[data-role="add-component-type"]').selectOption('confusion-matrix');
    await page.locator('[data-action="add-component"]').click();
  }
  await allReady(page);
  return {
    roc: page.locator('[data-component-type="roc-pr"]'),
    cmId: /** @type {string} */ (await page.locator('[data-component-type="confusion-matrix"]').getAttribute('data-component-id')),
  };
}

/** Every cell count of the matrix as drawn. @param {import('@playwright/test').Page} page @param {string} id */
async function drawnMatrix(page, id) {
  const out = [];
  for (const t of ['benign', 'malignant']) {
    const row = [];
    for (const p of ['benign', 'malignant']) row.push(rowsIn(await cell(page, t, p, id).getAttribute('aria-label')));
    out.push(row);
  }
  return out;
}

test('moving the threshold derives the prediction: the confusion matrix follows with the CLI numbers, the link carries it', async ({ page }) => {
  const { roc, cmId } = await open(page);
  await expect(roc.locator('[data-action="set-threshold"]')).toBeVisible();
  await roc.locator('[data-action="set-threshold"]').click();
  await allReady(page);
  const field = roc.locator('[data-role="threshold-value"]');
  await expect(field).toHaveValue('0.5');
  // Type a value: the matrix is the CLI's for the same spec.
  await field.fill('0.3');
  await field.press('Enter');
  await allReady(page);
  let spec = await linkSpec(page, (s) => s.threshold && s.threshold.value === 0.3);
  expect(spec.threshold).toEqual({ value: 0.3, score: 'p_malignant' });
  let native = cli(spec);
  expect(native[cmId].prediction).toBe(DERIVED);
  await expect(card(page, cmId).locator('.vega-target svg')).toContainText(DERIVED);
  expect(await drawnMatrix(page, cmId)).toEqual(native[cmId].matrix);
  const rocId = /** @type {string} */ (await roc.getAttribute('data-component-id'));
  const op = native[rocId].at_threshold;
  expect(op.tp + op.fn).toBe(native[rocId].positives);
  await expect(roc.locator('[data-role="threshold-summary"]')).toContainText(`At p_malignant ≥ 0.3: recall (TPR) ${op.recall.toFixed(3)}`);
  await expect(roc.locator('.roc_operating_marks path')).toHaveCount(1);
  await expect(roc.locator('.pr_operating_marks path')).toHaveCount(1);
  await roc.screenshot({ path: path.join(SHOTS, 'threshold-roc-pr.png') });

  // The keyboard moves it one step at a time.
  const slider = roc.locator('[data-role="threshold-slider"]');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(field).toHaveValue('0.301');
  await allReady(page);
  spec = await linkSpec(page, (s) => s.threshold.value !== 0.3);
  expect(spec.threshold.value).toBeCloseTo(0.301, 12);
  native = cli(spec);
  expect(await drawnMatrix(page, cmId)).toEqual(native[cmId].matrix);

  // The link opens with the threshold (a fresh page, the same file).
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await openFile(other, BREAST_CANCER);
  await allReady(other);
  await expect(other.locator('[data-component-type="roc-pr"] [data-role="threshold-value"]')).toHaveValue('0.301');
  expect(await drawnMatrix(other, cmId)).toEqual(native[cmId].matrix);
  await page.screenshot({ path: path.join(SHOTS, 'threshold-page.png'), fullPage: true });
  await other.close();
});

test('a selection on the derived prediction goes with the threshold; results.json equals the CLI run', async ({ page }) => {
  const { roc, cmId } = await open(page);
  await roc.locator('[data-action="set-threshold"]').click();
  await allReady(page);
  await cell(page, 'benign', 'malignant', cmId).click();
  await allReady(page);
  let spec = await linkSpec(page, (s) => Boolean(s.filters));
  expect(JSON.stringify(spec.filters)).toContain(DERIVED);
  // Exported results are the CLI's for the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(cli(spec));
  // Removing the threshold drops the selection that named its column; the file's prediction is back.
  await roc.locator('[data-action="remove-threshold"]').click();
  await allReady(page);
  spec = await linkSpec(page, (s) => !s.threshold);
  expect(spec.threshold).toBeUndefined();
  expect(JSON.stringify(spec.filters || [])).not.toContain(DERIVED);
  await expect(page.locator('[data-state="error"]')).toHaveCount(0);
  expect(await drawnMatrix(page, cmId)).toEqual(cli(spec)[cmId].matrix);
  await expect(roc.locator('[data-action="set-threshold"]')).toBeVisible();
});

test('a file of a binary label and a score with no prediction opens predicted at the threshold 0.5', async ({ page }) => {
  // y_true, y_score: the score is inferred (a lone score of a binary label) and the default view derives the prediction.
  const rows = ['y_true,y_score,x', '1,0.9,1', '0,0.6,2', '0,0.1,3', '1,0.4,4', '1,0.7,5', '0,0.2,6'];
  await page.goto('/');
  await openFile(page, { name: 'scores.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await allReady(page);
  const cm = page.locator('[data-component-type="confusion-matrix"]');
  await expect(cm.locator('.vega-target svg')).toContainText('y_score ≥ threshold');
  // score >= 0.5 predicts 1: true 0 → one 1 (0.6), true 1 → one 0 (0.4).
  expect(await cell(page, '0', '0', 'cm').getAttribute('aria-label')).toMatch(/: 2 rows/);
  expect(await cell(page, '0', '1', 'cm').getAttribute('aria-label')).toMatch(/: 1 row\b/);
  expect(await cell(page, '1', '0', 'cm').getAttribute('aria-label')).toMatch(/: 1 row\b/);
  expect(await cell(page, '1', '1', 'cm').getAttribute('aria-label')).toMatch(/: 2 rows/);
  await expect(page.locator('[data-component-type="roc-pr"] [data-role="threshold-value"]')).toHaveValue('0.5');
  await expect(page.locator('[role="alert"]')).toBeEmpty();
});
