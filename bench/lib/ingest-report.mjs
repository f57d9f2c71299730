// ingest-report.mjs — what the ingest suite's samples say (bench/README.md "The
// ingest suite"): medians and throughputs per size, format and measure; the issue's
// ratios, each taken within a round (a measure against its baseline measured beside
// it) and then the median over rounds; each target met or missed by how much; the
// markdown table and the chart (an SVG drawn by vega-lite in node).

import { median, sig3 } from './harness.mjs';
import { sizeTag } from './data.mjs';

/** Names in the tables. */
export const LABELS = /** @type {Record<string, string>} */ ({
  page: 'page: file chosen → every view ready',
  'engine-buffer': 'engine alone, bytes in memory → typed columns',
  'engine-file': 'engine alone, from the File (web/loader.js)',
  'newline-scan': 'newline scan in the same wasm (baseline)',
  'duckdb-buffer': 'DuckDB-WASM read_csv/read_json, registerFileBuffer',
  'duckdb-file': 'DuckDB-WASM, registerFileHandle (the File)',
  udsv: 'uDSV typed columns (worker)',
  papaparse: 'PapaParse dynamicTyping (worker)',
  cli: 'native CLI `sinfonia schema`',
  pandas: 'pandas read_csv',
  wc: 'native newline scan `wc -l`',
});

/** Names in the chart. */
const SHORT = /** @type {Record<string, string>} */ ({
  page: 'the page (file → views)', 'engine-buffer': 'engine (bytes in memory)', 'engine-file': 'engine (from the File)',
  'newline-scan': 'newline scan (wasm)', 'duckdb-buffer': 'DuckDB-WASM (buffer)', 'duckdb-file': 'DuckDB-WASM (File)',
  udsv: 'uDSV (worker)', papaparse: 'PapaParse (worker)', cli: 'native CLI', pandas: 'pandas read_csv', wc: 'wc -l (native)',
});

/**
 * The issue's targets: a ratio of two measures of the same round (num / den), or a
 * median; `at least` or `at most` the goal.
 * @type {{id: string, what: string, num: string, den?: string, goal: number, most: boolean, format?: string, sizes?: number[], scale?: number}[]}
 */
export const TARGETS = [
  { id: 'page-vs-duckdb', what: 'the page\'s throughput ≥ 2× DuckDB-WASM\'s (DuckDB ms / page ms)', num: 'duckdb-buffer', den: 'page', goal: 2, most: false },
  { id: 'page-vs-engine', what: 'the page ≤ 1.3× the engine alone (page ms / engine ms, bytes in memory)', num: 'page', den: 'engine-buffer', goal: 1.3, most: true },
  { id: 'engine-vs-scan', what: 'the engine ≤ 4× the plain newline scan (engine ms / scan ms)', num: 'engine-buffer', den: 'newline-scan', goal: 4, most: true },
  { id: 'cli-vs-pandas', what: 'native ingest ≥ 2× pandas read_csv (pandas ms / CLI ms)', num: 'pandas', den: 'cli', goal: 2, most: false, format: 'csv' },
  { id: 'brush-vs-duckdb', what: 'a brush ≤ 1/4 of DuckDB-WASM\'s time for the same work (page ms / DuckDB ms)', num: 'brush-page', den: 'brush-duckdb', goal: 0.25, most: true, format: 'csv' },
  { id: 'brush-ms', what: 'a brush with the default view ≤ 50 ms at 1M rows (median ms)', num: 'brush-page', goal: 50, most: true, format: 'csv', sizes: [1_000_000] },
  { id: 'memory', what: 'renderer memory ≤ 1.3× the file over idle (the page)', num: 'memory:page', goal: 1.3, most: true, format: 'csv' },
];
/** Per-row cost flat (±20%) from the smallest size to each larger one, for these measures. */
const FLAT = ['page', 'engine-buffer', 'cli'];

/** @param {any[]} xs */
const stats = (xs) => (xs.length ? { median: sig3(median(xs)), min: sig3(Math.min(...xs)), max: sig3(Math.max(...xs)) } : null);

