// duplicates-text.spec.js — near-duplicate texts as a person uses them: open
// examples/reviews.csv with its own view (examples/reviews.spec.json: duplicates,
// confusion matrix, histogram of product, table); the text pairs are listed with both
// texts side by side, as text; a click on a pair filters every other view to its two
// rows, Enter on the next one too; the exported results (wasm) equal the CLI's run of
// the page's own link (native): the MinHash hashing is the same on both.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor, linkedSpec } from './helpers.js';

const FILE = path.join(ROOT, 'examples', 'reviews.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'reviews.spec.json'), 'utf8'));
const ALL = 'n = 2,500 of 2,500';

/** `sinfonia run` of the reviews with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 }));

test('duplicates of texts: pairs side by side; a click or Enter on a pair filters the other views', async ({ page }) => {
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
  expect(cli.near_info.method).toBe('minhash');
  expect(cli.near.length).toBeGreaterThan(10);
  await expect(dup.locator('.dup-summary')).toContainText(`${cli.counts.near_pairs} near pairs`);
  await expect(dup.locator('button.dup-pick')).toHaveCount(cli.exact.length + cli.near.length);
  await expect(dup.locator('.chart-note').first()).toContainText(`pairs of text values whose character 5-grams`);

  // The first text pair: its two texts, as text, in the two text cells of its line.
  const pair = cli.near[0];
  const line = dup.locator('tr', { has: page.locator('td.dup-text') }).first();
  await expect(line.locator('td.dup-text')).toHaveText(pair.texts);
  await expect(line.locator('td.dup-text').first()).toHaveAttribute('title', pair.texts[0]);

  // Long texts are clamped to three lines; focusing the line's button shows them whole.
  await page.mouse.move(0, 0);
  const clamped = dup.locator('.dup-clamp').first();
  const overflows = () => clamped.evaluate((e) => e.scrollHeight > e.clientHeight + 1);
  expect(await overflows()).toBe(true);
  await line.locator('button.dup-pick').focus();
  await expect.poll(overflows).toBe(false);
  // The words one text has and the other lacks are marked (as text: textContent above).
  await expect(dup.locator('.dup-text mark').first()).toBeVisible();

  // A click on it: every other view shows its two rows.
  await line.locator('button.dup-pick').click();
  for (const id of ['t', 'h', 'cm']) await expect(countOf(page, id)).toHaveText('n = 2 of 2,500');
  await allReady(page);
  await expect(countOf(page, 'dup')).toHaveText(ALL); // not filtered by its own selection
  await expect(line.locator('button.dup-pick')).toHaveAttribute('aria-pressed', 'true');
  const spec = await linkedSpec(page);
  expect(spec.filters).toEqual([{ rows: pair.rows, source: 'dup' }]);
  await page.screenshot({ path: path.join(SHOTS, 'duplicates-text.png'), fullPage: true });
  await dup.screenshot({ path: path.join(SHOTS, 'duplicates-text-card.png') });

  // The exported results (wasm) equal the CLI's (native).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results).toEqual(native(spec).results);

  // Keyboard: Enter on the focused pair clears; Tab to the next pair and Enter selects it.
  await line.locator('button.dup-pick').focus();
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText(ALL);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(countOf(page, 't')).toHaveText('n = 2 of 2,500');
  expect((await linkedSpec(page)).filters).toEqual([{ rows: cli.near[1].rows, source: 'dup' }]);
  expect(problems).toEqual([]);
});
