// slice-metrics.spec.js — metrics by slice as a person meets it: a link's view of
// penguins by island, the same numbers as the CLI, a click on a slice filters the
// table to exactly its rows (bins too: an edge value shared by two bins is counted
// once), the keyboard does the same; added from the Add list it picks a column.

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, PENGUINS, CARS, SHOTS, card, countOf, openFile, allReady, linkFor } from './helpers.js';

const CLI = process.env.SINFONIA_BIN ? path.resolve(process.env.SINFONIA_BIN) : path.join(ROOT, 'build', 'sinfonia');

/** The CLI's results for a spec over a file (penguins). @param {object} spec @param {string} [file] */
function cli(spec, file = PENGUINS) {
  return JSON.parse(execFileSync(CLI, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' })).results;
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

// ---- named slices ------------------------------------------------------------------

const NAMED = {
  sinfonia: 1,
  components: {
    h2: { type: 'histogram', field: 'island' },
    n: { type: 'slice-metrics', source: 'named' },
    t: { type: 'table' },
  },
  layout: { rows: [{ columns: ['h2', 'n'] }, { columns: ['t'] }] },
};

/** Select a value of the island histogram. @param {import('@playwright/test').Page} page @param {string} value */
async function pickIsland(page, value) {
  await card(page, 'h2').locator('.rows_marks').getByLabel(new RegExp(`^island = ${value}: `)).click();
  await allReady(page);
}

test('save selections as named slices, keep them in the link, compare them and apply one', async ({ page }) => {
  await page.goto('/' + linkFor(JSON.stringify(NAMED)));
  await openFile(page, PENGUINS);
  await allReady(page);
  const save = page.locator('[data-action="save-slice"]');
  await expect(card(page, 'n')).toContainText('No named slices yet');
  await expect(save).toBeDisabled();
  // Mouse: Dream, named by hand.
  await pickIsland(page, 'Dream');
  await expect(save).toBeEnabled();
  await save.click();
  const name = page.locator('[data-role="slice-name"]');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('island = Dream');
  await name.fill('Dream island');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-role="slice-list"] li')).toHaveText(['Dream island×']);
  await expect(save).toBeFocused();
  await allReady(page);
  await expect(sliceRow(page, 'n', 'Dream island')).toHaveCount(1);
  // Keyboard: Biscoe, the name offered, after a name already taken is refused.
  await pickIsland(page, 'Dream'); // clears Dream
  await pickIsland(page, 'Biscoe');
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await page.keyboard.type('Dream island');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-role="slice-error"]')).toHaveText('There is a slice named "Dream island" already.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await name.fill('Biscoe (ü "quoted")');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-role="slice-list"] li')).toHaveCount(2);
  await allReady(page);
  // Escape cancels a third.
  await save.click();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-role="slice-form"]')).toBeHidden();
  await expect(save).toBeFocused();
  await pickIsland(page, 'Biscoe'); // clears
  // The link carries the slices; a new page opening it has them.
  const opened = page.url(); // the link the page was opened with, which has no slices
  await page.locator('[data-action="copy-link"]').click();
  await expect(page).not.toHaveURL(opened);
  const url = page.url();
  expect(url).toMatch(/#s=/);
  const fresh = await page.context().newPage();
  await fresh.goto(url);
  await openFile(fresh, PENGUINS);
  await allReady(fresh);
  await expect(fresh.locator('[data-role="slice-list"] li .slice-name')).toHaveText(['Dream island', 'Biscoe (ü "quoted")']);
  const spec = { ...NAMED, slices: [{ name: 'Dream island', filter: { field: 'island', in: ['Dream'] } }, { name: 'Biscoe (ü "quoted")', filter: { field: 'island', in: ['Biscoe'] } }] };
  const native = cli(spec).n;
  const rows = card(fresh, 'n').locator('.slice-metrics-table tbody tr');
  await expect(rows).toHaveCount(3);
  for (const [i, g] of native.groups.entries()) {
    await expect(rows.nth(i).locator('th')).toHaveText(g.name);
    await expect(rows.nth(i).locator('td').nth(0)).toHaveText(String(g.count));
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(`${three(g.accuracy)} [${three(g.accuracy_ci[0])}, ${three(g.accuracy_ci[1])}]`);
  }
  expect(native.groups.map((/** @type {any} */ g) => g.name)).toEqual(['Dream island', 'Biscoe (ü "quoted")']);
  // A click on a named slice applies its filter as the selection.
  await sliceRow(fresh, 'n', 'Biscoe (ü "quoted")').click();
  await expect(countOf(fresh, 't')).toHaveText('n = 168 of 344');
  await allReady(fresh);
  await card(fresh, 'n').screenshot({ path: path.join(SHOTS, 'slice-metrics-named.png') });
  await fresh.screenshot({ path: path.join(SHOTS, 'slice-metrics-named-page.png') });
  // × removes a slice, from the bar and the comparison.
  await fresh.getByRole('button', { name: 'Remove slice Dream island' }).click();
  await expect(fresh.locator('[data-role="slice-list"] li')).toHaveCount(1);
  await allReady(fresh);
  await expect(card(fresh, 'n').locator('.slice-metrics-table tbody tr')).toHaveCount(2);
});

