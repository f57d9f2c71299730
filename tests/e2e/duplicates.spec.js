// duplicates.spec.js — the duplicates component as a person uses it: open the
// planted file (tests/reference/data/duplicates_planted.csv) with a view of
// duplicates, a table and a histogram; read the summary (the CLI's counts); click
// an exact group and see the other views filtered to its rows; the keyboard does
// the same; the exported results equal the CLI's run of the page's own link.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor, linkedSpec } from './helpers.js';

const FILE = path.join(ROOT, 'tests', 'reference', 'data', 'duplicates_planted.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const ALL = 'n = 5,000 of 5,000';
const SPEC = {
  sinfonia: 1,
  data: { name: 'duplicates_planted.csv' },
  columns: { id: { role: 'id' } },
  filters: [],
  components: { dup: { type: 'duplicates' }, t: { type: 'table' }, h1: { type: 'histogram', field: 'f00', bins: 20 } },
};

/** `sinfonia run` of the planted file with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));

test('duplicates: the summary is the CLI\'s, a click or Enter on a group filters the other views', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/' + linkFor(JSON.stringify(SPEC)));
  await openFile(page, FILE);
  await allReady(page);
  const dup = card(page, 'dup');
  const cli = native(await linkedSpec(page)).results.dup;
  const c = cli.counts;
  expect(c.exact_groups).toBeGreaterThan(0);
  await expect(dup.locator('.dup-summary')).toContainText(`${c.exact_groups} exact groups covering ${c.exact_rows} rows; ${c.exact_leakage} cross split`);
  await expect(dup.locator('.dup-summary')).toContainText(`${c.near_pairs} near pairs`);
  await expect(dup.locator('button.dup-pick')).toHaveCount(cli.exact.length + cli.near.length);

  // A click on the first exact group: the table and the histogram show its rows only.
  const first = cli.exact[0];
  await dup.locator('button.dup-pick').first().click();
  await expect(countOf(page, 't')).toHaveText(`n = ${first.length} of 5,000`);
  await expect(countOf(page, 'h1')).toHaveText(`n = ${first.length} of 5,000`);
  await allReady(page);
  await expect(countOf(page, 'dup')).toHaveText(ALL); // not filtered by its own selection
  await expect(dup.locator('button.dup-pick').first()).toHaveAttribute('aria-pressed', 'true');
  const spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ rows: first, source: 'dup' }]);

  await page.screenshot({ path: path.join(SHOTS, 'duplicates-planted.png'), fullPage: true });
  await dup.screenshot({ path: path.join(SHOTS, 'duplicates-card.png') });

  // The exported results equal the CLI's run of the page's own link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(native(spec).results);

  // Keyboard: Enter on the focused (selected) group clears; Tab to the next and Enter selects it.
  await dup.locator('button.dup-pick').first().focus();
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(ALL);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(`n = ${cli.exact[1].length} of 5,000`);
  expect(problems).toEqual([]);
});

test('duplicates: the approximate neighbour search says so, and the page finds the CLI\'s pairs', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const spec = { ...SPEC, components: { dup: { type: 'duplicates', search: 'approximate' } } };
  await page.goto('/' + linkFor(JSON.stringify(spec)));
  await openFile(page, FILE);
  await allReady(page);
  const dup = card(page, 'dup');
  const cli = native(await linkedSpec(page)).results.dup;
  expect(cli.near_info.exact).toBe(false);
  await expect(dup.locator('.dup-summary')).toContainText(`${cli.counts.near_pairs} near pairs`);
  await expect(dup).toContainText('approximate nearest neighbours');
  await dup.screenshot({ path: path.join(SHOTS, 'duplicates-approximate.png') });
  // the page's wasm lists the same pairs at the same distances as the native CLI
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results.dup).toEqual(cli);
  expect(problems).toEqual([]);
});
