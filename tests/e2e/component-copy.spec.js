// component-copy.spec.js — a component is its folder. A copy of components/histogram
// under a new name, with no edit anywhere else, is found by the native build, the
// wasm build and the web build: the CLI lists and runs it, and the page offers it
// in "Add component" and draws it. The source tree (without build/, dist/, .git) is
// copied to a temp dir with build/deps/cjson and a link to node_modules, so nothing
// is fetched.

import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ROOT, PENGUINS, openFile, allReady, countOf, selectCell } from './helpers.js';

const SKIP = new Set(['build', 'node_modules', 'dist', '.git', 'test-results', 'playwright-report']);
const COPY = 'histogram-copy';

/** @param {string} cmd @param {string[]} args @param {object} [opts] */
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

/** @type {string} */ let dir;
/** @type {string} */ let src;
/** @type {import('node:child_process').ChildProcess | null} */ let server = null;
/** @type {string} */ let url;

test.describe.configure({ mode: 'serial' });

/** The copy's own server: beside the suite's port, so runs on other ports do not collide (4290 by default). */
const COPY_PORT = Number(process.env.SINFONIA_E2E_PORT || 4179) + 111;

test.beforeAll(async () => {
  test.setTimeout(600_000); // a copy of the tree built from scratch; slow on a loaded machine
  dir = mkdtempSync(join(tmpdir(), 'sinfonia-copy-'));
  src = join(dir, 'src');
  cpSync(ROOT, src, { recursive: true, filter: (p) => !SKIP.has(relative(ROOT, p).split(sep)[0]) });
  expect(existsSync(join(ROOT, 'build/deps/cjson/cJSON.c')), 'build/deps/cjson is missing: run sh scripts/setup.sh').toBe(true);
  cpSync(join(ROOT, 'build/deps/cjson'), join(src, 'build/deps/cjson'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
  expect(sh('cp', ['-r', 'components/histogram', `components/${COPY}`], { cwd: src }).status).toBe(0);

  let r = sh('cmake', ['-S', '.', '-B', 'build', '-DCMAKE_BUILD_TYPE=Release'], { cwd: src });
  expect(r.status, r.stderr).toBe(0);
  r = sh('cmake', ['--build', 'build', '-j2', '--target', 'sinfonia'], { cwd: src });
  expect(r.status, r.stdout.slice(-2000) + r.stderr).toBe(0);
  r = sh('node', ['scripts/build-web.mjs'], { cwd: src });
  expect(r.status, r.stdout.slice(-2000) + r.stderr).toBe(0);

  server = spawn('node', ['scripts/serve.mjs', 'dist'], { cwd: src, env: { ...process.env, PORT: String(COPY_PORT) } });
  url = await new Promise((resolve, reject) => {
    const s = /** @type {import('node:child_process').ChildProcess} */ (server);
    s.stdout?.on('data', (b) => { const m = String(b).match(/http:\/\/\S+/); if (m) resolve(m[0]); });
    s.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
});

test.afterAll(() => {
  if (server) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the CLI lists the copy and runs it as the original', () => {
  const bin = join(src, 'build/sinfonia');
  let r = sh(bin, ['--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^ {2}${COPY} — Histogram$`, 'm'));
  expect(r.stdout).toMatch(/^ {2}histogram — Histogram$/m);

  writeFileSync(join(dir, 'data.csv'), 'x,g\n1.5,a\n2,b\n,a\n4,\n10,b\n');
  const spec = {
    sinfonia: 1,
    filters: [{ field: 'g', in: ['a', 'b'] }],
    components: {
      h: { type: 'histogram', field: 'x', bins: 3 },
      hc: { type: COPY, field: 'x', bins: 3 },
      g: { type: 'histogram', field: 'g' },
      gc: { type: COPY, field: 'g' },
    },
  };
  r = sh(bin, ['run', join(dir, 'data.csv'), '--spec', '-'], { input: JSON.stringify(spec) });
  expect(r.status, r.stderr).toBe(0);
  const { results } = JSON.parse(r.stdout);
  expect(results.hc).toEqual(results.h);
  expect(results.gc).toEqual(results.g);
  expect(results.h.bins.map((/** @type {{count: number}} */ b) => b.count)).toEqual([2, 0, 1]);
  // The copy's schema is the original's: the same mistake, the same message.
  r = sh(bin, ['run', join(dir, 'data.csv'), '--spec', '-'], {
    input: JSON.stringify({ sinfonia: 1, components: { hc: { type: COPY, field: 'x', bins: 0 } } }),
  });
  expect(r.stderr).toBe('<stdin>: components.hc.bins: must be an integer from 1 to 1000\n');
});

test('the page offers the copy in "Add component" and draws it, linked like the original', async ({ page }) => {
  await page.goto(url);
  await openFile(page, PENGUINS);
  await allReady(page);
  const types = await page.locator('[data-role="add-component-type"] option').evaluateAll((els) => els.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  expect(types).toContain(COPY);
  await page.locator('[data-role="add-component-type"]').selectOption(COPY);
  await page.locator('[data-action="add-component"]').click();
  const copy = page.locator(`[data-component-type="${COPY}"]`);
  await expect(copy).toHaveCount(1);
  await expect(copy).toHaveAttribute('data-state', 'ready');
  await expect(copy.locator('svg').first()).toBeVisible();
  await expect(copy.locator('[data-role="count"]')).toHaveText('n = 344 of 344');
  // It takes part in cross-filtering: a confusion-matrix cell filters it.
  const inCell = await selectCell(page, 'Adelie', 'Chinstrap');
  await expect(copy.locator('[data-role="count"]')).toHaveText(`n = ${inCell} of 344`);
});
