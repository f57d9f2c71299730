// slices.test.js — the pure parts of web/slices.js: the selection saved as a slice is
// the one clause or the AND of all of them (without their sources), and the name
// offered for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectionPredicate, suggestName } from '../../../web/slices.js';
import { clausesOf } from '../../../web/selections.js';

test('the selection saved: the one clause, or the AND of every clause, without sources', () => {
  assert.equal(selectionPredicate([]), null);
  const one = clausesOf([{ field: 'island', in: ['Dream'], source: 'h2' }]);
  assert.deepEqual(JSON.parse(JSON.stringify(selectionPredicate(one))), { field: 'island', in: ['Dream'] });
  const two = clausesOf([{ field: 'island', in: ['Dream'], source: 'h2' }, { field: 'bill_length_mm', range: [40, 50] }]);
  assert.deepEqual(JSON.parse(JSON.stringify(selectionPredicate(two))),
    { and: [{ field: 'island', in: ['Dream'] }, { field: 'bill_length_mm', range: [40, 50] }] });
});

test('the name offered: from a simple selection, else the first "slice N" not taken', () => {
  assert.equal(suggestName({ field: 'island', in: ['Dream'] }, []), 'island = Dream');
  assert.equal(suggestName({ field: 'sex', in: [null] }, []), 'sex = (missing)');
  assert.equal(suggestName({ field: 'bill_length_mm', range: [40, 50.25] }, []), 'bill_length_mm 40 to 50.25');
  assert.equal(suggestName({ field: 'island', in: ['Dream'] }, ['island = Dream']), 'slice 1');
  assert.equal(suggestName({ and: [] }, ['slice 1', 'slice 2']), 'slice 3');
  assert.equal(suggestName({ field: 'x'.repeat(200), in: [1] }, []).length, 100);
});
