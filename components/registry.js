// registry.js — the one JS list naming every component: its view (what draws
// it) and its schema.json (what a spec may say about it). Adding a component:
// one folder under components/ and one entry here (and one in registry.c).

import * as table from './table/view.js';
import * as summary from './summary/view.js';
import * as histogram from './histogram/view.js';
import * as confusionMatrix from './confusion-matrix/view.js';
import tableSchema from './table/schema.json' with { type: 'json' };
import summarySchema from './summary/schema.json' with { type: 'json' };
import histogramSchema from './histogram/schema.json' with { type: 'json' };
import confusionMatrixSchema from './confusion-matrix/schema.json' with { type: 'json' };

// The component contract: a view module exports
//   render(element, result, config, api, baseline) — draw `result` (the kernel's
//     JSON for `config`, over the rows the other components' selections leave)
//     into `element`, replacing what was there. `config` has the schema's
//     defaults filled in. `api` is the card's: select(predicate | null),
//     selection(), request(override), configure(patch), columns().
//     `baseline` is null unless the module exports `wantsBaseline = true`; then
//     it is the same component's result over EVERY row (no filter), for drawing
//     the filtered result against it. While no filter applies, baseline ===
//     result (the same object): `baseline && baseline !== result` means
//     "filtered". A baseline is for drawing only (never exported, never in a link).
//   rowCount?(result) — the rows a result covers (the card's "n = … of …").
//   hiddenSettings? — config keys its settings form leaves out.
//   responsive? — redraw when the card's width changes.
//   wantsBaseline? — be given the baseline result (see render).

/** @typedef {import('../web/validate.js').Schema} Schema */
/**
 * @typedef {{type: string, name: string, view: {render: Function, rowCount?: (result: any) => number, hiddenSettings?: string[],
 *   responsive?: boolean, wantsBaseline?: boolean}, schema: Schema}} ComponentEntry
 */

/** @type {ComponentEntry[]} */
export const COMPONENTS = [
  { type: 'confusion-matrix', name: 'Confusion matrix', view: confusionMatrix, schema: confusionMatrixSchema },
  { type: 'histogram', name: 'Histogram', view: histogram, schema: histogramSchema },
  { type: 'summary', name: 'Summary', view: summary, schema: summarySchema },
  { type: 'table', name: 'Table', view: table, schema: tableSchema },
];

/** @type {Map<string, ComponentEntry>} */
export const REGISTRY = new Map(COMPONENTS.map((c) => [c.type, c]));

/** component type -> schema.json, for spec validation. @type {Map<string, Schema>} */
export const SCHEMAS = new Map(COMPONENTS.map((c) => [c.type, c.schema]));