/**
 * Medians, throughputs, ratios and targets from a result's samples.
 * @param {{sizes: number[], formats: string[], data: {rows: number, format: string, bytes: number}[], samples: any[]}} result
 */
export function summarize(result) {
  const ok = result.samples.filter((s) => typeof s.ms === 'number' && !s.error);
  /** @param {number} rows @param {string} format @param {string} measure */
  const of = (rows, format, measure) => ok.filter((s) => s.rows === rows && s.format === format && s.measure === measure && s.measure !== 'memory');
  const measures = [...new Set(ok.map((s) => s.measure))].filter((m) => m !== 'memory');
  /** @type {any[]} */
  const medians = [];
  for (const d of result.data) {
    for (const m of measures) {
      const xs = of(d.rows, d.format, m);
      if (!xs.length) continue;
      const ms = median(xs.map((s) => s.ms));
      const read = [...new Set(xs.map((s) => s.rowsRead).filter((x) => x !== undefined))];
      medians.push({ rows: d.rows, format: d.format, measure: m, ms: sig3(ms), msRange: [sig3(Math.min(...xs.map((s) => s.ms))), sig3(Math.max(...xs.map((s) => s.ms)))], n: xs.length,
        mbPerS: m.startsWith('brush') ? null : sig3(d.bytes / ms / 1e3), nsPerRow: sig3((ms * 1e6) / d.rows), rowsRead: read.length === 1 ? read[0] : read });
    }
  }
  /** @type {any[]} */
  const memory = [];
  for (const d of result.data.filter((x) => x.format === 'csv')) {
    for (const reader of [...new Set(result.samples.filter((s) => s.measure === 'memory' && s.rows === d.rows).map((s) => s.reader))]) {
      const xs = result.samples.filter((s) => s.measure === 'memory' && s.rows === d.rows && s.reader === reader && !s.error);
      const failed = result.samples.filter((s) => s.measure === 'memory' && s.rows === d.rows && s.reader === reader && s.error).length;
      memory.push({ rows: d.rows, reader, overIdlePerByte: stats(xs.map((s) => s.overIdlePerByte)), peakOverIdleMB: stats(xs.map((s) => (s.peak - s.idle) / 1e6)), n: xs.length, failed });
    }
  }
  /** The per-round ratios num / den of a size and format. @param {number} rows @param {string} format @param {string} num @param {string} den */
  const ratios = (rows, format, num, den) => {
    const byRound = (/** @type {string} */ m) => new Map(of(rows, format, m).map((s) => [s.round, s.ms]));
    const a = byRound(num), b = byRound(den);
    return [...a.keys()].filter((r) => b.has(r)).map((r) => /** @type {number} */ (a.get(r)) / /** @type {number} */ (b.get(r)));
  };
  /** @type {any[]} */
  const targets = [];
  for (const t of TARGETS) {
    for (const d of result.data) {
      if ((t.format && d.format !== t.format) || (t.sizes && !t.sizes.includes(d.rows))) continue;
      let value = NaN, samples = /** @type {number[]} */ ([]);
      if (t.num.startsWith('memory:')) {
        const m = memory.find((x) => x.rows === d.rows && x.reader === t.num.slice(7));
        if (m && m.overIdlePerByte) value = m.overIdlePerByte.median;
      } else if (t.den) {
        samples = ratios(d.rows, d.format, t.num, t.den);
        if (samples.length) value = median(samples);
      } else {
        samples = of(d.rows, d.format, t.num).map((s) => s.ms);
        if (samples.length) value = median(samples);
      }
      if (Number.isNaN(value)) continue;
      const met = t.most ? value <= t.goal : value >= t.goal;
      targets.push({ id: t.id, rows: d.rows, format: d.format, value: sig3(value), goal: t.goal, most: t.most, met,
        missedBy: met ? null : sig3(t.most ? value / t.goal : t.goal / value), samples: samples.map(sig3) });
    }
  }
  // Per-row cost flat: each size's ns per row over the smallest size's, ±20%.
  const smallest = Math.min(...result.sizes);
  for (const m of FLAT) {
    for (const format of result.formats) {
      const base = medians.find((x) => x.rows === smallest && x.format === format && x.measure === m);
      if (!base) continue;
      for (const x of medians.filter((y) => y.rows > smallest && y.format === format && y.measure === m)) {
        const value = x.nsPerRow / base.nsPerRow, met = value >= 0.8 && value <= 1.2;
        targets.push({ id: `flat-${m}`, rows: x.rows, format, value: sig3(value), goal: 1.2, most: true, met,
          missedBy: met ? null : sig3(value > 1 ? value / 1.2 : 0.8 / value), from: smallest });
      }
    }
  }
  return { medians, memory, targets };
}

