// coordinator.js — keeps the engine's view in step with the spec and runs each
// card (as Mosaic's Coordinator). On a spec change (coalesced to one per tick)
// it sends the whole spec ONCE with the worker op `setView` and keeps the
// resolved view it returns: the columns with their resolved roles and each
// component's resolved config. Then it asks `runView({id})` for exactly the
// cards whose inputs changed: the file, the resolved columns, the component's
// resolved config, or the filter it sees (every clause but its own). Replies
// that a newer request has overtaken are dropped.
//
// A card never shows numbers of an older filter: the moment the spec's filters
// change, every card whose filter changed turns 'loading' (its in-flight reply
// will be dropped), and it is 'ready' again only with a result computed for the
// filter it sees now. During a drag the runs coalesce: at most RUNS_IN_FLIGHT
// card runs are at the worker; the rest wait here and are never sent once
// their card has moved on (latest wins). Results are kept per card and inputs
// (RESULTS_KEPT each), so going back to an earlier selection is instant.
//
// Baselines: a card whose view wants one (`wantsBaseline`) also gets its
// component's result over EVERY row (runView with {unfiltered: true}), cached
// by file, columns and resolved config; while no filter applies, that cached
// result IS the result (the same object twice). Baselines are for drawing
// only: exports and links never see them.
//
// A setView that fails naming one component ("components.cm.label: ...")
// leaves that component out of the engine's view and shows the message on its
// card; the others run. One that fails on the threshold runs without it and
// says why ("view-notice").

import { isFatal } from './connector.js';
import { clausesOf, filterFor } from './selections.js';

/** @typedef {import('./spec.js').Spec} Spec */
/** @typedef {import('./spec.js').Predicate} Predicate */
/** @typedef {import('./connector.js').Connector} Connector */
/** @typedef {import('./spec-store.js').SpecStore} SpecStore */
/** @typedef {'waiting'|'loading'|'ready'|'error'} State */
/** @typedef {{name: string, type: string, role: string, missing?: number, class?: string}} SchemaColumn */
/** @typedef {{format: string, dialect?: {delimiter: string | null, header: boolean}, rows: number, columns: SchemaColumn[], fingerprint: string}} Schema */
/** @typedef {import('./registry.js').ResolvedColumn} ResolvedColumn */
/** The engine's resolved view. @typedef {{columns: ResolvedColumn[], components: Record<string, Record<string, any>>}} View */
/**
 * What a card is to the coordinator (web/card.js).
 * @typedef {{setState(state: State, message?: string): void, update(result: any, baseline: any, config: Record<string, any>): void,
 *   wantsBaseline?: boolean}} Client
 */
/**
 * key: the inputs of its latest run; filter: the filter (JSON) of its latest run and
 * of the result it shows then, or null.
 * @typedef {{client: Client, seq: number, key: string | null, filter: string | null}} Mounted
 */

/** Card runs at the worker at once: one computing, one waiting behind it (the worker never idles). */
const RUNS_IN_FLIGHT = 2;
/** Results kept per card, by inputs (a few brushes back). */
const RESULTS_KEPT = 8;

