// vector.spec.js — a vector column as a person meets it: open examples/digits_pixels.jsonl
// (a 64-long `pixels` array per row) with no link; the default view has the embedding's
// map, its points are the CLI's PCA of the vector, and a brush filters the other cards to
// the rows inside. Then the instance card draws the vector as an 8×8 image, and the
// table shows it as short text.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, card, countOf, openFile, allReady, linkFor, linkedSpec } from './helpers.js';

const PIXELS = path.join(ROOT, 'examples', 'digits_pixels.jsonl');
const CLI = path.join(ROOT, 'build', 'sinfonia');
const ALL = 'n = 1,797 of 1,797';

/** `sinfonia run digits_pixels.jsonl` with this spec. @param {object} spec */
const native = (spec) => JSON.parse(execFileSync(CLI, ['run', PIXELS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 }));

test('a JSONL with a vector column: the default view maps the embedding, and a brush filters', async ({ page }) => {
  expect(fs.existsSync(CLI), `the native CLI (${CLI}) is built`).toBe(true);
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/');
  await openFile(page, PIXELS);
  await allReady(page);
  const emb = card(page, 'emb');
  await expect(emb).toHaveAttribute('data-component-type', 'embedding');
  await expect(emb.locator('.chart-caption')).toContainText('the vector pixels (64 numbers a row)');
  const spec = await linkedSpec(page);
  expect(spec.components.emb).toEqual({ type: 'embedding' });
  const cli = native(spec).results.emb;
  expect(cli.fields).toEqual(['pixels']);
  expect(cli.embedding).toBe('pixels');
  expect(cli.points).toHaveLength(1797);
  await expect(emb.locator('.points_marks path')).toHaveCount(1797);
  await expect(countOf(page, 't')).toHaveText(ALL);
  // the table shows the vector as short text
  await expect(card(page, 't').getByRole('cell', { name: '[0, 0, 5, 13, 9, 1, … 64 numbers]' })).toBeVisible();
  // a vector has no order: its header is no sort button
  await expect(card(page, 't').locator('button.vt-sort[data-field="pixels"]')).toHaveCount(0);
  await expect(card(page, 't').locator('button.vt-sort[data-field="digit"]')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'vector-default-view.png'), fullPage: true });

  const marks = emb.locator('.points_marks');
  await marks.scrollIntoViewIfNeeded();
  const b = await marks.boundingBox();
  if (!b) throw new Error('nothing drawn');
  await page.mouse.move(b.x + b.width * 0.1, b.y + b.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * 0.3, b.y + b.height * 0.3, { steps: 4 });
  await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5, { steps: 4 });
  await page.mouse.up();
  await expect(countOf(page, 't')).not.toHaveText(ALL);
  await allReady(page);
  const brushed = await linkedSpec(page);
  expect(brushed.filters).toHaveLength(1);
  expect(brushed.filters[0].source).toBe('emb');
  const rows = brushed.filters[0].rows;
  expect(rows.length).toBeGreaterThan(0);
  // every selected row's point is one the CLI drew, and the table counts exactly them
  const drawn = new Set(cli.rows);
  expect(rows.every((/** @type {number} */ r) => drawn.has(r))).toBe(true);
  expect(native(brushed).results.t.count).toBe(rows.length);
  await expect(countOf(page, 't')).toHaveText(`n = ${rows.length.toLocaleString('en-US')} of 1,797`);
  await emb.screenshot({ path: path.join(SHOTS, 'vector-embedding-brushed.png') });
  expect(problems).toEqual([]);
});

test('the instance card draws a 64-long vector as an 8×8 image', async ({ page }) => {
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const view = { sinfonia: 1, filters: [], components: { inst: { type: 'instance' } }, layout: { rows: [{ columns: ['inst'] }] } };
  await page.goto('/' + linkFor(JSON.stringify(view)));
  await openFile(page, PIXELS);
  await allReady(page);
  const inst = card(page, 'inst');
  const run = native(view).results.inst;
  expect(run.pixels).toEqual([{ prefix: 'pixels', fields: ['pixels'], width: 8, height: 8, min: 0, max: 16 }]);
  const canvas = inst.locator('canvas.inst-picture');
  await expect(canvas).toHaveAttribute('aria-label', 'pixels drawn as a 8×8 image, grey from 0 (white) to 16 (black)');
  // the drawn greys are the row's 64 numbers (16 is black)
  const greys = await canvas.evaluate((c) => {
    const el = /** @type {HTMLCanvasElement} */ (c);
    const data = /** @type {CanvasRenderingContext2D} */ (el.getContext('2d')).getImageData(0, 0, el.width, el.height).data;
    const out = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
      out.push(data[4 * (Math.floor((y + 0.5) * el.height / 8) * el.width + Math.floor((x + 0.5) * el.width / 8))]);
    }
    return out;
  });
  expect(greys).toEqual(run.rows[0].pixels[0].map((/** @type {number} */ v) => Math.round(255 * (1 - v / 16))));
  await expect(inst.locator('.inst-values summary')).toHaveText('pixels (64 values)');
  await inst.screenshot({ path: path.join(SHOTS, 'vector-instance.png') });
  expect(problems).toEqual([]);
});
