// loader.test.js — web/loader.js over a fake worker: the File goes to the worker
// in one ingestFile request (no chunk crosses the page), its progress reaches the
// page, the result is committed; a cancel rejects at once, is posted before any
// later request and commits nothing; running out of memory says what and how far.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connector } from '../../../web/connector.js';
import { loadFile, LoadCancelled } from '../../../web/loader.js';
import { FakeWorker, settle } from '../support/fake-worker.js';

const SCHEMA = { format: 'csv', rows: 3, columns: [{ name: 'a', type: 'number' }], fingerprint: 'f' };

/** A coordinator as loadFile uses it, over one fake worker. @param {(op: string, payload: any) => any} answer */
function setup(answer) {
  /** @type {FakeWorker[]} */
  const workers = [];
  const connector = new Connector(() => {
    const w = new FakeWorker(answer, { manual: true });
    workers.push(w);
    return w;
  });
  const coordinator = /** @type {any} */ ({ connector, ingestCancel: () => connector.call('ingestCancel').catch(() => null) });
  return { coordinator, worker: () => workers[0] };
}

/** Send a progress message for request `id` as the worker does. @param {FakeWorker} w @param {number} id @param {object} progress */
const progress = (w, id, progress) => w.onmessage && w.onmessage({ data: { id, progress } });

test('the File goes to the worker whole, its progress reaches the page, and the table is committed', async () => {
  const { coordinator, worker } = setup((op) => (op === 'ingestFile' ? SCHEMA : null));
  const file = new Blob(['a\n1\n2\n3\n']);
  /** @type {any[]} */
  const seen = [];
  const done = loadFile(coordinator, file, { name: 'x.csv', onProgress: (p) => seen.push(p) });
  await settle();
  const w = worker();
  const [req] = w.ops('ingestFile');
  assert.equal(req.payload.file, file, 'the File itself is posted, not its bytes');
  assert.deepEqual(req.payload.options, { name: 'x.csv', format: 'auto' });
  progress(w, req.id, { read: 4, total: 8, rows: 1 });
  progress(w, req.id, { read: 8, total: 8, rows: 3 });
  assert.deepEqual(seen, [{ read: 4, total: 8, rows: 1 }, { read: 8, total: 8, rows: 3 }]);
  assert.equal(w.ops('ingestCommit').length, 0, 'nothing is committed before the worker answers');
  w.release();
  await settle();
  assert.equal(w.ops('ingestCommit').length, 1);
  w.release();
  assert.deepEqual(await done, SCHEMA);
});

test('a cancel rejects at once, reaches the worker before a newer file, and commits nothing', async () => {
  const { coordinator, worker } = setup((op) => (op === 'ingestFile' ? SCHEMA : null));
  const controller = new AbortController();
  const first = loadFile(coordinator, new Blob(['a\n1\n']), { name: 'big.csv', signal: controller.signal });
  controller.abort();
  const second = loadFile(coordinator, new Blob(['b\n2\n']), { name: 'next.csv' });
  await assert.rejects(first, LoadCancelled);
  const w = worker();
  assert.deepEqual(w.sent.map((m) => m.op), ['ingestFile', 'ingestCancel', 'ingestFile']);
  w.release(); // the first file's answer arrives after the cancel: it is not committed
  await settle();
  assert.equal(w.ops('ingestCommit').length, 1, 'only the newer file is committed');
  w.release();
  assert.deepEqual(await second, SCHEMA);
});

test('a signal aborted before the start sends nothing', async () => {
  const { coordinator, worker } = setup(() => null);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(loadFile(coordinator, new Blob(['a\n']), { signal: controller.signal }), LoadCancelled);
  assert.equal(worker(), undefined);
});

test('out of memory says which file, how far it got in bytes and rows, and keeps the engine\'s words', async () => {
  const { coordinator, worker } = setup((op) => {
    if (op === 'ingestFile') throw new Error("out of memory reading column 'x'");
    return null;
  });
  const done = loadFile(coordinator, new Blob(['a\n1\n']), { name: 'huge.csv' });
  await settle();
  const w = worker();
  progress(w, w.ops('ingestFile')[0].id, { read: 46_000_000, total: 81_000_000, rows: 954_414 });
  w.release();
  await assert.rejects(done, (e) => {
    assert.equal(/** @type {Error} */ (e).message, 'huge.csv is too large for the memory this browser tab gives Sinfonia: it ran out after ' +
      "reading 46 MB of 81 MB, 954,414 rows. (The engine said: out of memory reading column 'x'.)");
    return true;
  });
  assert.equal(w.ops('ingestCommit').length, 0);
});

test('another error is passed on as the engine said it', async () => {
  const { coordinator, worker } = setup(() => { throw new Error('x.csv:2:3: unterminated quote'); });
  const done = loadFile(coordinator, new Blob(['"\n']), { name: 'x.csv' });
  await settle();
  worker().release();
  await assert.rejects(done, (e) => /** @type {Error} */ (e).message === 'x.csv:2:3: unterminated quote');
});
