// component-copy.test.js — a component is its folder: a copy of components/histogram
// under a new name builds natively and runs with no edit anywhere else. The source
// tree (without build/, node_modules/, dist/, .git) is copied to a temp dir with
// build/deps/cjson, so nothing is fetched; then cmake builds it (Release, -j2).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const SKIP = new Set(['build', 'node_modules', 'dist', '.git', 'test-results', 'playwright-report']);

/** @param {string} cmd @param {string[]} args @param {object} [opts] */
function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

test('a copied component folder builds and runs under its new name', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sinfonia-copy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  cpSync(root, src, {
    recursive: true,
    filter: (p) => {
      const top = relative(root, p).split(sep)[0];
      return !SKIP.has(top);
    },
  });
  assert.ok(existsSync(join(root, 'build/deps/cjson/cJSON.c')), 'build/deps/cjson is missing: run sh scripts/setup.sh');
  cpSync(join(root, 'build/deps/cjson'), join(src, 'build/deps/cjson'), { recursive: true });
  assert.equal(sh('cp', ['-r', 'components/histogram', 'components/histogram-copy'], { cwd: src }).status, 0);

  let r = sh('cmake', ['-S', '.', '-B', 'build', '-DCMAKE_BUILD_TYPE=Release'], { cwd: src });
  assert.equal(r.status, 0, r.stderr);
  r = sh('cmake', ['--build', 'build', '-j2', '--target', 'sinfonia'], { cwd: src });
  assert.equal(r.status, 0, r.stdout.slice(-2000) + r.stderr);
  const bin = join(src, 'build/sinfonia');

  r = sh(bin, ['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^ {2}histogram-copy — Histogram$/m);
  assert.match(r.stdout, /^ {2}histogram — Histogram$/m);

  writeFileSync(join(dir, 'data.csv'), 'x,g\n1.5,a\n2,b\n,a\n4,\n10,b\n');
  const spec = {
    sinfonia: 1,
    filters: [{ field: 'g', in: ['a', 'b'] }],
    components: {
      h: { type: 'histogram', field: 'x', bins: 3 },
      hc: { type: 'histogram-copy', field: 'x', bins: 3 },
      g: { type: 'histogram', field: 'g' },
      gc: { type: 'histogram-copy', field: 'g' },
    },
  };
  r = sh(bin, ['run', join(dir, 'data.csv'), '--spec', '-'], { input: JSON.stringify(spec) });
  assert.equal(r.status, 0, r.stderr);
  const { results } = JSON.parse(r.stdout);
  assert.deepEqual(results.hc, results.h);
  assert.deepEqual(results.gc, results.g);
  assert.deepEqual(results.h.bins.map((b) => b.count), [2, 0, 1]);
  // the copy's schema is the original's: the same mistake, the same message
  r = sh(bin, ['run', join(dir, 'data.csv'), '--spec', '-'], {
    input: JSON.stringify({ sinfonia: 1, components: { hc: { type: 'histogram-copy', field: 'x', bins: 0 } } }),
  });
  assert.equal(r.stderr, '<stdin>: components.hc.bins: must be an integer from 1 to 1000\n');
});
