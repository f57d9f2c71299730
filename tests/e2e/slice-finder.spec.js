// slice-finder.spec.js — the slice finder as a person meets it: on the planted
// file (tests/reference/data/planted_slices.csv) the planted failing slices are
// listed with the CLI's numbers; a click on one filters the table to exactly its
// rows, Enter on another does the same; "Save" keeps a slice among the named
// slices (the bar's chip, the link's spec).

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');
const PLANTED = path.join(ROOT, 'tests', 'reference', 'data', 'planted_slices.csv');

const VIEW = {
  sinfonia: 1,
  columns: { label: { role: 'label' }, prediction: { role: 'prediction' } },
  components: { sf: { type: 'slice-finder' }, t: { type: 'table' }, n: { type: 'slice-metrics', source: 'named' } },
  layout: { rows: [{ columns: ['sf'] }, { columns: ['t', 'n'] }] },
};

/** @param {object} spec */
const cli = (spec) => JSON.parse(execFileSync(CLI, ['run', PLANTED, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results;

test('planted slices: the CLI\'s slices, a click and Enter filter, Save names one', async ({ page }) => {
  const native = cli(VIEW).sf;
  await page.goto('/' + linkFor(JSON.stringify(VIEW)));
  await openFile(page, PLANTED);
  await allReady(page);
  const sf = card(page, 'sf');
  const rows = sf.locator('.sf-table tbody tr');
  await expect(rows).toHaveCount(native.slices.length);
  for (const [i, s] of native.slices.entries()) {
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(s.count.toLocaleString('en-US'));
    await expect(rows.nth(i).locator('td').nth(2)).toHaveText(s.error_rate.toFixed(3));
    await expect(rows.nth(i).locator('td').nth(4)).toHaveText(s.score.toFixed(3));
  }
  // The planted three-predicate slice is first, read as its predicates.
  await expect(rows.nth(0).locator('th')).toHaveText('segment = c AND plan = premium AND channel = web');
  await page.screenshot({ path: path.join(SHOTS, 'slice-finder-planted.png'), fullPage: true });
  await sf.screenshot({ path: path.join(SHOTS, 'slice-finder-card.png') });

  // A click selects the slice: the table shows its rows.
  await rows.nth(0).click();
  await expect(countOf(page, 't')).toHaveText(`n = ${native.slices[0].count} of 5,000`);
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  // Enter on another row selects that one instead (a bin: exactly its rows).
  const bin = native.slices.findIndex((s) => s.predicates.some((p) => p.range));
  await rows.nth(bin).focus();
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${native.slices[bin].count} of 5,000`);
  // The same row again clears.
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText('n = 5,000 of 5,000');

  // Save: a named slice with the slice's name and filter.
  await rows.nth(1).locator('[data-action="save-found-slice"]').click();
  const name = 'device = tablet AND plan = basic';
  await expect(page.locator(`.slice-chip[data-slice="${name}"]`)).toBeVisible();
  await expect(rows.nth(1).locator('[data-action="save-found-slice"]')).toHaveText('Saved');
  await expect(countOf(page, 't')).toHaveText('n = 5,000 of 5,000'); // saving does not select
  // slice-metrics compares the named slice: its rows are the found slice's.
  await allReady(page);
  const named = card(page, 'n').locator('.slice-metrics-table tbody tr').filter({ hasText: name });
  await expect(named).toHaveCount(1);
  await expect(named.locator('td').first()).toHaveText(native.slices[1].count.toLocaleString('en-US'));
  await rows.nth(2).click(); // a bin slice selected, for the picture
  await expect(countOf(page, 't')).toHaveText(`n = ${native.slices[2].count} of 5,000`);
  await allReady(page);
  await sf.screenshot({ path: path.join(SHOTS, 'slice-finder-selected-saved.png') });
});
