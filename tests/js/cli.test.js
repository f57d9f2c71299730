// cli.test.js — the native `sinfonia` CLI (wasm/cli/main.c) as a user runs it:
// schema and run output, exit codes 0/1/2, FILE:LINE:COL errors, --spec -, --help.
// Binary: $SINFONIA_BIN or build/sinfonia (cmake -S . -B build && cmake --build build).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
/** The component folders (those with a kernel.c), as the CLI should list them. */
const KNOWN = readdirSync(join(root, 'components')).filter((d) => existsSync(join(root, 'components', d, 'kernel.c'))).sort().join(', ');
const BIN = process.env.SINFONIA_BIN ? resolve(process.env.SINFONIA_BIN) : join(root, 'build/sinfonia');
let dir;

/** Run the CLI. @param {string[]} args @param {string} [input] stdin */
function cli(args, input) {
  const r = spawnSync(BIN, args, { cwd: dir, input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** @param {string} name @param {string | object} content */
function write(name, content) {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

const CSV =
  'id,x,label,pred,group\n' +
  '0,1.5,cat,cat,a\n' +
  '1,2,dog,cat,b\n' +
  '2,,cat,cat,a\n' +
  '3,4,bird,bird,\n' +
  '4,10,dog,dog,b\n';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinfonia-cli-'));
  write('data.csv', CSV);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('schema prints the columns, types, roles and dialect', () => {
  const r = cli(['schema', 'data.csv']);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.endsWith('\n'));
  const s = JSON.parse(r.out);
  assert.equal(s.format, 'csv');
  assert.equal(s.rows, 5);
  assert.deepEqual(s.dialect, { delimiter: ',', quote: '"', header: true, encoding: 'utf-8' });
  assert.deepEqual(
    s.columns.map((c) => [c.name, c.type, c.role, c.missing]),
    [['id', 'number', 'id', 0], ['x', 'number', 'feature', 1], ['label', 'category', 'label', 0],
      ['pred', 'category', 'prediction', 0], ['group', 'category', 'feature', 1]],
  );
});

test('run computes every component, with the spec filters applied Mosaic-style', () => {
  const spec = {
    sinfonia: 1,
    filters: [{ field: 'group', in: ['a', 'b'], source: 'h' }],
    components: {
      h: { type: 'histogram', field: 'group' },
      hx: { type: 'histogram', field: 'x', bins: 3 },
      cm: { type: 'confusion-matrix' },
      s: { type: 'summary', fields: ['x'] },
      t: { type: 'table', fields: ['id', 'x'], limit: 2, sort: { field: 'x', desc: true } },
    },
  };
  const r = cli(['run', 'data.csv', '--spec', write('spec.json', spec)]);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.deepEqual(Object.keys(out), ['data', 'results']);
  assert.equal(out.data.name, 'data.csv');
  assert.equal(out.data.rows, 5);
  assert.equal(typeof out.data.fingerprint, 'string');
  assert.deepEqual(Object.keys(out.results), ['h', 'hx', 'cm', 's', 't']);
  // h is the filter's source: it sees every row
  assert.deepEqual(out.results.h, { field: 'group', values: [{ value: 'a', count: 2 }, { value: 'b', count: 2 }], other: 0, missing: 1 });
  // the others see rows 0, 1, 2, 4; hx's edges span the whole column [1.5, 10]
  // (np.histogram([1.5, 2, 10], bins=3, range=(1.5, 10)) -> [2, 0, 1])
  assert.deepEqual(out.results.hx.bins.map((b) => b.count), [2, 0, 1]);
  assert.deepEqual(out.results.hx.extent, [1.5, 10]);
  assert.equal(out.results.hx.missing, 1);
  assert.deepEqual(out.results.cm.labels, ['cat', 'dog']);
  assert.deepEqual(out.results.cm.matrix, [[2, 0], [1, 1]]);
  assert.equal(out.results.cm.accuracy, 0.75);
  assert.equal(out.results.cm.count, 4);
  const sx = out.results.s.columns[0];
  assert.equal(out.results.s.rows, 4);
  assert.equal(sx.count, 3);
  assert.ok(Math.abs(sx.mean - 4.5) < 1e-12);
  assert.ok(Math.abs(sx.std - 4.769696007084728) < 1e-12); // np.std([1.5, 2, 10], ddof=1)
  assert.equal(out.results.t.count, 4);
  assert.deepEqual(out.results.t.rows, [{ row: 4, values: [4, 10] }, { row: 1, values: [1, 2] }]);
});

test('--spec - reads the spec from stdin; --format overrides sniffing', () => {
  write('data.jsonl', '{"a": 1, "b": "u"}\n{"a": 2}\n{"a": null, "b": "v"}\n');
  const spec = JSON.stringify({ sinfonia: 1, components: { s: { type: 'summary' } } });
  const r = cli(['run', 'data.jsonl', '--format', 'jsonl', '--spec', '-'], spec);
  assert.equal(r.code, 0, r.err);
  const cols = JSON.parse(r.out).results.s.columns;
  assert.deepEqual(cols.map((c) => [c.name, c.count, c.missing]), [['a', 2, 1], ['b', 2, 1]]);
  write('semi.txt', 'a;b\n1;2\n3;4\n');
  const s = JSON.parse(cli(['schema', 'semi.txt', '--format', 'csv', '--delimiter', ';']).out);
  assert.equal(s.dialect.delimiter, ';');
  assert.deepEqual(s.columns.map((c) => c.name), ['a', 'b']);
});

test('bad data: exit 1 and FILE:LINE:COL: message', () => {
  write('bad.csv', 'a,b\n1,2\n3,"x\n');
  const r = cli(['schema', 'bad.csv']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /^bad\.csv:3:\d+: .*quot/);
});

test('bad spec: exit 1 naming the spec path or position', () => {
  let r = cli(['run', 'data.csv', '--spec', write('s1.json', '{"sinfonia": 1,\n  "components": {,}}')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^s1\.json:2:\d+: /);
  r = cli(['run', 'data.csv', '--spec', write('s2.json', { sinfonia: 1, components: { h1: { type: 'histogram', field: 'x', bins: 0 } } })]);
  assert.equal(r.code, 1);
  assert.equal(r.err, 's2.json: components.h1.bins: must be an integer from 1 to 1000\n');
  r = cli(['run', 'data.csv', '--spec', write('s3.json', { sinfonia: 2 })]);
  assert.equal(r.code, 1);
  assert.equal(r.err, 's3.json: this view was made by a newer Sinfonia (spec version 2); open it with a newer Sinfonia\n');
  r = cli(['run', 'data.csv', '--spec', write('s4.json', { sinfonia: 1, components: { h1: { type: 'pie' } } })]);
  assert.equal(r.err, `s4.json: components.h1.type: unknown component type "pie" (known: ${KNOWN})\n`);
  r = cli(['run', 'data.csv', '--spec', write('s5.json', { sinfonia: 1, filters: [{ rows: [0] }, { field: 'nope', in: [1] }], components: { s: { type: 'summary' } } })]);
  assert.equal(r.code, 1);
  assert.equal(r.err, "s5.json: filters[1].field: no column named 'nope'\n");
  r = cli(['run', 'data.csv', '--spec', write('s6.json', { sinfonia: 1, columns: { label: { role: 'feature' } }, components: { cm: { type: 'confusion-matrix' } } })]);
  assert.equal(r.err, "s6.json: components.cm.label: no column has the role label; set one in the spec's columns or in this component's config\n");
  r = cli(['run', 'data.csv', '--spec', write('s7.json', { sinfonia: 1, components: { t: { type: 'table', colour: 'red' } } })]);
  assert.equal(r.err, 's7.json: components.t.colour: unknown key (allowed: fields, offset, limit, sort)\n');
});

test('bad usage: exit 2 with a message', () => {
  for (const args of [[], ['schema'], ['frobnicate', 'data.csv'], ['schema', 'data.csv', '--bogus'],
    ['run', 'data.csv'], ['schema', 'nope.csv'], ['run', 'data.csv', '--spec', 'nope.json'],
    ['schema', 'data.csv', '--format', 'xml'], ['schema', 'data.csv', 'extra.csv']]) {
    const r = cli(args);
    assert.equal(r.code, 2, `sinfonia ${args.join(' ')}`);
    assert.match(r.err, /^sinfonia: /);
    assert.equal(r.out, '');
  }
});

test('--help explains the commands, options and exit codes', () => {
  const r = cli(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['schema FILE', 'run FILE --spec', '--spec -', '--format', 'csv, tsv, json', '--delimiter', 'Exit status', 'Examples']) {
    assert.ok(r.out.includes(word), word);
  }
  assert.equal(cli(['run', '-h']).code, 0);
});

test('run reads the file as the spec\'s data block says, unless the command line says otherwise', () => {
  write('pipes.txt', 'a|b\n1|x\n2|y\n');
  const spec = { sinfonia: 1, data: { delimiter: '|', header: false }, components: { s: { type: 'summary' } } };
  const r = cli(['run', 'pipes.txt', '--spec', '-'], JSON.stringify(spec));
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out).results.s;
  assert.equal(s.rows, 3); // the header line is data
  assert.deepEqual(s.columns.map((c) => c.name), ['column_1', 'column_2']);
  // --delimiter wins over the spec: read with commas, each line is one field.
  const over = cli(['run', 'pipes.txt', '--spec', '-', '--delimiter', ','], JSON.stringify(spec));
  assert.equal(over.code, 0, over.err);
  assert.deepEqual(JSON.parse(over.out).results.s.columns.map((c) => c.name), ['column_1']);
});

test('--no-header names the columns column_1..n; a bad data block is refused with its path', () => {
  const r = cli(['schema', 'data.csv', '--no-header']);
  assert.equal(r.code, 0, r.err);
  const schema = JSON.parse(r.out);
  assert.equal(schema.rows, 6);
  assert.equal(schema.dialect.header, false);
  assert.equal(schema.columns[0].name, 'column_1');
  for (const [data, path] of [[{ delimiter: 'ab' }, 'data.delimiter'], [{ format: 'xlsx' }, 'data.format'],
    [{ header: 'yes' }, 'data.header'], [{ size: 3 }, 'data.size']]) {
    const bad = cli(['run', 'data.csv', '--spec', '-'], JSON.stringify({ sinfonia: 1, data, components: {} }));
    assert.equal(bad.code, 1);
    assert.match(bad.err, new RegExp(`^<stdin>: ${path.replace('.', '\\.')}: `));
  }
});

test('a header with no rows, and an empty JSON array, are errors with a position', () => {
  let r = cli(['schema', write('head.csv', 'a,b\n')]);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'head.csv:2:1: the file has a header but no rows\n');
  r = cli(['run', write('empty.json', '[]\n'), '--spec', '-'], JSON.stringify({ sinfonia: 1, components: {} }));
  assert.equal(r.code, 1);
  assert.equal(r.err, 'empty.json:1:1: the file holds an empty JSON array: no rows\n');
});

test('--help lists the components found, with their schema titles', () => {
  const r = cli(['--help']);
  for (const line of ['  confusion-matrix — Confusion matrix', '  histogram — Histogram', '  summary — Summary', '  table — Table']) {
    assert.ok(r.out.includes(line), line);
  }
});

test('a spec that makes truth2 the label: the matrix counts truth2 × pred and says so', () => {
  write('truth2.csv', 'id,label,truth2,pred\n0,cat,dog,dog\n1,cat,dog,cat\n2,dog,cat,cat\n3,dog,dog,dog\n');
  const spec = {
    sinfonia: 1,
    columns: { truth2: { role: 'label' } },
    // a click on the cell (truth2 = dog, pred = cat), as the page makes it
    filters: [{ and: [{ field: 'truth2', in: ['dog'] }, { field: 'pred', in: ['cat'] }], source: 'cm' }],
    components: { cm: { type: 'confusion-matrix' }, t: { type: 'table', fields: ['id'] }, s: { type: 'summary', fields: ['label', 'truth2'] } },
  };
  const r = cli(['run', 'truth2.csv', '--spec', '-'], JSON.stringify(spec));
  assert.equal(r.code, 0, r.err);
  const { cm, t, s } = JSON.parse(r.out).results;
  assert.equal(cm.label, 'truth2');
  assert.equal(cm.prediction, 'pred');
  assert.deepEqual(cm.labels, ['cat', 'dog']);
  assert.deepEqual(cm.matrix, [[1, 0], [1, 2]]); // the cm never sees its own cell
  assert.equal(t.count, 1);
  assert.deepEqual(t.rows, [{ row: 1, values: [1] }]);
  assert.deepEqual(s.fields, ['label', 'truth2']);
  assert.deepEqual(s.columns.map((c) => c.role), ['feature', 'label']);
});
