// roles.spec.js — roles are resolved once, by the engine, and the views use
// the columns the results name: the reproduction of issue 12. A spec makes
// truth2 the label of a file that also has a column named "label"; the matrix
// counts truth2 × pred, and clicking a cell filters on truth2, so the table
// shows that cell's rows (it showed 0).

import { test, expect } from '@playwright/test';
import { card, countOf, openFile, allReady, linkFor, selectCell } from './helpers.js';

// 12 rows: "label" disagrees with truth2 everywhere, so filtering on the wrong one gives 0 rows.
const ROWS = [
  ['a', 'x', 'x'], ['a', 'x', 'x'], ['a', 'x', 'y'], ['b', 'y', 'y'], ['b', 'y', 'x'], ['b', 'y', 'y'],
  ['a', 'y', 'y'], ['a', 'x', 'x'], ['b', 'x', 'y'], ['b', 'y', 'y'], ['a', 'x', 'x'], ['b', 'y', 'x'],
];
const FILE = {
  name: 'two-labels.csv', mimeType: 'text/csv',
  buffer: Buffer.from(['label,truth2,pred', ...ROWS.map((r) => r.join(','))].join('\n') + '\n'),
};
const SPEC = {
  sinfonia: 1,
  data: { name: 'two-labels.csv' },
  columns: { truth2: { role: 'label' }, pred: { role: 'prediction' } },
  components: { cm: { type: 'confusion-matrix' }, t: { type: 'table' } },
  layout: { rows: [{ columns: ['cm', 't'] }] },
};

test('a spec that makes truth2 the label: a matrix cell filters on truth2 and the table shows its rows', async ({ page }) => {
  await page.goto('/' + linkFor(JSON.stringify(SPEC)));
  await openFile(page, FILE);
  await allReady(page);
  await expect(countOf(page, 't')).toHaveText('n = 12 of 12');
  // truth2 = x, pred = y: rows 2 and 8 (0-based).
  const n = await selectCell(page, 'x', 'y');
  expect(n).toBe(2);
  await expect(countOf(page, 't')).toHaveText('n = 2 of 12');
  const rows = await card(page, 't').locator('.vt-row[data-row]').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset.row));
  expect(rows).toEqual(['2', '8']);
  await expect(page.locator('[role="alert"]')).toBeEmpty();
});
