// coordinator.js — the only module that talks to the engine's worker. It holds
// the spec, the loaded file's schema and the selection clauses, and follows
// Mosaic's cross-filtering: each clause remembers its source component, and a
// component's request filter is {"and": [every clause whose source is not
// that component]}. When a selection changes, exactly the components whose
// effective filter changed are asked again; each card goes loading -> ready
// (or error). After a wasm trap the worker is discarded and a new one started.
//
// Baselines: a card that wants one (Card.wantsBaseline, from a view module's
// `wantsBaseline` export) is also given its component's result over EVERY row
// (the same request with filter null), to draw the filtered result against.
// It is fetched once per component and cached by the request that makes it
// (component config and column roles); a new config, roles or file fetches it
// again, and removing the component drops it. While no filter applies, that
// cached result IS the component's result (the same object is passed twice).
// Baselines are for drawing only: exportResults and links never see them.

/** @typedef {import('./spec.js').Spec} Spec */
/** @typedef {import('./spec.js').Predicate} Predicate */
/** @typedef {{source?: string, predicate: Predicate}} Clause */
/** @typedef {'waiting'|'loading'|'ready'|'error'} State */
/** @typedef {{format: string, dialect?: {delimiter: string | null, header: boolean}, rows: number, columns: {name: string, type: string, role: string, missing: number, class?: string}[], fingerprint: string}} Schema */
/**
 * What the layout gives the coordinator for each component card. show() gets
 * the baseline (the unfiltered result) only when wantsBaseline is set; else null.
 * @typedef {{setState(state: State, message?: string): void, show(result: any, baseline: any): void, wantsBaseline?: boolean}} Card
 */

export class Coordinator extends EventTarget {
  /** @param {{createWorker: () => Worker}} options */
  constructor({ createWorker }) {
    super();
    this.createWorker = createWorker;
    /** @type {Worker | null} */
    this.worker = null;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    /** @type {Spec} */
    this.spec = { sinfonia: 1, components: Object.create(null), layout: { rows: [] } };
    /** @type {Schema | null} */
    this.schema = null;
    /** @type {{name: string, rows: number, fingerprint: string} | null} */
    this.data = null;
    /** How the file is (to be) read: a link's data block carries it. @type {import('./spec.js').Reading} */
    this.reading = {};
    /** @type {Clause[]} */
    this.clauses = [];
    /** @type {Map<string, {card: Card, seq: number, filterKey: string | null}>} */
    this.mounted = new Map();
    /** Unfiltered results by component id, with the request they answer. @type {Map<string, {key: string, promise: Promise<any>}>} */
    this.baselines = new Map();
    /** Bumped on every file loaded, so a baseline is never of another file. */
    this.dataVersion = 0;
  }

  // ---- the RPC ------------------------------------------------------------

  ensureWorker() {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.onReply(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.discardWorker(`the engine could not start (${event.message || 'worker error'})`);
    };
    this.worker = worker;
    return worker;
  }

