// coordinator.test.js — web/coordinator.js with a fake worker: one setView
// per spec change, runView for exactly the cards whose inputs changed, stale
// replies dropped, baselines fetched once and cached.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connector } from '../../../web/connector.js';
import { SpecStore } from '../../../web/spec-store.js';
import { Selections, clausesOf, filterFor } from '../../../web/selections.js';
import { Coordinator } from '../../../web/coordinator.js';
import { FakeWorker, settle } from '../support/fake-worker.js';
import { SCHEMAS } from '../support/registry.js';

const SCHEMA = {
  format: 'csv', rows: 344, fingerprint: 'f-344',
  columns: [{ name: 'island', type: 'category', role: 'feature', missing: 0 }, { name: 'bill_length_mm', type: 'number', role: 'feature', missing: 2 }],
};
const VIEW = {
  sinfonia: 1,
  components: { h1: { type: 'histogram', field: 'bill_length_mm' }, h2: { type: 'histogram', field: 'island' }, t: { type: 'table' } },
};

/** The engine, as a script: setView echoes the components; runView answers {id, run: n}. @param {{manual?: boolean, refuse?: string}} [options] */
function setup({ manual = false, refuse = '' } = {}) {
  let runs = 0;
  /** @param {string} op @param {any} payload */
  const answer = (op, payload) => {
    if (op === 'setView') {
      if (refuse && refuse in payload.components) throw new Error(`components.${refuse}.label: no column has the role label`);
      if (payload.threshold) throw new Error("threshold: the label 'species' has more than two classes; a threshold needs a binary label");
      return { columns: SCHEMA.columns, components: JSON.parse(JSON.stringify(payload.components)) };
    }
    if (op === 'runView') return { id: payload.id, options: payload.options || null, run: ++runs };
    return null;
  };
  const worker = new FakeWorker(answer, { manual });
  const connector = new Connector(() => worker);
  const store = new SpecStore(SCHEMAS);
  const selections = new Selections(store);
  const coordinator = new Coordinator({ connector, store });
  /** @type {Map<string, {states: string[], shown: {result: any, baseline: any}[]}>} */
  const cards = new Map();
  /** @param {string} id @param {boolean} [wantsBaseline] */
  const mount = (id, wantsBaseline = false) => {
    const card = { states: /** @type {string[]} */ ([]), shown: /** @type {{result: any, baseline: any}[]} */ ([]) };
    cards.set(id, card);
    coordinator.mount(id, {
      wantsBaseline,
      setState: (state) => card.states.push(state),
      update: (result, baseline) => card.shown.push({ result, baseline }),
    });
  };
  /** The ids runView was asked for since `from` (an index into worker.sent). @param {number} from */
  const ranSince = (from) => worker.sent.slice(from).filter((m) => m.op === 'runView' && !(m.payload.options && m.payload.options.unfiltered)).map((m) => m.payload.id).sort();
  return { worker, store, selections, coordinator, cards, mount, ranSince, lastRun: () => runs };
}

/** A file loaded with cards h1 and t drawn, the worker answering only when released. */
async function loadedByHand() {
  const parts = setup({ manual: true });
  const { worker, store, coordinator, mount } = parts;
  store.replace(VIEW);
  mount('h1');
  mount('t');
  coordinator.setData(SCHEMA);
  await settle();
  worker.release();
  await settle();
  worker.release();
  await settle();
  return parts;
}

test('setView is sent once per spec change (changes in one tick are one), then every card runs', async () => {
  const { worker, store, coordinator, cards, mount } = setup();
  store.replace(VIEW);
  for (const id of ['h1', 'h2', 't']) mount(id);
  coordinator.setData(SCHEMA);
  await settle();
  assert.equal(worker.ops('setView').length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(worker.ops('setView')[0].payload)), { ...VIEW, layout: { rows: [{ columns: ['h1', 'h2', 't'] }] } });
  assert.deepEqual(worker.ops('runView').map((m) => m.payload.id).sort(), ['h1', 'h2', 't']);
  assert.deepEqual(cards.get('t')?.states, ['waiting', 'loading', 'ready']);
  store.configure('t', { limit: 20 });
  store.configure('t', { limit: 30 });
  await settle();
  assert.equal(worker.ops('setView').length, 2);
  assert.deepEqual(coordinator.columns(), SCHEMA.columns);
});

