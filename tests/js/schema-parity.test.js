// schema-parity.test.js — the engine (wasm/src/spec.c and schema.c, through the CLI)
// and the page (validate() of web/spec.js, with the schemas read from
// components/*/schema.json and web/spec.schema.json) give byte-identical messages,
// with the same path, for the same bad config and the same bad spec.
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
  '{"r": {"type": "roc-pr", "positive": 1}}', // the class as text
  `{"r": {"type": "roc-pr", "positive": "${long(201)}"}}`,
  '{"r": {"type": "roc-pr", "max_points": 1}}',
  '{"r": {"type": "roc-pr", "max_points": 200.5}}',
  '{"r": {"type": "roc-pr", "threshold": 0.5}}', // not in this slice
  '{"f": {"type": "fairness", "positive": 1}}', // the class as text
  '{"f": {"type": "fairness", "group": ["sex"]}}',
  `{"f": {"type": "fairness", "positive": "${long(201)}"}}`,
  '{"f": {"type": "fairness", "method": "to_overall"}}', // only fairlearn's default, between_groups
  '{"c": {"type": "calibration", "positive": 1}}', // the class as text
  '{"c": {"type": "calibration", "bins": 0}}',
  '{"c": {"type": "calibration", "bins": 101}}',
  '{"c": {"type": "calibration", "bins": 2.5}}',
  '{"c": {"type": "calibration", "strategy": "quantile"}}', // equal width only
  '{"sm": {"type": "slice-metrics", "binning": "deciles"}}',
  '{"sm": {"type": "slice-metrics", "bins": 101}}',
  '{"sm": {"type": "slice-metrics", "top": 0}}',
  '{"sm": {"type": "slice-metrics", "sort": ["gap"]}}',
  '{"sm": {"type": "slice-metrics", "field": ["island"]}}',
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