/** @param {number} x */
const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x >= 100 ? Math.round(x).toLocaleString('en-US') : String(sig3(x)));
const GOAL_TEXT = /** @type {Record<string, string>} */ Object.fromEntries(TARGETS.map((t) => [t.id, t.what]));

/** The markdown report of a result (summarize's fields included). @param {any} r */
export function ingestMarkdown(r) {
  const cols = r.data.map((/** @type {any} */ d) => ({ rows: d.rows, format: d.format, head: `${sizeTag(d.rows)} ${d.format === 'csv' ? 'CSV' : 'JSONL'} (${num(d.bytes / 1e6)} MB)` }));
  const lines = [];
  const la = r.machine.loadavg.map((/** @type {number[]} */ l) => l[0].toFixed(2));
  lines.push(`# Ingest, ${r.date.slice(0, 10)}`, '',
    `${r.runs} rounds (${Object.entries(r.rounds || {}).filter(([, n]) => n !== r.runs).map(([k, n]) => `${k}: ${n}`).join(', ') || 'every file'}; memory: ${r.memoryRuns}, a fresh browser each) at ${r.sizes.map(sizeTag).join(', ')} rows × 20 columns; ` +
    `${r.machine.cpu} ×${r.machine.cores}, ${r.machine.memGiB} GiB, chromium ${r.machine.chromium}, node ${r.machine.node}; ` +
    `commit ${r.commit}; 1-minute load average ${la.join(' → ')} (start, after each round, end).`, '');
  if (r.note) lines.push(`Note: ${r.note}`, '');
  lines.push('## Throughput (MB/s of the file; median over rounds)', '',
    `| measure | ${cols.map((/** @type {any} */ c) => c.head).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
  const measures = Object.keys(LABELS).filter((m) => r.medians.some((/** @type {any} */ x) => x.measure === m));
  for (const m of measures) {
    const cells = cols.map((/** @type {any} */ c) => {
      const x = r.medians.find((/** @type {any} */ y) => y.rows === c.rows && y.format === c.format && y.measure === m);
      const failed = r.samples.some((/** @type {any} */ s) => s.rows === c.rows && s.format === c.format && s.measure === m && s.error);
      return x ? `${num(x.mbPerS)} (${num(x.ms)} ms)` : failed ? 'failed' : '';
    });
    lines.push(`| ${LABELS[m]} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Targets (issue 15 point 2; ratios within a round, median over rounds)', '',
    '| target | rows | format | value | goal | |', '|---|---:|---|---:|---:|---|');
  for (const t of r.targets) {
    const what = GOAL_TEXT[t.id] || `per-row cost of ${t.id.slice(5)} flat (±20%) from ${sizeTag(t.from)} (ns/row ÷ ${sizeTag(t.from)}'s)`;
    lines.push(`| ${what} | ${sizeTag(t.rows)} | ${t.format} | ${num(t.value)} | ${t.most ? '≤' : '≥'} ${t.id.startsWith('flat') ? '1.2 and ≥ 0.8' : t.goal} | ${t.met ? 'met' : `missed by ${t.missedBy}×`} |`);
  }
  const brushRows = r.sizes.filter((/** @type {number} */ n) => r.medians.some((/** @type {any} */ x) => x.rows === n && x.measure === 'brush-page'));
  if (brushRows.length) {
    lines.push('', '## Brush (the default view, the age histogram brushed; median ms)', '',
      '| rows | page | DuckDB-WASM, the same cards as SQL | page / DuckDB | DuckDB counts = page counts |', '|---:|---:|---:|---:|---|');
    for (const n of brushRows) {
      const p = r.medians.find((/** @type {any} */ x) => x.rows === n && x.measure === 'brush-page');
      const q = r.medians.find((/** @type {any} */ x) => x.rows === n && x.measure === 'brush-duckdb');
      const t = r.targets.find((/** @type {any} */ x) => x.rows === n && x.id === 'brush-vs-duckdb');
      const checks = (r.brush[n] || {}).checks || [];
      lines.push(`| ${sizeTag(n)} | ${num(p?.ms)} | ${num(q?.ms)} | ${num(t?.value)} | ${checks.length ? (checks.every((/** @type {any} */ c) => c.duckdb === c.page) ? `yes (${checks.length} checks)` : 'NO') : '—'} |`);
    }
  }
  if (r.memory.length) {
    const readers = [...new Set(r.memory.map((/** @type {any} */ m) => m.reader))];
    const sizes = [...new Set(r.memory.map((/** @type {any} */ m) => m.rows))];
    lines.push('', '## Renderer memory: peak over idle ÷ file size (median; MB over idle)', '',
      `| reader | ${sizes.map((n) => sizeTag(/** @type {number} */ (n))).join(' | ')} |`, `|---|${sizes.map(() => '---:').join('|')}|`);
    for (const reader of readers) {
      lines.push(`| ${reader} | ${sizes.map((n) => {
        const m = r.memory.find((/** @type {any} */ x) => x.rows === n && x.reader === reader);
        return !m ? '' : m.overIdlePerByte ? `${num(m.overIdlePerByte.median)}× (${num(m.peakOverIdleMB.median)} MB)` : `failed (${m.failed})`;
      }).join(' | ')} |`);
    }
  }
  if (r.transferGzipBytes) {
    const t = r.transferGzipBytes;
    lines.push('', `## Transfer`, '', `The first view fetched ${num(t.fetchedTotal / 1024)} KiB gzip -9 (${Object.entries(t.fetchedByFirstView).map(([f, n]) => `${f} ${num(/** @type {number} */ (n) / 1024)} KiB`).join(', ')}).`);
  }
  const failed = r.samples.filter((/** @type {any} */ s) => s.error);
  if (failed.length) {
    lines.push('', '## Failures', '');
    for (const s of failed) lines.push(`- ${sizeTag(s.rows)} ${s.format} ${s.measure}${s.reader ? ` (${s.reader})` : ''}, round ${s.round + 1}: ${s.error}`);
  }
  return lines.join('\n') + '\n';
}

