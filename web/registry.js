// registry.js — the components the build found (build/gen/components.js, made
// by scripts/gen-components.mjs from the folders under components/): the one
// module the page imports for them. A component's title and description are
// its schema.json's "title" and "description".
//
// The view contract (DESIGN.md "Views"): a view module exports
//   render(element, result, config, api, baseline) — draw `result` into
//     `element`; `config` is the component's config as the engine resolved it
//     (defaults filled); `api`: select(predicate | null), selection(),
//     request(configPatch), configure(patch), columns() (the resolved columns),
//     settled() (a promise: every linked view has caught up with the selections),
//     threshold() / setThreshold(value | null, score) (the spec's decision
//     threshold: the view's prediction becomes score >= value).
//     `baseline` is the result over every row when the module exports
//     `wantsBaseline`, else null; while nothing filters it, baseline === result.
//     It may return a promise that settles once drawn (charts draw
//     asynchronously); the card is "ready" only then.
//   dispose?(element) — release what render made;
//   rowCount?(result), hiddenSettings?, responsive?, wantsBaseline?.

import { COMPONENTS as FOUND } from '../build/gen/components.js';

/** @typedef {import('./validate.js').Schema} Schema */
/**
 * A column of the view; the prediction a threshold derived carries `derived`, its
 * `score` and `threshold`.
 * @typedef {{name: string, type: string, role: string, class?: string | number, derived?: boolean, score?: string,
 *   threshold?: number}} ResolvedColumn
 */
/** The view's decision threshold: the derived prediction `column`. @typedef {{value: number, score: string, column: string}} ThresholdState */
/**
 * @typedef {{select: (predicate: object | null) => void, selection: () => any,
 *   request: (configPatch: object) => Promise<any>, configure: (patch: Record<string, unknown>) => void,
 *   columns: () => ResolvedColumn[], settled: () => Promise<void>,
 *   threshold: () => ThresholdState | null, setThreshold: (value: number | null, score?: string) => void,
 *   sliceNames: () => string[], saveSlice: (name: string, filter: object) => void}} ViewApi
 */
/**
 * @typedef {{render: (element: HTMLElement, result: any, config: any, api: ViewApi, baseline: any) => void | Promise<unknown>,
 *   dispose?: (element: HTMLElement) => void, rowCount?: (result: any) => number, hiddenSettings?: string[],
 *   responsive?: boolean, wantsBaseline?: boolean}} ViewModule
 */
/** @typedef {{type: string, title: string, description: string, view: ViewModule, schema: Schema}} ComponentEntry */

/** @type {ComponentEntry[]} */
export const COMPONENTS = FOUND.map((c) => ({
  type: c.type, title: c.title, description: c.description, view: /** @type {ViewModule} */ (c.view), schema: /** @type {Schema} */ (c.schema),
}));

/** @type {Map<string, ComponentEntry>} */
export const REGISTRY = new Map(COMPONENTS.map((c) => [c.type, c]));

/** component type -> schema.json, for validating specs. @type {Map<string, Schema>} */
export const SCHEMAS = new Map(COMPONENTS.map((c) => [c.type, c.schema]));

/**
 * What the "Add component" list shows: each title, and the type after it when
 * two components share a title.
 * @param {ComponentEntry[]} [components] @returns {{type: string, label: string, description: string}[]}
 */
export function addChoices(components = COMPONENTS) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  for (const c of components) seen.set(c.title, (seen.get(c.title) || 0) + 1);
  return components.map((c) => ({
    type: c.type,
    label: (seen.get(c.title) || 0) > 1 ? `${c.title} (${c.type})` : c.title,
    description: c.description,
  }));
}

/**
 * A card's heading: its own title, else the component's title and the column it shows.
 * @param {{type: string, title?: unknown, field?: unknown}} comp @param {Map<string, ComponentEntry>} [registry]
 */
export function componentTitle(comp, registry = REGISTRY) {
  if (typeof comp.title === 'string' && comp.title) return comp.title;
  const entry = registry.get(comp.type);
  const base = entry ? entry.title : comp.type;
  return typeof comp.field === 'string' ? `${base} · ${comp.field}` : base;
}
