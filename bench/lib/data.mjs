// data.mjs — the benchmarks' generated files of predictions: deterministic (a
// seeded PRNG), made once under build/bench/ and cached by name.
//
// predictions-<n>-v1.csv: 20 columns (view-timing.mjs; the 1M file is byte for
//   byte the one its results name, sha256 b3917157…). A smaller or larger file is
//   the same rows cut short or carried on: the first k rows of every size agree.
// components-<n>-v2.csv: those 20 columns and 5 more, from a second PRNG so the
//   first 20 are unchanged: a binary label `churn` (no/yes) with its score
//   `p_yes`, a numeric target `amount` with a prediction `amount_pred`, and (v2,
//   from a third PRNG) a short text `comment` (the components benchmark,
//   components.mjs).
// predictions-<n>-v1.jsonl: the same rows as predictions-<n>-v1.csv as JSON Lines
//   (the ingest suite, ingest.mjs): one object a line, keys in the CSV's order,
//   numeric columns as the CSV's number text, the rest as strings, empty as null.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CLASSES = ['cat', 'dog', 'fox'];
export const CATS = {
  color: ['red', 'green', 'blue'],
  plan: ['free', 'basic', 'pro', 'enterprise'],
  device: ['phone', 'tablet', 'laptop', 'desktop', 'tv'],
  region: ['north', 'south', 'east', 'west', 'central', 'coast', 'hills', 'islands'],
  channel: ['web', 'app', 'email', 'sms', 'store', 'phone', 'partner', 'ads', 'social', 'referral', 'event', 'other'],
  segment: Array.from({ length: 20 }, (_, i) => `seg${String(i + 1).padStart(2, '0')}`),
};
export const NUMERIC = ['age', 'income', 'ratio', 'visits', 'temp', 'weight', 'balance', 'dist'];
export const HEADER = ['id', ...NUMERIC, ...Object.keys(CATS), 'label', 'prediction', ...CLASSES.map((c) => `p_${c}`)];
export const EXTRA_HEADER = ['churn', 'p_yes', 'amount', 'amount_pred', 'comment'];
/** The comment's 225 made-up words: two syllables each. */
const SYLLABLES = ['ba', 'ko', 'mi', 'tu', 'ze', 'ra', 'lo', 'fi', 'ne', 'su', 'da', 'pe', 'vo', 'gi', 'ha'];
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => a + b));

