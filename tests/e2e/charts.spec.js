// charts.spec.js — the Vega charts as a person meets them: tooltips under a
// brush, a confusion matrix with many classes in its card, the export menu
// (PNG, SVG, Vega-Lite with inline data), axis labels, and no console error
// or CSP violation under the page's Content-Security-Policy.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { compile } from 'vega-lite';
import { PENGUINS, SHOTS, card, countOf, openFile, allReady, brush, barsOf, cell, valueRow, selectCell, linkFor } from './helpers.js';

const ALL = 'n = 344 of 344';

/**
 * A CSV of k classes: label, prediction (mostly right) and a score.
 * @param {string[]} classes @param {number} rows
 */
function classesCsv(classes, rows) {
  const lines = ['label,prediction,score'];
  for (let i = 0; i < rows; i++) {
    const t = i % classes.length;
    const p = i % 7 === 0 ? (t + 1 + (i % 3)) % classes.length : t;
    lines.push(`${classes[t]},${classes[p]},${((i * 37) % 100) / 100}`);
  }
  return { name: `classes-${classes.length}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}
const CIFAR = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const BIRDS = Array.from({ length: 30 }, (_, i) => `${['Northern', 'Eastern', 'Western', 'Lesser', 'Greater'][i % 5]} ${['cardinal', 'bluebird', 'kingbird', 'yellowlegs', 'roadrunner', 'flycatcher'][i % 6]} ${i}`);

/** Every key anywhere in a JSON value. @param {unknown} v @returns {string[]} */
const keysIn = (v) => (Array.isArray(v) ? v.flatMap(keysIn)
  : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keysIn(x)]) : []);

/**
 * Where the matrix's cells lie against the part of the grid on screen.
 * @param {import('@playwright/test').Locator} cm
 */
async function cellsOnScreen(cm) {
  return cm.locator('.vega-target').evaluate((target) => {
    const view = target.getBoundingClientRect();
    const cells = [...target.querySelectorAll('.cells_marks path')].map((p) => p.getBoundingClientRect());
    return {
      cells: cells.length,
      hidden: cells.filter((r) => r.right > view.right + 0.5 || r.left < view.left - 0.5).length,
      smallest: Math.min(...cells.map((r) => r.width)),
    };
  });
}

test.describe('on penguins.csv', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await openFile(page, PENGUINS);
    await allReady(page);
  });

  test("a bar's tooltip is reachable inside a brushed range", async ({ page }) => {
    const h1 = card(page, 'h1');
    await brush(page, 'h1', 0.2, 0.8);
    await expect(countOf(page, 't')).not.toHaveText(ALL);
    await allReady(page);
    const bars = await barsOf(h1);
    const inside = bars.findIndex((b) => b.selected && b.count > 0);
    expect(inside).toBeGreaterThanOrEqual(0);
    // Playwright's hover fails if another element (the brush) would take the pointer.
    await h1.locator('.bars_marks path').nth(inside).hover();
    await expect(h1.locator('.vega-target')).toHaveAttribute('title', new RegExp(`rows: ${bars[inside].count}\\b`));
    await expect(h1.locator('.vega-target')).toHaveAttribute('title', /^from: [\d.,-]+\nto: [\d.,-]+\nrows: /);
  });

  test('a click inside the brushed range clears it; a click elsewhere selects that one bin', async ({ page }) => {
    const h1 = card(page, 'h1');
    await brush(page, 'h1', 0.3, 0.6);
    await expect(countOf(page, 't')).not.toHaveText(ALL);
    await allReady(page);
    const bars = await barsOf(h1);
    const far = bars.findIndex((b, i) => !b.selected && b.count > 0 && i > bars.findLastIndex((x) => x.selected));
    await h1.locator('.bars_marks path').nth(far).click();
    await expect.poll(async () => (await barsOf(h1)).map((b) => b.selected)).toEqual(bars.map((_, i) => i === far));
    await h1.locator('.bars_marks path').nth(far).click();
    await expect(countOf(page, 't')).toHaveText(ALL);
    expect((await barsOf(h1)).filter((b) => b.selected)).toEqual([]);
  });

  test('Shift+click adds a category value; a click on the only selected value clears', async ({ page }) => {
    await valueRow(page, 'h2', 'Dream').click();
    await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
    await valueRow(page, 'h2', 'Torgersen').click({ modifiers: ['Shift'] });
    await expect(countOf(page, 't')).toHaveText('n = 176 of 344');
    await valueRow(page, 'h2', 'Dream').click({ modifiers: ['Shift'] });
    await expect(countOf(page, 't')).toHaveText('n = 52 of 344');
    await valueRow(page, 'h2', 'Torgersen').click();
    await expect(countOf(page, 't')).toHaveText(ALL);
  });

  test('export-chart downloads a PNG, an SVG and a Vega-Lite spec with its data inline', async ({ page }) => {
    const h1 = card(page, 'h1');
    /** @param {import('@playwright/test').Locator} c @param {string} item */
    const exportAs = async (c, item) => {
      await c.locator('[data-action="export-chart"]').click();
      const [download] = await Promise.all([page.waitForEvent('download'), c.getByRole('menuitem', { name: item }).click()]);
      return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
    };
    const png = await exportAs(h1, 'PNG image');
    expect(png.name).toBe('histogram-bill_length_mm.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.length).toBeGreaterThan(2000);

    const svg = await exportAs(h1, 'SVG image');
    expect(svg.name).toBe('histogram-bill_length_mm.svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain('</svg>');
    expect(svgText).toContain('bill_length_mm');

    const vl = await exportAs(h1, 'Vega-Lite spec');
    expect(vl.name).toBe('histogram-bill_length_mm.vl.json');
    const text = vl.bytes.toString('utf8');
    const spec = JSON.parse(text);
    expect(spec.$schema).toMatch(/vega-lite/);
    expect(spec.data.values.length).toBe(20);
    expect(keysIn(spec)).not.toContain('url');
    expect(text).not.toMatch(/"url"\s*:/);
    // It opens in any Vega tool: it compiles, and the Vega spec loads nothing either.
    const vega = compile(spec).spec;
    expect(keysIn(vega)).not.toContain('url');
    expect(JSON.stringify(vega)).toContain('"values"');

    // The matrix exports its cells the same way, named after its columns.
    const cmSpec = await exportAs(card(page, 'cm'), 'Vega-Lite spec');
    expect(cmSpec.name).toBe('confusion-matrix-species-species_pred.vl.json');
    const cm = JSON.parse(cmSpec.bytes.toString('utf8'));
    expect(cm.data.values.length).toBe(9);
    expect(keysIn(cm)).not.toContain('url');
    compile(cm);
  });

  test('the export menu opens from the keyboard and Escape closes it without clearing the selection', async ({ page }) => {
    await valueRow(page, 'h2', 'Dream').click();
    await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
    const button = card(page, 'h2').locator('[data-action="export-chart"]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(card(page, 'h2').getByRole('menuitem', { name: 'PNG image' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(card(page, 'h2').getByRole('menuitem', { name: 'SVG image' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(card(page, 'h2').getByRole('menu')).toBeHidden();
    await expect(button).toBeFocused();
    await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  });
});

test('brushing, clicking, typing and exporting log no console error and no CSP violation', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await brush(page, 'h1', 0.2, 0.5);
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  await card(page, 'h1').locator('.bars_marks path').nth(8).hover();
  await cell(page, 'Gentoo', 'Gentoo').click();
  await allReady(page);
  await valueRow(page, 'h2', 'Biscoe').click();
  await allReady(page);
  await card(page, 'h2').locator('.chart-box').focus();
  await page.keyboard.press('ArrowDown');
  await allReady(page);
  for (const item of ['PNG image', 'SVG image', 'Vega-Lite spec']) {
    await card(page, 'cm').locator('[data-action="export-chart"]').click();
    await Promise.all([page.waitForEvent('download'), card(page, 'cm').getByRole('menuitem', { name: item }).click()]);
  }
  await page.locator('[data-action="clear-selections"]').click();
  await expect(countOf(page, 't')).toHaveText(ALL);
  await allReady(page);
  expect(problems).toEqual([]);
});

test('a 10-class confusion matrix fits its card: every cell on screen, labels whole or in the tooltip', async ({ page }) => {
  await page.goto('/');
  await openFile(page, classesCsv(CIFAR, 500));
  await allReady(page);
  const cm = card(page, 'cm');
  await expect(cm.locator('.cells_marks path')).toHaveCount(100);
  const on = await cellsOnScreen(cm);
  expect(on).toMatchObject({ cells: 100, hidden: 0 });
  expect(on.smallest).toBeGreaterThanOrEqual(24);
  await expect(cm.locator('.scroll-note')).toBeHidden();
  // The chart stays inside its card.
  const [cardBox, svgBox] = [await cm.boundingBox(), await cm.locator('.vega-target svg').boundingBox()];
  expect(svgBox && cardBox && svgBox.x + svgBox.width <= cardBox.x + cardBox.width).toBe(true);
  // A cell tells its full labels and count.
  await cell(page, 'automobile', 'bird').hover();
  await expect(cm.locator('.vega-target')).toHaveAttribute('title', /^true: automobile\npredicted: bird\nrows: \d+$/);
  await page.screenshot({ path: path.join(SHOTS, 'cm-10-classes.png'), fullPage: true });
  await cm.screenshot({ path: path.join(SHOTS, 'cm-10-classes-card.png') });
});

test('a 30-class confusion matrix that cannot fit scrolls sideways and says so', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 1000 });
  await page.goto('/');
  await openFile(page, classesCsv(BIRDS, 600));
  await allReady(page);
  const cm = card(page, 'cm');
  await expect(cm.locator('.cells_marks path')).toHaveCount(900);
  const before = await cellsOnScreen(cm);
  expect(before.hidden).toBeGreaterThan(0);
  // Hidden cells come with a cue: a note and a shadow on the side they are.
  await expect(cm.locator('.scroll-note')).toBeVisible();
  await expect(cm.locator('.scroll-note')).toHaveText('scroll → for all 30 classes');
  await expect(cm.locator('.chart-stage')).toHaveClass(/more-right/);
  await cm.screenshot({ path: path.join(SHOTS, 'cm-30-classes-card.png') });
  // Scrolling sideways brings the last column in; the cue moves to the left.
  await cm.locator('.vega-target').hover();
  await page.mouse.wheel(5000, 0);
  await expect(cm.locator('.chart-stage')).toHaveClass(/more-left/);
  await expect(cm.locator('.chart-stage')).not.toHaveClass(/more-right/);
  await expect(cell(page, BIRDS[0], BIRDS[29])).toBeInViewport();
  // The cells are still clickable.
  await cell(page, BIRDS[1], BIRDS[1]).scrollIntoViewIfNeeded();
  await cell(page, BIRDS[1], BIRDS[1]).click();
  await expect(countOf(page, 't')).toHaveText(/^n = \d+ of 600$/);
  await expect(countOf(page, 't')).not.toHaveText('n = 600 of 600');
});

test('axis labels are round numbers, never float noise, around zero', async ({ page }) => {
  const values = Array.from({ length: 40 }, (_, i) => (-0.3 + i * 0.025).toFixed(3));
  await page.goto('/');
  await openFile(page, { name: 'around-zero.csv', mimeType: 'text/csv', buffer: Buffer.from(`x\n${values.join('\n')}\n`) });
  await allReady(page);
  const labels = await card(page, 'h1').locator('.role-axis[aria-label^="X-axis"] .role-axis-label text').allTextContents();
  expect(labels.length).toBeGreaterThan(3);
  for (const l of labels) expect(l).toMatch(/^[−-]?[\d,]*\.?\d+$/);
  expect(labels.filter((l) => /^0(\.0+)?$/.test(l)).length).toBe(1);
});

test('field names with dots, brackets, quotes and backslashes chart and select like any other', async ({ page }) => {
  const rows = Array.from({ length: 60 }, (_, i) => `${i / 10},${['x.y', 'p[0]', 'q"r'][i % 3]}`);
  const csv = `"a.b[0]\\c",'k"e.y'\n`.replace(`'k"e.y'`, '"k""e.y"') + rows.join('\n') + '\n';
  await page.goto('/');
  await openFile(page, { name: 'odd-names.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await allReady(page);
  await expect(card(page, 'h1').locator('h2')).toHaveText('Histogram · a.b[0]\\c');
  await expect(card(page, 'h1').locator('.role-axis-title')).toHaveText('a.b[0]\\c');
  await brush(page, 'h1', 0.1, 0.4);
  await expect(countOf(page, 't')).not.toHaveText('n = 60 of 60');
  await allReady(page);
  await card(page, 'h1').locator('[data-action="clear-selection"]').click();
  await expect(countOf(page, 't')).toHaveText('n = 60 of 60');
  await valueRow(page, 'h2', 'p[0]').click();
  await expect(countOf(page, 't')).toHaveText('n = 20 of 60');
  await valueRow(page, 'h2', 'q"r').click({ modifiers: ['Shift'] });
  await expect(countOf(page, 't')).toHaveText('n = 40 of 60');
});

test('a chart given new counts keeps its Vega view and draws them; its clicks still select what they show', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const h2 = card(page, 'h2');
  const sumOf = async () => (await barsOf(h2)).reduce((a, b) => a + b.count, 0);
  const first = await selectCell(page, 'Adelie', 'Adelie');
  expect(await sumOf()).toBe(first);
  // Tag the drawing: a second cell changes only the counts, so the same SVG stays.
  await h2.locator('.vega-target svg').evaluate((svg) => svg.setAttribute('data-probe', 'kept'));
  const second = await selectCell(page, 'Gentoo', 'Gentoo');
  expect(second).not.toBe(first);
  await expect(h2.locator('svg[data-probe="kept"]')).toHaveCount(1);
  expect(await sumOf()).toBe(second);
  // Gentoo live on Biscoe only: the kept view shows that, and a click on it selects it alone.
  const biscoe = (await barsOf(h2)).find((b) => b.text.includes('= Biscoe:'));
  expect(biscoe && biscoe.count).toBe(second);
  await valueRow(page, 'h2', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText(/^n = 0 of /); // no Gentoo on Dream
  await allReady(page);
  await valueRow(page, 'h2', 'Biscoe').click();
  await expect(countOf(page, 't')).toHaveText(new RegExp(`^n = ${second} of `)); // Biscoe alone, not Dream too
  await allReady(page);
  expect((await barsOf(h2)).filter((b) => b.selected).map((b) => b.text.replace(/:.*/, ''))).toEqual(['island = Biscoe']);
});

test('a confusion matrix of hundreds of classes says it is too many for a grid and still lists each class', async ({ page }) => {
  // 500 classes: a label and a prediction of 500 values each (250,000 cells).
  const lines = ['label,prediction'];
  for (let i = 0; i < 1000; i++) lines.push(`c${i % 500},c${(i * 7) % 500}`);
  const file = { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
  await page.goto('/' + linkFor(JSON.stringify({ sinfonia: 1, components: { cm: { type: 'confusion-matrix' } } })));
  await openFile(page, file);
  await allReady(page);
  const cm = card(page, 'cm');
  await expect(cm).toContainText('500 classes are too many for a grid (it draws at most 150)');
  await expect(cm.locator('.cm-metrics tbody tr')).toHaveCount(503); // 500 classes, macro, weighted, accuracy
  await expect(countOf(page, 'cm')).toHaveText('n = 1,000 of 1,000');
});
