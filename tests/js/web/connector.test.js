// connector.test.js — web/connector.js with a fake worker: requests and
// replies, errors, and a fatal error that discards the worker and restarts it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connector } from '../../../web/connector.js';
import { FakeWorker, settle } from '../support/fake-worker.js';

/** A connector over fake workers that answer `answer`; `workers` lists each one made. @param {(op: string, payload: any) => any} answer @param {{manual?: boolean}} [options] */
function connect(answer, options) {
  /** @type {FakeWorker[]} */
  const workers = [];
  const connector = new Connector(() => {
    const w = new FakeWorker(answer, options);
    workers.push(w);
    return w;
  });
  return { connector, workers };
}

test('a request is {id, op, payload}; its reply resolves it, whatever the order of replies', async () => {
  const { connector, workers } = connect((op, payload) => ({ op, twice: payload * 2 }), { manual: true });
  const a = connector.call('double', 1);
  const b = connector.call('double', 2);
  const [w] = workers;
  assert.deepEqual(w.sent.map((m) => [m.op, m.payload]), [['double', 1], ['double', 2]]);
  assert.notEqual(w.sent[0].id, w.sent[1].id);
  w.release(() => true, true); // newest first
  assert.deepEqual(await a, { op: 'double', twice: 2 });
  assert.deepEqual(await b, { op: 'double', twice: 4 });
  assert.equal(connector.started, 1);
});

test('an error reply rejects with its message; the worker stays', async () => {
  const { connector, workers } = connect((op) => {
    if (op === 'bad') throw new Error('components.h1.bins: must be an integer from 1 to 1000');
    return 'fine';
  });
  await assert.rejects(connector.call('bad'), (e) => /** @type {any} */ (e).message === 'components.h1.bins: must be an integer from 1 to 1000' && !(/** @type {any} */ (e).fatal));
  assert.equal(await connector.call('good'), 'fine');
  assert.equal(workers.length, 1);
  assert.equal(workers[0].terminated, false);
});

test('a fatal error discards the worker, fails what was pending, tells the page, and the next request starts a new one', async () => {
  const { connector, workers } = connect((op) => {
    if (op === 'trap') throw Object.assign(new Error('the engine stopped (memory access out of bounds)'), { fatal: true });
    return op;
  }, { manual: true });
  /** @type {string[]} */
  const told = [];
  connector.addEventListener('fatal', (e) => told.push(/** @type {CustomEvent} */ (e).detail.message));
  const trap = connector.call('trap');
  const waiting = connector.call('slow');
  workers[0].release((m) => m.op === 'trap');
  await assert.rejects(trap, (e) => /** @type {any} */ (e).fatal === true);
  await assert.rejects(waiting, (e) => /** @type {any} */ (e).fatal === true);
  assert.deepEqual(told, ['the engine stopped (memory access out of bounds)']);
  assert.equal(workers[0].terminated, true);
  // A late reply from the discarded worker changes nothing.
  workers[0].release();
  const next = connector.call('again');
  assert.equal(workers.length, 2);
  workers[1].release();
  assert.equal(await next, 'again');
  assert.equal(connector.started, 2);
});

test('a worker that fails to start is discarded too', async () => {
  const { connector, workers } = connect(() => 'x', { manual: true });
  const p = connector.call('hello');
  const onerror = /** @type {(e: any) => void} */ (workers[0].onerror);
  onerror({ message: 'could not load the engine (sinfonia.wasm: HTTP 404)', preventDefault() {} });
  await assert.rejects(p, /could not start \(could not load the engine/);
  await settle();
  assert.equal(workers[0].terminated, true);
});
