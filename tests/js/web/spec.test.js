// spec.test.js — the spec v1 codec (web/spec.js) and the strict validation of
// untrusted specs against DESIGN.md's shape and each component's schema.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode, decode, validate, toBase64Url, fromBase64Url, MAX_HASH_CHARS } from '../../../web/spec.js';
import { SCHEMAS, COMPONENTS } from '../support/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** deflate-raw + base64url of arbitrary text, for hand-made links. @param {string} text */
async function link(text) {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return '#s=' + toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The error message decode+validate gives for a link. @param {string} hash */
async function linkError(hash) {
  try {
    validate(await decode(hash), SCHEMAS);
  } catch (e) {
    return /** @type {Error} */ (e).message;
  }
  assert.fail('the link was accepted');
}

const PENGUINS = {
  sinfonia: 1,
  data: { name: 'penguins.csv', rows: 344, fingerprint: 'abc123' },
  columns: { species: { role: 'label' }, species_pred: { role: 'prediction' }, p_Adelie: { role: 'score', class: 'Adelie' } },
  filters: [{ field: 'island', in: ['Biscoe'], source: 'h2' }, { field: 'bill_length_mm', range: [35, 45.5] }],
  components: {
    cm: { type: 'confusion-matrix' },
    h1: { type: 'histogram', field: 'bill_length_mm', bins: 30, title: 'Bill length', note: 'Long bills: Gentoo ↔ Chinstrap' },
    h2: { type: 'histogram', field: 'island' },
    s: { type: 'summary' },
    t: { type: 'table', offset: 0, limit: 50 },
  },
  layout: { rows: [{ columns: ['cm', 'h1', 'h2'] }, { columns: ['s'] }, { columns: ['t'] }] },
};

test('encode gives "#s=" + unpadded base64url, and decode round-trips it', async () => {
  const hash = await encode(PENGUINS);
  assert.match(hash, /^#s=[A-Za-z0-9_-]+$/);
  assert.ok(!hash.includes('='.repeat(1), 3), 'no padding');
  assert.deepEqual(await decode(hash), PENGUINS);
  assert.deepEqual(JSON.parse(JSON.stringify(validate(await decode(hash), SCHEMAS))), PENGUINS);
});

test('decode accepts the payload with or without "#s="', async () => {
  const hash = await encode(PENGUINS);
  assert.deepEqual(await decode(hash.slice(1)), PENGUINS);
  assert.deepEqual(await decode(hash.slice(3)), PENGUINS);
});

test('non-ASCII text survives the round trip', async () => {
  const spec = { ...PENGUINS, components: { t: { type: 'table', title: 'Pingüinos — 企鹅 🐧' } }, layout: { rows: [{ columns: ['t'] }] } };
  assert.deepEqual(await decode(await encode(spec)), spec);
});

test('a link made by Python (zlib.compressobj(wbits=-15)) decodes', async () => {
  // Made with /usr/bin/python3:
  //   spec = {'sinfonia': 1, 'data': {'name': 'penguins.csv', 'rows': 344}, 'columns': {'species': {'role': 'label'}},
  //           'filters': [{'field': 'island', 'in': ['Biscoe'], 'source': 'h2'}],
  //           'components': {'h2': {'type': 'histogram', 'field': 'island'}, 't': {'type': 'table', 'limit': 50}},
  //           'layout': {'rows': [{'columns': ['h2', 't']}]}}
  //   c = zlib.compressobj(9, zlib.DEFLATED, -15); b = c.compress(json.dumps(spec).encode()) + c.flush()
  //   '#s=' + base64.urlsafe_b64encode(b).decode().rstrip('=')
  const hash = '#s=VU9BjsIwDPwK8nmFYBcuHPkG6iGkgbXk2FWcglCVv6-dIq042R6PZ8YLKPJNGAOcNvuvDYyhersAh5ysgSnxfUbWbdQHGKHIUw3_ORyaTVFozqz9QqcUMa19EerXFK6JoDn1hlRT8fVlsSHR6ARUCjy6MLKv4IwaJcFgiMpcYpf5_YY2dLs8CSeuq4vBXuprWlmoVe4lZOh2nw4eoX7Qa7haSIMJM_rquOtBKbxkru83nu_A_49e3LaLDW1o7Q8';
  const spec = validate(await decode(hash), SCHEMAS);
  assert.equal(spec.data && spec.data.rows, 344);
  assert.deepEqual(JSON.parse(JSON.stringify(spec.filters)), [{ field: 'island', in: ['Biscoe'], source: 'h2' }]);
  assert.equal(spec.components.t.limit, 50);
});

test('base64url uses - and _ and never padding', () => {
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0xfe]);
  assert.equal(toBase64Url(bytes), '-_-__g');
  assert.deepEqual(fromBase64Url('-_-__g'), bytes);
  for (let n = 0; n < 8; n++) assert.doesNotMatch(toBase64Url(new Uint8Array(n).fill(7)), /[=+/]/);
});

