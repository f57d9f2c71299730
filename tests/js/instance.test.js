// instance.test.js — the instance component: through the native CLI on
// examples/digits.csv, its rows, values and pixel arrays equal the CSV's own
// (read here independently), under a filter and paged; and the view's two pure
// rules: which image URLs may load, and the grey level of a pixel value.
// Binary: $SINFONIA_BIN or build/sinfonia. A missing binary is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageUrlCheck, greyLevels } from '../../components/instance/view.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const DIGITS = path.join(ROOT, 'examples', 'digits.csv');

/** @param {string} file @param {object} spec */
function run(file, spec) {
  const r = spawnSync(BIN, ['run', file, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('digits: each page holds the selected rows in file order with the CSV\'s values and its 8×8 pixels', () => {
  assert.ok(fs.existsSync(BIN), `the CLI is needed at ${BIN}`);
  const [head, ...lines] = fs.readFileSync(DIGITS, 'utf8').trim().split('\n');
  const fields = head.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  const px = fields.map((f, i) => [f, i]).filter(([f]) => /^px\d\d$/.test(String(f))).map(([, i]) => Number(i));
  assert.equal(px.length, 64);
  const digit = fields.indexOf('digit'), pred = fields.indexOf('digit_pred');
  // The model's most common mistake (true a read as b): every such row, a page of 4 at a time.
  const pairs = new Map();
  for (const r of rows) if (r[digit] !== r[pred]) pairs.set(`${r[digit]} ${r[pred]}`, (pairs.get(`${r[digit]} ${r[pred]}`) || 0) + 1);
  const [a, b] = [...pairs].sort((x, y) => y[1] - x[1])[0][0].split(' ').map(Number);
  const want = rows.map((r, i) => ({ r, i })).filter(({ r }) => r[digit] === a && r[pred] === b).map(({ i }) => i);
  assert.ok(want.length > 4, `${want.length} rows`);
  const filter = { and: [{ field: 'digit', in: [a] }, { field: 'digit_pred', in: [b] }] };
  const seen = [];
  for (let offset = 0; offset < want.length + 4; offset += 4) {
    const res = run(DIGITS, { sinfonia: 1, filters: [filter], components: { i: { type: 'instance', offset, limit: 4 } } }).results.i;
    assert.equal(res.count, want.length);
    assert.equal(res.offset, offset);
    assert.deepEqual(res.fields, fields);
    assert.deepEqual(res.images, []);
    assert.equal(res.pixels.length, 1);
    assert.deepEqual(res.pixels[0].fields, px.map((i) => fields[i]));
    // The grey scale's range is the whole table's, not the page's.
    assert.equal(res.pixels[0].min, Math.min(...rows.flatMap((r) => px.map((i) => r[i]))));
    assert.equal(res.pixels[0].max, Math.max(...rows.flatMap((r) => px.map((i) => r[i]))));
    assert.deepEqual([res.pixels[0].width, res.pixels[0].height], [8, 8]);
    for (const r of res.rows) {
      assert.deepEqual(r.values, rows[r.row]);
      assert.deepEqual(r.pixels, [px.map((i) => rows[r.row][i])]);
      seen.push(r.row);
    }
  }
  assert.deepEqual(seen, want);
});

test('image URLs: only https: and data:image/(png|jpeg|gif|webp), anything else refused with the reason', () => {
  for (const ok of ['https://example.org/a.png', 'HTTPS://EXAMPLE.ORG/A.PNG', 'data:image/png;base64,AAAA', 'data:image/jpeg,xx', 'data:image/webp;base64,', 'DATA:IMAGE/GIF;base64,R0lG']) {
    assert.deepEqual(imageUrlCheck(ok), { ok: true }, ok);
  }
  const refused = {
    'javascript:alert(1)': 'a javascript: URL',
    'JavaScript:alert(1)': 'a javascript: URL',
    ' https://example.org/a.png': 'not an absolute URL',
    '\thttps://example.org/a.png': 'not an absolute URL',
    'http://example.org/a.png': 'a http: URL',
    'data:text/html,<script>alert(1)</script>': 'a data: URL that is not a PNG, JPEG, GIF or WebP image',
    'data:image/svg+xml,<svg onload="alert(1)"/>': 'a data: URL that is not a PNG, JPEG, GIF or WebP image',
    'data:image/pngx,AAAA': 'a data: URL that is not a PNG, JPEG, GIF or WebP image',
    'blob:https://example.org/1': 'a blob: URL',
    '//example.org/a.png': 'not an absolute URL',
    'a.png': 'not an absolute URL',
    'https://': 'not a valid https: URL',
  };
  for (const [url, what] of Object.entries(refused)) {
    const check = imageUrlCheck(url);
    assert.equal(check.ok, false, url);
    assert.equal(/** @type {{why: string}} */ (check).why,
      what.startsWith('not a valid') ? what : `not loaded: ${what} (only https: and data:image/ URLs are shown)`, url);
  }
  for (const none of [null, undefined, '', 42]) assert.deepEqual(imageUrlCheck(none), { ok: false, why: 'no URL' });
});

test('grey levels: the column range maps to white..black, clamped; missing stays missing', () => {
  assert.deepEqual(greyLevels([0, 8, 16, null, 20, -1], 0, 16), [255, 128, 0, null, 0, 255]);
  assert.deepEqual(greyLevels([3, 3], 3, 3), [255, 255]); // a constant group: white, not NaN
  assert.deepEqual(greyLevels([-1, 0, 1], -1, 1), [255, 128, 0]);
});
