#!/usr/bin/env node
// typecheck.mjs — npm run typecheck: tsc --checkJs in strict mode over web/
// and components/ (tsconfig.json). First the generated modules the page
// imports (build/gen/), and a declaration for the emscripten loader
// (build/wasm/sinfonia.d.mts), so its generated JavaScript is not checked and
// the check runs without a wasm build.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateComponents } from './gen-components.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
generateComponents(root);

const declaration = path.join(root, 'build', 'wasm', 'sinfonia.d.mts');
const text = `// Written by scripts/typecheck.mjs: the emscripten module factory (MODULARIZE, EXPORT_ES6).
declare function createSinfonia(options?: {wasmBinary?: ArrayBuffer | Uint8Array, locateFile?: (path: string) => string,
  print?: (text: string) => void, printErr?: (text: string) => void}): Promise<any>;
export default createSinfonia;
`;
if (!fs.existsSync(declaration) || fs.readFileSync(declaration, 'utf8') !== text) {
  fs.mkdirSync(path.dirname(declaration), { recursive: true });
  fs.writeFileSync(declaration, text);
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
process.exit(run.status === null ? 1 : run.status);
