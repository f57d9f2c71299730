// connector.js — the connection to the engine's worker (as Mosaic's
// Connector): requests {id, op, payload}, replies {id, ok, result | error}.
// After a fatal reply (a wasm trap) or a worker that fails to start, the
// worker is discarded, every pending request fails, a "fatal" event tells the
// page (the loaded data went with the worker), and the next request starts a
// fresh worker.

/** @typedef {{id: number, ok: boolean, result?: unknown, error?: {message: string, fatal?: boolean}}} Reply */
/**
 * What the connector needs of a worker (a Web Worker, or a fake one in tests).
 * @typedef {object} WorkerLike
 * @property {(message: any, transfer: Transferable[]) => void} postMessage
 * @property {() => void} terminate
 * @property {((event: MessageEvent) => any) | null} onmessage
 * @property {((event: ErrorEvent) => any) | null} onerror
 */

/** An error from the engine; `fatal` when the worker had to be discarded. */
export class EngineError extends Error {
  /** @param {string} message @param {boolean} fatal */
  constructor(message, fatal) {
    super(message);
    this.name = 'EngineError';
    this.fatal = fatal;
  }
}

/** @param {unknown} e */
export const isFatal = (e) => Boolean(e && /** @type {{fatal?: unknown}} */ (e).fatal);

export class Connector extends EventTarget {
  /** @param {() => WorkerLike} createWorker */
  constructor(createWorker) {
    super();
    this.createWorker = createWorker;
    /** @type {WorkerLike | null} */
    this.worker = null;
    this.nextId = 1;
    /** How many workers were started (a restart makes it 2, ...). */
    this.started = 0;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
  }

  /** @returns {WorkerLike} */
  ensureWorker() {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    this.started++;
    worker.onmessage = (event) => this.onReply(worker, event.data);
    worker.onerror = (event) => {
      if (event && typeof event.preventDefault === 'function') event.preventDefault();
      if (worker === this.worker) this.discard(`the engine could not start (${(event && event.message) || 'worker error'})`);
    };
    this.worker = worker;
    return worker;
  }

  /** @param {WorkerLike} worker @param {Reply} reply */
  onReply(worker, reply) {
    if (worker !== this.worker || !reply) return;
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) {
      waiter.resolve(reply.result);
      return;
    }
    const fatal = Boolean(reply.error && reply.error.fatal);
    const error = new EngineError(reply.error ? reply.error.message : 'the engine failed', fatal);
    waiter.reject(error);
    if (fatal) this.discard(error.message);
  }

  /** Throw the worker away: pending requests fail, the page is told. @param {string} why */
  discard(why) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(new EngineError(why, true));
    this.dispatchEvent(new CustomEvent('fatal', { detail: { message: why } }));
  }

  /**
   * Send one request.
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
}
