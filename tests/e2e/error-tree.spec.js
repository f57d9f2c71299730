// error-tree.spec.js — the error tree as a person meets it: on titanic the tree the CLI
// fits is drawn (one rectangle per node, described in words); a click on the worst leaf
// filters the table to exactly its rows, the link keeps the selection and a page opened
// from it shows the same; the keyboard walks the tree (↓ ↑ → select, Enter toggles,
// Escape clears); the leaf list selects with Enter. Screenshots on penguins and titanic.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, PENGUINS, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');
const TITANIC = path.join(ROOT, 'examples', 'titanic.csv');

/** @param {string} file @param {object} spec */
const cli = (file, spec) => JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results;

/** The view: the tree above a table and a confusion matrix. @param {object} [config] */
const viewOf = (config = {}) => ({
  sinfonia: 1,
  components: { et: { type: 'error-tree', ...config }, t: { type: 'table' }, cm: { type: 'confusion-matrix' } },
  layout: { rows: [{ columns: ['et'] }, { columns: ['t', 'cm'] }] },
});

/** The spec the page's link holds once copy-link has written it. @param {import('@playwright/test').Page} page */
async function linkedSpec(page) {
  const before = await page.evaluate(() => location.hash); // the link the page was opened with
  await page.locator('[data-action="copy-link"]').click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  const hash = await page.evaluate(() => location.hash);
  return { hash, spec: JSON.parse(zlib.inflateRawSync(Buffer.from(hash.slice(3), 'base64url')).toString('utf8')) };
}

/** A node's rectangle, found by its description (its whole path first). @param {import('@playwright/test').Locator} c @param {string} path */
const nodeMark = (c, path) => c.locator('.nodes_marks').getByLabel(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));

test('titanic: the CLI\'s tree; a click on a node filters exactly its rows; the link keeps it; keys walk the tree', async ({ page }) => {
  const view = viewOf();
  const native = cli(TITANIC, view).et;
  await page.goto('/' + linkFor(JSON.stringify(view)));
  await openFile(page, TITANIC);
  await allReady(page);
  const et = card(page, 'et');
  await expect(et.locator('.nodes_marks path')).toHaveCount(native.nodes.length);
  await expect(nodeMark(et, 'all rows')).toHaveAttribute('aria-label',
    `all rows: 1,309 rows, ${native.errors} errors, error rate ${native.error_rate.toFixed(3)}`);
  await et.screenshot({ path: path.join(SHOTS, 'error-tree-titanic.png') });

  // The worst leaf, listed first under the chart; its rectangle clicked selects its rows.
  const leaves = native.nodes.filter((/** @type {any} */ n) => !n.children.length)
    .sort((/** @type {any} */ a, /** @type {any} */ b) => b.error_rate - a.error_rate || b.count - a.count);
  const worst = leaves[0];
  const first = et.locator('.et-leaves tbody tr').first();
  await expect(first.locator('td').first()).toHaveText(String(worst.count));
  const words = await first.locator('th').textContent();
  await nodeMark(et, String(words)).click();
  await expect(countOf(page, 't')).toHaveText(`n = ${worst.count} of 1,309`);
  await expect(countOf(page, 'cm')).toHaveText(`n = ${worst.count} of 1,309`);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(nodeMark(et, String(words))).toHaveAttribute('aria-label', /, selected$/);
  // The confusion matrix agrees: its rows are the node's, its errors the node's errors.
  const cmNative = cli(TITANIC, { ...view, filters: [{ ...worst.filter, source: 'et' }] }).cm;
  expect(cmNative.count).toBe(worst.count);
  expect(cmNative.count - cmNative.matrix.reduce((/** @type {number} */ a, /** @type {number[]} */ row, /** @type {number} */ i) => a + row[i], 0)).toBe(worst.errors);
  await allReady(page);
  await et.screenshot({ path: path.join(SHOTS, 'error-tree-titanic-selected.png') });

  // The link keeps the selection: a page opened from it shows the same rows.
  const { hash, spec } = await linkedSpec(page);
  expect(spec.filters).toEqual([{ ...worst.filter, source: 'et' }]);
  const again = await page.context().newPage();
  await again.goto('/' + hash);
  await openFile(again, TITANIC);
  await allReady(again);
  await expect(countOf(again, 't')).toHaveText(`n = ${worst.count} of 1,309`);
  await expect(card(again, 'et').locator('.et-leaves tbody tr').first()).toHaveAttribute('aria-selected', 'true');
  await again.close();

  // A click on the selected node clears.
  await nodeMark(et, String(words)).click();
  await expect(countOf(page, 't')).toHaveText('n = 1,309 of 1,309');

  // Keys: ↓ selects the root's left child, → its neighbour, ↑ the root (clears), Enter toggles.
  const [left, right] = native.nodes[0].children.map((/** @type {number} */ i) => native.nodes[i]);
  await et.locator('.chart-box').focus();
  await page.keyboard.press('ArrowDown');
  await expect(countOf(page, 't')).toHaveText(`n = ${left.count.toLocaleString('en-US')} of 1,309`);
  await page.keyboard.press('ArrowRight');
  await expect(countOf(page, 't')).toHaveText(`n = ${right.count.toLocaleString('en-US')} of 1,309`);
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText('n = 1,309 of 1,309');
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${right.count.toLocaleString('en-US')} of 1,309`);
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText('n = 1,309 of 1,309');
  // A listed leaf selects with Enter.
  await et.locator('.et-leaves tbody tr').nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${leaves[1].count} of 1,309`);
});

test('penguins: the tree drawn; a deep node selects exactly its rows; no errors and no rows say so', async ({ page }) => {
  const view = viewOf({ max_depth: 4, min_samples_leaf: 8 });
  const native = cli(PENGUINS, view).et;
  await page.goto('/' + linkFor(JSON.stringify(view)));
  await openFile(page, PENGUINS);
  await allReady(page);
  const et = card(page, 'et');
  await expect(et.locator('.nodes_marks path')).toHaveCount(native.nodes.length);
  await et.screenshot({ path: path.join(SHOTS, 'error-tree-penguins.png') });
  const deep = native.nodes.filter((/** @type {any} */ n) => n.depth === 3).sort((/** @type {any} */ a, /** @type {any} */ b) => b.count - a.count)[0];
  await et.locator('.nodes_marks path').nth(deep.id).click(); // drawn in node order
  await expect(et.locator('.nodes_marks path').nth(deep.id)).toHaveAttribute('aria-label', /, selected$/);
  await expect(countOf(page, 't')).toHaveText(`n = ${deep.count} of 344`);
  await allReady(page);
  await et.screenshot({ path: path.join(SHOTS, 'error-tree-penguins-selected.png') });
  // A filter on the rows the model gets right leaves no error to split.
  const right = { ...view, filters: [{ field: 'species', in: ['Gentoo'] }, { field: 'species_pred', in: ['Gentoo'] }] };
  const none = cli(PENGUINS, right).et;
  expect(none.errors).toBe(0);
  await page.goto('/' + linkFor(JSON.stringify(right)));
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(card(page, 'et')).toContainText(`The model makes no errors on these ${none.count} rows`);
});