/** The chart: throughput (MB/s) of each reader at each size, CSV, as an SVG (vega-lite in node). @param {any} r @returns {Promise<string>} */
export async function ingestChart(r) {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const values = r.medians.filter((/** @type {any} */ x) => x.format === 'csv' && x.mbPerS !== null && LABELS[x.measure])
    .map((/** @type {any} */ x) => ({ reader: SHORT[x.measure], size: `${sizeTag(x.rows)} rows`, rows: x.rows, mbPerS: x.mbPerS }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Ingest throughput, CSV, 20 columns (${r.date.slice(0, 10)}; median of ${r.runs} rounds)`, anchor: 'start' },
    data: { values }, width: 520, height: { step: 11 },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'reader', type: 'nominal', sort: Object.values(SHORT), title: null, axis: { labelLimit: 240 } },
      yOffset: { field: 'size', type: 'nominal', sort: { field: 'rows' } },
      x: { field: 'mbPerS', type: 'quantitative', scale: { type: 'log', domain: [1, 10000] }, title: 'MB/s of the file, log scale (higher is faster)' },
      x2: { datum: 1 }, // a log scale has no 0: bars start at 1 MB/s
      color: { field: 'size', type: 'nominal', sort: { field: 'rows' }, title: 'file' },
    },
    config: { font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(vl.compile(/** @type {any} */ (spec)).spec), { renderer: 'none' });
  return view.toSVG();
}
