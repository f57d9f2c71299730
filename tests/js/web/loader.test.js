// loader.test.js — web/loader.js over a fake worker: the File is posted in
// slices, each transferred (never the whole file), at most three unanswered;
// progress is the rows and bytes parsed; the table is committed only after
// the read; a cancel rejects at once, is posted before any later request and
// commits nothing; running out of memory says what and how far.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connector } from '../../../web/connector.js';
import { loadFile, LoadCancelled } from '../../../web/loader.js';
import { FakeWorker, settle } from '../support/fake-worker.js';

const SCHEMA = { format: 'csv', rows: 3, columns: [{ name: 'a', type: 'number' }], fingerprint: 'f' };

/**
 * A coordinator as loadFile uses it, over one fake worker that counts rows as
 * the lines in the chunks it gets; `fail(op, payload)` may throw instead.
 * @param {{manual?: boolean, fail?: (op: string, payload: any) => void}} [options]
 */
function setup({ manual = false, fail = () => {} } = {}) {
  let lines = 0;
  /** @type {FakeWorker[]} */
  const workers = [];
  const answer = (/** @type {string} */ op, /** @type {any} */ payload) => {
    fail(op, payload);
    if (op === 'ingestBegin') lines = 0;
    if (op === 'ingestChunk') {
      lines += new TextDecoder().decode(payload).split('\n').length - 1;
      return { rows: lines };
    }
    return op === 'ingestEnd' ? SCHEMA : null;
  };
  const connector = new Connector(() => {
    const w = new FakeWorker(answer, { manual });
    workers.push(w);
    return w;
  });
  const coordinator = /** @type {any} */ ({ connector, ingestCancel: () => connector.call('ingestCancel').catch(() => null) });
  return { coordinator, worker: () => workers[0] };
}

const TEXT = 'a\n' + Array.from({ length: 40 }, (_, i) => `${i}\n`).join('');

test('the file goes in slices, in order, the whole of it; progress is rows and bytes parsed; then ingestEnd holds and ingestCommit commits', async () => {
  const { coordinator, worker } = setup();
  /** @type {any[]} */
  const seen = [];
  const schema = await loadFile(coordinator, new Blob([TEXT]), { name: 'x.csv', chunkBytes: 16, onProgress: (p) => seen.push(p) });
  assert.deepEqual(schema, SCHEMA);
  const w = worker();
  const ops = w.sent.map((m) => m.op);
  assert.equal(ops[0], 'ingestBegin');
  assert.deepEqual(w.sent[0].payload, { name: 'x.csv', format: 'auto', size: TEXT.length }, 'the size lets the engine reserve its columns');
  assert.deepEqual(ops.slice(-2), ['ingestEnd', 'ingestCommit']);
  assert.deepEqual(w.ops('ingestEnd')[0].payload, { hold: true });
  const chunks = w.ops('ingestChunk').map((m) => new TextDecoder().decode(m.payload));
  assert.ok(chunks.length > 3 && chunks.every((c) => c.length <= 16));
  assert.equal(chunks.join(''), TEXT);
  assert.deepEqual(seen[0], { read: 0, total: TEXT.length, rows: 0 });
  assert.deepEqual(seen[seen.length - 1], { read: TEXT.length, total: TEXT.length, rows: 41 });
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].read > seen[i - 1].read && seen[i].rows >= seen[i - 1].rows);
});

test('at most three slices are unanswered at a time', async () => {
  const { coordinator, worker } = setup({ manual: true });
  const done = loadFile(coordinator, new Blob([TEXT]), { chunkBytes: 8 });
  const w = () => /** @type {FakeWorker} */ (worker());
  await settle();
  w().release();
  let most = 0;
  for (let i = 0; i < 200 && !w().ops('ingestCommit').length; i++) {
    await settle();
    most = Math.max(most, w().held.filter((m) => m.op === 'ingestChunk').length);
    w().release((m) => m.op !== 'ingestChunk' || w().held.indexOf(m) === 0); // answer one chunk at a time
  }
  w().release();
  assert.deepEqual(await done, SCHEMA);
  assert.equal(most, 3);
});