/** The component a spec-path message names ("components.cm.label: ..."). @param {string} message @param {Readonly<Spec>} spec */
function componentNamed(message, spec) {
  const m = /^components\.([A-Za-z0-9_-]+)[.:\s[]/.exec(message);
  return m && m[1] in spec.components ? m[1] : null;
}

/** The spec without some components (and their filters). @param {Readonly<Spec>} spec @param {Map<string, string>} left */
function without(spec, left) {
  if (!left.size) return spec;
  /** @type {Record<string, any>} */
  const components = Object.create(null);
  for (const [id, c] of Object.entries(spec.components)) if (!left.has(id)) components[id] = c;
  const rows = (spec.layout ? spec.layout.rows : []).map((r) => ({ columns: r.columns.filter((id) => !left.has(id)) })).filter((r) => r.columns.length);
  const filters = (spec.filters || []).filter((f) => !(f.source && left.has(f.source)));
  return { ...spec, components, filters, layout: { rows } };
}

/** The spec without its threshold. @param {Readonly<Spec>} spec */
function withoutThreshold(spec) {
  const { threshold: _, ...rest } = spec;
  return rest;
}

export class Coordinator extends EventTarget {
  /** @param {{connector: Connector, store: SpecStore}} options */
  constructor({ connector, store }) {
    super();
    this.connector = connector;
    this.store = store;
    /** The loaded file's schema (from ingest), or null. @type {Schema | null} */
    this.schema = null;
    /** Bumped for every file loaded, so no result or baseline is of another file. */
    this.dataVersion = 0;
    /** The engine's resolved view of `viewSpec`, or null. @type {View | null} */
    this.view = null;
    /** @type {Readonly<Spec> | null} */
    this.viewSpec = null;
    /** The refused threshold last told about (said once, not on every change). @type {string | null} */
    this.thresholdTold = null;
    /** Components the engine refused, with why. @type {Map<string, string>} */
    this.refused = new Map();
    /** Bumped for every setView sent: a reply to an older one is dropped. */
    this.viewVersion = 0;
    this.scheduled = false;
    /** setView and card refreshes in flight; waiters for none. */
    this.busy = 0;
    /** @type {(() => void)[]} */
    this.waiters = [];
    /** @type {Map<string, Mounted>} */
    this.mounted = new Map();
    /** @type {Map<string, {key: string, promise: Promise<any>}>} */
    this.baselines = new Map();
    /** Per card, results by inputs, oldest first. @type {Map<string, Map<string, any>>} */
    this.results = new Map();
    /** Card runs at the worker now; runs waiting to be sent, oldest first. */
    this.inFlight = 0;
    /** @type {(() => void)[]} */
    this.runQueue = [];
    store.addEventListener('change', () => {
      this.markStale();
      this.schedule();
    });
    connector.addEventListener('fatal', (e) => this.onFatal(/** @type {CustomEvent} */ (e).detail.message));
  }

  /** @param {string} type @param {object} detail */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** The worker was discarded: its data went with it. @param {string} why */
  onFatal(why) {
    const hadData = Boolean(this.schema);
    this.schema = null;
    this.view = null;
    this.viewSpec = null;
    this.baselines.clear();
    this.results.clear();
    this.viewVersion++;
    for (const entry of this.mounted.values()) { entry.seq++; entry.key = null; entry.filter = null; entry.client.setState('waiting'); }
    this.emit('fatal', { message: `${why}${hadData ? ' Open the file again to continue.' : ''}` });
  }

  // ---- ingest (driven by loader.js) -----------------------------------------

  /** @param {object} options */
  ingestBegin(options) { return this.connector.call('ingestBegin', options); }
  /** @param {ArrayBuffer} buffer transferred to the worker */
  ingestChunk(buffer) { return this.connector.call('ingestChunk', buffer, [buffer]); }
  /** @returns {Promise<Schema>} */
  ingestEnd() { return this.connector.call('ingestEnd'); }
  ingestCancel() { return this.connector.call('ingestCancel').catch(() => null); }

  /** A file is loaded: the view is resolved again for it. @param {Schema} schema */
  setData(schema) {
    this.schema = schema;
    this.dataVersion++;
    this.baselines.clear();
    this.results.clear();
    this.view = null;
    this.viewSpec = null;
    this.schedule();
  }

  // ---- the view ------------------------------------------------------------------

  /** Resolve the view once for every change made in this tick. */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.sync();
    });
  }

  /**
   * Settles once every change made so far is resolved and every card it
   * touched is drawn (a view redraws itself then, off the linked views' path).
   * @returns {Promise<void>}
   */
  settled() {
    if (!this.scheduled && this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Count work in flight around `work`; wake the waiters when none is left. @param {() => Promise<void>} work */
  async track(work) {
    this.busy++;
    try {
      await work();
    } finally {
      this.busy--;
      if (this.busy === 0 && !this.scheduled) this.waiters.splice(0).forEach((wake) => wake());
    }
  }

  /** Send the spec with setView, then run the cards whose inputs changed. */
  sync() {
    return this.track(() => this.syncView());
  }

  async syncView() {
    if (!this.schema) return;
    const version = ++this.viewVersion;
    const spec = this.store.spec;
    /** @type {Map<string, string>} */
    const refused = new Map();
    /** @type {View} */
    let view;
    /** Why the engine refused the spec's threshold, or null. @type {string | null} */
    let thresholdRefused = null;
    for (;;) {
      try {
        const sent = without(spec, refused);
        view = await this.connector.call('setView', thresholdRefused && sent.threshold ? withoutThreshold(sent) : sent);
        break;
      } catch (e) {
        if (version !== this.viewVersion || isFatal(e)) return;
        const message = /** @type {Error} */ (e).message;
        // A threshold this file cannot take (no binary label, no such score): the view
        // opens without it, and the person is told why.
        if (/^threshold[.:]/.test(message) && !thresholdRefused) { thresholdRefused = message; continue; }
        const id = componentNamed(message, spec);
        if (id === null || refused.has(id)) {
          for (const [cid, entry] of this.mounted) { entry.seq++; entry.key = null; entry.filter = null; entry.client.setState('error', message); this.emit('component-error', { id: cid, message }); }
          this.emit('view-error', { message });
          return;
        }
        refused.set(id, message);
      }
    }
    if (version !== this.viewVersion) return;
    const told = thresholdRefused ? `${JSON.stringify(spec.threshold)} ${thresholdRefused}` : null;
    if (told && told !== this.thresholdTold) this.emit('view-notice', { message: `The decision threshold was not applied: ${thresholdRefused}` });
    this.thresholdTold = told;
    this.view = view;
    this.viewSpec = spec;
    this.refused = refused;
    for (const id of this.baselines.keys()) if (!(id in view.components)) this.baselines.delete(id);
    this.emit('view', { view });
    for (const id of this.mounted.keys()) this.refreshIfChanged(id);
  }

  /** The filter card `id` sees in the spec now (JSON), maybe ahead of the engine's view. @param {string} id */
  filterNow(id) {
    return JSON.stringify(filterFor(clausesOf(this.store.spec.filters), id));
  }

  /**
   * The spec changed: a card whose result, shown or coming, is of another filter
   * than the one it sees now turns 'loading' at once; that run is dropped (not
   * drawn, or not even sent) and the card runs again once the view is set.
   */
  markStale() {
    for (const [id, entry] of this.mounted) {
      if (entry.filter === null || entry.filter === this.filterNow(id)) continue;
      entry.seq++;
      entry.key = null;
      entry.filter = null;
      entry.client.setState('loading');
    }
  }

  /** The resolved columns (roles as the engine resolved them for this spec). @returns {ResolvedColumn[]} */
  columns() {
    return this.view ? this.view.columns : [];
  }

  /** The filter component `id` sees in the current view. @param {string} id */
  filterFor(id) {
    return filterFor(clausesOf(this.viewSpec ? this.viewSpec.filters : []), id);
  }

  /**
   * What a card's result depends on: besides its config and filter, the top-level
   * spec keys its schema.json names in "x-spec-keys" (slice-metrics reads "slices").
   * @param {string} id
   */
  inputsOf(id) {
    if (!this.view || !this.viewSpec) return null;
    const why = this.refused.get(id);
    if (why !== undefined) return `refused:${why}`;
    const spec = /** @type {Record<string, any>} */ (this.viewSpec);
    const comp = spec.components[id];
    const schema = comp && this.store.schemas ? /** @type {any} */ (this.store.schemas.get(comp.type)) : null;
    const keys = schema && Array.isArray(schema['x-spec-keys']) ? schema['x-spec-keys'] : [];
    return JSON.stringify([this.dataVersion, this.view.columns, this.view.components[id], this.filterFor(id),
      keys.map((/** @type {string} */ k) => spec[k] ?? null)]);
  }

  // ---- cards -------------------------------------------------------------------

  /** @param {string} id @param {Client} client */
  mount(id, client) {
    this.mounted.set(id, { client, seq: 0, key: null, filter: null });
    client.setState('waiting');
    this.refreshIfChanged(id);
  }

  /** Forget a card (its selection stays: that is the spec's business). @param {string} id */
  unmount(id) {
    const entry = this.mounted.get(id);
    if (entry) entry.seq++;
    this.mounted.delete(id);
  }

  /** @param {string} id */
  refreshIfChanged(id) {
    const entry = this.mounted.get(id);
    if (!entry || !this.view || !this.viewSpec || !(id in this.viewSpec.components)) return;
    if (entry.key !== this.inputsOf(id)) this.refresh(id);
  }

  /** (Re)compute one card and show it. @param {string} id */
  refresh(id) {
    return this.track(() => this.refreshCard(id));
  }

  /** @param {string} id */
  async refreshCard(id) {
    const entry = this.mounted.get(id);
    if (!entry || !this.view) return;
    const key = entry.key = this.inputsOf(id);
    const seq = ++entry.seq;
    const stale = () => this.mounted.get(id) !== entry || entry.seq !== seq;
    const filter = entry.filter = JSON.stringify(this.filterFor(id));
    const refusal = this.refused.get(id);
    if (refusal !== undefined) {
      entry.client.setState('error', refusal);
      this.emit('component-error', { id, message: refusal });
      return;
    }
    const config = this.view.components[id];
    const filtered = this.filterFor(id) !== null;
    entry.client.setState('loading');
    try {
      let result, baseline = null;
      if (!entry.client.wantsBaseline) result = await this.cardRun(id, /** @type {string} */ (key), stale);
      else if (!filtered) result = baseline = await this.baseline(id);
      else {
        // A baseline that fails leaves the view without one, not in error.
        [result, baseline] = await Promise.all([this.cardRun(id, /** @type {string} */ (key), stale), this.baseline(id).catch((e) => {
          if (isFatal(e)) throw e;
          return null;
        })]);
      }
      // Drawn only if still of the filter the card sees: the spec may be ahead of the view.
      if (stale() || filter !== this.filterNow(id)) return;
      await entry.client.update(result, baseline, config);
      if (stale()) return;
      entry.client.setState('ready'); // drawn, not only computed
    } catch (e) {
      if (stale() || isFatal(e)) return;
      const message = /** @type {Error} */ (e).message;
      entry.client.setState('error', message);
      this.emit('component-error', { id, message });
    }
  }

  /**
   * A card's result for its inputs `key`: kept from an earlier run, else run when a
   * slot at the worker frees, unless the card has moved on by then (`stale`: the
   * run is skipped and undefined returned, which the caller drops).
   * @param {string} id @param {string} key @param {() => boolean} stale @returns {Promise<any>}
   */
  async cardRun(id, key, stale) {
    const kept = this.results.get(id);
    if (kept && kept.has(key)) return kept.get(key);
    if (this.inFlight >= RUNS_IN_FLIGHT) await new Promise((/** @type {(v?: any) => void} */ go) => this.runQueue.push(go));
    else this.inFlight++;
    try {
      if (stale()) return undefined;
      const result = await this.runView(id);
      if (this.inputsOf(id) === key) this.keep(id, key, result);
      return result;
    } finally {
      const next = this.runQueue.shift(); // the slot passes on to the oldest waiting run
      if (next) next();
      else this.inFlight--;
    }
  }

  /** Keep a card's result for its inputs, the oldest going past RESULTS_KEPT. @param {string} id @param {string} key @param {any} result */
  keep(id, key, result) {
    let kept = this.results.get(id);
    if (!kept) this.results.set(id, kept = new Map());
    kept.delete(key);
    kept.set(key, result);
    if (kept.size > RESULTS_KEPT) kept.delete(/** @type {string} */ (kept.keys().next().value));
  }

  /**
   * Run a component of the current view (the engine composes its filter).
   * @param {string} id @param {{config?: object, unfiltered?: boolean}} [options]
   */
  runView(id, options) {
    return this.connector.call('runView', options ? { id, options } : { id });
  }

  /** A card's own run with a config patch (a table's page). @param {string} id @param {object} configPatch */
  request(id, configPatch) {
    return this.runView(id, { config: configPatch });
  }

  /** A component's result over every row, cached; a failed one is not kept. @param {string} id @returns {Promise<any>} */
  baseline(id) {
    const key = JSON.stringify([this.dataVersion, this.view && this.view.columns, this.view && this.view.components[id]]);
    const cached = this.baselines.get(id);
    if (cached && cached.key === key) return cached.promise;
    const slot = { key, promise: this.runView(id, { unfiltered: true }) };
    this.baselines.set(id, slot);
    slot.promise.catch(() => { if (this.baselines.get(id) === slot) this.baselines.delete(id); });
    return slot.promise;
  }

  /**
   * A column's values, most frequent first (for pickers): an ad-hoc histogram
   * over every row. Numbers give none.
   * @param {string} field @param {number} [max] @returns {Promise<unknown[]>}
   */
  async valuesOf(field, max = 200) {
    const r = await this.connector.call('run', { component: 'histogram', config: { type: 'histogram', field, top: max }, filter: null });
    return Array.isArray(r.values) ? r.values.map((/** @type {{value: unknown}} */ v) => v.value) : [];
  }

  /** Every component's full result, in the CLI's `run` output shape. @param {object} data the spec's data block */
  async exportResults(data) {
    if (!this.schema || !this.view || !this.viewSpec) throw new Error('open a file first: there are no results to export');
    /** @type {Record<string, unknown>} */
    const results = {};
    for (const id of Object.keys(this.viewSpec.components)) {
      const why = this.refused.get(id);
      if (why !== undefined) throw new Error(why);
      results[id] = await this.runView(id);
    }
    return { data, results };
  }
}