test('a selection refreshes exactly the cards whose filter changed', async () => {
  const { worker, store, selections, coordinator, mount, ranSince } = setup();
  store.replace(VIEW);
  for (const id of ['h1', 'h2', 't']) mount(id);
  coordinator.setData(SCHEMA);
  await settle();
  let from = worker.sent.length;
  selections.select('h1', { field: 'bill_length_mm', range: [40, 50] });
  await settle();
  assert.deepEqual(ranSince(from), ['h2', 't'], 'h1 does not see its own selection');
  from = worker.sent.length;
  selections.select('h2', { field: 'island', in: ['Biscoe'] });
  await settle();
  assert.deepEqual(ranSince(from), ['h1', 't']);
  from = worker.sent.length;
  store.configure('h2', { top: 10 });
  await settle();
  assert.deepEqual(ranSince(from), ['h2'], 'a config change runs that card only');
  from = worker.sent.length;
  store.setLayout([['t'], ['h2', 'h1']]);
  await settle();
  assert.deepEqual(ranSince(from), [], 'moving cards runs nothing');
  assert.equal(worker.ops('setView').length, 5);
});

test('a reply overtaken by a newer request is dropped', async () => {
  const { worker, selections, coordinator, cards, lastRun } = await loadedByHand();
  assert.equal(cards.get('t')?.shown.length, 1);
  selections.select('h1', { field: 'bill_length_mm', range: [40, 50] });
  await settle();
  worker.release(); // setView
  await settle();
  const first = worker.held.find((m) => m.op === 'runView' && m.payload.id === 't');
  selections.select('h1', { field: 'bill_length_mm', range: [35, 38] });
  await settle();
  worker.release((m) => m.op === 'setView');
  await settle();
  // The second run's reply comes first, then the first's.
  worker.release((m) => m !== first);
  await settle();
  worker.release();
  await settle();
  const shown = cards.get('t')?.shown || [];
  assert.equal(shown.length, 2, 'the overtaken reply was not shown');
  assert.equal(shown[1].result.run, lastRun() - 1, 'the newer reply is shown, not the overtaken one answered after it');
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
  // A setView overtaken by another is dropped too: only the last view is kept.
  assert.deepEqual(JSON.parse(JSON.stringify(coordinator.filterFor('t'))), { and: [{ field: 'bill_length_mm', range: [35, 38] }] });
});

test('baselines are fetched once (unfiltered) and cached; with no filter the result is the baseline', async () => {
  const { worker, store, selections, coordinator, cards, mount } = setup();
  store.replace(VIEW);
  mount('h2', true);
  mount('t');
  coordinator.setData(SCHEMA);
  await settle();
  const unfiltered = () => worker.ops('runView').filter((m) => m.payload.options && m.payload.options.unfiltered);
  assert.equal(unfiltered().length, 1);
  const [first] = cards.get('h2')?.shown || [];
  assert.equal(first.result, first.baseline, 'the same object while nothing filters it');
  selections.select('t', { rows: [1, 2, 3] });
  await settle();
  selections.select('t', { rows: [4] });
  await settle();
  assert.equal(unfiltered().length, 1, 'the baseline is not asked again');
  const last = (cards.get('h2')?.shown || []).at(-1);
  assert.notEqual(last?.result, last?.baseline);
  assert.equal(last?.baseline, first.baseline);
  store.configure('h2', { top: 5 });
  await settle();
  assert.equal(unfiltered().length, 2, 'a new config asks for a new baseline');
  coordinator.setData({ ...SCHEMA, fingerprint: 'other' });
  await settle();
  assert.equal(unfiltered().length, 3, 'so does a new file');
});

test('a table page is runView with a config patch; the component is not run again', async () => {
  const { worker, store, coordinator, mount } = setup();
  store.replace(VIEW);
  mount('t');
  coordinator.setData(SCHEMA);
  await settle();
  const page = await coordinator.request('t', { offset: 200, limit: 100 });
  assert.deepEqual(page.options, { config: { offset: 200, limit: 100 } });
  assert.equal(worker.ops('setView').length, 1);
});

