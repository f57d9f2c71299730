// Holds the native CLI to the reference results computed with scikit-learn / numpy / pandas
// (tests/reference/*.json, made by tests/reference/make_references.py).
//
// For each reference: write its spec to a temp file, run
//   $SINFONIA_BIN run <file> --spec <tmp>        (default build/sinfonia)
// and compare every value in "expected" with results[<component id>]: numbers within 1e-9
// (absolute or relative; integers exactly), strings/booleans/null exactly, arrays of the same
// length, every expected key present (extra keys in the output are allowed).
// A missing binary is a FAILURE, never a skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF_DIR = path.join(ROOT, 'tests', 'reference');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const TOL = 1e-9;

/** Compare expected against actual; push "path: message" strings onto errors. */
export function compare(expected, actual, where, errors) {
  if (expected === null) {
    if (actual !== null) errors.push(`${where}: expected null, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') {
      errors.push(`${where}: expected number ${expected}, got ${JSON.stringify(actual)}`);
    } else if (Number.isInteger(expected) && Number.isInteger(actual)) {
      if (expected !== actual) errors.push(`${where}: expected ${expected}, got ${actual}`);
    } else {
      const diff = Math.abs(expected - actual);
      if (!(diff <= TOL || diff <= TOL * Math.abs(expected))) {
        errors.push(`${where}: expected ${expected}, got ${actual} (diff ${diff.toExponential(3)})`);
      }
    }
    return;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    if (actual !== expected) {
      errors.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      errors.push(`${where}: expected an array of ${expected.length}, got ${JSON.stringify(actual)?.slice(0, 200)}`);
      return;
    }
    if (actual.length !== expected.length) {
      errors.push(`${where}: expected ${expected.length} items, got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) compare(expected[i], actual[i], `${where}[${i}]`, errors);
    return;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      errors.push(`${where}: expected an object, got ${JSON.stringify(actual)?.slice(0, 200)}`);
      return;
    }
    for (const key of Object.keys(expected)) {
      const sub = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
      if (!Object.prototype.hasOwnProperty.call(actual, key)) {
        errors.push(`${sub}: missing in output`);
        continue;
      }
      compare(expected[key], actual[key], sub, errors);
    }
    return;
  }
  errors.push(`${where}: unsupported expected value ${JSON.stringify(expected)}`);
}

const refs = fs.readdirSync(REF_DIR).filter((f) => f.endsWith('.json')).sort();

test('reference files exist', () => {
  assert.ok(refs.length > 0, `no reference JSON in ${REF_DIR}`);
});

test('compare() itself', () => {
  const errs = [];
  compare({ a: 1, b: [0.1, 'x'], c: null }, { a: 1, b: [0.1 + 1e-12, 'x'], c: null, extra: 5 }, '$', errs);
  assert.deepEqual(errs, []);
  compare({ a: 2, b: [1.5], c: 'x', d: 0 }, { a: 3, b: [1.5, 2], c: 'y' }, '$', errs);
  assert.deepEqual(errs, [
    '$.a: expected 2, got 3',
    '$.b: expected 1 items, got 2',
    '$.c: expected "x", got "y"',
    '$.d: missing in output',
  ]);
});

for (const name of refs) {
  test(`reference ${name}`, (t) => {
    assert.ok(fs.existsSync(BIN),
      `sinfonia binary not found at ${BIN} (build it: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build, or set SINFONIA_BIN)`);
    const ref = JSON.parse(fs.readFileSync(path.join(REF_DIR, name), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-ref-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const specPath = path.join(dir, 'spec.json');
    fs.writeFileSync(specPath, JSON.stringify(ref.spec));
    const file = path.resolve(ROOT, ref.file);
    const run = spawnSync(BIN, ['run', file, '--spec', specPath], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000,
    });
    assert.equal(run.error, undefined, `could not run ${BIN}: ${run.error}`);
    assert.equal(run.status, 0,
      `sinfonia run ${ref.file} exited ${run.status} (signal ${run.signal}); stderr:\n${run.stderr}`);
    let out;
    try {
      out = JSON.parse(run.stdout);
    } catch (e) {
      assert.fail(`stdout is not JSON (${e.message}): ${run.stdout.slice(0, 300)}`);
    }
    assert.ok(out && typeof out === 'object' && out.results && typeof out.results === 'object',
      `output has no "results" object: ${run.stdout.slice(0, 300)}`);
    assert.ok('data' in out, 'output has no "data" key');
    const errors = [];
    compare(ref.expected, out.results, '$.results', errors);
    const shown = errors.slice(0, 60).join('\n');
    const more = errors.length > 60 ? `\n... and ${errors.length - 60} more` : '';
    assert.equal(errors.length, 0, `${name}: ${errors.length} mismatch(es):\n${shown}${more}`);
  });
}
