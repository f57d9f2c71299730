// selections.js — the selection clauses, by the component that made them (as
// Mosaic's Selections): a clause is a spec filter with a "source"; a filter
// without one applies to every component. A component sees the AND of every
// clause but its own. The clauses live in the spec (the store owns them), so
// a link carries them; this module reads and changes them through the store,
// and emits "change" when they change.

/** @typedef {import('./spec.js').Predicate} Predicate */
/** @typedef {{source?: string, predicate: Predicate}} Clause */
/** @typedef {import('./spec-store.js').SpecStore} SpecStore */

/**
 * The clauses of a spec's filters.
 * @param {readonly any[] | undefined} filters @returns {Clause[]}
 */
export function clausesOf(filters) {
  return (filters || []).map((f) => {
    const predicate = Object.create(null);
    for (const [k, v] of Object.entries(f)) if (k !== 'source') predicate[k] = v;
    return f.source === undefined ? { predicate } : { source: f.source, predicate };
  });
}

/**
 * The filter component `id` sees: every clause but its own, or null.
 * @param {Clause[]} clauses @param {string} id @returns {Predicate | null}
 */
export function filterFor(clauses, id) {
  const others = clauses.filter((c) => c.source !== id).map((c) => c.predicate);
  return others.length ? { and: others } : null;
}

export class Selections extends EventTarget {
  /** @param {SpecStore} store */
  constructor(store) {
    super();
    this.store = store;
    store.addEventListener('change', (e) => {
      const { spec, previous } = /** @type {CustomEvent} */ (e).detail;
      if (JSON.stringify(spec.filters || []) !== JSON.stringify(previous.filters || [])) {
        this.dispatchEvent(new CustomEvent('change', { detail: { clauses: this.clauses() } }));
      }
    });
  }

  /** @returns {Clause[]} */
  clauses() {
    return clausesOf(this.store.spec.filters);
  }

  /** The filter component `id` sees. @param {string} id */
  filterFor(id) {
    return filterFor(this.clauses(), id);
  }

  /** A component's own clause, or null. @param {string} id @returns {Predicate | null} */
  selectionOf(id) {
    const own = this.clauses().find((c) => c.source === id);
    return own ? own.predicate : null;
  }

  /** Set (or clear, with null) the clause a component makes. @param {string} source @param {Predicate | null} predicate */
  select(source, predicate) {
    this.store.setFilter(source, predicate);
  }

  clearAll() {
    this.store.clearFilters();
  }
}
