// registry.test.js — web/registry.js: the components the build found, their
// titles from schema.json, and what the "Add component" list shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { COMPONENTS, REGISTRY, addChoices, componentTitle } from '../support/registry.js';

test('every folder under components/ is found, titled by its schema.json', () => {
  const folders = fs.readdirSync(new URL('../../../components/', import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.deepEqual(COMPONENTS.map((c) => c.type), folders);
  for (const c of COMPONENTS) {
    const schema = JSON.parse(fs.readFileSync(new URL(`../../../components/${c.type}/schema.json`, import.meta.url), 'utf8'));
    assert.equal(c.title, schema.title, c.type);
    assert.equal(c.description, schema.description, c.type);
    assert.equal(typeof c.view.render, 'function', c.type);
  }
});

test('the Add list shows titles, and the type too when two titles are equal', () => {
  const view = { render() {} };
  const entry = (/** @type {string} */ type, /** @type {string} */ title) => ({ type, title, description: '', view, schema: {} });
  assert.deepEqual(addChoices([entry('histogram', 'Histogram'), entry('histogram-2', 'Histogram'), entry('table', 'Table')]).map((c) => c.label),
    ['Histogram (histogram)', 'Histogram (histogram-2)', 'Table']);
  assert.deepEqual(addChoices().map((c) => c.label), COMPONENTS.map((c) => c.title));
});

test("a card's title: its own, else the component's title and its field", () => {
  assert.equal(componentTitle({ type: 'histogram', field: 'island' }), `${REGISTRY.get('histogram')?.title} · island`);
  assert.equal(componentTitle({ type: 'summary' }), REGISTRY.get('summary')?.title);
  assert.equal(componentTitle({ type: 'summary', title: 'Columns' }), 'Columns');
  assert.equal(componentTitle({ type: 'unknown-x' }), 'unknown-x');
});
