// settings.spec.js — a component's settings form (built from its schema.json)
// and the Columns dialog (roles), used as a person would; the edits reach the
// link and the export.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { PENGUINS, SHOTS, card, cell, countOf, openFile, allReady, brush } from './helpers.js';

const ALL = 'n = 344 of 344';

/** penguins.csv with its label and prediction renamed so no role is inferred for them. */
const RENAMED = {
  name: 'penguins-renamed.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(fs.readFileSync(PENGUINS, 'utf8').replace(/^id,species,(.*),species_pred,/, 'id,truth_species,$1,model_out,')),
};

/** @param {import('@playwright/test').Page} page @param {string} id */
async function openSettings(page, id) {
  await card(page, id).locator('[data-action="edit-component"]').click();
  const form = card(page, id).locator('form[data-role="settings"]');
  await expect(form).toBeVisible();
  return form;
}

test.describe('component settings', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await openFile(page, PENGUINS);
    await allReady(page);
  });

  test("changing a histogram's field and bins re-runs it, retitles it and drops its own selection", async ({ page }) => {
    const h1 = card(page, 'h1');
    await expect(h1.locator('.bars_marks path')).toHaveCount(20);
    await brush(page, 'h1', 0.2, 0.5);
    await expect(countOf(page, 't')).not.toHaveText(ALL);
    await allReady(page);

    const form = await openSettings(page, 'h1');
    await expect(h1.locator('[data-action="edit-component"]')).toHaveAttribute('aria-expanded', 'true');
    await expect(form.getByLabel('Field')).toHaveValue('bill_length_mm');
    await expect(form.getByLabel('Bins')).toHaveValue('20');
    await expect(form.getByLabel('Bins')).toHaveAttribute('max', '1000');
    await form.getByLabel('Field').selectOption('body_mass_g');
    await form.getByLabel('Bins').fill('12');
    await page.screenshot({ path: path.join(SHOTS, 'settings-form.png'), fullPage: true });
    await form.locator('[data-action="apply-settings"]').click();

    await expect(h1.locator('h2')).toHaveText('Histogram · body_mass_g');
    await expect(h1.locator('form[data-role="settings"]')).toHaveCount(0);
    await allReady(page);
    await expect(h1.locator('.bars_marks path')).toHaveCount(12);
    await expect(h1.locator('.role-axis-title')).toHaveText('body_mass_g');
    // The brush was on bill_length_mm: it no longer applies, so every view shows every row again.
    await expect(countOf(page, 't')).toHaveText(ALL);
    await expect(h1.locator('[data-action="clear-selection"]')).toBeHidden();
    await expect(page.locator('[role="alert"]')).toBeEmpty();
  });

  test('an invalid bins value is refused with a message naming "bins"; nothing changes', async ({ page }) => {
    const h1 = card(page, 'h1');
    for (const bad of ['0', '5000']) {
      const form = await openSettings(page, 'h1');
      await form.getByLabel('Bins').fill(bad);
      await form.getByLabel('Bins').press('Enter');
      await expect(form.locator('[data-role="settings-error"]')).toHaveText('bins: must be an integer from 1 to 1000');
      await expect(form.getByLabel('Bins')).toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByLabel('Bins')).toBeFocused();
      await form.getByLabel('Bins').press('Escape');
      await expect(h1.locator('form[data-role="settings"]')).toHaveCount(0);
      await expect(h1.locator('[data-action="edit-component"]')).toBeFocused();
    }
    await expect(h1).toHaveAttribute('data-state', 'ready');
    await expect(h1.locator('h2')).toHaveText('Histogram · bill_length_mm');
    await expect(h1.locator('.bars_marks path')).toHaveCount(20);
    // Cancel leaves it as it was too.
    const form = await openSettings(page, 'h1');
    await form.getByLabel('Field').selectOption('flipper_length_mm');
    await form.locator('[data-action="cancel-settings"]').click();
    await expect(h1.locator('h2')).toHaveText('Histogram · bill_length_mm');
  });

  test("the table's settings choose its columns, and the keyboard opens the form", async ({ page }) => {
    const t = card(page, 't');
    const headers = t.locator('.vt-header [role="columnheader"]');
    await expect(headers).toHaveCount(13);
    await t.locator('[data-action="edit-component"]').focus();
    await page.keyboard.press('Enter');
    const form = t.locator('form[data-role="settings"]');
    await expect(form).toBeVisible();
    await expect(form.getByLabel('Offset')).toHaveCount(0);
    await expect(form.getByLabel('Limit')).toHaveCount(0);
    await form.getByRole('button', { name: 'None' }).click();
    await form.locator('[data-action="apply-settings"]').click();
    await expect(form.locator('[data-role="settings-error"]')).toHaveText('fields: choose at least one column');
    for (const name of ['species', 'island', 'body_mass_g']) await form.getByRole('checkbox', { name, exact: true }).check();
    await form.getByLabel('Title').fill('Who lives where');
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'settings-table.png') });
    await form.locator('[data-action="apply-settings"]').click();
    await expect(t.locator('h2')).toHaveText('Who lives where');
    await allReady(page);
    await expect(headers).toHaveText(['row', 'species', 'island', 'body_mass_g']);
    await expect(countOf(page, 't')).toHaveText(ALL);
    // The form opens again with those choices.
    const again = await openSettings(page, 't');
    await expect(again.getByRole('checkbox', { name: 'species', exact: true })).toBeChecked();
    await expect(again.getByRole('checkbox', { name: 'bill_length_mm', exact: true })).not.toBeChecked();
  });
});

