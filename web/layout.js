// layout.js — draws spec.layout (rows of component ids) as rows of cards and
// keeps them in step with the spec store: a card is made for a new component,
// told when its config changes, destroyed when its component goes; rows are
// rearranged only when the layout changed. Adding and removing components go
// through the store.

import { h } from './dom.js';
import { Card } from './card.js';
import { validateComponent } from './spec.js';
import { defaultConfig, fieldsOfComponent } from './defaults.js';

/** @typedef {import('./coordinator.js').Coordinator} Coordinator */
/** @typedef {import('./spec-store.js').SpecStore} SpecStore */
/** @typedef {import('./selections.js').Selections} Selections */
/** @typedef {import('./registry.js').ComponentEntry} ComponentEntry */

export class Layout {
  /**
   * @param {HTMLElement} container where the rows of cards go
   * @param {{coordinator: Coordinator, store: SpecStore, selections: Selections, registry: Map<string, ComponentEntry>,
   *   totalRows: () => number | null}} parts
   */
  constructor(container, { coordinator, store, selections, registry, totalRows }) {
    this.container = container;
    this.coordinator = coordinator;
    this.store = store;
    this.selections = selections;
    this.registry = registry;
    /** @type {Map<string, Card>} */
    this.cards = new Map();
    this.arranged = '';
    /** @type {import('./card.js').CardHost} */
    this.host = {
      attach: (id, card) => coordinator.mount(id, card),
      detach: (id) => coordinator.unmount(id),
      select: (id, predicate) => selections.select(id, /** @type {any} */ (predicate)),
      selectionOf: (id) => selections.selectionOf(id),
      request: (id, patch) => coordinator.request(id, patch),
      configure: (id, patch) => store.configure(id, patch),
      columns: () => coordinator.columns(),
      settled: () => coordinator.settled(),
      threshold: () => {
        const c = coordinator.columns().find((col) => col.derived);
        return c && typeof c.threshold === 'number' && c.score ? { value: c.threshold, score: c.score, column: c.name } : null;
      },
      setThreshold: (value, score) => {
        const derived = coordinator.columns().find((col) => col.derived);
        const was = store.spec.threshold;
        const pick = score || (was && was.score);
        store.setThreshold(value === null ? null : { value, ...(pick ? { score: pick } : {}) }, derived && derived.name);
      },
      totalRows,
      apply: (id, config) => this.apply(id, config),
      validate: (config) => validateComponent(config, store.schemas, ''),
      remove: (id) => store.removeComponent(id),
      sliceNames: () => (store.spec.slices || []).map((s) => s.name),
      saveSlice: (name, filter) => store.addSlice(name, /** @type {any} */ (filter)),
    };
    store.addEventListener('change', () => this.render());
    selections.addEventListener('change', () => { for (const c of this.cards.values()) c.syncSelection(); });
  }

  /** Bring the cards in line with the spec. */
  render() {
    const spec = this.store.spec;
    for (const [id, card] of this.cards) {
      const comp = spec.components[id];
      if (!comp || comp.type !== card.comp.type) {
        card.destroy();
        this.cards.delete(id);
      }
    }
    /** @type {Card[]} */
    const fresh = [];
    for (const [id, comp] of Object.entries(spec.components)) {
      const card = this.cards.get(id);
      if (card) { card.setComponent(comp); continue; }
      const entry = this.registry.get(comp.type);
      if (!entry) continue;
      const made = new Card(id, comp, entry, this.host);
      this.cards.set(id, made);
      fresh.push(made);
    }
    const rows = spec.layout ? spec.layout.rows.map((r) => r.columns.filter((id) => this.cards.has(id))).filter((r) => r.length) : [];
    const arrangement = JSON.stringify(rows);
    if (arrangement !== this.arranged || fresh.length) {
      this.arranged = arrangement;
      this.container.replaceChildren(...rows.map((ids) =>
        h('div', { class: 'layout-row', style: `--columns: ${ids.length}` }, ids.map((id) => /** @type {Card} */ (this.cards.get(id)).element))));
    }
    for (const card of fresh) card.mount();
  }

  /**
   * Apply a settings form: when the columns a component names change, its own
   * selection no longer applies and is dropped with the same change.
   * @param {string} id @param {Record<string, unknown>} config
   */
  apply(id, config) {
    const before = this.store.spec.components[id];
    if (!before) return;
    const schema = this.store.schemas.get(before.type);
    const moved = JSON.stringify(fieldsOfComponent(before, schema)) !== JSON.stringify(fieldsOfComponent(config, schema));
    this.store.setComponent(id, config, { dropSelection: moved });
  }

  /** Add a component of a type, with a config chosen from the data. @param {string} type */
  addComponent(type) {
    const entry = this.registry.get(type);
    if (!entry) return null;
    const spec = this.store.spec;
    const prefix = type.replace(/[^a-z]/g, '').slice(0, 4) || 'c';
    let n = 1;
    while (`${prefix}${n}` in spec.components) n++;
    const id = `${prefix}${n}`;
    const used = new Set(Object.values(spec.components).filter((c) => c.type === type).map((c) => String(c.field)));
    this.store.addComponent(id, defaultConfig(type, entry.schema, this.coordinator.columns(), used));
    const card = this.cards.get(id);
    if (card) card.element.scrollIntoView({ block: 'nearest' });
    return id;
  }
}