  /** @param {Worker} worker @param {{id: number, ok: boolean, result?: any, error?: {message: string, fatal?: boolean}}} reply */
  onReply(worker, reply) {
    if (worker !== this.worker) return;
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) return waiter.resolve(reply.result);
    const error = new Error(reply.error ? reply.error.message : 'the engine failed');
    /** @type {any} */ (error).fatal = Boolean(reply.error && reply.error.fatal);
    waiter.reject(error);
    if (/** @type {any} */ (error).fatal) this.discardWorker(error.message);
  }

  /** Throw away a broken worker; the loaded data is gone with it. @param {string} why */
  discardWorker(why) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiters) w.reject(Object.assign(new Error(why), { fatal: true }));
    const hadData = Boolean(this.schema);
    this.baselines.clear();
    this.schema = null;
    this.data = null;
    for (const entry of this.mounted.values()) entry.card.setState('waiting');
    this.emit('fatal', { message: `${why}${hadData ? ' Open the file again to continue.' : ''}` });
  }

  /**
   * Send one request to the worker.
   * @param {string} op @param {unknown} [payload] @param {Transferable[]} [transfer]
   * @returns {Promise<any>}
   */
  call(op, payload, transfer = []) {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, payload }, transfer);
    });
  }

  /** @param {string} type @param {object} detail */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // ---- ingest (driven by loader.js) -----------------------------------------

  /** @param {object} options */
  ingestBegin(options) { return this.call('ingestBegin', options); }
  /** @param {ArrayBuffer} buffer transferred to the worker */
  ingestChunk(buffer) { return this.call('ingestChunk', buffer, [buffer]); }
  /** @returns {Promise<Schema>} */
  ingestEnd() { return this.call('ingestEnd'); }
  ingestCancel() { return this.call('ingestCancel').catch(() => null); }

  /** The file is loaded: remember it. @param {Schema} schema @param {string} name */
  setData(schema, name) {
    this.schema = schema;
    this.data = { name, rows: schema.rows, fingerprint: schema.fingerprint };
    this.dataVersion++;
    this.baselines.clear();
  }

  // ---- the spec and components ----------------------------------------------

  /** Replace the spec (components and layout) and its filters. @param {Spec} spec */
  setSpec(spec) {
    this.spec = spec;
    this.clauses = (spec.filters || []).map((f) => {
      const { source, ...predicate } = /** @type {any} */ ({ ...f });
      return source ? { source, predicate } : { predicate };
    });
    for (const entry of this.mounted.values()) entry.filterKey = null;
    for (const id of this.baselines.keys()) if (!(id in spec.components)) this.baselines.delete(id);
  }

  /** @param {string} id @param {Card} card */
  mount(id, card) {
    this.mounted.set(id, { card, seq: 0, filterKey: null });
    card.setState('waiting');
    if (this.schema) this.refresh(id);
  }

  /** Forget a card without touching the selections (the layout is redrawn). @param {string} id */
  detach(id) {
    this.mounted.delete(id);
  }

  /** A component is removed: its selection goes too. @param {string} id */
  unmount(id) {
    this.mounted.delete(id);
    this.baselines.delete(id);
    const before = this.clauses.length;
    this.clauses = this.clauses.filter((c) => c.source !== id);
    if (this.clauses.length !== before) this.refreshChanged();
  }

  /** The filter a component sees: every clause but its own. @param {string} id @returns {Predicate | null} */
  filterFor(id) {
    const others = this.clauses.filter((c) => c.source !== id).map((c) => c.predicate);
    return others.length ? { and: others } : null;
  }

  /** @param {string} id @returns {Predicate | null} the component's own active selection */
  selectionOf(id) {
    const own = this.clauses.find((c) => c.source === id);
    return own ? own.predicate : null;
  }

  /** The spec's filters as stored in a link (clauses with their source). */
  filters() {
    return this.clauses.map((c) => (c.source ? { ...c.predicate, source: c.source } : { ...c.predicate }));
  }

  /** The request sf_run gets for a component. @param {string} id @param {object} [override] */
  requestFor(id, override) {
    const comp = this.spec.components[id];
    return {
      component: comp.type,
      config: { ...comp, ...(override || {}) },
      filter: this.filterFor(id),
      columns: this.spec.columns || {},
    };
  }

  /** Run a component's kernel with extra config (e.g. a table page). @param {string} id @param {object} [override] */
  request(id, override) {
    return this.call('run', this.requestFor(id, override));
  }

  /**
   * A component's result over every row (filter null), cached by its request;
   * a failed fetch is not kept. @param {string} id @returns {Promise<any>}
   */
  baseline(id) {
    const request = { ...this.requestFor(id), filter: null };
    const key = JSON.stringify([this.dataVersion, request]);
    const cached = this.baselines.get(id);
    if (cached && cached.key === key) return cached.promise;
    const slot = { key, promise: this.call('run', request) };
    this.baselines.set(id, slot);
    slot.promise.catch(() => { if (this.baselines.get(id) === slot) this.baselines.delete(id); });
    return slot.promise;
  }

  /**
   * A column's values, most frequent first (for pickers): the histogram kernel
   * over every row, with the spec's roles. Numbers give none.
   * @param {string} field @param {number} [max]
   * @returns {Promise<unknown[]>}
   */
  async valuesOf(field, max = 200) {
    const r = await this.call('run', { component: 'histogram', config: { type: 'histogram', field, top: max }, filter: null, columns: this.spec.columns || {} });
    return Array.isArray(r.values) ? r.values.map((/** @type {{value: unknown}} */ v) => v.value) : [];
  }

  /** Set the spec's column overrides (roles) and run every component again. @param {Spec['columns']} columns */
  setColumns(columns) {
    if (columns && Object.keys(columns).length) this.spec.columns = columns;
    else delete this.spec.columns;
    this.refreshAll();
  }

  /** (Re)compute one component and show it. @param {string} id */
  async refresh(id) {
    const entry = this.mounted.get(id);
    if (!entry || !this.schema || !this.spec.components[id]) return;
    const seq = ++entry.seq;
    const filter = this.filterFor(id);
    entry.filterKey = JSON.stringify(filter);
    entry.card.setState('loading');
    try {
      let result, baseline = null;
      if (!entry.card.wantsBaseline) result = await this.request(id);
      else if (!filter) result = baseline = await this.baseline(id);
      else {
        // A baseline that fails leaves the view without one, not in error.
        [result, baseline] = await Promise.all([this.request(id), this.baseline(id).catch((e) => {
          if (e.fatal) throw e;
          return null;
        })]);
      }
      if (this.mounted.get(id) !== entry || entry.seq !== seq) return;
      entry.card.show(result, baseline);
      entry.card.setState('ready');
    } catch (e) {
      if (this.mounted.get(id) !== entry || entry.seq !== seq) return;
      if (/** @type {any} */ (e).fatal) return;
      entry.card.setState('error', /** @type {Error} */ (e).message);
      this.emit('component-error', { id, message: /** @type {Error} */ (e).message });
    }
  }

  refreshAll() {
    for (const id of this.mounted.keys()) this.refresh(id);
  }

  /** Re-request every component whose effective filter changed. */
  refreshChanged() {
    for (const [id, entry] of this.mounted) {
      if (entry.filterKey !== JSON.stringify(this.filterFor(id))) this.refresh(id);
    }
    this.emit('selection', { clauses: this.clauses });
  }

  // ---- selections -------------------------------------------------------------

  /** Set (or clear, with null) the selection a component makes. @param {string} source @param {Predicate | null} predicate */
  select(source, predicate) {
    this.clauses = this.clauses.filter((c) => c.source !== source);
    if (predicate) this.clauses.push({ source, predicate });
    this.refreshChanged();
  }

  clearAll() {
    if (!this.clauses.length) return;
    this.clauses = [];
    this.refreshChanged();
  }

  // ---- what a link or an export carries -----------------------------------------

  /** The whole view as a spec (what a link carries). @returns {Spec} */
  currentSpec() {
    /** @type {any} */
    const spec = { sinfonia: 1 };
    const made = this.data || this.spec.data;
    if (made) {
      const { format, delimiter, header, ...rest } = /** @type {any} */ (made);
      spec.data = { ...rest, ...this.reading };
    } else if (Object.keys(this.reading).length) {
      spec.data = { ...this.reading };
    }
    if (this.spec.columns && Object.keys(this.spec.columns).length) spec.columns = this.spec.columns;
    spec.filters = this.filters();
    spec.components = this.spec.components;
    spec.layout = this.spec.layout;
    return JSON.parse(JSON.stringify(spec));
  }

  /** Every component's full result, in the CLI's `run` output shape. */
  async exportResults() {
    if (!this.schema || !this.data) throw new Error('open a file first: there are no results to export');
    /** @type {Record<string, unknown>} */
    const results = {};
    for (const id of Object.keys(this.spec.components)) results[id] = await this.request(id);
    return { data: { ...this.data }, results };
  }
}