/** Each entry: a whole spec's text, with a mistake outside the component configs. */
const SPEC_CORPUS = [
  '[]', // not an object
  '"view"',
  '{"sinfonia": 1, "components": {}, "extra": 1}', // unknown top-level key
  '{"sinfonia": 1, "components": {}, "__proto__": 1}',
  '{"zz": 1, "sinfonia": 1}', // required keys are named first
  '{"sinfonia": 1}', // no components
  '{"components": {}}', // no version
  '{"sinfonia": "1", "components": {}}',
  '{"sinfonia": 0, "components": {}}',
  '{"sinfonia": 2, "components": {}}', // newer
  '{"sinfonia": 1.5, "components": {}}',
  '{"sinfonia": 1e21, "components": {}}', // the version written as JavaScript writes it
  '{"sinfonia": 7, "views": [], "components": 3}', // newer is said before anything else
  '{"sinfonia": 1, "components": []}',
  '{"sinfonia": 1, "data": 3, "components": {}}',
  '{"sinfonia": 1, "data": {"format": "xml"}, "components": {}}',
  '{"sinfonia": 1, "data": {"delimiter": "ab"}, "components": {}}',
  '{"sinfonia": 1, "data": {"delimiter": "\\""}, "components": {}}',
  '{"sinfonia": 1, "data": {"delimiter": "é"}, "components": {}}',
  '{"sinfonia": 1, "data": {"delimiter": 44}, "components": {}}',
  '{"sinfonia": 1, "data": {"rows": -1}, "components": {}}',
  '{"sinfonia": 1, "data": {"rows": 2.5}, "components": {}}',
  '{"sinfonia": 1, "data": {"foo": 1}, "components": {}}',
  '{"sinfonia": 1, "data": {"header": "yes"}, "components": {}}',
  `{"sinfonia": 1, "data": {"name": "${long(1001)}"}, "components": {}}`,
  '{"sinfonia": 1, "data": {"url": "http://example.org/a.csv"}, "components": {}}',
  '{"sinfonia": 1, "columns": {"x": {"role": "boss"}}, "components": {}}',
  '{"sinfonia": 1, "columns": {"x": 3}, "components": {}}',
  '{"sinfonia": 1, "columns": {"x": {"class": true}}, "components": {}}',
  '{"sinfonia": 1, "threshold": 0.5, "components": {}}',
  '{"sinfonia": 1, "threshold": {}, "components": {}}',
  '{"sinfonia": 1, "threshold": {"value": "0.5"}, "components": {}}',
  '{"sinfonia": 1, "threshold": {"value": 0.5, "score": 3}, "components": {}}',
  '{"sinfonia": 1, "threshold": {"value": 0.5, "class": "x"}, "components": {}}',
  `{"sinfonia": 1, "threshold": {"value": 0.5, "score": "${long(1001)}"}, "components": {}}`,
  '{"sinfonia": 1, "filters": {}, "components": {}}',
  '{"sinfonia": 1, "filters": [3], "components": {}}',
  '{"sinfonia": 1, "filters": [null], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x"}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "range": [2, 1]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "range": [1]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "range": [1, "2"]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": 1}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1, [2]]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1], "range": [1, 2]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "", "in": [1]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1], "b": 1, "1": 0}], "components": {}}', // "1" comes first in JS
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1], "source": "zz"}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1], "source": "a b"}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"field": "x", "in": [1], "source": 5}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"or": [{"field": "x", "in": [1], "source": "t"}]}], "components": {"t": {"type": "table"}}}',
  '{"sinfonia": 1, "filters": [{"and": {}}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"and": [], "or": []}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"not": {"rows": [0, 1.5]}}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"rows": "1"}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"not": [3]}], "components": {}}',
  '{"sinfonia": 1, "filters": [{"eval": "x"}], "components": {}}',
  // named slices: the shape, names, filters; hostile ones (unknown keys, deep trees, huge lists)
  '{"sinfonia": 1, "slices": {}, "components": {}}',
  '{"sinfonia": 1, "slices": [3], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a"}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"filter": {"field": "x", "in": [1]}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": 5, "filter": {"field": "x", "in": [1]}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "", "filter": {"field": "x", "in": [1]}}], "components": {}}',
  `{"sinfonia": 1, "slices": [{"name": "${long(101)}", "filter": {"field": "x", "in": [1]}}], "components": {}}`,
  `{"sinfonia": 1, "slices": [{"name": "${'é'.repeat(60)}😀${'x'.repeat(39)}", "filter": {"field": "x", "in": [1]}}], "components": {}}`, // 101 UTF-16 units
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"field": "x", "in": [1]}, "color": "red"}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"field": "x", "in": [1]}, "__proto__": {}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"field": "x", "in": [1]}}, {"name": "b", "filter": {"not": {}}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "Dream \\"x\\"", "filter": {"field": "x", "in": [1]}}, {"name": "Dream \\"x\\"", "filter": {"rows": [1]}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"field": "x", "in": [1], "source": "t"}}], "components": {"t": {"type": "table"}}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": []}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"field": "x", "range": [3, 1]}}], "components": {}}',
  '{"sinfonia": 1, "slices": [{"name": "a", "filter": {"and": [{"or": [{"field": "x", "in": [{}]}]}]}}], "components": {}}',
  `{"sinfonia": 1, "slices": [{"name": "big", "filter": {"field": "x", "in": ${JSON.stringify(Array.from({ length: 100001 }, (_, i) => i))}}}], "components": {}}`,
  `{"sinfonia": 1, "slices": ${JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, filter: { rows: [i] } })))}, "components": {}}`,
  // a bad slice is named after the filters and before the layout
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["q"]}]}, "slices": [{"name": ""}], "filters": [{"x": 1}], "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["q"]}]}, "slices": [{"name": "", "filter": {}}], "components": {}}',
  '{"sinfonia": 1, "layout": [], "components": {}}',
  '{"sinfonia": 1, "layout": {}, "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{}]}, "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["q"], "width": 2}]}, "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": [1]}]}, "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["q"]}]}, "components": {}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["t", "a\\"b"]}]}, "components": {"t": {"type": "table"}}}',
  '{"sinfonia": 1, "layout": {"rows": [{"columns": ["t"]}, {"columns": ["t"]}]}, "components": {"t": {"type": "table"}}}',
  `{"sinfonia": 1, "layout": {"rows": [{"columns": ${JSON.stringify(Array(13).fill('t'))}}]}, "components": {}}`,
  `{"sinfonia": 1, "layout": {"rows": [{"columns": ["${long(65)}"]}]}, "components": {}}`,
  '{"sinfonia": 1, "components": {"a b": {"type": "table"}}}',
  '{"sinfonia": 1, "components": {"t": {"type": "pie"}}}',
  // several mistakes: the first in the common order is named (data, then ids, then filters, then layout)
  '{"layout": {"rows": [{"columns": ["q"]}]}, "filters": [{"x": 1}], "components": {"a b": {}}, "sinfonia": 1, "data": {"url": "ftp://x"}}',
  '{"layout": {"rows": [{"columns": ["q"]}]}, "filters": [{"x": 1}], "components": {"a b": {}}, "sinfonia": 1}',
  '{"layout": {"rows": [{"columns": ["q"]}]}, "filters": [{"x": 1}], "sinfonia": 1, "components": {}}',
];

