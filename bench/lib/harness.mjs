// harness.mjs — what every benchmark here shares: the built page served on a
// free port (scripts/serve.mjs), Debian's chromium through Playwright, the
// machine and commit a result was measured on, and medians.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/** @param {number[]} xs */
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** x to one decimal (safe as a map callback). @param {number} x */
export const round = (x) => Math.round(x * 10) / 10;
/** x to 3 significant digits. @param {number} x */
export const sig3 = (x) => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(3)) : x);
/** @param {string} file */
export const sha256 = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** @returns {Promise<number>} */
const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = /** @type {net.AddressInfo} */ (s.address());
    s.close(() => resolve(port));
  });
});

/** Serve dir with scripts/serve.mjs on a free port. @param {string} dir @returns {Promise<{url: string, stop: () => void}>} */
export async function serve(dir) {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), dir], {
    env: { ...process.env, PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = out.match(/http:\/\/\S+\//); if (m) resolve(m[0]); });
    child.once('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

/** Debian's chromium, headless, without background work that would add noise. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** /proc/cpuinfo's family, model, MHz and cache of the first CPU, and whether it runs under a hypervisor (Linux; {} elsewhere). */
function cpuinfo() {
  try {
    const text = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n\n')[0];
    const field = (/** @type {string} */ name) => (text.match(new RegExp(`^${name}\\s*: (.*)$`, 'm')) || [])[1];
    return { family: field('cpu family'), model: field('model'), mhz: Number(field('cpu MHz')), cache: field('cache size'), virtualized: / hypervisor( |$)/m.test(field('flags') || '') };
  } catch {
    return {};
  }
}

/** The machine a result was measured on. @param {string} chromiumVersion */
export function machine(chromiumVersion) {
  return {
    cpu: os.cpus()[0].model, cpuinfo: cpuinfo(), cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`,
    node: process.version, chromium: chromiumVersion,
  };
}

/** HEAD of the checkout holding dir, "(dirty)" when tracked files changed; null outside git. @param {string} dir */
export function gitCommit(dir) {
  try {
    const git = (/** @type {string[]} */ ...a) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return git('rev-parse', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' (dirty)' : '');
  } catch {
    return null;
  }
}
