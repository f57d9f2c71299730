// engine-page.mjs — the page's own engine (dist/worker.js and its wasm) driven
// from a benchmark: the served page is opened, one engine worker per file is
// started beside the page's, each file read into its worker in 4 MiB chunks (as
// web/loader.js), and ops are timed in the page through the worker's RPC
// ({id, op, payload} -> {id, ok, result | error}). A peer library measured in the
// same page (issue 15) can be loaded into the same tab.

/** Installed in the page: engine workers spoken to by their RPC, and a timer. */
function installRpc() {
  /** @type {Worker[]} */
  const workers = [];
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const pending = new Map();
  let next = 1;
  /** @param {number} k @param {string} op @param {any} [payload] @param {Transferable[]} [transfer] @returns {Promise<any>} */
  const call = (k, op, payload, transfer) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    workers[k].postMessage({ id, op, payload }, transfer || []);
  });
  /** @type {any} */ (window).__rpc = {
    call,
    /** A new engine worker; its index. */
    start() {
      const w = new Worker('worker.js', { name: `bench-engine-${workers.length}` });
      w.onmessage = (e) => {
        const { id, ok, result, error } = e.data || {};
        const p = pending.get(id);
        pending.delete(id);
        if (p) ok ? p.resolve(result) : p.reject(new Error(error.message));
      };
      workers.push(w);
      return workers.length - 1;
    },
    /** Read files[f] of the bench's input into worker k; the rows read and the time. @param {number} k @param {number} f */
    async ingest(k, f) {
      const file = /** @type {HTMLInputElement} */ (document.getElementById('bench-files')).files?.[f];
      if (!file) throw new Error(`no file ${f}`);
      const t0 = performance.now();
      await call(k, 'ingestBegin', { name: file.name });
      for (let at = 0; at < file.size; at += 4 << 20) {
        const buffer = await file.slice(at, at + (4 << 20)).arrayBuffer();
        await call(k, 'ingestChunk', buffer, [buffer]);
      }
      const schema = await call(k, 'ingestEnd');
      return { rows: schema.rows, ms: performance.now() - t0 };
    },
    /**
     * The steps `reps` times, all posted at once (the worker answers them in
     * order, one after another), timed until the last answer: ms per repetition
     * (one round trip's latency spread over all), and the last answer (or its JSON length).
     * @param {number} k @param {{op: string, payload?: any}[]} steps @param {number} reps @param {boolean} keep
     */
    async time(k, steps, reps, keep) {
      /** @type {Promise<any>[]} */
      const answers = [];
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) for (const s of steps) answers.push(call(k, s.op, s.payload));
      const all = await Promise.all(answers);
      const ms = (performance.now() - t0) / reps;
      const last = all[all.length - 1];
      return { ms, last: keep ? last : JSON.stringify(last).length };
    },
  };
}

/**
 * Open the served page with one engine worker per file (worker k holds files[k]
 * once ingest(k) has run).
 * @param {import('@playwright/test').Browser} browser @param {string} url @param {string[]} files
 * @param {(line: string) => void} log
 */
export async function openEnginePage(browser, url, files, log) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.evaluate(installRpc);
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-files', multiple: true, hidden: true });
    document.body.append(input);
  });
  await page.setInputFiles('#bench-files', files);
  for (let k = 0; k < files.length; k++) await page.evaluate(() => /** @type {any} */ (window).__rpc.start());
  return {
    page,
    /** Read file k into worker k. @param {number} k @returns {Promise<{rows: number, ms: number}>} */
    ingest: (k) => page.evaluate((k) => /** @type {any} */ (window).__rpc.ingest(k, k), k),
    /** One op in worker k, its answer. @param {number} k @param {string} op @param {any} [payload] */
    call: (k, op, payload) => page.evaluate(([k, op, payload]) => /** @type {any} */ (window).__rpc.call(k, op, payload), /** @type {const} */ ([k, op, payload])),
    /**
     * ms per repetition of the steps in worker k (see installRpc's time).
     * @param {number} k @param {{op: string, payload?: any}[]} steps @param {number} reps @param {boolean} [keep]
     * @returns {Promise<{ms: number, last: any}>}
     */
    time: (k, steps, reps, keep = false) => page.evaluate(([k, steps, reps, keep]) => /** @type {any} */ (window).__rpc.time(k, steps, reps, keep), /** @type {const} */ ([k, steps, reps, keep])),
  };
}
