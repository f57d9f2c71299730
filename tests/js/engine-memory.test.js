// engine-memory.test.js — the wasm engine runs out of memory gracefully: a file
// larger than its memory gives an "out of memory" error (no trap, no abort), and
// the same instance then loads and analyses a good file. Uses the test build
// with a 64 MB ceiling (build/wasm-small, made by scripts/test.sh).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = new URL('../../build/wasm-small/', import.meta.url);

async function engineModule() {
  assert.ok(fs.existsSync(new URL('sinfonia.wasm', dir)),
    'build/wasm-small is missing: emcmake cmake -S . -B build/wasm-small -DSF_WASM_MAX_MEMORY=64MB && cmake --build build/wasm-small');
  // Emscripten 3.1.6's ES6 loader refers to __dirname under Node.
  /** @type {any} */ (globalThis).__dirname = fileURLToPath(dir);
  const { default: create } = await import(new URL('sinfonia.mjs', dir).href);
  return create({ wasmBinary: fs.readFileSync(new URL('sinfonia.wasm', dir)) });
}

/** @param {any} M @param {number} e @param {Uint8Array} bytes @param {number} step */
function ingest(M, e, bytes, step) {
  const str = (/** @type {string} */ s) => {
    const n = M.lengthBytesUTF8(s) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(s, p, n);
    return p;
  };
  const opts = str('{"name":"big.csv"}');
  assert.equal(M._sf_ingest_begin(e, opts), 0);
  M._free(opts);
  const buf = M._malloc(step);
  try {
    for (let at = 0; at < bytes.length; at += step) {
      const chunk = bytes.subarray(at, Math.min(at + step, bytes.length));
      M.HEAPU8.set(chunk, buf);
      if (M._sf_ingest_chunk(e, buf, chunk.length) !== 0) return { error: M.UTF8ToString(M._sf_last_error(e)), at };
    }
  } finally {
    M._free(buf);
  }
  const schema = M._sf_ingest_end(e);
  if (!schema) return { error: M.UTF8ToString(M._sf_last_error(e)) };
  const text = M.UTF8ToString(schema);
  M._sf_free(schema);
  return { schema: JSON.parse(text) };
}

test('a file larger than the engine memory is an error, and the engine then loads a good file', async () => {
  const M = await engineModule();
  // About 80 MB of CSV: more than the 64 MB the test build may use.
  const line = '12345,0.123456,0.654321,some text here,category_a\n';
  const big = new TextEncoder().encode('id,a,b,c,d\n' + line.repeat(Math.ceil(80e6 / line.length)));
  const e = M._sf_open();
  const r = ingest(M, e, big, 1 << 20);
  assert.ok(r.error, 'the oversized file loaded');
  assert.match(r.error, /out of memory/);
  assert.ok(r.at < big.length, 'the error came while reading, before the end');

  const good = new TextEncoder().encode('label,pred,x\na,a,1\nb,a,2\nb,b,3\n');
  const ok = ingest(M, e, good, 7);
  assert.equal(ok.error, undefined);
  assert.equal(ok.schema.rows, 3);
  assert.equal(M._sf_version(), 5);
  const str = (/** @type {string} */ t) => {
    const n = M.lengthBytesUTF8(t) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(t, p, n);
    return p;
  };
  const spec = str('{"sinfonia":1,"components":{"cm":{"type":"confusion-matrix"}}}');
  const view = M._sf_view_set(e, spec);
  M._free(spec);
  assert.ok(view, M.UTF8ToString(M._sf_last_error(e)));
  assert.equal(JSON.parse(M.UTF8ToString(view)).components.cm.label, 'label');
  M._sf_free(view);
  const id = str('cm');
  const out = M._sf_view_run(e, id, 0);
  M._free(id);
  assert.ok(out, M.UTF8ToString(M._sf_last_error(e)));
  const result = JSON.parse(M.UTF8ToString(out));
  M._sf_free(out);
  assert.deepEqual(result.matrix, [[1, 0], [1, 1]]);
  assert.equal(result.label, 'label');
  assert.equal(result.prediction, 'pred');
  M._sf_close(e);
});