test('a component the engine refuses shows the message on its card; the others run', async () => {
  const { worker, store, coordinator, cards, mount } = setup({ refuse: 'cm' });
  store.replace({ sinfonia: 1, components: { cm: { type: 'confusion-matrix' }, t: { type: 'table' } } });
  mount('cm');
  mount('t');
  coordinator.setData(SCHEMA);
  await settle();
  assert.equal(cards.get('cm')?.states.at(-1), 'error');
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
  assert.deepEqual(Object.keys(worker.ops('setView').at(-1)?.payload.components), ['t']);
  await assert.rejects(coordinator.exportResults({}), /components\.cm\.label: no column has the role label/);
});

test('a threshold the engine refuses: the view runs without it and says why, once', async () => {
  const { worker, store, selections, coordinator, cards, mount } = setup();
  /** @type {string[]} */
  const told = [];
  coordinator.addEventListener('view-notice', (e) => told.push(/** @type {CustomEvent} */ (e).detail.message));
  store.replace({ ...VIEW, threshold: { value: 0.5 } });
  mount('h1');
  mount('t');
  coordinator.setData(SCHEMA);
  await settle();
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
  assert.equal(worker.ops('setView').at(-1)?.payload.threshold, undefined);
  assert.deepEqual(told, ["The decision threshold was not applied: threshold: the label 'species' has more than two classes; a threshold needs a binary label"]);
  selections.select('h2', { field: 'island', in: ['Dream'] }); // another change: not told again
  await settle();
  assert.equal(told.length, 1);
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
});

test('nothing runs before a file is loaded; cards wait', async () => {
  const { worker, store, cards, mount } = setup();
  store.replace(VIEW);
  mount('t');
  await settle();
  assert.equal(worker.sent.length, 0);
  assert.deepEqual(cards.get('t')?.states, ['waiting']);
});

test('settled() waits for the setView and every card run a selection causes, then resolves', async () => {
  const { worker, selections, coordinator, cards } = await loadedByHand();
  let done = false;
  await coordinator.settled(); // nothing in flight: at once
  selections.select('h1', { field: 'bill_length_mm', range: [40, 50] });
  coordinator.settled().then(() => { done = true; });
  await settle();
  assert.equal(done, false, 'the setView is still held');
  worker.release((m) => m.op === 'setView');
  await settle();
  assert.equal(done, false, "t's run is still held");
  assert.equal(cards.get('t')?.states.at(-1), 'loading');
  worker.release();
  await settle();
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
  assert.equal(done, true);
});

test('saving a named slice re-runs exactly the cards that read the spec\'s slices (schema.json "x-spec-keys")', async () => {
  const { worker, store, coordinator, mount, ranSince } = setup();
  store.replace({ ...VIEW, components: { ...VIEW.components, sm: { type: 'slice-metrics', source: 'named' } } });
  for (const id of ['h1', 'h2', 't', 'sm']) mount(id);
  coordinator.setData(SCHEMA);
  await settle();
  let from = worker.sent.length;
  store.addSlice('Biscoe', { field: 'island', in: ['Biscoe'] });
  await settle();
  assert.deepEqual(ranSince(from), ['sm'], 'only slice-metrics reads the slices');
  from = worker.sent.length;
  store.addSlice('Dream', { field: 'island', in: ['Dream'] });
  await settle();
  assert.deepEqual(ranSince(from), ['sm']);
  from = worker.sent.length;
  store.removeSlice('Dream');
  await settle();
  assert.deepEqual(ranSince(from), [], 'back to inputs seen before: the result kept then, no run');
});

/**
 * An engine that answers in order, when released, with the filter each card saw:
 * runView replies {id, filter} for the view set last before it (as one worker would).
 * Cards h1 (the one brushed), h2, t, t2, t3; h2 wants baselines, as a histogram does.
 */
