// Make docs/screenshot.png, the README's picture: the example loaded in the
// page served at URL (default http://127.0.0.1:8080/, i.e. `npm start`), with a
// brush on bill length so the linked views show a selection.
import { chromium } from '@playwright/test';

const url = process.argv[2] || 'http://127.0.0.1:8080/';
const out = process.argv[3] || 'docs/screenshot.png';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(url);
await page.click('[data-action="load-example"]');
await page.waitForFunction(() => {
  const cards = [...document.querySelectorAll('[data-component-id]')];
  return cards.length > 0 && cards.every((c) => c.getAttribute('data-state') === 'ready');
});
// The bars' group of the Vega chart spans the bins from the first to the last.
const plot = page.locator('[data-component-id="h1"] .bars_marks');
const box = await plot.boundingBox();
if (!box) throw new Error('screenshot: no histogram bars in h1');
await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
await page.mouse.down();
await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 8 });
await page.mouse.up();
// The brush filters the table: wait until its count is no longer every row.
await page.waitForFunction(() => !/^n = 344 of/.test(document.querySelector('[data-component-id="t"] [data-role="count"]')?.textContent || ''));
await page.waitForFunction(() => [...document.querySelectorAll('[data-component-id]')].every((c) => c.getAttribute('data-state') === 'ready'));
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