test('a cancel rejects at once, reaches the worker before a newer file, and commits nothing', async () => {
  const { coordinator, worker } = setup({ manual: true });
  const controller = new AbortController();
  const first = loadFile(coordinator, new Blob([TEXT]), { name: 'big.csv', signal: controller.signal, chunkBytes: 8 });
  await settle();
  worker().release(); // ingestBegin
  await settle();
  await settle();
  controller.abort();
  const second = loadFile(coordinator, new Blob(['b\n2\n']), { name: 'next.csv' });
  await assert.rejects(first, LoadCancelled);
  const w = worker();
  const ops = w.sent.map((m) => m.op);
  assert.ok(ops.includes('ingestChunk'), 'it was mid-file');
  assert.equal(ops.indexOf('ingestCancel'), ops.lastIndexOf('ingestBegin') - 1, 'the cancel goes just before the newer file');
  for (let i = 0; i < 20; i++) { w.release(); await settle(); }
  assert.deepEqual(await second, SCHEMA);
  const after = w.sent.slice(w.sent.findIndex((m) => m.op === 'ingestCancel') + 1);
  assert.deepEqual(after.map((m) => m.op), ['ingestBegin', 'ingestChunk', 'ingestEnd', 'ingestCommit'], 'nothing of the cancelled file follows the cancel');
  assert.equal(new TextDecoder().decode(after[1].payload), 'b\n2\n');
});

test('a signal aborted before the start sends nothing', async () => {
  const { coordinator, worker } = setup();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(loadFile(coordinator, new Blob(['a\n']), { signal: controller.signal }), LoadCancelled);
  assert.equal(worker(), undefined);
});

test('out of memory says which file, how far it got in bytes and rows, and keeps the engine\'s words; the half-read file is dropped', async () => {
  let chunks = 0;
  const { coordinator, worker } = setup({ fail: (op) => {
    if (op !== 'ingestChunk') return;
    chunks++;
    if (chunks === 3) throw new Error("out of memory reading column 'x'");
    if (chunks > 3) throw new Error('no file is being read (ingestChunk before ingestBegin)'); // the worker closed it
  } });
  const body = 'a\n' + '1234567\n'.repeat(150000); // 1.2 MB; slices of 400 kB: the third fails
  await assert.rejects(loadFile(coordinator, new Blob([body]), { name: 'huge.csv', chunkBytes: 400000 }), (e) => {
    assert.equal(/** @type {Error} */ (e).message, 'huge.csv is too large for the memory this browser tab gives Sinfonia: it ran out after ' +
      "reading 0.8 MB of 1.2 MB, 100,000 rows. (The engine said: out of memory reading column 'x'.)");
    return true;
  });
  await settle();
  const ops = worker().sent.map((m) => m.op);
  assert.equal(ops.includes('ingestCommit'), false);
  assert.equal(ops.includes('ingestCancel'), true);
});

test('out of memory on the first slice says the room for the columns could not be set aside', async () => {
  const { coordinator } = setup({ fail: (op) => { if (op === 'ingestChunk') throw new Error("out of memory reading column 'y'"); } });
  const body = 'a\n' + '1234567\n'.repeat(150000);
  await assert.rejects(loadFile(coordinator, new Blob([body]), { name: 'big.csv', chunkBytes: 400000 }), (e) => {
    assert.equal(/** @type {Error} */ (e).message, 'big.csv is too large for the memory this browser tab gives Sinfonia: it ran out at the start, ' +
      "setting aside room for the columns of all 1.2 MB. (The engine said: out of memory reading column 'y'.)");
    return true;
  });
});

test('out of memory once every byte is read says so', async () => {
  const { coordinator } = setup({ fail: (op) => { if (op === 'ingestEnd') throw new Error('out of memory converting column p'); } });
  const body = 'a\n' + '1234567\n'.repeat(150000);
  await assert.rejects(loadFile(coordinator, new Blob([body]), { name: 'wide.csv', chunkBytes: 400000 }), (e) => {
    assert.equal(/** @type {Error} */ (e).message, 'wide.csv is too large for the memory this browser tab gives Sinfonia: it read all 1.2 MB ' +
      '(150,001 rows) and ran out while preparing the columns. (The engine said: out of memory converting column p.)');
    return true;
  });
});

test('another error is passed on as the engine said it', async () => {
  const { coordinator } = setup({ fail: (op) => { if (op === 'ingestEnd') throw new Error('x.csv:2:3: unterminated quote'); } });
  await assert.rejects(loadFile(coordinator, new Blob(['"\n']), { name: 'x.csv' }), (e) => /** @type {Error} */ (e).message === 'x.csv:2:3: unterminated quote');
});
