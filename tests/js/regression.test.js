// regression.test.js — the regression component through the native CLI.
// reference.test.js already holds every regression_*.json in tests/reference/ (made
// with scikit-learn / numpy by tests/reference/make_regression.py) to 1e-9; this test
// states the largest difference seen for mae, rmse and r2 and for the bin edges,
// checks that the counts are exact, and that a column that is not numbers is refused
// with a message naming the key.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));

/** Run `sinfonia run FILE --spec -` with the spec on stdin. @param {string} file @param {object} spec */
function run(file, spec) {
  const r = spawnSync(BIN, ['run', path.resolve(ROOT, file), '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8' });
  assert.equal(r.error, undefined, `could not run ${BIN}: ${r.error}`);
  return r;
}

const refs = fs.readdirSync(REF_DIR).filter((f) => /^regression_.*\.json$/.test(f)).sort();

test('regression references exist: cars_mpg and diabetes, with and without filters', () => {
  assert.ok(refs.length >= 5, `found ${refs.join(', ')}`);
});

test('regression matches scikit-learn: metrics within 1e-9, counts exactly', (t) => {
  assert.ok(fs.existsSync(BIN), `sinfonia binary not found at ${BIN}`);
  const worst = { mae: 0, rmse: 0, r2: 0, edges: 0 };
  let components = 0;
  for (const name of refs) {
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
    const r = run(ref.file, ref.spec);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    const results = JSON.parse(r.stdout).results;
    for (const [id, want] of Object.entries(ref.expected)) {
      const got = results[id];
      const where = `${name} ${id}`;
      components++;
      assert.equal(got.count, want.count, `${where}: count`);
      assert.equal(got.missing, want.missing, `${where}: missing`);
      for (const k of /** @type {const} */ (['mae', 'rmse', 'r2'])) {
        const d = Math.abs(got[k] - want[k]);
        assert.ok(d <= 1e-9, `${where}: ${k} ${got[k]} vs sklearn ${want[k]} (diff ${d})`);
        worst[k] = Math.max(worst[k], d);
      }
      assert.deepEqual(got.residuals.bins.map((/** @type {any} */ b) => b.count), want.residuals.bins.map((/** @type {any} */ b) => b.count),
        `${where}: residual counts vs numpy.histogram`);
      for (const [i, b] of want.residuals.bins.entries()) {
        worst.edges = Math.max(worst.edges, Math.abs(got.residuals.bins[i].lo - b.lo), Math.abs(got.residuals.bins[i].hi - b.hi));
      }
      assert.deepEqual(got.scatter.cells, want.scatter.cells, `${where}: cells vs numpy.histogram2d`);
      assert.equal(got.scatter.cells.reduce((/** @type {number} */ a, /** @type {any} */ c) => a + c.count, 0), want.count);
    }
  }
  assert.ok(worst.edges <= 1e-9, `bin edges differ by ${worst.edges}`);
  t.diagnostic(`${components} results; max |diff| vs sklearn: mae ${worst.mae.toExponential(2)}, ` +
    `rmse ${worst.rmse.toExponential(2)}, r2 ${worst.r2.toExponential(2)}, residual bin edges ${worst.edges.toExponential(2)}`);
});

test('regression refuses a column that is not numbers, naming the key', () => {
  let r = run('examples/cars.csv', { sinfonia: 1, components: { reg: { type: 'regression' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /components\.reg\.label: must name a number column \('origin' holds category\)/);
  r = run('examples/cars_mpg.csv', { sinfonia: 1, components: { reg: { type: 'regression', prediction: 'name' } } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /components\.reg\.prediction: must name a number column \('name' holds text\)/);
});

test('cars_mpg: roles from the names, the 8 rows without a label counted as missing', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'cars_mpg.spec.json'), 'utf8'));
  const r = run('examples/cars_mpg.csv', spec);
  assert.equal(r.status, 0, r.stderr);
  const reg = JSON.parse(r.stdout).results.reg;
  assert.equal(reg.label, 'miles_per_gallon');
  assert.equal(reg.prediction, 'miles_per_gallon_pred');
  assert.equal(reg.count, 398);
  assert.equal(reg.missing, 8);
});
