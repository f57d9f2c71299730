// Types for the parts of Vega that web/vega.js imports one by one (they ship
// no .d.ts of their own; vega-typings describes the same API).
declare module 'vega-view' { export { View } from 'vega-typings'; }
declare module 'vega-parser' { export { parse } from 'vega-typings'; }
declare module 'vega-dataflow' { export const transforms: Record<string, unknown>; }
declare module 'vega-transforms';
declare module 'vega-view-transforms';
declare module 'vega-encode';