test('column roles set in the Columns dialog reach the engine, the link and the export', async ({ page, context }) => {
  await page.goto('/');
  await openFile(page, RENAMED);
  await allReady(page);
  await page.locator('[data-role="add-component-type"]').selectOption('confusion-matrix');
  await page.locator('[data-action="add-component"]').click();
  const cm = page.locator('[data-component-type="confusion-matrix"]');
  await expect(cm).toHaveAttribute('data-state', 'error');
  await expect(cm).toContainText('label: no column has the role label');
  const cmId = /** @type {string} */ (await cm.getAttribute('data-component-id'));

  await page.locator('[data-action="edit-columns"]').click();
  const dialog = page.locator('dialog[data-role="columns"]');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('tbody tr')).toHaveCount(12);
  await expect(dialog.getByLabel('Role of id')).toHaveValue('id');
  await dialog.getByLabel('Role of truth_species').selectOption('label');
  await dialog.getByLabel('Role of model_out').selectOption('prediction');
  await dialog.getByLabel('Role of p_Gentoo').selectOption('score');
  await expect(dialog.getByLabel('Class p_Gentoo scores')).toBeVisible();
  await dialog.getByLabel('Class p_Gentoo scores').fill('Gentoo');
  await expect(dialog.locator('datalist option[value="Chinstrap"]')).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'columns-dialog.png') });
  await dialog.locator('[data-action="apply-columns"]').click();
  await expect(dialog).toHaveCount(0);

  await expect(cm).toHaveAttribute('data-state', 'ready');
  await expect(countOf(page, cmId)).toHaveText(ALL);
  await expect(cell(page, 'Adelie', 'Adelie', cmId)).toBeVisible();
  await expect(cm.locator('.role-axis-title').filter({ hasText: 'truth_species' })).toHaveCount(1);
  await allReady(page);
  // The summary reports the roles the engine now uses.
  await expect(card(page, 's').locator('tr', { hasText: 'model_out' }).locator('td').nth(1)).toHaveText('prediction');

  // Edit a histogram too, then make a link.
  const form = await openSettings(page, 'h1');
  await form.getByLabel('Field').selectOption('body_mass_g');
  await form.locator('[data-action="apply-settings"]').click();
  await expect(card(page, 'h1').locator('h2')).toHaveText('Histogram · body_mass_g');
  await allReady(page);

  const download = page.waitForEvent('download');
  await page.locator('[data-action="export-results"]').click();
  const results = JSON.parse(fs.readFileSync(/** @type {string} */ (await (await download).path()), 'utf8'));
  expect(results.results.h1.field).toBe('body_mass_g');
  expect(results.results[cmId].labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);

  await page.locator('[data-action="copy-link"]').click();
  await expect(page).toHaveURL(/#s=[A-Za-z0-9_-]+$/);
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(card(other, 'h1').locator('h2')).toHaveText('Histogram · body_mass_g');
  await openFile(other, RENAMED);
  await allReady(other);
  await expect(countOf(other, cmId)).toHaveText(ALL);
  await expect(card(other, 'h1').locator('.role-axis-title')).toHaveText('body_mass_g');
  await other.locator('[data-action="edit-columns"]').click();
  const restored = other.locator('dialog[data-role="columns"]');
  await expect(restored.getByLabel('Role of truth_species')).toHaveValue('label');
  await expect(restored.getByLabel('Role of model_out')).toHaveValue('prediction');
  await expect(restored.getByLabel('Class p_Gentoo scores')).toHaveValue('Gentoo');
  await restored.getByLabel('Role of model_out').press('Escape');
  await expect(restored).toHaveCount(0);
  await expect(other.locator('[role="alert"]')).toBeEmpty();
});

test("an open settings form stays open while another component changes the view", async ({ page }) => {
  await page.goto('/');
  await openFile(page, PENGUINS);
  await allReady(page);
  const form = await openSettings(page, 'h1');
  await form.getByLabel('Bins').fill('7');
  await card(page, 't').locator('button[data-field="island"]').click();
  await expect(card(page, 't')).toHaveAttribute('data-state', 'ready');
  await expect(card(page, 't').locator('[aria-sort="ascending"]')).toHaveCount(1);
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Bins')).toHaveValue('7');
});
