// slice-metrics.spec.js — metrics by slice as a person meets it: a link's view of
// penguins by island, the same numbers as the CLI, a click on a slice filters the
// table to exactly its rows (bins too: an edge value shared by two bins is counted
// once), the keyboard does the same; added from the Add list it picks a column.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, PENGUINS, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');

/** The CLI's results for a spec over penguins. @param {object} spec */
function cli(spec) {
  return JSON.parse(execFileSync(CLI, ['run', PENGUINS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results;
}

/** A slice's row in card `id`, found by its description. @param {import('@playwright/test').Page} page @param {string} id @param {string} name */
const sliceRow = (page, id, name) => card(page, id).locator('.rows_marks').getByLabel(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));

/** @param {number | null} v */
const three = (v) => (v === null ? '–' : v.toFixed(3));

const VIEW = {
  sinfonia: 1,
  components: {
    sm: { type: 'slice-metrics', field: 'island' },
    bins: { type: 'slice-metrics', field: 'bill_length_mm', bins: 5, sort: 'value' },
    q: { type: 'slice-metrics', field: 'flipper_length_mm', binning: 'quantile', sort: 'value', metric: 'error_rate' },
    t: { type: 'table' },
  },
  layout: { rows: [{ columns: ['sm', 'bins'] }, { columns: ['q', 't'] }] },
};

test('by island: the CLI\'s numbers, a click filters the table to the slice, keys do too', async ({ page }) => {
  const native = cli(VIEW);
  await page.goto('/' + linkFor(JSON.stringify(VIEW)));
  await openFile(page, PENGUINS);
  await allReady(page);
  const sm = card(page, 'sm');
  await expect(countOf(page, 'sm')).toHaveText('n = 344 of 344');
  // Rows in the kernel's order (the worst gap first), with the CLI's numbers.
  const rows = sm.locator('.slice-metrics-table tbody tr');
  await expect(rows).toHaveCount(native.sm.groups.length + 1);
  for (const [i, g] of native.sm.groups.entries()) {
    await expect(rows.nth(i).locator('th')).toHaveText(g.value);
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(`${three(g.accuracy)} [${three(g.accuracy_ci[0])}, ${three(g.accuracy_ci[1])}]`);
    await expect(rows.nth(i).locator('td').nth(4)).toHaveText(three(g.f1));
  }
  expect(native.sm.groups[0].value).toBe('Dream'); // the worst island first
  await expect(sm.locator('.whole_marks line')).toHaveCount(1); // the line at the overall accuracy
  await expect(sm.locator('.points_marks path')).toHaveCount(3);
  // A click on Dream selects its rows: the table shows 124.
  await sliceRow(page, 'sm', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await allReady(page);
  await expect(sliceRow(page, 'sm', 'Dream')).toHaveAttribute('aria-label', /, selected$/);
  // A second click clears.
  await sliceRow(page, 'sm', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
  await allReady(page);
  // The keyboard: the chart is one tab stop; ArrowDown selects the first slice, again the next.
  const box = sm.locator('.chart-box');
  await box.focus();
  await page.keyboard.press('ArrowDown');
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await page.keyboard.press('ArrowDown');
  await expect(countOf(page, 't')).toHaveText(`n = ${native.sm.groups[1].count} of 344`);
  await allReady(page);
  await page.keyboard.press('Escape');
  await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
  await allReady(page);
  await page.screenshot({ path: path.join(SHOTS, 'slice-metrics-penguins.png'), fullPage: true });
});

test('a bin selects exactly its rows: the edge value it shares with the next bin is not taken', async ({ page }) => {
  const native = cli(VIEW);
  await page.goto('/' + linkFor(JSON.stringify(VIEW)));
  await openFile(page, PENGUINS);
  await allReady(page);
  // Equal-width [37.6, 43.1): 43.1 is a value of the file and belongs to the next bin.
  const bin = native.bins.groups.find((/** @type {any} */ g) => g.lo === 37.6);
  expect(bin.hi).toBe(43.1);
  await sliceRow(page, 'bins', '[37.6, 43.1)').click();
  await expect(countOf(page, 't')).toHaveText(`n = ${bin.count + bin.missing} of 344`);
  await allReady(page);
  // The quantile card sees the selection; its own bins stay, their counts drop.
  await expect(countOf(page, 'q')).toHaveText(`n = ${bin.count + bin.missing} of 344`);
  await sliceRow(page, 'bins', '[37.6, 43.1)').click();
  await allReady(page);
  // Quantile (lo, hi] of integers: many rows sit on the edges; a bin still selects only its own.
  const q = native.q.groups.filter((/** @type {any} */ g) => 'lo' in g);
  const inner = q[3];
  const name = `(${inner.lo}, ${inner.hi}]`;
  await expect(card(page, 'q').locator('.slice-metrics-table tbody th').nth(3)).toHaveText(name);
  await sliceRow(page, 'q', name).click();
  await expect(countOf(page, 't')).toHaveText(`n = ${inner.count + inner.missing} of 344`);
  await allReady(page);
  await card(page, 'q').screenshot({ path: path.join(SHOTS, 'slice-metrics-quantile-error-rate.png') });
});

test('added from the Add list, it picks a column and draws', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await page.locator('[data-role="add-component-type"]').selectOption('slice-metrics');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-type="slice-metrics"]');
  await expect(added).toHaveAttribute('data-state', 'ready');
  await expect(added.locator('h2')).toHaveText(/^Metrics by slice · /);
  await expect(added.locator('.rows_marks path').first()).toBeVisible();
});
