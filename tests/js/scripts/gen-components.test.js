// gen-components.test.js — scripts/gen-components.mjs: a component is its
// folder. A copy of a folder under a new name is listed with no other edit;
// the output is rewritten only when it changes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateComponents, componentNames } from '../../../scripts/gen-components.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('a folder copied under a new name is found and importable; nothing else is edited', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sinfonia-gen-'));
  try {
    fs.cpSync(path.join(ROOT, 'components'), path.join(root, 'components'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'web'), path.join(root, 'web'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules')); // the views import vega
    fs.cpSync(path.join(root, 'components', 'histogram'), path.join(root, 'components', 'histogram-copy'), { recursive: true });
    fs.mkdirSync(path.join(root, 'components', 'Not_A_Name'));
    fs.mkdirSync(path.join(root, 'components', 'no-view'));
    assert.deepEqual(componentNames(root), [...componentNames(ROOT), 'histogram-copy'].sort());
    const out = generateComponents(root);
    const { COMPONENTS } = await import(new URL(`file://${out}`).href);
    const copy = COMPONENTS.find((/** @type {any} */ c) => c.type === 'histogram-copy');
    assert.equal(copy.title, COMPONENTS.find((/** @type {any} */ c) => c.type === 'histogram').title);
    assert.equal(typeof copy.view.render, 'function');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('running it again changes nothing (the file is not rewritten)', () => {
  const out = generateComponents(ROOT);
  const before = fs.statSync(out).mtimeMs;
  const text = fs.readFileSync(out, 'utf8');
  generateComponents(ROOT);
  assert.equal(fs.statSync(out).mtimeMs, before);
  assert.equal(fs.readFileSync(out, 'utf8'), text);
});