test('bad base64 is rejected plainly', async () => {
  assert.match(await linkError('#s=abc$def'), /damaged: "\$" is not a base64url character/);
  assert.match(await linkError('#s=ab+/'), /not a base64url character/);
  assert.match(await linkError('#s=abcde'), /impossible length/);
  assert.match(await linkError('#s='), /no view in it/);
});

test('truncated or corrupt deflate is rejected', async () => {
  const hash = await encode(PENGUINS);
  const cut = hash.slice(0, hash.length - 12);
  assert.match(await linkError(cut.length % 4 === 1 ? cut.slice(0, -1) : cut), /damaged/);
  assert.match(await linkError('#s=' + toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff]))), /compressed data is incomplete or corrupt/);
});

test('text that is not JSON, or not UTF-8, is rejected', async () => {
  assert.match(await linkError(await link('{"sinfonia": 1,')), /not valid JSON/);
  const stream = new Blob([new Uint8Array([0x7b, 0xff, 0x7d])]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  assert.match(await linkError('#s=' + toBase64Url(bytes)), /not valid UTF-8/);
});

test('oversize links and inflated bombs are rejected', async () => {
  assert.match(await linkError('#s=' + 'A'.repeat(MAX_HASH_CHARS + 4)), /too long/);
  const bomb = await link(JSON.stringify({ sinfonia: 1, components: {}, pad: ' '.repeat(2 * 1024 * 1024) }));
  assert.ok(bomb.length < MAX_HASH_CHARS, 'the bomb compresses small');
  assert.match(await linkError(bomb), /inflates to more than 1048576 bytes/);
});

test('__proto__, constructor and prototype keys are rejected anywhere, naming the path', async () => {
  assert.equal(await linkError(await link('{"sinfonia":1,"components":{},"__proto__":{"polluted":1}}')),
    '__proto__: the key "__proto__" is not allowed');
  assert.equal(await linkError(await link('{"sinfonia":1,"components":{"h1":{"type":"histogram","field":"x","constructor":{}}}}')),
    'components.h1.constructor: the key "constructor" is not allowed');
  assert.equal(await linkError(await link('{"sinfonia":1,"components":{},"columns":{"a":{"prototype":"x"}}}')),
    'columns.a.prototype: the key "prototype" is not allowed');
  assert.equal(/** @type {any} */ ({}).polluted, undefined);
});

test('unknown keys are rejected with the path and the allowed keys', async () => {
  assert.match(await linkError(await link('{"sinfonia":1,"components":{},"vega":{}}')), /^vega: unknown key \(allowed: sinfonia, data, columns, threshold, filters, slices, components, layout\)$/);
  assert.match(await linkError(await link('{"sinfonia":1,"components":{"h1":{"type":"histogram","field":"x","colour":"red"}}}')), /^components\.h1\.colour: unknown key/);
  assert.match(await linkError(await link('{"sinfonia":1,"components":{},"data":{"name":"a","secret":1}}')), /^data\.secret: unknown key/);
  assert.match(await linkError(await link('{"sinfonia":1,"components":{},"filters":[{"field":"a","in":[1],"expr":"1"}]}')), /^filters\[0\]\.expr: unknown key/);
});

test('deep nesting is rejected', async () => {
  let filter = '{"field":"a","in":[1]}';
  for (let i = 0; i < 70; i++) filter = `{"not":${filter}}`;
  assert.match(await linkError(await link(`{"sinfonia":1,"components":{},"filters":[${filter}]}`)), /nested deeper than 64 levels/);
});

test('huge strings and arrays are rejected', async () => {
  assert.match(await linkError(await link(JSON.stringify({ sinfonia: 1, components: { t: { type: 'table', title: 'x'.repeat(20000) } } }))),
    /^components\.t\.title: string is longer than 10000 characters/);
  assert.match(await linkError(await link(JSON.stringify({ sinfonia: 1, components: {}, filters: [{ rows: Array(100001).fill(1) }] }))),
    /^filters\[0\]\.rows: array has more than 100000 items/);
});

test('a newer spec version says so plainly', async () => {
  assert.equal(await linkError(await link('{"sinfonia":2,"components":{}}')), 'this view was made by a newer Sinfonia (spec version 2); open it with a newer Sinfonia');
  // said before its keys are checked: a newer spec may hold keys this build does not know
  assert.equal(await linkError(await link('{"sinfonia":3,"views":[]}')), 'this view was made by a newer Sinfonia (spec version 3); open it with a newer Sinfonia');
  assert.match(await linkError(await link('{"sinfonia":0,"components":{}}')), /^sinfonia: must be 1/);
  assert.match(await linkError(await link('{"components":{}}')), /^sinfonia: is required/);
});

test('layout and filters must name existing components', async () => {
  assert.match(await linkError(await link('{"sinfonia":1,"components":{"t":{"type":"table"}},"layout":{"rows":[{"columns":["t","zz"]}]}}')),
    /^layout\.rows\[0\]\.columns\[1\]: names no component \("zz"\)/);
  assert.match(await linkError(await link('{"sinfonia":1,"components":{},"filters":[{"field":"a","in":[1],"source":"zz"}]}')),
    /^filters\[0\]\.source: names no component/);
  assert.match(await linkError(await link('{"sinfonia":1,"components":{"x y":{"type":"table"}}}')), /a component id is/);
});

test('predicates are checked', async () => {
  const bad = async (/** @type {unknown} */ f) => linkError(await link(JSON.stringify({ sinfonia: 1, components: {}, filters: [f] })));
  assert.match(await bad({ field: 'a', range: [3, 1] }), /^filters\[0\]\.range: must be \[low, high\]/);
  assert.equal(await bad({ field: 'a', range: [1] }), 'filters[0].range: must be [low, high], two numbers');
  assert.match(await bad({ field: 'a' }), /needs "in" or "range"/);
  assert.match(await bad({ and: [{ field: 'a', in: [{}] }] }), /^filters\[0\]\.and\[0\]\.in\[0\]: must be a string, number, boolean or null$/);
  assert.match(await bad({ eval: 'x' }), /must be a predicate/);
  assert.doesNotThrow(() => validate({ sinfonia: 1, components: {}, filters: [{ or: [{ not: { rows: [1, 2] } }, { field: 'a', range: [0, 1] }] }] }, SCHEMAS));
});

test('validated specs are built from null-prototype objects', () => {
  const spec = /** @type {any} */ (validate(JSON.parse(JSON.stringify(PENGUINS)), SCHEMAS));
  assert.equal(Object.getPrototypeOf(spec), null);
  assert.equal(Object.getPrototypeOf(spec.components.h1), null);
  assert.equal(spec.components.toString, undefined);
});

// ---- each component's schema.json drives validation ----

test('every registered component has a schema that accepts its minimal config', () => {
  const folders = fs.readdirSync(path.join(ROOT, 'components')).filter((d) => fs.existsSync(path.join(ROOT, 'components', d, 'view.js'))).sort();
  assert.deepEqual(COMPONENTS.map((c) => c.type).sort(), folders);
  for (const { type, schema } of COMPONENTS) {
    // The minimal config: every required key, which are column names.
    const config = Object.fromEntries((schema.required || []).map((/** @type {string} */ k) => [k, 'x']));
    assert.doesNotThrow(() => validate({ sinfonia: 1, components: { c: { type, ...config, title: 'T', note: 'N' } } }, SCHEMAS), type);
  }
});

test('histogram: field is required, bins is an integer in range', () => {
  const v = (/** @type {object} */ h1) => () => validate({ sinfonia: 1, components: { h1: { type: 'histogram', ...h1 } } }, SCHEMAS);
  assert.throws(v({ bins: 10 }), { message: 'components.h1.field: is required' });
  assert.throws(v({ field: 'x', bins: 0 }), { message: 'components.h1.bins: must be an integer from 1 to 1000' });
  assert.throws(v({ field: 'x', bins: 2.5 }), { message: 'components.h1.bins: must be an integer from 1 to 1000' });
  assert.throws(v({ field: 'x', bins: '20' }), /: components\.h1\.bins: must be an integer/);
  assert.throws(v({ field: 7 }), /: components\.h1\.field: must be a string/);
  assert.doesNotThrow(v({ field: 'x', bins: 1000 }));
});

test('table: offset and limit are bounded integers; fields are names', () => {
  const v = (/** @type {object} */ t) => () => validate({ sinfonia: 1, components: { t: { type: 'table', ...t } } }, SCHEMAS);
  assert.doesNotThrow(v({ fields: ['a', 'b'], offset: 10, limit: 100 }));
  assert.throws(v({ limit: -1 }), /: components\.t\.limit: must be an integer/);
  assert.throws(v({ offset: 1.5 }), /: components\.t\.offset: must be an integer/);
  assert.throws(v({ fields: [1] }), /: components\.t\.fields\[0\]: must be a string/);
});

test('table: sort names a field, desc is a boolean, nothing else', () => {
  const v = (/** @type {object} */ sort) => () => validate({ sinfonia: 1, components: { t: { type: 'table', sort } } }, SCHEMAS);
  assert.doesNotThrow(v({ field: 'bill_length_mm' }));
  assert.doesNotThrow(v({ field: 'bill_length_mm', desc: true }));
  assert.throws(v({ desc: true }), /: components\.t\.sort\.field: is required/);
  assert.throws(v({ field: 'x', desc: 'yes' }), /: components\.t\.sort\.desc: must be a boolean/);
  assert.throws(v({ field: 'x', by: 'y' }), /: components\.t\.sort\.by: unknown key/);
});

test('data: the reading options (format, delimiter, header) are checked', () => {
  const v = (/** @type {object} */ data) => () => validate({ sinfonia: 1, data, components: {} }, SCHEMAS);
  for (const format of ['auto', 'csv', 'tsv', 'json', 'jsonl']) assert.doesNotThrow(v({ format }));
  for (const delimiter of [',', ';', '\t', '|', ':']) assert.doesNotThrow(v({ name: 'a.txt', delimiter, header: false }));
  assert.throws(v({ format: 'xml' }), /: data\.format: must be one of "auto", "csv", "tsv", "json", "jsonl"/);
  assert.throws(v({ format: 'CSV' }), /: data\.format: must be one of/);
  for (const delimiter of ['ab', '', '"', '\n', '\r', 'é']) assert.throws(v({ delimiter }), /: data\.delimiter: must be one ASCII character/, JSON.stringify(delimiter));
  assert.throws(v({ delimiter: 44 }), /: data\.delimiter: must be a string/);
  assert.throws(v({ header: 'no' }), /: data\.header: must be a boolean/);
  assert.throws(v({ encoding: 'latin1' }), /: data\.encoding: unknown key/);
  assert.throws(() => validate(JSON.parse('{"sinfonia":1,"data":{"__proto__":{"delimiter":";"}},"components":{}}'), SCHEMAS),
    /: data\.__proto__: the key "__proto__" is not allowed/);
});

test('summary and confusion-matrix reject what their schemas do not name', () => {
  assert.throws(() => validate({ sinfonia: 1, components: { s: { type: 'summary', bins: 3 } } }, SCHEMAS), /: components\.s\.bins: unknown key/);
  assert.throws(() => validate({ sinfonia: 1, components: { s: { type: 'summary', fields: 'a' } } }, SCHEMAS), /: components\.s\.fields: must be an array/);
  assert.throws(() => validate({ sinfonia: 1, components: { cm: { type: 'confusion-matrix', label: ['a'] } } }, SCHEMAS), /: components\.cm\.label: must be a string/);
  assert.doesNotThrow(() => validate({ sinfonia: 1, components: { cm: { type: 'confusion-matrix', label: 'species', prediction: 'species_pred', labels: ['Adelie', 'Gentoo'] } } }, SCHEMAS));
  assert.throws(() => validate({ sinfonia: 1, components: { x: { type: 'vega-lite' } } }, SCHEMAS), /: components\.x\.type: unknown component type "vega-lite"/);
});

test('the shipped example specs are valid', async () => {
  const fs = await import('node:fs');
  for (const f of ['examples/penguins.spec.json', 'examples/cars.spec.json']) {
    const url = new URL(`../../../${f}`, import.meta.url);
    if (!fs.existsSync(url)) continue;
    assert.doesNotThrow(() => validate(JSON.parse(fs.readFileSync(url, 'utf8')), SCHEMAS), f);
  }
});

test('a key repeated in one object, or a NUL in a string, is refused as the engine refuses it', async () => {
  assert.equal(await linkError(await link('{"sinfonia":1,"components":{"h":{"type":"histogram","field":"a","field":"b"}}}')),
    'components.h: the key "field" appears twice');
  assert.equal(await linkError(await link('{"sinfonia":1,"sinfonia":2,"components":{}}')), 'the key "sinfonia" appears twice');
  assert.equal(await linkError(await link('{"sinfonia":1,"filters":[{"field":"a","in":[1]},{"field":"x\\u0000y","in":[2]}],"components":{}}')),
    'filters[1].field: a string holds the NUL character (\\u0000)');
  // The same key in two objects, and quotes, commas and braces inside strings, are fine.
  const ok = await decode(await link('{"sinfonia":1,"components":{"a":{"type":"summary","title":"say \\"hi\\", {x}"},"b":{"type":"summary","title":"t"}}}'));
  assert.equal(/** @type {any} */ (ok).components.a.title, 'say "hi", {x}');
});
