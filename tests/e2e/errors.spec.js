// errors.spec.js — a malformed file gives a message that says where (file,
// line, column) in the role="alert" element; the page keeps working.

import { test, expect } from '@playwright/test';
import { PENGUINS, countOf, openFile, allReady, valueRow } from './helpers.js';

const BAD = { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,"never closed,6\n7,8,9\n') };

test('a malformed CSV shows file:line:col in an alert; then a good file loads', async ({ page }) => {
  await page.goto('/');
  await openFile(page, BAD);
  await expect(page.locator('[role="alert"]')).toContainText(/broken\.csv:\d+:\d+: \S/);
  await expect(page.locator('[data-component-id]')).toHaveCount(0);
  await openFile(page, PENGUINS);
  await allReady(page);
  await expect(page.locator('[role="alert"]')).toBeEmpty();
  await expect(countOf(page, 't')).toHaveText('n = 344 of 344');
});

test('a malformed file after a good one keeps the loaded data and layout', async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  await valueRow(page, 'h2', 'Biscoe').click();
  await expect(countOf(page, 't')).toHaveText('n = 168 of 344');
  await openFile(page, BAD);
  await expect(page.locator('[role="alert"]')).toContainText(/broken\.csv:\d+:\d+:/);
  await expect(page.locator('[data-component-id]')).toHaveCount(7); // penguins' default view
  // The old table is still loaded: a new selection is still computed.
  await valueRow(page, 'h2', 'Dream').click();
  await expect(countOf(page, 't')).toHaveText('n = 124 of 344');
  await allReady(page);
});
