// native.mjs — the ingest suite's native readers (measure e, bench/README.md), on
// the same files, after the browser's measures of the same round: the CLI's ingest
// (`build/sinfonia schema FILE`: read, infer, typed columns, the schema printed;
// wall time of the process), pandas `read_csv` (/usr/bin/python3; the time of the
// call inside Python, the interpreter's start and import not counted) and the
// native newline scan (`wc -l`, wall time). The files are in the page cache by then.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

export const CLI = path.join(ROOT, 'build', 'sinfonia');
export const PYTHON = '/usr/bin/python3';

/** Run a command; its wall ms and stdout. @param {string} cmd @param {string[]} args */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${(r.stderr || '').slice(0, 300)}`);
  return { ms, out: r.stdout };
}

/** The CLI's ingest of file: {rows, ms}. @param {string} file */
export function cliIngest(file) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing (cmake --build build)`);
  const { ms, out } = timed(CLI, ['schema', file]);
  return { rows: JSON.parse(out).rows, ms };
}

const PANDAS = `import sys, time, json
import pandas
t0 = time.perf_counter()
df = pandas.read_csv(sys.argv[1])
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"rows": len(df), "ms": ms, "pandas": pandas.__version__}))`;

/** pandas.read_csv(file): {rows, ms, pandas}. @param {string} file */
export function pandasReadCsv(file) {
  return JSON.parse(timed(PYTHON, ['-c', PANDAS, file]).out);
}

/** wc -l file: {lines, ms}. @param {string} file */
export function wcLines(file) {
  const { ms, out } = timed('wc', ['-l', file]);
  return { lines: Number(out.trim().split(/\s+/)[0]), ms };
}
