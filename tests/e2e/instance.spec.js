// instance.spec.js — the instance card as a person uses it: on digits.csv select a
// confusion-matrix cell and see its first digit drawn as 8×8 (the canvas's pixels
// are the row's px00..px63), step with Next/Prev and the keyboard, click (or press
// Enter on) a table row to open it; the exported result equals the CLI's. And on a
// hostile file: markup in text shows as text, and only https: / data:image/ URLs load.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, openFile, allReady, linkFor, cell, selectCell, rowsIn, linkedSpec } from './helpers.js';

const DIGITS = path.join(ROOT, 'examples', 'digits.csv');
const CLI = path.join(ROOT, 'build', 'sinfonia');

/** `sinfonia run digits.csv` with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', DIGITS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 }));

/** The grey level at the centre of each of the canvas's w×h cells. @param {import('@playwright/test').Locator} canvas @param {number} w @param {number} h */
const drawnGreys = (canvas, w, h) => canvas.evaluate((c, [w, h]) => {
  const el = /** @type {HTMLCanvasElement} */ (c);
  const data = /** @type {CanvasRenderingContext2D} */ (el.getContext('2d')).getImageData(0, 0, el.width, el.height).data;
  const out = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const px = Math.floor((x + 0.5) * el.width / w), py = Math.floor((y + 0.5) * el.height / h);
    out.push(data[4 * (py * el.width + px)]);
  }
  return out;
}, [w, h]);

/** The grey levels the view draws for values 0..16 (16 is black). @param {number[]} values */
const expectedGreys = (values) => values.map((v) => Math.round(255 * (1 - v / 16)));

