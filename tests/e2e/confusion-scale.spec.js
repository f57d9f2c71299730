// confusion-scale.spec.js — the confusion matrix with 160 classes (examples/taxonomy.csv,
// 20 groups of 8): collapsed groups by default, a group expanded in place by keyboard
// (+ / -) and by its button, the expanded groups kept in the link, normalisation
// switched in the settings form, a group's cell and "other"'s cell filtering the table;
// without a hierarchy, the 40 most confused classes and "other". Screenshots at 1400
// and 800 px wide go to build/screenshots/.

import { test, expect } from '@playwright/test';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SHOTS, card, cell, countOf, openFile, allReady, linkFor, rowsIn } from './helpers.js';

const TAXONOMY = path.join(ROOT, 'examples', 'taxonomy.csv');
const ROWS = 4800;

/** A link to a view of the taxonomy file: the confusion matrix with `config`, and a table. @param {object} config */
const viewLink = (config) => linkFor(JSON.stringify({
  sinfonia: 1,
  components: { cm: { type: 'confusion-matrix', ...config }, t: { type: 'table' } },
  layout: { rows: [{ columns: ['cm'] }, { columns: ['t'] }] },
}));

/** The spec in a link. @param {string} hash */
const specIn = (hash) => JSON.parse(zlib.inflateRawSync(Buffer.from(hash.replace(/^#s=/, ''), 'base64url')).toString('utf8'));

/** The spec the page's link holds once copy-link has written it. @param {import('@playwright/test').Page} page */
async function linkedSpec(page) {
  const before = await page.evaluate(() => location.hash);
  await page.locator('[data-action="copy-link"]').click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  return specIn(await page.evaluate(() => location.hash));
}

/** @param {import('@playwright/test').Page} page */
const cells = (page) => card(page, 'cm').locator('.cells_marks path');
/** A group's name as cells describe it. @param {string} name */
const group = (name) => `${name} (group of 8 classes)`;

test('160 classes in 20 groups: collapsed, expanded in place by keyboard and mouse, kept in the link', async ({ page }) => {
  await page.goto('/' + viewLink({ group_separator: '/', order: 'confusion' }));
  await openFile(page, TAXONOMY);
  await allReady(page);
  const cm = card(page, 'cm');
  await expect(cells(page)).toHaveCount(20 * 20);
  const buttons = cm.locator('.cm-groups button.cm-group');
  await expect(buttons).toHaveCount(20);
  await expect(cm.locator('.cm-groups button[aria-pressed="true"]')).toHaveCount(0);
  // Every class is in the table, with its group.
  await expect(cm.locator('.cm-metrics tbody tr')).toHaveCount(160 + 3);
  await expect(cm.locator('.cm-metrics tbody tr').first().locator('td').first()).not.toHaveText('');
  await page.screenshot({ path: path.join(SHOTS, 'cm-scale-groups-1400.png'), fullPage: false });

  // Keyboard: the cursor starts on the first cell (the most confused group); + expands it, - collapses it.
  const box = cm.locator('.chart-box');
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('+');
  await expect(cells(page)).toHaveCount(27 * 27);
  await allReady(page);
  await expect(cm.locator('.cm-groups button[aria-pressed="true"]')).toHaveCount(1);
  await expect(box).toBeFocused();
  await page.keyboard.press('-');
  await expect(cells(page)).toHaveCount(20 * 20);
  await allReady(page);

  // Mouse: the group's button expands it in place; its cells are the classes'.
  await cm.locator('.cm-groups button', { hasText: 'dogs' }).click();
  await expect(cells(page)).toHaveCount(27 * 27);
  await allReady(page);
  await expect(cm.locator('.cm-groups button[aria-pressed="true"]')).toHaveText('▾ dogs');
  await expect(cm.locator('.cm-groups button[aria-pressed="true"]')).toBeFocused();
  await expect(cell(page, 'dogs/beagle', 'dogs/beagle')).toHaveCount(1);
  await expect(cm.locator('.role-axis-label text', { hasText: 'dogs › beagle' }).first()).toBeVisible();
  expect((await linkedSpec(page)).components.cm.expanded).toEqual(['dogs']);
  await page.screenshot({ path: path.join(SHOTS, 'cm-scale-expanded-1400.png'), fullPage: false });

  // A group's cell selects the rows with a label in the group and a prediction in the group.
  const inGroup = rowsIn(await cell(page, group('big cats'), group('big cats')).getAttribute('aria-label'));
  expect(inGroup).toBeGreaterThan(8 * 20);
  await cell(page, group('big cats'), group('big cats')).click();
  await expect(countOf(page, 't')).toHaveText(`n = ${inGroup} of ${ROWS.toLocaleString('en-US')}`);
  await allReady(page);
  await expect(card(page, 't').locator('.vt-row').nth(1)).toContainText('big cats/');
  const clause = (await linkedSpec(page)).filters[0];
  expect(clause.and[0].in).toHaveLength(8);
  expect(clause.and[0].in.every((/** @type {string} */ c) => c.startsWith('big cats/'))).toBe(true);

  // The link opens the same view: the group expanded, the cell selected.
  const link = await page.evaluate(() => location.hash);
  await page.goto('/');
  await page.goto('/' + link);
  await openFile(page, TAXONOMY);
  await allReady(page);
  await expect(cells(page)).toHaveCount(27 * 27);
  await expect(countOf(page, 't')).toHaveText(`n = ${inGroup} of 4,800`);
  await expect(card(page, 'cm').getByLabel(/, selected$/)).toHaveCount(1);

});

test('the settings form switches normalisation: cells read as shares of the true label, then of the prediction', async ({ page }) => {
  await page.goto('/' + viewLink({ group_separator: '/' }));
  await openFile(page, TAXONOMY);
  await allReady(page);
  const cm = card(page, 'cm');
  const before = await cell(page, group('dogs'), group('dogs')).getAttribute('aria-label');
  expect(before).not.toContain('%');
  await cm.locator('[data-action="edit-component"]').click();
  const form = cm.locator('[data-role="settings"]');
  await form.locator('[data-key="normalize"] select').selectOption({ label: 'row' });
  await expect(form.locator('[data-key="expanded"]')).toHaveCount(0); // view state, not a setting
  await form.screenshot({ path: path.join(SHOTS, 'cm-scale-settings.png') });
  await form.locator('[data-action="apply-settings"]').click();
  await allReady(page);
  await expect(cell(page, group('dogs'), group('dogs'))).toHaveAttribute('aria-label', new RegExp(`% of true ${group('dogs').replace(/[()]/g, '\\$&')}$`));
  // The share is the cell's rows over its row's rows.
  const rowCells = await cm.locator('.cells_marks').getByLabel(new RegExp(`^true ${group('dogs').replace(/[()]/g, '\\$&')}, `)).evaluateAll(
    (els) => els.map((e) => String(e.getAttribute('aria-label'))));
  expect(rowCells).toHaveLength(20);
  const total = rowCells.reduce((a, t) => a + rowsIn(t), 0);
  const diag = rowsIn(rowCells.find((t) => t.includes(`predicted ${group('dogs')}`)) || '');
  const shown = /, ([\d.]+)% of true/.exec(/** @type {string} */ (await cell(page, group('dogs'), group('dogs')).getAttribute('aria-label')));
  expect(Number(shown && shown[1])).toBe(Math.round((100 * diag) / total));
  // The cells' text follows: percentages.
  await expect(cm.locator('.counts_marks text', { hasText: '%' }).first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'cm-scale-row-normalized-1400.png'), fullPage: false });
  await cm.locator('[data-action="edit-component"]').click();
  await form.locator('[data-key="normalize"] select').selectOption({ label: 'column' });
  await form.locator('[data-action="apply-settings"]').click();
  await allReady(page);
  await expect(cell(page, group('dogs'), group('dogs'))).toHaveAttribute('aria-label', new RegExp(`% of predicted ${group('dogs').replace(/[()]/g, '\\$&')}$`));
  expect((await linkedSpec(page)).components.cm.normalize).toBe('column');
});

test('160 classes without groups: the 40 most confused and other; a click on other filters to its classes', async ({ page }) => {
  await page.goto('/' + viewLink({ order: 'confusion' }));
  await openFile(page, TAXONOMY);
  await allReady(page);
  const cm = card(page, 'cm');
  await expect(cells(page)).toHaveCount(41 * 41);
  await expect(cm.locator('.chart-caption')).toContainText('120 less confused classes are summed as other; each class is in the table below');
  await expect(cm.locator('.cm-metrics tbody tr')).toHaveCount(163);
  await expect(cm.locator('.cm-groups')).toHaveCount(0);
  const other = cell(page, 'other (120 classes)', 'other (120 classes)');
  const n = rowsIn(await other.getAttribute('aria-label'));
  expect(n).toBeGreaterThan(0);
  await other.click();
  await expect(countOf(page, 't')).toHaveText(`n = ${n.toLocaleString('en-US')} of 4,800`);
  await cm.locator('.vega-target').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'cm-scale-top-1400.png'), fullPage: false });
});

