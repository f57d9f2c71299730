// regression.spec.js — the regression component as a person uses it: open
// cars_mpg.csv with the link of its example view, read the metrics (the same as
// the CLI's), add another "Regression" from the Add list, brush predicted against
// actual and see the other views filtered.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor, linkedSpec } from './helpers.js';

const MPG = path.join(ROOT, 'examples', 'cars_mpg.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const ALL = 'n = 406 of 406';

/** `sinfonia run cars_mpg.csv` with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', MPG, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));

test('regression from the Add list: metrics as the CLI, a brush on predicted vs actual filters the table', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  // The link of the example's view (examples/cars_mpg.spec.json), then the file.
  await page.goto('/' + linkFor(fs.readFileSync(path.join(ROOT, 'examples', 'cars_mpg.spec.json'), 'utf8')));
  await openFile(page, MPG);
  await allReady(page);
  const reg = card(page, 'reg');
  await expect(reg).toHaveAttribute('data-component-type', 'regression');

  // The metrics are the CLI's: the text rounded, the title the whole number.
  const cli = native(await linkedSpec(page)).results.reg;
  expect(cli.label).toBe('miles_per_gallon');
  const mae = reg.locator('[data-metric="mae"]');
  await expect(mae).toHaveAttribute('title', String(cli.mae));
  await expect(mae.locator('strong')).toHaveText(String(Number(cli.mae.toPrecision(4))));
  await expect(reg.locator('[data-metric="rmse"]')).toHaveAttribute('title', String(cli.rmse));
  await expect(reg.locator('[data-metric="r2"] strong')).toHaveText(cli.r2.toFixed(3));
  await expect(reg.locator('.chart-caption')).toContainText('8 rows with a missing miles_per_gallon or miles_per_gallon_pred left out');
  await expect(countOf(page, 'reg')).toHaveText(ALL);
  const cellsDrawn = await reg.locator('.cells_marks path[aria-label]').count();
  expect(cellsDrawn).toBe(cli.scatter.cells.length);

  // Brush the middle of the heat map: the table shows the rows in the snapped box.
  const plot = await reg.locator('.cells_marks').boundingBox();
  if (!plot) throw new Error('no heat map');
  const at = (/** @type {number} */ fx, /** @type {number} */ fy) => [plot.x + plot.width * fx, plot.y + plot.height * fy];
  const [x0, y0] = at(0.25, 0.3), [x1, y1] = at(0.6, 0.75);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 4 });
  await page.mouse.move(x1, y1, { steps: 4 });
  await page.mouse.up();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(countOf(page, 'reg')).toHaveText(ALL); // not filtered by its own brush
  // Another regression, added from the Add list, is filtered by it.
  await page.locator('[data-role="add-component-type"]').selectOption('regression');
  await page.locator('[data-action="add-component"]').click();
  const added = card(page, 'regr1');
  await expect(added).toHaveAttribute('data-state', 'ready');
  await expect(added.locator('h2')).toHaveText('Regression');
  await allReady(page);

  const spec = await linkedSpec(page);
  expect(spec.filters).toHaveLength(1);
  const [clause] = spec.filters;
  expect(clause.source).toBe('reg');
  expect(clause.and.map((/** @type {any} */ p) => p.field)).toEqual(['miles_per_gallon', 'miles_per_gallon_pred']);
  // Snapped to cell edges: linspace(lo, hi, grid + 1) over the scatter's extent.
  const [lo, hi] = cli.scatter.x, w = (hi - lo) / cli.scatter.grid;
  for (const p of clause.and) {
    for (const v of p.range) expect(Math.abs((v - lo) / w - Math.round((v - lo) / w))).toBeLessThan(1e-6);
    expect(p.range[1]).toBeGreaterThan(p.range[0]);
  }
  const out = native(spec);
  const selected = out.results.t.count;
  expect(selected).toBeGreaterThan(0);
  expect(selected).toBeLessThan(398);
  await expect(countOf(page, 't')).toHaveText(`n = ${selected} of 406`);
  await expect(countOf(page, 'h1')).toHaveText(`n = ${selected} of 406`);
  await expect(countOf(page, 'regr1')).toHaveText(`n = ${selected} of 406`);
  await expect(added.locator('[data-metric="mae"]')).toHaveAttribute('title', String(out.results.regr1.mae));

  await page.screenshot({ path: path.join(SHOTS, 'cars-mpg-regression.png'), fullPage: true });
  await reg.screenshot({ path: path.join(SHOTS, 'cars-mpg-regression-card.png') });

  // The exported results equal the CLI's run of the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(out.results);

  // Keyboard: the chart is one tab stop; Escape (the card's) clears the selection.
  await reg.locator('.chart-box').focus();
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  // An arrow key selects a cell: the rows in it.
  await page.keyboard.press('ArrowRight');
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const one = (await linkedSpec(page)).filters[0];
  for (const p of one.and) expect(Math.abs(p.range[1] - p.range[0] - w)).toBeLessThan(1e-9);
  expect(problems).toEqual([]);
});
