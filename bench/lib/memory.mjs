// memory.mjs — the renderer's memory (the ingest suite's measure g): the pids of a
// browser's renderer processes from CDP (SystemInfo.getProcessInfo) and each one's
// VmRSS and VmHWM (its peak resident set) from /proc/<pid>/status. Workers run in
// their page's renderer, so it holds the engine's and the peers' memory too. A
// fresh browser per sample, so one peak does not carry into the next.

import fs from 'node:fs';

/** The renderer processes' pids. @param {import('@playwright/test').Browser} browser @returns {Promise<number[]>} */
export async function rendererPids(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = /** @type {{processInfo: {id: number, type: string}[]}} */ (await cdp.send('SystemInfo.getProcessInfo'));
    return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** VmRSS and VmHWM of pid in bytes (null when it is gone). @param {number} pid */
export function residentBytes(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (/** @type {string} */ key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) || [])[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Every renderer's resident set now (call it when the page is idle); `peak()` then
 * gives the renderer that grew most, the page's (the bench opens one page per
 * browser; other renderers stay idle): its resident set at idle, its peak since
 * its start (VmHWM) and its resident set now.
 * @param {import('@playwright/test').Browser} browser
 */
export async function idleRenderers(browser) {
  const idle = new Map();
  for (const pid of await rendererPids(browser)) {
    const m = residentBytes(pid);
    if (m) idle.set(pid, m.rss);
  }
  if (!idle.size) throw new Error('no renderer process found');
  return {
    peak() {
      let best = null;
      for (const [pid, rss] of idle) {
        const m = residentBytes(pid);
        if (m && (!best || m.hwm - rss > best.peak - best.idle)) best = { pid, idle: rss, peak: m.hwm, rss: m.rss };
      }
      if (!best) throw new Error('the renderers are gone');
      return best;
    },
  };
}
