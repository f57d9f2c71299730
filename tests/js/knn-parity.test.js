// knn-parity.test.js — the approximate neighbour search (wasm/src/knn.c) gives the
// same neighbours in the wasm engine as in the native CLI: duplicates with
// "search": "approximate" over the planted file, the whole result compared (every
// pair, every distance to the last bit, the median and the radius). knn.c decides
// only with + - * / sqrt and its own PRNG, so the two builds must agree exactly.
// Uses the wasm test build (build/wasm-small, made by scripts/test.sh) and
// $SINFONIA_BIN or build/sinfonia.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.SINFONIA_BIN || path.join('build', 'sinfonia'));
const FILE = path.join(ROOT, 'tests', 'reference', 'data', 'duplicates_planted.csv');
const dir = new URL('../../build/wasm-small/', import.meta.url);

/** @param {any} M @param {string} s */
function cstr(M, s) {
  const n = M.lengthBytesUTF8(s) + 1;
  const p = M._malloc(n);
  M.stringToUTF8(s, p, n);
  return p;
}

/** The wasm engine's result of component `id` of spec over the file's bytes. @param {Uint8Array} bytes @param {object} spec @param {string} id */
async function runWasm(bytes, spec, id) {
  assert.ok(fs.existsSync(new URL('sinfonia.wasm', dir)), 'build/wasm-small is missing (scripts/test.sh builds it)');
  /** @type {any} */ (globalThis).__dirname = fileURLToPath(dir); // Emscripten 3.1.6's ES6 loader under Node
  const { default: create } = await import(new URL('sinfonia.mjs', dir).href);
  const M = await create({ wasmBinary: fs.readFileSync(new URL('sinfonia.wasm', dir)) });
  const e = M._sf_open();
  const opts = cstr(M, '{"name":"planted.csv"}');
  assert.equal(M._sf_ingest_begin(e, opts), 0);
  M._free(opts);
  const buf = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, buf);
  assert.equal(M._sf_ingest_chunk(e, buf, bytes.length), 0, M.UTF8ToString(M._sf_last_error(e)));
  M._free(buf);
  const schema = M._sf_ingest_end(e);
  assert.ok(schema, M.UTF8ToString(M._sf_last_error(e)));
  M._sf_free(schema);
  const s = cstr(M, JSON.stringify(spec));
  const view = M._sf_view_set(e, s);
  M._free(s);
  assert.ok(view, M.UTF8ToString(M._sf_last_error(e)));
  M._sf_free(view);
  const idp = cstr(M, id);
  const out = M._sf_view_run(e, idp, 0);
  M._free(idp);
  assert.ok(out, M.UTF8ToString(M._sf_last_error(e)));
  const result = JSON.parse(M.UTF8ToString(out));
  M._sf_free(out);
  M._sf_close(e);
  return result;
}

test('the approximate neighbour search: wasm and native give the same duplicates, bit for bit', async () => {
  const spec = { sinfonia: 1, columns: { id: { role: 'id' } }, components: { d: { type: 'duplicates', search: 'approximate', limit: 10000 } } };
  const r = spawnSync(BIN, ['run', FILE, '--spec', '-'], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const native = JSON.parse(r.stdout).results.d;
  const wasm = await runWasm(new Uint8Array(fs.readFileSync(FILE)), spec, 'd');
  assert.equal(native.near_info.exact, false);
  assert.ok(native.near.length >= 30, 'the planted pairs at least');
  assert.deepEqual(wasm, native);
});
