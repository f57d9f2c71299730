// embedding-lasso.test.js — the lasso's rows are the same whether the view finds them in
// the points (lasso.js rowsInPolygon, for a map drawn as points) or the engine does
// (config "lasso", for a density): both apply the even-odd rule to the same numbers.
// On the digits' PCA and UMAP maps, with polygons of 3 to 200 corners (a star that
// crosses itself too), through the native CLI ($SINFONIA_BIN or build/sinfonia).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowsInPolygon, insidePolygon, thin } from '../../components/embedding/lasso.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const DIGITS = path.join(ROOT, 'examples', 'digits.csv');

/** @param {object} config */
function embedding(config) {
  const spec = { sinfonia: 1, columns: { id: { role: 'id' }, digit: { role: 'label' } }, components: { e: { type: 'embedding', max_points: 20000, ...config } } };
  const r = spawnSync(BIN, ['run', DIGITS, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).results.e;
}

/** A polygon around (cx, cy): n corners on a circle, or a self-crossing star. @returns {[number, number][]} */
function polygon(cx, cy, rad, n, star = false) {
  return Array.from({ length: n }, (_, i) => {
    const t = (star ? 2 * i * 2 : 2 * i) * Math.PI / n;
    return /** @type {[number, number]} */ ([cx + rad * Math.cos(t), cy + rad * Math.sin(t)]);
  });
}

test('insidePolygon: the even-odd rule on a square and a self-crossing star', () => {
  const square = /** @type {[number, number][]} */ ([[0, 0], [2, 0], [2, 2], [0, 2]]);
  assert.equal(insidePolygon(square, 1, 1), true);
  assert.equal(insidePolygon(square, 3, 1), false);
  assert.equal(insidePolygon(square, -0.5, 1), false);
  // a pentagram: its centre is crossed twice by every ray, so outside by even-odd; a tip is inside
  const star = polygon(0, 0, 1, 5, true);
  assert.equal(insidePolygon(star, 0, 0), false);
  assert.equal(insidePolygon(star, 0.8, 0), true);
  assert.equal(thin(polygon(0, 0, 1, 1000)).length, 200);
});

for (const method of ['pca', 'umap']) {
  test(`${method}: the engine's lasso rows equal the view's on the same points`, () => {
    const base = embedding({ method, epochs: 30 });
    const pts = /** @type {[number, number][]} */ (base.points);
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const rad = (Math.max(...xs) - Math.min(...xs)) / 3;
    let checked = 0;
    for (const [n, star] of /** @type {[number, boolean][]} */ ([[3, false], [7, false], [5, true], [200, false]])) {
      const poly = polygon(cx, cy, rad, n, star);
      const got = embedding({ method, epochs: 30, lasso: poly });
      assert.deepEqual(got.points, base.points, 'the same map');
      const mine = rowsInPolygon(base, poly);
      assert.deepEqual(got.lasso_rows, mine, `${n} corners${star ? ' (star)' : ''}`);
      assert.equal(got.lasso_count, mine.length);
      assert.ok(mine.length > 0 && mine.length < pts.length);
      checked++;
    }
    assert.equal(checked, 4);
  });
}
