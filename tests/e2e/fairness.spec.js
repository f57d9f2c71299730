// fairness.spec.js — the fairness component as a person meets it: open the titanic
// example, add "Fairness" from the Add list (it asks for a column with the role
// group), name sex the group in the Columns dialog, read the four numbers the CLI
// computes, click a group to filter the other views (mouse and keyboard), and export
// results.json equal to the CLI's `run` of the page's own link. On penguins the rows
// without a sex are a group of their own, selectable as `in: [null]`.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, PENGUINS, SHOTS, openFile, allReady, card, countOf, linkFor } from './helpers.js';

const TITANIC = path.join(ROOT, 'examples', 'titanic.csv');
const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');

/** The CLI's run of a spec on a file. @param {string} file @param {object} spec */
function cliRun(file, spec) {
  return JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' }));
}

/** @param {number | null} v */
const three = (v) => (v === null ? '–' : v.toFixed(3));
const NUMBERS = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'];

/** A group's band (what a click selects), found by its description. @param {import('@playwright/test').Locator} c @param {string} name */
const band = (c, name) => c.locator('.rows_marks').getByLabel(new RegExp(`^[^=]+ = ${name.replace(/[()]/g, '\\$&')}: `));

/**
 * Open titanic: sex is inferred as its group (a sensitive attribute), so the default
 * view has fairness; returns the card once ready.
 * @param {import('@playwright/test').Page} page
 */
async function titanicWithFairness(page) {
  await page.goto('/');
  await openFile(page, TITANIC);
  await allReady(page);
  const fair = page.locator('[data-component-type="fairness"]');
  await expect(fair).toHaveCount(1);
  await expect(fair).toHaveAttribute('data-state', 'ready');
  return fair;
}

/** Set a column's role in the Columns dialog. @param {import('@playwright/test').Page} page @param {string} column @param {string} role */
async function setRole(page, column, role) {
  await page.locator('[data-action="edit-columns"]').click();
  const dialog = page.locator('dialog[data-role="columns"]');
  await dialog.getByLabel(`Role of ${column}`).selectOption(role);
  await dialog.locator('[data-action="apply-columns"]').click();
  await expect(dialog).toHaveCount(0);
}

test('on titanic it shows the numbers the CLI computes, with bars per group and plain words', async ({ page }) => {
  expect(fs.existsSync(CLI), `the CLI is needed at ${CLI}`).toBe(true);
  const native = cliRun(TITANIC, { sinfonia: 1, columns: { sex: { role: 'group' } }, components: { f: { type: 'fairness' } } }).results.f;
  expect(native.positive).toBe('yes');
  const fair = await titanicWithFairness(page);
  for (const key of NUMBERS) await expect(fair.locator(`[data-metric="${key}"]`)).toHaveText(three(native[key]));
  await expect(fair).toContainText('the largest gap in selection rate between groups');
  await expect(fair.locator('[data-role="count"]')).toHaveText('n = 1,309 of 1,309');
  await expect(fair.locator('.bars_marks path')).toHaveCount(6); // 2 groups × 3 rates
  for (const name of ['selection rate', 'true positive rate', 'false positive rate']) await expect(fair.locator('.vega-target svg')).toContainText(name);
  const female = native.groups[0];
  await expect(band(fair, 'female')).toHaveAttribute('aria-label',
    `sex = female: 466 rows, selection rate ${three(female.selection_rate)}, true positive rate ${three(female.tpr)}, false positive rate ${three(female.fpr)}`);
  // Hovering a group shows its rates with the counts behind them.
  await band(fair, 'male').hover();
  await expect(fair.locator('.vega-target')).toHaveAttribute('title', /true positive rate: 0\.075: 12 of 161 with survived = yes predicted yes/);
  // One tab stop, then its export menu.
  await fair.locator('.chart-box').focus();
  await page.keyboard.press('Tab');
  await expect(fair.locator('[data-action="export-chart"]')).toBeFocused();
  await fair.screenshot({ path: path.join(SHOTS, 'fairness-titanic.png') });
  // Without a group the card says what it needs; giving the role back brings it back.
  await setRole(page, 'sex', 'feature');
  await expect(fair).toHaveAttribute('data-state', 'error');
  await expect(fair).toContainText('group: no column has the role group');
  await setRole(page, 'sex', 'group');
  await expect(fair).toHaveAttribute('data-state', 'ready');
  for (const key of NUMBERS) await expect(fair.locator(`[data-metric="${key}"]`)).toHaveText(three(native[key]));
});

