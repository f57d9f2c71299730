// The page offers every example that has a view (examples/*.spec.json), and only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES, specFileOf } from '../../web/examples.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

test('every examples/*.spec.json is offered, with its data file, once', () => {
  const specs = fs.readdirSync(dir).filter((f) => f.endsWith('.spec.json')).sort();
  assert.deepEqual(EXAMPLES.map((e) => specFileOf(e.file)).sort(), specs);
  assert.equal(new Set(EXAMPLES.map((e) => e.file)).size, EXAMPLES.length);
  for (const e of EXAMPLES) assert.ok(fs.existsSync(path.join(dir, e.file)), `${e.file} exists`);
});

test('an example spec names its own file', () => {
  for (const e of EXAMPLES) {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, specFileOf(e.file)), 'utf8'));
    const name = spec.data && spec.data.name;
    if (name !== undefined) assert.equal(name, e.file, specFileOf(e.file));
  }
});
