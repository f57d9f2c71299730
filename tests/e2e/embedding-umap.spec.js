// embedding-umap.spec.js — the embedding component's UMAP map as a person uses it: the
// digits (examples/digits.csv) as a UMAP map computed in the page's wasm, the ten digits
// coloured; the page's exported result equals the CLI's run of its own link to the bit
// (the map is deterministic from its seed on both sides); a brush filters the table to
// exactly the rows inside it; a lasso selects the rows inside a free shape; the select
// above the chart switches to PCA. Then a density
// (more rows than max_points): a brush asks the engine for the rows in the box, which it
// answers from the map it just made.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, linkFor, drag, linkedSpec } from './helpers.js';

const DIGITS = path.join(ROOT, 'examples', 'digits.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const ALL = 'n = 1,797 of 1,797';
const COLUMNS = { id: { role: 'id' }, digit: { role: 'label' }, digit_pred: { role: 'prediction' } };

/** `sinfonia run digits.csv` with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', DIGITS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 }));

/** Every card ready; a map takes seconds. @param {import('@playwright/test').Page} page */
async function ready(page) {
  await expect(page.locator('[data-component-id]').first()).toBeVisible();
  await expect(page.locator('[data-component-id]:not([data-state="ready"])')).toHaveCount(0, { timeout: 120_000 });
}

/** @param {object} emb the embedding's config */
const view = (emb) => JSON.stringify({
  sinfonia: 1, columns: COLUMNS, filters: [],
  components: { e: { type: 'embedding', method: 'umap', ...emb }, t: { type: 'table', limit: 5 } },
  layout: { rows: [{ columns: ['e', 't'] }] },
});

test('UMAP of the digits in the page: the CLI\'s numbers, a brush filters to the rows inside, PCA one choice away', async ({ page }) => {
  test.setTimeout(300_000);
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/' + linkFor(view({ epochs: 200 })));
  await openFile(page, DIGITS);
  await ready(page);
  const emb = card(page, 'e');
  await expect(emb.locator('.points_marks path')).toHaveCount(1797);
  await expect(emb.locator('.role-legend-label text')).toHaveCount(10);
  await expect(emb.locator('.role-axis-title text')).toHaveText(['UMAP 1', 'UMAP 2']);
  await expect(emb.locator('.chart-caption')).toContainText('UMAP: 15 neighbours, min_dist 0.1, 200 epochs, seed 42');
  await expect(emb.locator('[data-role="embedding-method"]')).toHaveValue('umap');
  await emb.screenshot({ path: path.join(SHOTS, 'digits-umap-card.png') });

  // the page's result is the CLI's, to the bit
  const spec = await linkedSpec(page);
  const out = native(spec);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results.e.method).toBe('umap');
  expect(web.results).toEqual(out.results);
  const cli = out.results.e;

  // a brush: exactly the rows whose points are inside it
  await drag(page, emb.locator('.points_marks'), 0.05, 0.05, 0.5, 0.5);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await ready(page);
  const rows = (await linkedSpec(page)).filters[0].rows;
  expect(rows.length).toBeGreaterThan(10);
  const inside = new Set(rows);
  const pts = cli.points.filter((/** @type {any} */ _, /** @type {number} */ k) => inside.has(cli.rows[k]));
  const [bx0, bx1] = [Math.min(...pts.map((/** @type {number[]} */ p) => p[0])), Math.max(...pts.map((/** @type {number[]} */ p) => p[0]))];
  const [by0, by1] = [Math.min(...pts.map((/** @type {number[]} */ p) => p[1])), Math.max(...pts.map((/** @type {number[]} */ p) => p[1]))];
  const within = cli.rows.filter((/** @type {number} */ _, /** @type {number} */ k) => {
    const [x, y] = cli.points[k];
    return x >= bx0 && x <= bx1 && y >= by0 && y <= by1;
  });
  expect(within).toEqual(rows);
  await expect(countOf(page, 't')).toHaveText(`n = ${rows.length.toLocaleString('en-US')} of 1,797`);
  await page.screenshot({ path: path.join(SHOTS, 'digits-umap-brushed.png'), fullPage: true });

  // the lasso: a free shape instead of the box (drawn over the chart while dragging)
  await emb.locator('[data-role="embedding-lasso"]').click();
  await expect(emb.locator('[data-role="embedding-lasso"]')).toHaveAttribute('aria-pressed', 'true');
  const b = await emb.locator('.points_marks').boundingBox();
  if (!b) throw new Error('nothing drawn');
  const corners = [[0.56, 0.3], [0.95, 0.35], [0.9, 0.9], [0.6, 0.7], [0.56, 0.3]].map(([fx, fy]) => [b.x + b.width * fx, b.y + b.height * fy]);
  await page.mouse.move(corners[0][0], corners[0][1]);
  await page.mouse.down();
  for (const [x, y] of corners.slice(1)) await page.mouse.move(x, y, { steps: 6 });
  await expect(emb.locator('.lasso-overlay polyline')).toHaveCount(1);
  await emb.screenshot({ path: path.join(SHOTS, 'digits-umap-lasso-drawing.png') });
  await page.mouse.up();
  await expect(emb.locator('.lasso-overlay')).toHaveCount(0);
  await expect(countOf(page, 't')).not.toHaveText(`n = ${rows.length.toLocaleString('en-US')} of 1,797`);
  await ready(page);
  const lassoed = (await linkedSpec(page)).filters[0].rows;
  expect(lassoed.length).toBeGreaterThan(10);
  expect(lassoed.length).toBeLessThan(1797);
  expect(lassoed.some((/** @type {number} */ r) => inside.has(r))).toBe(false); // the lasso lies right of the box
  expect(native(await linkedSpec(page)).results.t.count).toBe(lassoed.length);
  await emb.screenshot({ path: path.join(SHOTS, 'digits-umap-lassoed.png') });

  // the method select: PCA
  await emb.locator('[data-role="embedding-method"]').selectOption('pca');
  await ready(page);
  await expect(emb.locator('.role-axis-title text').first()).toContainText('PC1');
  expect(problems).toEqual([]);
});

test('UMAP as a density: a brush asks the engine for the rows in the box', async ({ page }) => {
  test.setTimeout(300_000);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/' + linkFor(view({ epochs: 60, max_points: 500, grid: 40, color: 'error' })));
  await openFile(page, DIGITS);
  await ready(page);
  const emb = card(page, 'e');
  await expect(emb.locator('.cells_marks path').first()).toBeVisible();
  await emb.screenshot({ path: path.join(SHOTS, 'digits-umap-density.png') });
  await drag(page, emb.locator('.cells_marks'), 0.1, 0.1, 0.6, 0.6);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await ready(page);
  const spec = await linkedSpec(page);
  const rows = spec.filters[0].rows;
  expect(rows.length).toBeGreaterThan(0);
  expect(native(spec).results.t.count).toBe(rows.length);
  expect(problems).toEqual([]);
});