test("clicking a group filters the other views; the exported results.json is the CLI's run of the page's link", async ({ page }) => {
  const fair = await titanicWithFairness(page);
  const id = /** @type {string} */ (await fair.getAttribute('data-component-id'));
  await band(fair, 'female').click();
  await expect(countOf(page, 't')).toHaveText('n = 466 of 1,309');
  await expect(countOf(page, 'cm')).toHaveText('n = 466 of 1,309');
  await expect(countOf(page, id)).toHaveText('n = 1,309 of 1,309'); // its own selection does not filter it
  await allReady(page);
  await expect(band(fair, 'female')).toHaveAttribute('aria-label', /, selected$/);
  // A selection elsewhere filters it: an age bin.
  await card(page, 'h1').locator('.bars_marks path').first().click(); // the age histogram's first bin
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=/);
  const spec = JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
  expect(spec.columns && spec.columns.sex).toBeFalsy(); // inferred from the name, on both sides
  expect(spec.filters).toContainEqual({ field: 'sex', in: ['female'], source: id });
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const native = cliRun(TITANIC, spec);
  expect(web.results).toEqual(native.results);
  expect(web.results[id].groups.length).toBeGreaterThan(0);
  expect(web.results[id].count).toBeLessThan(1309); // the histogram's selection reached it
  // Clicking the selected group again clears the selection.
  await band(fair, 'female').click();
  await expect(countOf(page, 't')).not.toHaveText('n = 466 of 1,309');
});

test('penguins: one-vs-rest on a class the person picks, the rows without a sex a group of their own, selected by keyboard', async ({ page }) => {
  const spec = {
    sinfonia: 1, columns: { sex: { role: 'group' } },
    components: { f: { type: 'fairness' }, t: { type: 'table' } },
    layout: { rows: [{ columns: ['f'] }, { columns: ['t'] }] },
  };
  const native = cliRun(PENGUINS, { ...spec, components: { ...spec.components, f: { type: 'fairness', positive: 'Chinstrap' } } }).results.f;
  expect(native.missing_group).toBe(11);
  await page.goto('/' + linkFor(JSON.stringify(spec)));
  await openFile(page, PENGUINS);
  const fair = card(page, 'f');
  // Three classes: the card asks for the positive one; the settings form takes it.
  await expect(fair).toHaveAttribute('data-state', 'error');
  await expect(fair.locator('.card-error')).toContainText("components.f.positive: 'species' and 'species_pred' hold 3 classes ('Adelie', 'Chinstrap', 'Gentoo'); set positive");
  await fair.locator('[data-action="edit-component"]').click();
  const form = fair.locator('form[data-role="settings"]');
  await form.getByLabel('Positive').fill('Chinstrap');
  await form.locator('[data-action="apply-settings"]').click();
  await expect(fair).toHaveAttribute('data-state', 'ready');
  await allReady(page);
  for (const key of NUMBERS) await expect(fair.locator(`[data-metric="${key}"]`)).toHaveText(three(native[key]));
  await expect(fair.locator('.chart-caption')).toContainText('11 rows without sex: drawn last, not in the numbers');
  await expect(fair.locator('.bars_marks path')).toHaveCount(9); // FEMALE, MALE, (no sex)
  await expect(band(fair, '(no sex)')).toHaveAttribute('aria-label', /\(not in the numbers\)$/);
  // Keyboard: End goes to the last group (no sex) and selects it: in [null].
  await fair.locator('.chart-box').focus();
  await page.keyboard.press('End');
  await expect(countOf(page, 't')).toHaveText('n = 11 of 344');
  await page.keyboard.press('ArrowUp');
  await expect(countOf(page, 't')).toHaveText(`n = ${native.groups[1].count} of 344`);
  await page.keyboard.press('Enter'); // toggles it off
  await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
  await page.keyboard.press('End');
  await expect(countOf(page, 't')).toHaveText('n = 11 of 344');
  await allReady(page);
  await page.locator('[data-action="copy-link"]').click();
  const linked = () => JSON.parse(zlib.inflateRawSync(Buffer.from(new URL(page.url()).hash.slice(3), 'base64url')).toString('utf8'));
  await expect.poll(() => linked().filters).toEqual([{ field: 'sex', in: [null], source: 'f' }]);
  await fair.screenshot({ path: path.join(SHOTS, 'fairness-penguins.png') });
});
