#!/usr/bin/env node
// build-web.mjs — builds the page into dist/:
//   dist/index.html, main.js (one bundle), worker.js (the engine's worker
//   bundle), style.css, sinfonia.wasm, examples/  — servable by any static server;
//   dist/sinfonia.html — ONE self-contained file that works opened from disk:
//   the CSS and the main script inline (the CSP allows them by sha256 hash),
//   the worker's source and the wasm (base64) in JSON blocks that the page
//   turns into a blob: worker, and every example's data and spec embedded.
// Usage: node scripts/build-web.mjs [--no-wasm]  (--no-wasm: use build/wasm as is)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generateComponents } from './gen-components.mjs';
import { EXAMPLES, specFileOf } from '../web/examples.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const wasmDir = path.join(root, 'build', 'wasm');
const at = (/** @type {string[]} */ ...p) => path.join(root, ...p);

if (!process.argv.includes('--no-wasm')) {
  console.log('build-web: building the wasm engine (scripts/build-wasm.sh)');
  try {
    execFileSync('sh', [at('scripts', 'build-wasm.sh')], { stdio: 'inherit', cwd: root });
  } catch {
    console.error('build-web: the wasm build failed (scripts/build-wasm.sh, output above)');
    process.exit(1);
  }
}
for (const f of ['sinfonia.mjs', 'sinfonia.wasm']) {
  if (!fs.existsSync(path.join(wasmDir, f))) {
    console.error(`build-web: build/wasm/${f} is missing (run sh scripts/build-wasm.sh)`);
    process.exit(1);
  }
}

// The components the page and the worker know: every folder under components/.
generateComponents(root);

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'examples'), { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true, format: 'esm', target: 'es2022', platform: 'browser', write: false,
  legalComments: 'none', logLevel: 'warning', minify: true, preserveSymlinks: true,
  // The emscripten loader's Node-only branch requires these; never reached in a browser.
  external: ['fs', 'path', 'crypto', 'module', 'url'],
};
const [mainOut, workerOut] = await Promise.all([
  // vega-lite imports four helpers from the whole 'vega' bundle (all of them in
  // vega-util); web/vega.js imports only Vega's core, so point 'vega' there.
  esbuild.build({ ...common, entryPoints: [at('web', 'main.js')], alias: { vega: 'vega-util' } }),
  // A classic worker (not a module): a module worker made from a blob: URL
  // does not start on a file:// page, where the single-file build runs.
  esbuild.build({ ...common, format: 'iife', entryPoints: [at('web', 'worker.js')], define: { 'import.meta.url': 'self.location.href' } }),
]);
const mainJs = mainOut.outputFiles[0].text;
const workerJs = workerOut.outputFiles[0].text;
const css = fs.readFileSync(at('web', 'style.css'), 'utf8');
const html = fs.readFileSync(at('web', 'index.html'), 'utf8');
const wasm = fs.readFileSync(path.join(wasmDir, 'sinfonia.wasm'));

// ---- dist/: the page and its assets ----
fs.writeFileSync(path.join(dist, 'index.html'), html);
fs.writeFileSync(path.join(dist, 'main.js'), mainJs);
fs.writeFileSync(path.join(dist, 'worker.js'), workerJs);
fs.writeFileSync(path.join(dist, 'style.css'), css);
fs.writeFileSync(path.join(dist, 'sinfonia.wasm'), wasm);
for (const f of fs.readdirSync(at('examples'))) {
  if (/\.(csv|tsv|json|jsonl)$/.test(f)) fs.copyFileSync(at('examples', f), path.join(dist, 'examples', f));
}

// ---- dist/sinfonia.html: one self-contained file ----
/** Text safe inside a <script> element. @param {string} js */
function scriptSafe(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
/** JSON safe inside a <script type="application/json"> element. @param {unknown} value */
function jsonBlock(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
/** @param {string} text */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const inlineMain = scriptSafe(mainJs);
const inlineCss = css.replace(/<\/(style)/gi, '<\\/$1');
// Every example the page lists (web/examples.js), so they open offline too.
const examples = Object.fromEntries(EXAMPLES.map((e) => [e.file, {
  data: fs.readFileSync(at('examples', e.file), 'utf8'),
  spec: JSON.parse(fs.readFileSync(at('examples', specFileOf(e.file)), 'utf8')),
}]));
const worker = { source: workerJs, wasm: wasm.toString('base64') };

let single = html
  .replace(/script-src 'self' 'wasm-unsafe-eval'/, `script-src 'self' 'wasm-unsafe-eval' ${sha256(inlineMain)}`)
  .replace(/style-src 'self'/, `style-src 'self' ${sha256(inlineCss)}`)
  .replace(/connect-src 'self' blob: data:/, 'connect-src blob: data:');
const swap = (/** @type {RegExp} */ re, /** @type {string} */ text) => {
  if (!re.test(single)) throw new Error(`build-web: index.html has no ${re}`);
  single = single.replace(re, () => text);
};
swap(/<link rel="stylesheet" href="style.css">/, `<style>${inlineCss}</style>`);
swap(/<script type="module" src="main.js"><\/script>/,
  `<script type="application/json" id="sinfonia-worker">${jsonBlock(worker)}</script>\n` +
  `<script type="application/json" id="sinfonia-examples">${jsonBlock(examples)}</script>\n` +
  `<script type="module">${inlineMain}</script>`);
fs.writeFileSync(path.join(dist, 'sinfonia.html'), single);

const kb = (/** @type {number} */ n) => `${Math.round(n / 1024)} KiB`;
console.log(`build-web: dist/ written (main.js ${kb(mainJs.length)}, worker.js ${kb(workerJs.length)}, sinfonia.wasm ${kb(wasm.length)}); dist/sinfonia.html ${kb(single.length)}`);