/** "100k", "1m", "2m", "5000": the size in a file name. @param {number} rows */
export function sizeTag(rows) {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}m`;
  if (rows % 1000 === 0) return `${rows / 1000}k`;
  return String(rows);
}

/** "100k" / "1m" / "2500" as a row count (NaN when it is none). @param {string} text */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

/**
 * Write the CSV (once; cached by its name) and return its path. The 20 columns:
 * id; numeric features (normal, log-normal, uniform, geometric, bimodal,
 * exponential, signed, skewed; some depend on the label; income and region have
 * ~2%/1% missing); categorical features of 3–20 values; a 3-class label; a
 * prediction right ~80% of the time; p_<class> scores in 1e-4 steps that sum to
 * exactly 1. With extras: churn (yes ~30%), p_yes (in 1e-4 steps, ROC AUC ~0.9,
 * 0.5% missing), amount (log-normal, 1% missing) and amount_pred (amount off by a
 * log-normal factor and some noise), comment (5-9 made-up words, ~45 characters;
 * 1% empty, 1% a copy of one of the last 1000 comments, 2% such a copy with one
 * word changed: near duplicates for MinHash).
 * @param {{root: string, rows: number, extras?: boolean}} options
 */
export function makePredictions({ root, rows, extras = false }) {
  const file = path.join(root, 'build', 'bench', extras ? `components-${sizeTag(rows)}-v2.csv` : `predictions-${sizeTag(rows)}-v1.csv`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rnd = prng(20240601);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const pick = (/** @type {string[]} */ xs, skew = 1) => xs[Math.floor(rnd() ** skew * xs.length)];
  // The extra columns draw from their own stream, so the first 20 stay as they were.
  const rnd2 = prng(20240602);
  const normal2 = () => Math.sqrt(-2 * Math.log(1 - rnd2())) * Math.cos(2 * Math.PI * rnd2());
  const extra = () => {
    const churn = rnd2() < 0.3;
    const score = 1 / (1 + Math.exp(-(1.2 * normal2() + (churn ? 1.1 : -1.1))));
    const amount = Math.exp(3 + 0.5 * normal2());
    const pred = amount * Math.exp(0.2 * normal2()) + 2 * normal2();
    return [churn ? 'yes' : 'no', rnd2() < 0.005 ? '' : (Math.round(score * 1e4) / 1e4).toFixed(4),
      rnd2() < 0.01 ? '' : amount.toFixed(2), pred.toFixed(2)];
  };
  // The comment draws from a third stream, so the columns before it stay as they were.
  const rnd3 = prng(20240603);
  /** @type {string[]} */
  const recent = [];
  const comment = () => {
    const u = rnd3();
    if (u < 0.01) return '';
    let words;
    if (u < 0.03 && recent.length) {
      words = recent[Math.floor(rnd3() * recent.length)].split(' ');
      if (u >= 0.02) words[Math.floor(rnd3() * words.length)] = WORDS[Math.floor(rnd3() * WORDS.length)];
    } else words = Array.from({ length: 5 + Math.floor(rnd3() * 5) }, () => WORDS[Math.floor(rnd3() * WORDS.length)]);
    const text = words.join(' ');
    if (recent.length < 1000) recent.push(text);
    else recent[Math.floor(rnd3() * 1000)] = text;
    return text;
  };
  const fd = fs.openSync(file + '.tmp', 'w');
  fs.writeSync(fd, [...HEADER, ...(extras ? EXTRA_HEADER : [])].join(',') + '\n');
  let lines = [];
  for (let id = 1; id <= rows; id++) {
    const u = rnd(), y = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    const p = rnd() < 0.8 ? y : (y + 1 + Math.floor(rnd() * 2)) % 3;
    const logits = CLASSES.map((_, k) => 0.8 * normal() + (k === p ? 1.5 + 2 * rnd() : 0));
    const e = logits.map(Math.exp), z = e[0] + e[1] + e[2];
    const s0 = Math.round((e[0] / z) * 1e4), s1 = Math.min(1e4 - s0, Math.round((e[1] / z) * 1e4));
    const scores = [s0, s1, 1e4 - s0 - s1].map((s) => (s / 1e4).toFixed(4));
    const row = [
      id,
      Math.min(90, Math.max(18, Math.round(38 + 4 * y + 12 * normal()))),
      rnd() < 0.02 ? '' : Math.exp(10.5 + 0.6 * normal()).toFixed(2),
      rnd().toFixed(4),
      Math.floor(-Math.log(1 - rnd()) * 5),
      (rnd() < 0.5 ? 12 + 4 * normal() : 27 + 3 * normal()).toFixed(1),
      (-Math.log(1 - rnd()) * (20 + 5 * y)).toFixed(2),
      (1000 * normal()).toFixed(2),
      (100 * rnd() ** 3).toFixed(3),
      pick(CATS.color), pick(CATS.plan, 2), pick(CATS.device), rnd() < 0.01 ? '' : pick(CATS.region),
      pick(CATS.channel, 1.5), pick(CATS.segment, 1.3),
      CLASSES[y], CLASSES[p], ...scores,
      ...(extras ? [...extra(), comment()] : []),
    ];
    lines.push(row.join(','));
    if (lines.length === 20000) { fs.writeSync(fd, lines.join('\n') + '\n'); lines = []; }
  }
  if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
  fs.renameSync(file + '.tmp', file);
  return file;
}

/** The columns written as JSON numbers in the JSON Lines file. */
const JSON_NUMBERS = new Set(['id', ...NUMERIC, ...CLASSES.map((c) => `p_${c}`)]);

/**
 * Write predictions-<rows>-v1.jsonl from the CSV of the same rows (once; cached by
 * its name) and return its path: each row an object with the header's keys in order,
 * numbers as the CSV's text (so both files hold the same values), other fields as
 * JSON strings, empty fields as null.
 * @param {{root: string, rows: number}} options
 */
export async function makePredictionsJsonl({ root, rows }) {
  const csv = makePredictions({ root, rows });
  const file = csv.replace(/\.csv$/, '.jsonl');
  if (fs.existsSync(file)) return file;
  const keys = HEADER.map((h) => JSON.stringify(h) + ':');
  const numeric = HEADER.map((h) => JSON_NUMBERS.has(h));
  const fd = fs.openSync(file + '.tmp', 'w');
  let out = [], header = true;
  for await (const line of readline.createInterface({ input: fs.createReadStream(csv), crlfDelay: Infinity })) {
    if (header) { header = false; continue; }
    const f = line.split(',');
    if (f.length !== HEADER.length) throw new Error(`${csv}: a line of ${f.length} fields`);
    out.push('{' + f.map((v, j) => keys[j] + (v === '' ? 'null' : numeric[j] ? v : JSON.stringify(v))).join(',') + '}');
    if (out.length === 20000) { fs.writeSync(fd, out.join('\n') + '\n'); out = []; }
  }
  if (out.length) fs.writeSync(fd, out.join('\n') + '\n');
  fs.closeSync(fd);
  fs.renameSync(file + '.tmp', file);
  return file;
}
