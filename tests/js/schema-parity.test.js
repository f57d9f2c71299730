// schema-parity.test.js — the engine (wasm/src/schema.c, through the CLI) and the
// page (validate() of web/spec.js, with the schemas read from components/*/schema.json)
// give byte-identical messages, with the same path, for the same bad config.
// Binary: $SINFONIA_BIN or build/sinfonia.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '../../web/spec.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = process.env.SINFONIA_BIN ? resolve(process.env.SINFONIA_BIN) : join(root, 'build/sinfonia');
let dir;

/** component type -> schema.json, found the way the builds find them */
const schemas = new Map(
  readdirSync(join(root, 'components'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'components', d.name, 'schema.json')))
    .map((d) => [d.name, JSON.parse(readFileSync(join(root, 'components', d.name, 'schema.json'), 'utf8'))]),
);

const long = (n) => 'x'.repeat(n);
/** Each entry: a spec's "components" text (JSON, so odd keys survive as written). */
const CORPUS = [
  '{"h": {"type": "histogram", "field": "x", "bins": "9"}}', // wrong type
  '{"h": {"type": "histogram", "field": "x", "bins": 0}}', // out of range
  '{"h": {"type": "histogram", "field": "x", "bins": 2.5}}', // not an integer
  '{"h": {"type": "histogram", "field": "x", "top": 10001}}',
  '{"h": {"type": "histogram", "bins": 3}}', // missing required
  '{"h": {"type": "histogram", "field": 5}}',
  '{"h": {"type": "histogram", "field": "x", "extent": [1]}}', // too few items
  '{"h": {"type": "histogram", "field": "x", "extent": [1, "a"]}}',
  '{"t": {"type": "table", "colour": "red"}}', // unknown key
  '{"t": {"type": "table", "sort": {"field": "x", "up": true}}}', // bad nested sort key
  '{"t": {"type": "table", "sort": {}}}', // nested required
  '{"t": {"type": "table", "sort": {"field": "x", "desc": "yes"}}}',
  '{"t": {"type": "table", "sort": "x"}}',
  '{"t": {"type": "table", "limit": 1001}}',
  '{"t": {"type": "table", "offset": -1}}',
  '{"t": {"type": "table", "fields": ["x", 3]}}',
  `{"s": {"type": "summary", "fields": ${JSON.stringify(Array.from({ length: 1001 }, (_, i) => `c${i}`))}}}`, // too many items
  '{"cm": {"type": "confusion-matrix", "labels": []}}',
  '{"cm": {"type": "confusion-matrix", "labels": ["a", {}]}}',
  '{"cm": {"type": "confusion-matrix", "label": 5}}',
  `{"s": {"type": "summary", "title": "${long(201)}"}}`, // title too long
  '{"s": {"type": "summary", "title": 5}}',
  '{"s": {"type": "summary", "note": null}}',
  `{"s": {"type": "summary", "note": "${long(10001)}"}}`, // note too long (the guard on every string)
  '{"s": {"type": "pie"}}', // unknown type
  '{"s": {"title": "no type"}}',
  '{"s": []}',
  '{"h 1": {"type": "summary"}}', // bad id
  '{"t": {"type": "table", "a b": 1}}', // an odd key, quoted in the path
  '{"t": {"type": "table", "zz": 1, "1": 2}}', // JavaScript lists "1" first
  '{"t": {"type": "table", "__proto__": 1}}',
  '{"t": {"type": "table", "limit": 5, "sort": {"field": "x", "desc": 1}, "colour": 1}}', // the first mistake in order
];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinfonia-parity-'));
  writeFileSync(join(dir, 'data.csv'), 'x,label,pred\n1,a,a\n2,b,a\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the corpus covers every kind of mistake', () => {
  assert.ok(CORPUS.length >= 15);
  assert.ok(schemas.size >= 4, [...schemas.keys()].join(', '));
});

for (const components of CORPUS) {
  const text = `{"sinfonia": 1, "components": ${components}}`;
  test(`same message: ${components.slice(0, 90)}`, () => {
    let page = null;
    try {
      validate(JSON.parse(text), schemas);
    } catch (e) {
      page = /** @type {Error} */ (e).message;
    }
    assert.ok(page, 'validate() accepted it');
    const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
    if (r.error) throw r.error;
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `<stdin>: ${page}\n`);
  });
}

test('a bad enum in the spec\'s columns: the same message', () => {
  const text = '{"sinfonia": 1, "columns": {"x": {"role": "boss"}}, "components": {}}';
  let page = null;
  try { validate(JSON.parse(text), schemas); } catch (e) { page = /** @type {Error} */ (e).message; }
  assert.equal(page, 'columns.x.role: must be one of "feature", "id", "label", "prediction", "score", "embedding", "text", "image", "group", "split", "time"');
  const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
  assert.equal(r.stderr, `<stdin>: ${page}\n`);
});