test('digits: a confusion-matrix cell opens its first digit as 8×8, Next/Prev and keys step, a table row opens', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/' + linkFor(fs.readFileSync(path.join(ROOT, 'examples', 'digits.spec.json'), 'utf8')));
  await openFile(page, DIGITS);
  await allReady(page);
  const inst = card(page, 'inst');
  await expect(inst.locator('.inst-position')).toHaveText('1 of 1,797 selected · row 0');

  // The most confused pair of the CLI's matrix: select its cell.
  const cm = native(await linkedSpec(page)).results.cm;
  let best = { i: 0, j: 1, n: -1 };
  cm.matrix.forEach((/** @type {number[]} */ row, /** @type {number} */ i) => row.forEach((n, j) => { if (i !== j && n > best.n) best = { i, j, n }; }));
  const truth = String(cm.labels[best.i]), pred = String(cm.labels[best.j]);
  expect(rowsIn(await cell(page, truth, pred).getAttribute('aria-label'))).toBe(best.n);
  await selectCell(page, truth, pred);
  const spec = await linkedSpec(page);
  const run = native(spec).results.inst;
  expect(run.count).toBe(best.n);
  expect(run.pixels.map((/** @type {any} */ g) => [g.prefix, g.width, g.height, g.min, g.max])).toEqual([['px', 8, 8, 0, 16]]);
  const first = run.rows[0];
  expect(first.values[run.fields.indexOf('digit')]).toBe(Number(truth));
  await expect(inst.locator('.inst-position')).toHaveText(`1 of ${best.n} selected · row ${first.row.toLocaleString('en-US')}`);
  const canvas = inst.locator('canvas.inst-picture');
  await expect(canvas).toHaveAttribute('aria-label', 'px00 … px63 drawn as a 8×8 image, grey from 0 (white) to 16 (black)');
  expect(await drawnGreys(canvas, 8, 8)).toEqual(expectedGreys(first.pixels[0]));
  // The fields: digit and its prediction named with their roles; the pixels folded.
  await expect(inst.locator('dt', { hasText: 'digit_pred' })).toContainText('prediction');
  await expect(inst.locator('.inst-values summary')).toHaveText('px00 … px63 (64 values)');

  // The exported result is the CLI's run of the page's link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export-results"]').click()]);
  const web = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(web.results.inst).toEqual(run);

  // Next, then the keyboard: the second selected row, and back.
  const second = native({ ...spec, components: { ...spec.components, inst: { type: 'instance', offset: 1 } } }).results.inst.rows[0];
  await inst.locator('[data-action="next"]').click();
  await expect(inst.locator('.inst-position')).toHaveText(`2 of ${best.n} selected · row ${second.row.toLocaleString('en-US')}`);
  expect(await drawnGreys(canvas, 8, 8)).toEqual(expectedGreys(second.pixels[0]));
  await inst.locator('.inst').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(inst.locator('.inst-position')).toHaveText(`1 of ${best.n} selected · row ${first.row.toLocaleString('en-US')}`);
  await expect(inst.locator('[data-action="prev"]')).toBeDisabled();
  await page.keyboard.press('End');
  await expect(inst.locator('.inst-position')).toHaveText(new RegExp(`^${best.n} of ${best.n} selected · row [\\d,]+$`));
  await expect(inst.locator('[data-action="next"]')).toBeDisabled();
  await page.keyboard.press('PageUp');
  await expect(inst.locator('.inst-position')).toContainText(`${best.n - 1} of ${best.n} selected`);
  fs.mkdirSync(SHOTS, { recursive: true });
  await inst.screenshot({ path: path.join(SHOTS, 'instance-digit.png') });

  // A click on the table's third row opens it: the card shows that one row.
  const third = card(page, 't').locator('.vt-row[data-index="2"]');
  const thirdRow = Number(await third.getAttribute('data-row'));
  await third.click();
  await expect(third).toHaveAttribute('aria-selected', 'true');
  await expect(inst.locator('.inst-position')).toHaveText(`1 of 1 selected · row ${thirdRow.toLocaleString('en-US')}`);
  const opened = native(await linkedSpec(page)).results.inst;
  expect(opened.rows.map((/** @type {any} */ r) => r.row)).toEqual([thirdRow]);
  expect(await drawnGreys(canvas, 8, 8)).toEqual(expectedGreys(opened.rows[0].pixels[0]));
  // Enter on another focused row opens that one instead.
  const fourth = card(page, 't').locator('.vt-row[data-index="3"]');
  const fourthRow = Number(await fourth.getAttribute('data-row'));
  await fourth.focus();
  await page.keyboard.press('Enter');
  await expect(inst.locator('.inst-position')).toHaveText(`1 of 1 selected · row ${fourthRow.toLocaleString('en-US')}`);
  await expect(third).toHaveAttribute('aria-selected', 'false');
  // The rows are one tab stop; ↓ moves to the next row, Enter opens it.
  await expect(card(page, 't').locator('.vt-row[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  const fifth = card(page, 't').locator('.vt-row[data-index="4"]');
  await expect(fifth).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(inst.locator('.inst-position')).toHaveText(`1 of 1 selected · row ${Number(await fifth.getAttribute('data-row')).toLocaleString('en-US')}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await inst.locator('.inst').focus();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, 'instance-page.png') });
  // A second click on the chosen row clears it: the cell's rows again.
  await fourth.click();
  await expect(inst.locator('.inst-position')).toHaveText(`1 of ${best.n} selected · row ${first.row.toLocaleString('en-US')}`);
  expect(problems).toEqual([]);
});

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A CSV field, quoted. @param {string} s */
const q = (s) => `"${s.replace(/"/g, '""')}"`;

test('a hostile file: markup shows as text, only https: and data:image/ URLs load (no other request leaves the page)', async ({ page }) => {
  /** @type {string[]} */
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.route('https://images.example/**', (route) => route.fulfill({ body: PNG, contentType: 'image/png' }));
  await page.goto('/');
  const origin = new URL(page.url()).origin;
  const long = 'A long note. '.repeat(40) + '<b>not bold</b>';
  const rows = [
    ['<script>window.__pwned = 1</script>', 'javascript:window.__pwned = 3'],
    ['<img src=x onerror="window.__pwned = 2">', 'data:text/html,<script>window.__pwned = 4</script>'],
    ['plain http', `${origin}/evil-http.png`],
    ['relative', '/evil-relative.png'],
    ['svg', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 5"/>'],
    ['https', 'https://images.example/digit.png'],
    ['inline png', `data:image/png;base64,${PNG.toString('base64')}`],
  ];
  const csv = 'id,name,image,notes\n' + rows.map(([name, url], i) => [i, q(name), q(url), q(i === 0 ? long : 'short')].join(',')).join('\n') + '\n';
  await openFile(page, { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await allReady(page);
  await page.locator('[data-role="add-component-type"]').selectOption('instance');
  await page.locator('[data-action="add-component"]').click();
  await allReady(page);
  const inst = page.locator('[data-component-type="instance"]');
  /** @param {number} i the row */
  const at = async (i) => expect(inst.locator('.inst-position')).toHaveText(`${i + 1} of ${rows.length} selected · row ${i}`);
  const next = inst.locator('[data-action="next"]');

  await at(0);
  await expect(inst.locator('dd').nth(1)).toHaveText(rows[0][0]);
  await expect(inst.locator('.inst-refused')).toHaveText('image: not loaded: a javascript: URL (only https: and data:image/ URLs are shown)');
  await expect(inst.locator('.inst-long summary')).toContainText('(535 characters)');
  await inst.locator('.inst-long summary').click();
  await expect(inst.locator('.inst-long p')).toHaveText(long);
  await inst.screenshot({ path: path.join(SHOTS, 'instance-hostile.png') });
  await next.click();
  await at(1);
  await expect(inst.locator('dd').nth(1)).toHaveText(rows[1][0]);
  await expect(inst.locator('.inst-refused')).toContainText('a data: URL that is not a PNG, JPEG, GIF or WebP image');
  await next.click();
  await at(2);
  await expect(inst.locator('.inst-refused')).toContainText('not loaded: a http: URL');
  await next.click();
  await at(3);
  await expect(inst.locator('.inst-refused')).toContainText('not an absolute URL');
  await next.click();
  await at(4);
  await expect(inst.locator('.inst-refused')).toContainText('not a PNG, JPEG, GIF or WebP');
  await next.click();
  await at(5);
  const img = inst.locator('img.inst-image');
  await expect(img).toHaveAttribute('src', 'https://images.example/digit.png');
  await expect.poll(() => img.evaluate((el) => /** @type {HTMLImageElement} */ (el).naturalWidth)).toBe(1);
  await next.click();
  await at(6);
  await expect.poll(() => img.evaluate((el) => /** @type {HTMLImageElement} */ (el).naturalWidth)).toBe(1);

  // Nothing ran, nothing became markup, and only the https: image was requested.
  expect(await page.evaluate(() => /** @type {any} */ (window).__pwned)).toBeUndefined();
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(await page.locator('[onerror], [onload]').count()).toBe(0);
  const outside = requests.filter((u) => (!u.startsWith(origin + '/') && !u.startsWith('data:image/png;') && !u.startsWith('blob:')) || /evil/.test(u));
  expect(outside).toEqual(['https://images.example/digit.png']);
  expect(requests.filter((u) => /^(javascript:|data:text|data:image\/svg)/.test(u))).toEqual([]);
});
