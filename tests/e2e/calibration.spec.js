// calibration.spec.js — the calibration component as a person meets it: open the
// breast cancer example, add "Calibration" from the Add list, read the ECE, Brier
// score and log loss the CLI computes; click a bin and see the other views filtered
// to its scores; select elsewhere and see the diagram change; export results.json
// and get the CLI's `run` of the page's own link. On penguins it reads the top-label
// confidence. The chart is one tab stop, keyboard-driven, its export menu next.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, PENGUINS, SHOTS, card, countOf, openFile, allReady, linkedSpec } from './helpers.js';

const BREAST_CANCER = path.join(ROOT, 'examples', 'breast_cancer.csv');
const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');

/** `sinfonia run FILE` with this spec. @param {string} file @param {object} spec */
const native = (file, spec) => JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));

/**
 * The calibration card: the default view's for a file with scores, else one added
 * from the Add list; returns it once ready.
 * @param {import('@playwright/test').Page} page
 */
async function addCalibration(page) {
  await allReady(page);
  const shown = page.locator('[data-component-id="cal"]');
  if (await shown.count()) return shown;
  await page.locator('[data-role="add-component-type"]').selectOption('calibration');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-type="calibration"]');
  await expect(added).toHaveCount(1);
  await expect(added).toHaveAttribute('data-state', 'ready');
  await allReady(page);
  return added;
}

/** @param {number | null} v */
const four = (v) => (v === null ? '–' : v.toFixed(4));

/** The three numbers as the card shows them equal the CLI's. @param {import('@playwright/test').Locator} added @param {any} cli */
async function expectMetrics(added, cli) {
  for (const key of ['ece', 'brier', 'log_loss']) {
    await expect(added.locator(`[data-metric="${key}"] strong`)).toHaveText(four(cli[key]));
    await expect(added.locator(`[data-metric="${key}"]`)).toHaveAttribute('title', new RegExp(`: ${String(cli[key]).replace('.', '\\.')}$`));
  }
}

test('on breast cancer: the numbers the CLI computes; a bin selects its scores, a selection elsewhere changes it; results.json is the CLI run', async ({ page }) => {
  expect(fs.existsSync(CLI), `the CLI is needed at ${CLI}`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const cli = native(BREAST_CANCER, { sinfonia: 1, components: { c: { type: 'calibration' } } }).results.c;
  expect(cli.positive).toBe('malignant');
  expect(cli.missing).toBe(6);
  await page.goto('/');
  await openFile(page, BREAST_CANCER);
  await allReady(page);
  const added = await addCalibration(page);
  const id = /** @type {string} */ (await added.getAttribute('data-component-id'));
  await expect(countOf(page, id)).toHaveText(`n = ${cli.count} of 569`);
  await expectMetrics(added, cli);
  await expect(added.locator('.chart-caption')).toContainText('6 rows with a missing label or score left out');
  // One point per non-empty bin, one bar per bin, the diagonal.
  await expect(added.locator('.points_marks path')).toHaveCount(cli.bins.filter((/** @type {any} */ b) => b.count).length);
  await expect(added.locator('.bars_marks path')).toHaveCount(10);
  await expect(added.locator('.diagonal_marks line, .diagonal_marks path')).toHaveCount(1);
  await added.screenshot({ path: path.join(SHOTS, 'calibration-breast-cancer.png') });

  // Click the bar of bin 2 (scores 0.2 to 0.3): the other views get exactly its rows.
  const bar = added.locator('.bars_marks path[aria-label^="p_malignant 0.2 to 0.3: "]');
  await expect(bar).toHaveCount(1);
  await bar.click();
  await expect(bar).toHaveAttribute('aria-label', /, selected$/);
  await allReady(page);
  let spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ field: 'p_malignant', range: [0.2, 0.3], source: id }]); // 0.3: the double below the edge 0.30000000000000004
  let out = native(BREAST_CANCER, spec);
  // The clause holds exactly the bin's rows: applied to the calibration itself, only bin 2 is left.
  const own = native(BREAST_CANCER, { ...spec, filters: [{ field: 'p_malignant', range: [0.2, 0.3] }] }).results[id];
  expect(own.count).toBe(cli.bins[2].count);
  expect(own.bins[2].count).toBe(cli.bins[2].count);
  await expect(countOf(page, 't')).toHaveText(`n = ${out.results.t.count} of 569`);
  await expect(countOf(page, id)).toHaveText(`n = ${cli.count} of 569`); // not filtered by its own selection

  // A Shift+click on bin 4 extends it: [0.2, the double below 0.5].
  await added.locator('.bars_marks path[aria-label^="p_malignant 0.4 to 0.5: "]').click({ modifiers: ['Shift'] });
  await allReady(page);
  spec = await linkedSpec(page);
  expect(spec.filters[0].range).toEqual([0.2, 0.49999999999999994]);
  await expect(countOf(page, 't')).toHaveText(`n = ${native(BREAST_CANCER, spec).results.t.count} of 569`);

  // A selection elsewhere (the confusion matrix's true malignant, predicted benign) changes it.
  await page.locator('[data-component-type="confusion-matrix"] .cells_marks').getByLabel(/^true malignant, predicted benign: /).click();
  await allReady(page);
  spec = await linkedSpec(page);
  expect(spec.filters).toHaveLength(2);
  out = native(BREAST_CANCER, spec);
  expect(out.results[id].count).toBeLessThan(cli.count);
  await expect(countOf(page, id)).toHaveText(`n = ${out.results[id].count} of 569`);
  await expectMetrics(added, out.results[id]);
  await expect(added.locator('.chart-caption')).toContainText('grey: all rows');
  await added.screenshot({ path: path.join(SHOTS, 'calibration-breast-cancer-filtered.png') });

  // The exported results equal the CLI's run of the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(out.results);
  expect(problems).toEqual([]);
});