async function brushable() {
  /** @type {any} */
  let current = null;
  const worker = new FakeWorker((op, payload) => {
    if (op === 'setView') {
      current = payload;
      return { columns: SCHEMA.columns, components: JSON.parse(JSON.stringify(payload.components)) };
    }
    if (op === 'runView') {
      const unfiltered = Boolean(payload.options && payload.options.unfiltered);
      return { id: payload.id, filter: JSON.stringify(unfiltered ? null : filterFor(clausesOf(current.filters), payload.id)) };
    }
    return null;
  }, { manual: true });
  const store = new SpecStore(SCHEMAS);
  const selections = new Selections(store);
  const coordinator = new Coordinator({ connector: new Connector(() => worker), store });
  /** @type {Map<string, {states: string[], shown: any[]}>} */
  const cards = new Map();
  store.replace({ sinfonia: 1, components: { ...VIEW.components, t2: { type: 'table' }, t3: { type: 'table' } } });
  for (const id of ['h1', 'h2', 't', 't2', 't3']) {
    const card = { states: /** @type {string[]} */ ([]), shown: /** @type {any[]} */ ([]) };
    cards.set(id, card);
    coordinator.mount(id, { wantsBaseline: id === 'h2', setState: (s) => card.states.push(s), update: (result) => card.shown.push(result) });
  }
  coordinator.setData(SCHEMA);
  /** Answer the oldest `n` requests (all: Infinity) until none is left or n are answered. @param {number} n */
  const answer = async (n = Infinity) => {
    for (let done = 0; done < n && worker.held.length; done++) {
      const [oldest] = worker.held;
      worker.release((m) => m === oldest);
      await settle();
    }
  };
  /** Every card 'ready' shows a result of the filter it sees in the spec now. */
  const ok = () => [...cards].every(([id, c]) => c.states.at(-1) !== 'ready' ||
    c.shown.at(-1).filter === JSON.stringify(filterFor(clausesOf(store.spec.filters), id)));
  await settle();
  await answer();
  return { worker, store, selections, coordinator, cards, answer, ok };
}

test('a long brush never leaves a card showing numbers of an older filter (a slow engine, answers at random times)', async () => {
  const { selections, cards, answer, ok } = await brushable();
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  assert.ok(ok() && [...cards.values()].every((c) => c.states.at(-1) === 'ready'));
  for (let step = 0; step < 60; step++) {
    const lo = 30 + Math.floor(rand() * 20);
    if (rand() < 0.8) selections.select('h1', { field: 'bill_length_mm', range: [lo, lo + 5] });
    else selections.select('h2', rand() < 0.5 ? { field: 'island', in: ['Dream'] } : null);
    assert.ok(ok(), `step ${step}: a card shows an older filter's numbers right after the change`);
    await settle();
    await answer(Math.floor(rand() * 4));
    assert.ok(ok(), `step ${step}: a card shows an older filter's numbers`);
  }
  await answer();
  assert.ok(ok());
  for (const [id, c] of cards) assert.equal(c.states.at(-1), 'ready', `${id} is ready at the end`);
});

test("a drag's runs coalesce: runs waiting for the worker are dropped once their card moves on", async () => {
  const { worker, selections, cards, answer, ok } = await brushable();
  selections.select('h1', { field: 'bill_length_mm', range: [40, 45] });
  await settle();
  await answer(1); // the setView: four cards want to run, two go to the worker
  const first = worker.sent.length;
  assert.equal(worker.held.filter((m) => m.op === 'runView').length, 2);
  selections.select('h1', { field: 'bill_length_mm', range: [41, 46] });
  await settle();
  await answer();
  const sent = worker.sent.slice(first);
  const second = sent.findIndex((m) => m.op === 'setView');
  assert.deepEqual(sent.slice(0, second).map((m) => m.op), [], 'the two waiting runs of the older filter were never sent');
  assert.deepEqual(sent.slice(second + 1).filter((m) => m.op === 'runView').map((m) => m.payload.id).sort(), ['h2', 't', 't2', 't3']);
  assert.ok(ok());
  for (const c of cards.values()) assert.equal(c.states.at(-1), 'ready');
});

test('going back to an earlier selection shows its kept results without running again', async () => {
  const { worker, selections, cards, answer } = await brushable();
  selections.select('h1', { field: 'bill_length_mm', range: [40, 45] });
  await settle();
  await answer();
  const shown = cards.get('t')?.shown.at(-1);
  selections.select('h1', { field: 'bill_length_mm', range: [41, 46] });
  await settle();
  await answer();
  const from = worker.sent.length;
  selections.select('h1', { field: 'bill_length_mm', range: [40, 45] });
  await settle();
  await answer();
  assert.deepEqual(worker.sent.slice(from).map((m) => m.op), ['setView'], 'only the view is set again');
  assert.equal(cards.get('t')?.shown.at(-1), shown, 'the result kept for that filter');
  assert.equal(cards.get('t')?.states.at(-1), 'ready');
});