test('a link with hostile named slices is refused with a message naming the place', async ({ page }) => {
  const bad = (/** @type {unknown} */ slices) => linkFor(JSON.stringify({ ...NAMED, slices }));
  const cases = [
    [[{ name: 'a', filter: { rows: [1] } }, { name: 'a', filter: { rows: [2] } }], 'slices[1].name: "a" is the name of slices[0] too; slice names are unique'],
    [[{ name: 'a', filter: { field: 'island', in: ['Dream'] }, onclick: 'alert(1)' }], 'slices[0].onclick: unknown key (allowed: name, filter)'],
    [[{ name: 'a', filter: { field: 'island', in: ['Dream'], source: 'n' } }], 'slices[0].filter.source: unknown key (allowed: field, in)'],
    [[{ name: 'x'.repeat(101), filter: { rows: [] } }], 'slices[0].name: must be at most 100 characters'],
    [Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, filter: { rows: [i] } })), 'slices: must have at most 100 items'],
    [[{ name: 'deep', filter: JSON.parse(`${'{"not": '.repeat(70)}{"rows": [1]}${'}'.repeat(70)}`) }],
      /slices\[0\]\.filter(\.not)+: nested deeper than 64 levels/],
  ];
  for (const [slices, message] of cases) {
    await page.goto('/' + bad(slices));
    const alert = page.locator('[role="alert"]');
    await expect(alert).toContainText("This link can't be opened: ");
    if (typeof message === 'string') await expect(alert).toContainText(message);
    else await expect(alert).toHaveText(message);
  }
  // The page still works: a file opens with its default view.
  await openFile(page, PENGUINS);
  await allReady(page);
});

test('a link\'s named slices on columns the file lacks are dropped, and said so; the others stay', async ({ page }) => {
  const spec = {
    sinfonia: 1,
    slices: [{ name: 'Dream', filter: { field: 'island', in: ['Dream'] } }, { name: '4 cylinders', filter: { field: 'cylinders', in: [4] } }],
    components: { n: { type: 'slice-metrics', source: 'named' } },
  };
  await page.goto('/' + linkFor(JSON.stringify(spec)));
  await openFile(page, CARS);
  await allReady(page);
  await expect(page.locator('[role="status"]')).toContainText('Dropped 1 named slice on columns cars.csv does not have.');
  await expect(page.locator('[data-role="slice-list"] .slice-name')).toHaveText(['4 cylinders']);
  const [g] = cli({ ...spec, slices: [spec.slices[1]] }, CARS).n.groups;
  await expect(sliceRow(page, 'n', '4 cylinders')).toHaveAttribute('aria-label',
    `4 cylinders: accuracy ${three(g.accuracy)} (95% interval ${three(g.accuracy_ci[0])} to ${three(g.accuracy_ci[1])}), ${g.count} rows`);
});