/** The page's message for a spec's text (null when validate() takes it). @param {string} text */
function pageMessage(text) {
  try {
    validate(JSON.parse(text), schemas);
    return null;
  } catch (e) {
    return /** @type {Error} */ (e).message;
  }
}

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

test('the group role set in the spec\'s columns is taken by both, and a fairness component defaults to it', () => {
  const text = JSON.stringify({
    sinfonia: 1,
    columns: { x: { role: 'group' } },
    components: { f: { type: 'fairness' } },
  });
  assert.equal(pageMessage(text), null);
  const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const f = JSON.parse(r.stdout).results.f;
  assert.equal(f.group, 'x');
  assert.deepEqual(f.groups.map((/** @type {any} */ g) => g.value), [1, 2]);
  // Without the role the engine names what is missing (the page cannot know the columns).
  const bare = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: '{"sinfonia": 1, "components": {"f": {"type": "fairness"}}}', encoding: 'utf8' });
  assert.equal(bare.status, 1);
  assert.equal(bare.stderr, "<stdin>: components.f.group: no column has the role group; set one in the spec's columns or in this component's config\n");
});

test('the spec corpus covers at least 20 spec-level mistakes', () => {
  assert.ok(SPEC_CORPUS.length >= 20);
});

for (const text of SPEC_CORPUS) {
  test(`same message for the spec: ${text.slice(0, 100)}`, () => {
    const page = pageMessage(text);
    assert.ok(page, 'validate() accepted it');
    const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
    if (r.error) throw r.error;
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `<stdin>: ${page}\n`);
  });
}

test('what the page takes, the engine takes: filters, sources and a layout', () => {
  const text = JSON.stringify({
    sinfonia: 1,
    data: { name: 'data.csv', rows: 2, delimiter: ',', url: 'https://example.org/data.csv' },
    columns: { label: { role: 'label' } },
    filters: [{ field: 'x', range: [0, 5], source: 'h' }, { or: [{ not: { rows: [1] } }, { field: 'label', in: ['a', null] }] }],
    components: { h: { type: 'histogram', field: 'x' }, t: { type: 'table' } },
    layout: { rows: [{ columns: ['h'] }, { columns: ['t'] }] },
  });
  assert.equal(pageMessage(text), null);
  const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('a slice\'s filter nested deeper than 64 levels is refused on both sides (the CLI while parsing, with its position)', () => {
  const deep = `${'{"not": '.repeat(70)}{"field": "x", "in": [1]}${'}'.repeat(70)}`;
  const text = `{"sinfonia": 1, "slices": [{"name": "deep", "filter": ${deep}}], "components": {}}`;
  const page = pageMessage(text);
  assert.match(String(page), /^slices\[0\]\.filter(\.not)+: nested deeper than 64 levels$/);
  const r = spawnSync(BIN, ['run', 'data.csv', '--spec', '-'], { cwd: dir, input: text, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^<stdin>:1:\d+: nesting is too deep\n$/);
});