test('a drag across the histogram selects the bins it crosses; the keyboard moves and extends the selection', async ({ page }) => {
  await page.goto('/');
  await openFile(page, BREAST_CANCER);
  await allReady(page);
  const added = await addCalibration(page);
  const id = /** @type {string} */ (await added.getAttribute('data-component-id'));
  const slot = (/** @type {number} */ i) => added.locator('.slots_marks path').nth(i); // one column per bin, in order
  await added.locator('.slots_marks').scrollIntoViewIfNeeded();
  const from = await slot(1).boundingBox(), to = await slot(3).boundingBox();
  if (!from || !to) throw new Error('no histogram');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 4, to.y + to.height / 2, { steps: 6 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 2 });
  await page.mouse.up();
  await allReady(page);
  let spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ field: 'p_malignant', range: [0.1, 0.39999999999999997], source: id }]);
  await expect(added.locator('.bars_marks path[aria-label$=", selected"]')).toHaveCount(3);
  await expect(countOf(page, 't')).toHaveText(`n = ${native(BREAST_CANCER, spec).results.t.count} of 569`);

  // Keyboard: the chart is one tab stop; Escape (the card's) clears; arrows select bins.
  const box = added.locator('.chart-box');
  await box.focus();
  await expect(box).toHaveAttribute('aria-label', /Arrow keys select a bin/);
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText('n = 569 of 569');
  await allReady(page);
  await page.keyboard.press('End');
  await allReady(page);
  await page.keyboard.press('Shift+ArrowLeft');
  await allReady(page);
  await expect(added.locator('.calibration-readout')).toHaveText(/^p_malignant 0\.8 to 0\.9: \d+ rows, mean score /);
  await expect(added.locator('.cursor_marks path')).toBeVisible(); // the focused chart outlines the cursor's bin
  await added.screenshot({ path: path.join(SHOTS, 'calibration-keyboard.png') });
  spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ field: 'p_malignant', range: [0.8, 1], source: id }]);
  await expect(countOf(page, 't')).toHaveText(`n = ${native(BREAST_CANCER, spec).results.t.count} of 569`);
  await box.focus();
  await page.keyboard.press('Tab');
  await expect(added.locator('[data-action="export-chart"]')).toBeFocused();
});

test('on penguins it reads the top-label confidence, as the CLI; arrows read the bins out and select nothing', async ({ page }) => {
  const cli = native(PENGUINS, { sinfonia: 1, components: { c: { type: 'calibration' } } }).results.c;
  expect(cli.mode).toBe('top-label');
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const added = await addCalibration(page);
  const id = /** @type {string} */ (await added.getAttribute('data-component-id'));
  await expectMetrics(added, cli);
  await expect(countOf(page, id)).toHaveText(`n = ${cli.count} of 344`);
  await expect(added.locator('.points_marks path')).toHaveCount(cli.bins.filter((/** @type {any} */ b) => b.count).length);
  await expect(added.locator('.vega-target svg')).toContainText('accuracy (top class = label)');
  await added.screenshot({ path: path.join(SHOTS, 'calibration-penguins.png') });
  const box = added.locator('.chart-box');
  await box.focus();
  await page.keyboard.press('End');
  await expect(added.locator('.calibration-readout')).toHaveText(`top score 0.9 to 1: ${cli.bins[9].count} rows, mean confidence ${Number(cli.bins[9].mean_score.toPrecision(4))}, accuracy ${Number(cli.bins[9].frac_positive.toPrecision(4))}`);
  await allReady(page);
  // A click on a bin selects nothing either: the confidence is not a column.
  await added.locator('.bars_marks path').nth(9).click();
  await allReady(page);
  expect((await linkedSpec(page)).filters || []).toEqual([]);
});
