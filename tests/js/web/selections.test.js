// selections.test.js — web/selections.js: clauses by source component, as
// Mosaic's: a component sees every clause but its own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecStore } from '../../../web/spec-store.js';
import { Selections, filterFor, clausesOf } from '../../../web/selections.js';
import { SCHEMAS } from '../support/registry.js';

const A = { field: 'island', in: ['Biscoe'] };
const B = { field: 'bill_length_mm', range: [40, 50] };
const C = { field: 'sex', in: [null] };

test('a component sees every clause but its own; a clause without a source applies to all', () => {
  const clauses = clausesOf([{ ...A, source: 'h2' }, { ...B, source: 'h1' }, C]);
  assert.deepEqual(JSON.parse(JSON.stringify(filterFor(clauses, 'h1'))), { and: [A, C] });
  assert.deepEqual(JSON.parse(JSON.stringify(filterFor(clauses, 'h2'))), { and: [B, C] });
  assert.deepEqual(JSON.parse(JSON.stringify(filterFor(clauses, 't'))), { and: [A, B, C] });
  assert.equal(filterFor(clausesOf([{ ...A, source: 'h2' }]), 'h2'), null);
  assert.equal(filterFor([], 't'), null);
});

test('select sets, replaces and clears a component\'s clause through the store; change is told once each', () => {
  const store = new SpecStore(SCHEMAS);
  store.replace({ sinfonia: 1, components: { h1: { type: 'histogram', field: 'bill_length_mm' }, h2: { type: 'histogram', field: 'island' }, t: { type: 'table' } } });
  const selections = new Selections(store);
  let told = 0;
  selections.addEventListener('change', () => told++);
  selections.select('h2', A);
  selections.select('h2', { field: 'island', in: ['Dream'] });
  selections.select('h1', B);
  assert.deepEqual(JSON.parse(JSON.stringify(selections.selectionOf('h2'))), { field: 'island', in: ['Dream'] });
  assert.equal(selections.clauses().length, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(selections.filterFor('h1'))), { and: [{ field: 'island', in: ['Dream'] }] });
  assert.deepEqual(JSON.parse(JSON.stringify(store.spec.filters)), [{ field: 'island', in: ['Dream'], source: 'h2' }, { ...B, source: 'h1' }]);
  selections.select('h2', null);
  assert.equal(selections.selectionOf('h2'), null);
  store.configure('t', { limit: 20 }); // not a selection change
  selections.clearAll();
  assert.equal(selections.clauses().length, 0);
  assert.equal(told, 5);
});