/**
 * The boxes of the axis labels of card `id` that overlap a neighbour along the axis.
 * @param {import('@playwright/test').Page} page @param {'X' | 'Y'} axis
 */
async function overlappingLabels(page, axis) {
  return card(page, 'cm').locator(`.role-axis[aria-label^="${axis}-axis"] .role-axis-label text`).evaluateAll((els, a) => {
    const boxes = els.map((e) => e.getBoundingClientRect()).sort((p, q) => (a === 'Y' ? p.top - q.top : p.left - q.left));
    // Tilted column labels overlap in their boxes; their baselines (left edges) must be apart.
    return boxes.filter((b, i) => i > 0 && (a === 'Y' ? b.top < boxes[i - 1].bottom - 0.5 : b.left < boxes[i - 1].left + 8)).length;
  }, axis);
}

for (const width of [1400, 800]) {
  test(`at ${width} px wide: readable labels that do not overlap, the grid inside its card`, async ({ page }) => {
    await page.setViewportSize({ width, height: 1000 });
    for (const [name, config, n] of /** @type {const} */ ([
      ['expanded', { group_separator: '/', order: 'confusion', expanded: ['dogs', '東京 stations'], normalize: 'row' }, 34],
      ['top', { order: 'confusion' }, 41],
    ])) {
      await page.goto('/' + viewLink(config));
      await openFile(page, TAXONOMY);
      await allReady(page);
      const cm = card(page, 'cm');
      await expect(cells(page)).toHaveCount(n * n);
      await expect(cm.locator('.role-axis[aria-label^="Y-axis"] .role-axis-label text')).toHaveCount(n);
      expect(await overlappingLabels(page, 'Y')).toBe(0);
      expect(await overlappingLabels(page, 'X')).toBe(0);
      // Cells are at least 24 px; what does not fit scrolls inside the card and says so.
      const first = await cm.locator('.cells_marks path').first().boundingBox();
      expect(first && first.width).toBeGreaterThanOrEqual(23.5);
      const [cardBox, stage] = [await cm.boundingBox(), await cm.locator('.chart-stage').boundingBox()];
      expect(cardBox && stage && stage.x + stage.width <= cardBox.x + cardBox.width + 0.5).toBe(true);
      const scrolls = await cm.locator('.vega-target').evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      await expect(cm.locator('.scroll-note')).toBeVisible({ visible: scrolls });
      await cm.locator('.vega-target').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `cm-scale-${name}-${width}.png`), fullPage: false });
    }
  });
}
