// spec-store.test.js — web/spec-store.js: the one owner of the spec. It
// changes only through its methods (each validated), hands out deep-frozen
// specs, and announces each change once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecStore } from '../../../web/spec-store.js';
import { SCHEMAS } from '../support/registry.js';

const VIEW = {
  sinfonia: 1,
  filters: [{ field: 'island', in: ['Biscoe'], source: 'h2' }],
  components: { h1: { type: 'histogram', field: 'bill_length_mm' }, h2: { type: 'histogram', field: 'island' }, t: { type: 'table' } },
  layout: { rows: [{ columns: ['h1', 'h2'] }, { columns: ['t'] }] },
};

/** A store holding VIEW, and the changes it announces. */
function storeWithView() {
  const store = new SpecStore(SCHEMAS);
  store.replace(VIEW);
  /** @type {string[]} */
  const changes = [];
  store.addEventListener('change', (e) => changes.push(/** @type {CustomEvent} */ (e).detail.what));
  return { store, changes };
}

test('the spec handed out is deep-frozen, with null-prototype objects', () => {
  const { store } = storeWithView();
  const spec = /** @type {any} */ (store.spec);
  assert.ok(Object.isFrozen(spec) && Object.isFrozen(spec.components.h1) && Object.isFrozen(spec.layout.rows[0].columns));
  assert.ok(Object.isFrozen(spec.filters[0].in));
  assert.throws(() => { spec.components.h1.bins = 3; }, TypeError);
  assert.throws(() => { spec.layout.rows.push({ columns: [] }); }, TypeError);
  assert.equal(Object.getPrototypeOf(spec.components), null);
  assert.equal(store.spec.components.h1.bins, undefined);
});

test('each method makes one change, announced once; a change that changes nothing is not announced', () => {
  const { store, changes } = storeWithView();
  const before = store.spec;
  store.configure('h1', { bins: 30 });
  assert.equal(store.spec.components.h1.bins, 30);
  assert.equal(before.components.h1.bins, undefined, 'the spec handed out before is unchanged');
  store.configure('h1', { bins: 30 });
  store.setColumns({ species: { role: 'label' } });
  store.addComponent('s', { type: 'summary' });
  assert.deepEqual(store.spec.layout && store.spec.layout.rows.map((r) => r.columns), [['h1', 'h2'], ['t'], ['s']]);
  store.setFilter('h1', { field: 'bill_length_mm', range: [40, 50] });
  store.setFilter('h1', { field: 'bill_length_mm', range: [40, 50] });
  assert.deepEqual(changes, ['components', 'columns', 'components', 'filters']);
});

test('an invalid change is refused with its path and leaves the spec as it was', () => {
  const { store, changes } = storeWithView();
  const before = store.spec;
  assert.throws(() => store.configure('h1', { bins: 0 }), { message: 'components.h1.bins: must be an integer from 1 to 1000' });
  assert.throws(() => store.addComponent('x', { type: 'histogram' }), { message: 'components.x.field: is required' });
  assert.throws(() => store.setColumns(/** @type {any} */ ({ a: { role: 'boss' } })), /columns\.a\.role: must be one of/);
  assert.throws(() => store.configure('nope', { bins: 3 }), /no component "nope"/);
  assert.equal(store.spec, before);
  assert.deepEqual(changes, []);
});

test('removing a component removes its place in the layout and its selection', () => {
  const { store } = storeWithView();
  store.removeComponent('h2');
  assert.deepEqual(Object.keys(store.spec.components), ['h1', 't']);
  assert.deepEqual(store.spec.layout && store.spec.layout.rows.map((r) => r.columns), [['h1'], ['t']]);
  assert.equal(store.spec.filters, undefined);
});

test('a new config can drop its own selection in the same change', () => {
  const { store, changes } = storeWithView();
  store.setComponent('h2', { type: 'histogram', field: 'sex' }, { dropSelection: true });
  assert.equal(store.spec.filters, undefined);
  assert.deepEqual(changes, ['components']);
});

test('replace places every component once (unplaced ones get a row) and keeps filters of known sources', () => {
  const store = new SpecStore(SCHEMAS);
  store.replace({ ...VIEW, layout: { rows: [{ columns: ['t'] }] } });
  assert.deepEqual(store.spec.layout && store.spec.layout.rows.map((r) => r.columns), [['t'], ['h1', 'h2']]);
  assert.equal(store.spec.filters && store.spec.filters.length, 1);
  assert.throws(() => store.replace({ sinfonia: 1, components: { t: { type: 'table', __proto__x: 1 } } }), /components\.t\.__proto__x: unknown key/);
});

test('the common keys title (at most 200 characters) and note apply to every component', () => {
  const { store } = storeWithView();
  store.configure('t', { title: 'Rows', note: 'look here' });
  assert.equal(store.spec.components.t.title, 'Rows');
  assert.throws(() => store.configure('t', { title: 'x'.repeat(201) }), { message: 'components.t.title: must be at most 200 characters' });
  assert.throws(() => store.configure('t', { note: 3 }), { message: 'components.t.note: must be a string' });
});

test('named slices: added and removed through the store, validated as a link\'s, gone from the spec when none is left', () => {
  const { store, changes } = storeWithView();
  store.addSlice('Biscoe', { field: 'island', in: ['Biscoe'] });
  store.addSlice('long', { and: [{ field: 'bill_length_mm', range: [45, 60] }, { not: { field: 'island', in: [null] } }] });
  assert.deepEqual(JSON.parse(JSON.stringify(store.spec.slices)), [
    { name: 'Biscoe', filter: { field: 'island', in: ['Biscoe'] } },
    { name: 'long', filter: { and: [{ field: 'bill_length_mm', range: [45, 60] }, { not: { field: 'island', in: [null] } }] } }]);
  assert.ok(Object.isFrozen(store.spec.slices?.[0].filter));
  assert.throws(() => store.addSlice('Biscoe', { rows: [1] }), /^SpecError: slices\[2\]\.name: "Biscoe" is the name of slices\[0\] too; slice names are unique$/);
  assert.throws(() => store.addSlice('', { rows: [1] }), /slices\[2\]\.name: must not be empty/);
  assert.throws(() => store.addSlice('x'.repeat(101), { rows: [1] }), /slices\[2\]\.name: must be at most 100 characters/);
  assert.throws(() => store.addSlice('bad', /** @type {any} */ ({ field: 'island', in: ['a'], source: 'h2' })), /slices\[2\]\.filter\.source: unknown key/);
  assert.equal(store.spec.slices?.length, 2, 'a refused slice changes nothing');
  store.removeSlice('Biscoe');
  store.removeSlice('long');
  assert.equal(store.spec.slices, undefined);
  assert.deepEqual(changes, ['slices', 'slices', 'slices', 'slices']);
});
