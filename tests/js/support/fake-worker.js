// fake-worker.js — a stand-in for the engine's worker in node tests: an object
// with postMessage / onmessage / terminate that answers each request from a
// script (op, payload) => result; a thrown error becomes an error reply
// (fatal when it says so). In manual mode replies wait until released, so a
// test decides their order.

export class FakeWorker {
  /** @param {(op: string, payload: any) => any} answer @param {{manual?: boolean}} [options] */
  constructor(answer, { manual = false } = {}) {
    this.answer = answer;
    this.manual = manual;
    /** @type {{id: number, op: string, payload: any}[]} every request, in order */
    this.sent = [];
    /** @type {{id: number, op: string, payload: any}[]} requests not answered yet (manual mode) */
    this.held = [];
    /** @type {((event: {data: any}) => void) | null} */
    this.onmessage = null;
    /** @type {((event: any) => void) | null} */
    this.onerror = null;
    this.terminated = false;
  }

  /** @param {{id: number, op: string, payload: any}} message */
  postMessage(message) {
    this.sent.push(message);
    if (this.manual) this.held.push(message);
    else queueMicrotask(() => this.reply(message));
  }

  /** @param {{id: number, op: string, payload: any}} message */
  reply(message) {
    let data;
    try {
      data = { id: message.id, ok: true, result: this.answer(message.op, message.payload) };
    } catch (e) {
      data = { id: message.id, ok: false, error: { message: /** @type {Error} */ (e).message, fatal: Boolean(/** @type {any} */ (e).fatal) } };
    }
    if (this.onmessage) this.onmessage({ data });
  }

  /** Answer the held requests that match, in the order given (default: all, oldest first). @param {(m: any) => boolean} [which] @param {boolean} [newestFirst] */
  release(which = () => true, newestFirst = false) {
    const chosen = this.held.filter(which);
    this.held = this.held.filter((m) => !chosen.includes(m));
    for (const m of newestFirst ? chosen.reverse() : chosen) this.reply(m);
  }

  /** @param {string} op */
  ops(op) {
    return this.sent.filter((m) => m.op === op);
  }

  terminate() {
    this.terminated = true;
  }
}

/** Let every reply and the work it starts run (one turn of the event loop drains the microtasks). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
