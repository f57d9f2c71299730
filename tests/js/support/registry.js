// registry.js (tests) — the page's component registry for node tests: the
// generator runs first (cheap and idempotent), so build/gen/components.js
// lists every folder under components/.

import { generateComponents } from '../../../scripts/gen-components.mjs';

generateComponents();
const registry = await import('../../../web/registry.js');

export const { COMPONENTS, REGISTRY, SCHEMAS, addChoices, componentTitle } = registry;
