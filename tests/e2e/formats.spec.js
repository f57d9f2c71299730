// formats.spec.js — the page reads every format the engine does, sniffing the
// delimiter from the bytes (a .csv may use semicolons), and a link's column
// types apply while the file is read, as they do in the CLI.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { PENGUINS, card, cell, countOf, openFile, allReady, linkFor } from './helpers.js';

/** penguins.csv rewritten as another format, by a plain line-by-line transform. */
function penguinsAs(/** @type {'tsv'|'semicolon'|'jsonl'|'json'} */ kind) {
  const [head, ...lines] = fs.readFileSync(PENGUINS, 'utf8').trimEnd().split('\n');
  const names = head.split(',');
  // The example has no quoted fields (checked here so the transform stays honest).
  expect(lines.every((l) => !l.includes('"'))).toBe(true);
  const records = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => {
    if (v === '') return [names[i], null];
    return [names[i], Number.isNaN(Number(v)) ? v : Number(v)];
  })));
  if (kind === 'tsv') return [head, ...lines].map((l) => l.replace(/,/g, '\t')).join('\n') + '\n';
  if (kind === 'semicolon') return [head, ...lines].map((l) => l.replace(/,/g, ';')).join('\r\n') + '\r\n';
  if (kind === 'jsonl') return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return JSON.stringify(records);
}

for (const [kind, name] of [['tsv', 'penguins.tsv'], ['semicolon', 'penguins-semicolon.csv'], ['jsonl', 'penguins.jsonl'], ['json', 'penguins.json']]) {
  test(`${name} opens with the same rows, columns and confusion matrix as the CSV`, async ({ page }) => {
    await page.goto('/');
    await openFile(page, { name, mimeType: 'text/plain', buffer: Buffer.from(penguinsAs(/** @type {any} */ (kind))) });
    await allReady(page);
    await expect(page.locator('[role="alert"]')).toBeEmpty();
    await expect(page.locator('[data-role="dataset"]')).toContainText('344 rows · 12 columns');
    await expect(countOf(page, 'cm')).toHaveText('n = 344 of 344');
    // The same out-of-fold errors as the CSV: 23 Adelie predicted Chinstrap.
    await expect(cell(page, 'Adelie', 'Chinstrap')).toHaveAttribute('aria-label', 'true Adelie, predicted Chinstrap: 23 rows');
    // Missing values stay missing in every format: sex is absent on 11 rows.
    await expect(card(page, 's').locator('tr', { hasText: /^sex/ })).toContainText('11');
  });
}

test('a link that forces a column type applies it while reading, like the CLI', async ({ page }) => {
  const spec = { sinfonia: 1, columns: { id: { type: 'category' } }, components: { s: { type: 'summary', fields: ['id', 'island'] } }, layout: { rows: [{ columns: ['s'] }] } };
  await page.goto('/' + linkFor(JSON.stringify(spec)));
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(card(page, 's').locator('tr', { hasText: /^id/ })).toContainText('category');
});
