// Make docs/screenshot.png, the README's picture: examples/titanic.csv opened
// without a link in the page served at URL (default http://127.0.0.1:8080/, i.e.
// `npm start`), so it gets the view its columns call for, with the decision
// threshold set to 0.4 under the ROC curve (the confusion matrix follows).
import { chromium } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const url = process.argv[2] || 'http://127.0.0.1:8080/';
const out = process.argv[3] || 'docs/screenshot.png';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1150 } });
const ready = () => page.waitForFunction(() => {
  const cards = [...document.querySelectorAll('[data-component-id]')];
  return cards.length > 2 && cards.every((c) => c.getAttribute('data-state') === 'ready');
});
await page.goto(url);
await page.locator('input[type=file]').first().setInputFiles(path.join(ROOT, 'examples', 'titanic.csv'));
await ready();
await page.locator('[data-component-type="roc-pr"] [data-action="set-threshold"]').click();
await ready();
const field = page.locator('[data-component-type="roc-pr"] [data-role="threshold-value"]');
await field.fill('0.4');
await field.press('Enter');
// The threshold derives the prediction: wait until the matrix is drawn for it.
await page.waitForFunction(() => /p_yes ≥ threshold/.test(document.querySelector('[data-component-type="confusion-matrix"] .vega-target svg')?.textContent || ''));
await ready();
await page.waitForTimeout(500); // the charts' last transition
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
