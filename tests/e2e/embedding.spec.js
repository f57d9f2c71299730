// embedding.spec.js — the embedding component as a person uses it: open the digits
// (tests/reference/data/digits_embedding.csv: px00..px63, label, pred) with a view of a
// PCA map and a table, see the points drawn, brush a box and see the table filtered to
// exactly the rows inside it; the exported results equal the CLI's run of the page's link.
// Then the same with a density (more rows than max_points): the brush asks the engine
// for the rows in the box. Keyboard: arrows move a box, Enter selects, Escape clears.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor, drag, linkedSpec } from './helpers.js';

const DIGITS = path.join(ROOT, 'tests', 'reference', 'data', 'digits_embedding.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const ALL = 'n = 1,797 of 1,797';

/** `sinfonia run digits_embedding.csv` with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', DIGITS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 }));

/** @param {object} emb the embedding's config */
const view = (emb) => JSON.stringify({
  sinfonia: 1, filters: [], components: { e: { type: 'embedding', ...emb }, t: { type: 'table', limit: 5 } },
  layout: { rows: [{ columns: ['e', 't'] }] },
});

test('embedding: the digits as PCA points coloured by label; a brush filters the table to the rows inside', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/' + linkFor(view({})));
  await openFile(page, DIGITS);
  await allReady(page);
  const emb = card(page, 'e');
  await expect(emb).toHaveAttribute('data-component-type', 'embedding');
  await expect(countOf(page, 't')).toHaveText(ALL);
  const cli = native(await linkedSpec(page)).results.e;
  expect(cli.points).toHaveLength(1797);
  // every point drawn, with the ten labels in the legend
  await expect(emb.locator('.points_marks path')).toHaveCount(1797);
  await expect(emb.locator('.role-legend-label text')).toHaveCount(10);
  await expect(emb.locator('.chart-caption')).toContainText('64 columns (px00, px01, px02, …)');
  await page.screenshot({ path: path.join(SHOTS, 'digits-embedding.png'), fullPage: true });

  await drag(page, emb.locator('.points_marks'), 0.55, 0.2, 0.95, 0.6);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await expect(countOf(page, 'e')).toHaveText(ALL); // not filtered by its own brush
  const spec = await linkedSpec(page);
  expect(spec.filters).toHaveLength(1);
  const [clause] = spec.filters;
  expect(clause.source).toBe('e');
  // the selection is exactly the rows whose points are inside the drawn box
  const rows = clause.rows;
  expect(rows.length).toBeGreaterThan(10);
  const inside = new Set(rows);
  const xs = cli.points.filter((/** @type {any} */ _, /** @type {number} */ k) => inside.has(cli.rows[k])).map((/** @type {number[]} */ p) => p[0]);
  const ys = cli.points.filter((/** @type {any} */ _, /** @type {number} */ k) => inside.has(cli.rows[k])).map((/** @type {number[]} */ p) => p[1]);
  const [bx0, bx1, by0, by1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const within = cli.rows.filter((/** @type {number} */ _, /** @type {number} */ k) => {
    const [x, y] = cli.points[k];
    return x >= bx0 && x <= bx1 && y >= by0 && y <= by1;
  });
  expect(within).toEqual(rows); // no point inside the selection's bounding box was left out
  const out = native(spec);
  expect(out.results.t.count).toBe(rows.length);
  await expect(countOf(page, 't')).toHaveText(`n = ${rows.length.toLocaleString('en-US')} of 1,797`);
  await page.screenshot({ path: path.join(SHOTS, 'digits-embedding-brushed.png'), fullPage: true });
  await emb.screenshot({ path: path.join(SHOTS, 'digits-embedding-card.png') });

  // The exported results equal the CLI's run of the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(out.results);

  // Keyboard: the chart is one tab stop; Escape clears; arrows move a box, Enter selects it.
  await emb.locator('.chart-box').focus();
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'Shift+ArrowRight', 'Shift+ArrowUp', 'Enter']) {
    await page.keyboard.press(key);
  }
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  expect((await linkedSpec(page)).filters[0].rows.length).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

test('embedding as a density (more rows than max_points): a brush asks the engine for the rows in the box', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/' + linkFor(view({ max_points: 500, grid: 30, color: 'error' })));
  await openFile(page, DIGITS);
  await allReady(page);
  const emb = card(page, 'e');
  const cli = native(await linkedSpec(page)).results.e;
  expect(cli.density.cells.length).toBeGreaterThan(50);
  await expect(emb.locator('.cells_marks path')).toHaveCount(cli.density.cells.length);
  await drag(page, emb.locator('.cells_marks'), 0.1, 0.1, 0.6, 0.6);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const spec = await linkedSpec(page);
  const rows = spec.filters[0].rows;
  expect(rows.length).toBeGreaterThan(0);
  const out = native(spec);
  expect(out.results.t.count).toBe(rows.length);
  await emb.screenshot({ path: path.join(SHOTS, 'digits-embedding-density.png') });
  expect(problems).toEqual([]);
});

test('embedding from the Add list on penguins: the plain numeric features, rows lacking one left out and said so', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const PENGUINS = path.join(ROOT, 'examples', 'penguins.csv');
  await page.goto('/' + linkFor(fs.readFileSync(path.join(ROOT, 'examples', 'penguins.spec.json'), 'utf8')));
  await openFile(page, PENGUINS);
  await allReady(page);
  await page.locator('[data-role="add-component-type"]').selectOption('embedding');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-type="embedding"]');
  await expect(added).toHaveAttribute('data-state', 'ready');
  await expect(added.locator('h2')).toHaveText('Embedding');
  const id = await added.getAttribute('data-component-id');
  const spec = await linkedSpec(page);
  const cli = JSON.parse(execFileSync(CLI, ['run', PENGUINS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results[String(id)];
  expect(cli.fields).toEqual(['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']);
  expect(cli.missing).toBe(2);
  await expect(added.locator('.points_marks path')).toHaveCount(342);
  await expect(added.locator('.chart-caption')).toContainText('2 rows with a missing value left out');
  await expect(added.locator('.role-legend-label text')).toHaveText(['Adelie', 'Chinstrap', 'Gentoo']);
  await added.screenshot({ path: path.join(SHOTS, 'penguins-embedding-card.png') });
  expect(problems).toEqual([]);
});
