// label-issues.spec.js — the label-issues component as a person uses it: open
// penguins.csv, add "Label issues" from the Add list, read the ranked rows the CLI
// finds, click one (the table filters to that row; the label-issues list does not
// filter itself), Enter on another, "Select all listed issues", and export results
// equal to the CLI's run of the page's own link.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, PENGUINS, SHOTS, countOf, openFile, allReady, linkedSpec } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');
const FLIPS = path.join(ROOT, 'tests', 'reference', 'data', 'label_flips.csv');

/** `sinfonia run FILE` with this spec. @param {string} file @param {object} spec */
const native = (file, spec) => JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));

/** Add "Label issues" from the Add list; its card once ready. @param {import('@playwright/test').Page} page */
async function addLabelIssues(page) {
  await page.locator('[data-role="add-component-type"]').selectOption('label-issues');
  await page.locator('[data-action="add-component"]').click();
  const added = page.locator('[data-component-type="label-issues"]');
  await expect(added).toHaveCount(1);
  await expect(added).toHaveAttribute('data-state', 'ready');
  await allReady(page);
  return added;
}

test('penguins: the ranked issues are the CLI\'s; a click or Enter selects a row and the table filters to it', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const li = await addLabelIssues(page);
  const id = /** @type {string} */ (await li.getAttribute('data-component-id'));
  const tableId = /** @type {string} */ (await page.locator('[data-component-type="table"]').first().getAttribute('data-component-id'));
  const cli = native(PENGUINS, await linkedSpec(page)).results[id];
  expect(cli.count).toBeGreaterThan(0);

  // The rows appear in the CLI's order, with the given and suggested labels.
  const rows = li.locator('tbody tr.li-issue');
  await expect(rows).toHaveCount(cli.issues.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => Number(/** @type {HTMLElement} */ (tr).dataset.row))))
    .toEqual(cli.issues.map((/** @type {any} */ i) => i.row));
  const first = cli.issues[0];
  await expect(rows.first().locator('td').nth(2)).toHaveText(first.given);
  await expect(rows.first().locator('td').nth(3)).toHaveText(first.suggested);
  await expect(li.locator('.li-summary')).toContainText(`${cli.count} rows`);
  await expect(li.locator('.li-summary')).toContainText('likely mislabelled; most often Chinstrap given as Adelie');
  await expect(countOf(page, id)).toHaveText('n = 344 of 344');

  // A click selects that row: the table shows it alone; the issue list is not filtered by itself.
  await rows.nth(1).click();
  await expect(countOf(page, tableId)).toHaveText('n = 1 of 344');
  await allReady(page);
  await expect(rows).toHaveCount(cli.issues.length);
  await expect(li.locator('tbody tr.selected')).toHaveCount(1);
  await expect(li.locator('tbody tr.selected')).toHaveAttribute('data-row', String(cli.issues[1].row));
  const spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ rows: [cli.issues[1].row], source: id }]);
  const out = native(PENGUINS, spec);
  expect(out.results[tableId].rows.map((/** @type {any} */ r) => r.row)).toEqual([cli.issues[1].row]);
  await page.screenshot({ path: path.join(SHOTS, 'label-issues-penguins.png'), fullPage: true });
  await li.screenshot({ path: path.join(SHOTS, 'label-issues-card.png') });

  // The exported results equal the CLI's run of the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(out.results);

  // Keyboard: ArrowDown moves to the next row, Enter selects it.
  await rows.nth(1).focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(li.locator('tbody tr.selected')).toHaveAttribute('data-row', String(cli.issues[2].row));
  await allReady(page);

  // Select all listed issues: the table holds exactly them.
  await li.locator('.li-select-all').click();
  await expect(countOf(page, tableId)).toHaveText(`n = ${cli.issues.length} of 344`);
  await allReady(page);
  await expect(li.locator('tbody tr.selected')).toHaveCount(cli.issues.length);
  await li.locator('.li-clear').click();
  await expect(countOf(page, tableId)).toHaveText('n = 344 of 344');

  // The confident joint, opened: the CLI's counts, given label by true label.
  await li.locator('.li-details summary').click();
  const cells = await li.locator('.li-matrix tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  expect(cells).toEqual(cli.confident_joint);
  await li.screenshot({ path: path.join(SHOTS, 'label-issues-joint.png') });
  expect(problems).toEqual([]);
});

test('planted flips: the page lists the CLI\'s issues, most of them planted', async ({ page }) => {
  await page.goto('/');
  await openFile(page, FLIPS);
  await allReady(page);
  const li = await addLabelIssues(page);
  const id = /** @type {string} */ (await li.getAttribute('data-component-id'));
  const cli = native(FLIPS, await linkedSpec(page)).results[id];
  await expect(li.locator('tbody tr.li-issue')).toHaveCount(Math.min(cli.count, cli.limit));
  await expect(li.locator('.li-summary')).toContainText(`${cli.count} rows`);
  await li.screenshot({ path: path.join(SHOTS, 'label-issues-flips.png') });
});
