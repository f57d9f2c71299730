// brush-sql.mjs — the work one brush makes the default view do, as DuckDB SQL
// (the ingest suite's measure f, bench/README.md): for every card of the view but
// the brushed one, the query (or queries) computing what that card shows over the
// brushed rows. The view is the spec the page holds after the brush (its filters
// and components); a component type with no SQL here stops the run, so a default
// view that changes is noticed rather than compared with less work.

import { CATS, CLASSES, HEADER, NUMERIC } from './data.mjs';

const NUMBERS = new Set(['id', ...NUMERIC, ...CLASSES.map((c) => `p_${c}`)]);
const CATEGORIES = new Set([...Object.keys(CATS), 'label', 'prediction']);
/** @param {string} name */
const id = (name) => `"${name.replace(/"/g, '""')}"`;
/** @param {unknown} v */
const lit = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

/**
 * A spec predicate as SQL (the engine's semantics: a range is lo <= x <= hi, a
 * missing value never matches).
 * @param {any} p @returns {string}
 */
export function predicateSql(p) {
  if (p.and) return p.and.length ? `(${p.and.map(predicateSql).join(' AND ')})` : 'TRUE';
  if (p.or) return p.or.length ? `(${p.or.map(predicateSql).join(' OR ')})` : 'FALSE';
  if (p.not) return `(NOT coalesce(${predicateSql(p.not)}, FALSE))`;
  if (p.range) return `(${id(p.field)} BETWEEN ${lit(p.range[0])} AND ${lit(p.range[1])})`;
  if (p.in) return `(${id(p.field)} IN (${p.in.map(lit).join(', ')}))`;
  throw new Error(`brush-sql: no SQL for the predicate ${JSON.stringify(p)}`);
}

const scores = CLASSES.map((c) => `p_${c}`);
const allScores = scores.map((s) => `${id(s)} IS NOT NULL`).join(' AND ');
/** The top-label class and its score (calibration's top-label mode). */
const topClass = `CASE ${CLASSES.map((c, k) => `WHEN ${CLASSES.filter((_, j) => j !== k).map((o) => `p_${c} ${k < CLASSES.indexOf(o) ? '>=' : '>'} p_${o}`).join(' AND ')} THEN '${c}'`).join(' ')} END`;

/**
 * The queries for one card: {card, what, sql, count?} where count(rows) is the
 * number of rows the card counts (checked against the card's "n = …").
 * @param {string} card @param {any} c the component's config @param {string} where
 * @returns {{card: string, what: string, sql: string, count?: (rows: any[]) => number}[]}
 */
function cardSql(card, c, where) {
  switch (c.type) {
    case 'confusion-matrix':
      return [{ card, what: 'label × prediction', sql: `SELECT label, prediction, count(*) AS n FROM t WHERE ${where} AND label IS NOT NULL AND prediction IS NOT NULL GROUP BY label, prediction`, count: (r) => r.reduce((a, x) => a + x.n, 0) }];
    case 'histogram': {
      const f = c.field;
      if (CATEGORIES.has(f)) return [{ card, what: `GROUP BY ${f}`, sql: `SELECT ${id(f)} AS v, count(*) AS n FROM t WHERE ${where} GROUP BY v`, count: (r) => r.reduce((a, x) => a + x.n, 0) }];
      const bins = c.bins || 20;
      return [{ card, what: `GROUP BY ${f}'s ${bins} bins`, sql: `WITH r AS (SELECT min(${id(f)}) AS lo, max(${id(f)}) AS hi FROM t) SELECT least(floor((${id(f)} - lo) / nullif(hi - lo, 0) * ${bins}), ${bins - 1}) AS b, count(*) AS n FROM t, r WHERE ${where} AND ${id(f)} IS NOT NULL GROUP BY b`, count: (r) => r.reduce((a, x) => a + x.n, 0) }];
    }
    case 'roc-pr':
      return CLASSES.map((k) => ({ card, what: `one-vs-rest curve of ${k}: counts per distinct score, cumulated`,
        sql: `SELECT s, sum(pos) OVER w AS tp, sum(neg) OVER w AS fp FROM (SELECT p_${k} AS s, count(*) FILTER (WHERE label = '${k}') AS pos, count(*) FILTER (WHERE label <> '${k}') AS neg FROM t WHERE ${where} AND label IS NOT NULL AND ${allScores} GROUP BY s) WINDOW w AS (ORDER BY s DESC) ORDER BY s DESC` }));
    case 'calibration': {
      const base = `SELECT greatest(${scores.join(', ')}) AS conf, (${topClass}) = label AS hit, label, ${scores.join(', ')} FROM t WHERE ${where} AND label IS NOT NULL AND ${allScores}`;
      return [
        { card, what: 'top-label reliability: 10 bins of the largest score', sql: `SELECT least(floor(conf * 10), 9) AS b, count(*) AS n, avg(conf) AS mean_score, avg(hit::INT) AS frac FROM (${base}) GROUP BY b` },
        { card, what: 'Brier score and log loss', sql: `SELECT count(*) AS n, avg(${CLASSES.map((k) => `(p_${k} - (label = '${k}')::INT) ** 2`).join(' + ')}) AS brier, -avg(ln(greatest(CASE label ${CLASSES.map((k) => `WHEN '${k}' THEN p_${k}`).join(' ')} END, 1e-15))) AS log_loss FROM (${base})`, count: (r) => r[0].n },
      ];
    }
    case 'summary': {
      const fields = c.fields || HEADER;
      const stats = fields.flatMap((f) => [`count(${id(f)})`, `count(*) - count(${id(f)})`, `count(DISTINCT ${id(f)})`,
        ...(NUMBERS.has(f) ? ['avg', 'stddev_samp', 'min', 'max', 'median'].map((a) => `${a}(${id(f)})`) : [])]);
      return [
        { card, what: `count, missing, distinct of ${fields.length} columns; mean, std, min, max, median of the numbers`, sql: `SELECT count(*) AS n, ${stats.join(', ')} FROM t WHERE ${where}`, count: (r) => r[0].n },
        ...fields.filter((f) => CATEGORIES.has(f)).map((f) => ({ card, what: `the 5 most frequent values of ${f}`, sql: `SELECT ${id(f)} AS v, count(*) AS n FROM t WHERE ${where} AND ${id(f)} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 5` })),
      ];
    }
    case 'table':
      return [
        { card, what: 'the count', sql: `SELECT count(*) AS n FROM t WHERE ${where}`, count: (r) => r[0].n },
        { card, what: `the first ${c.limit || 100} rows`, sql: `SELECT * FROM t WHERE ${where} LIMIT ${c.limit || 100}` },
      ];
    default:
      throw new Error(`brush-sql: no SQL for a ${c.type} card (${card}); add it to bench/lib/brush-sql.mjs`);
  }
}

/**
 * The queries a brush makes the view's other cards run: each card's filter is every
 * filter of the spec whose source is not that card (as the engine composes it).
 * @param {any} spec the page's spec after the brush @param {string} brushed the brushed card's id
 */
export function brushQueries(spec, brushed) {
  const filters = spec.filters || [];
  return Object.entries(spec.components).filter(([card]) => card !== brushed).flatMap(([card, c]) => {
    const own = filters.filter((/** @type {any} */ f) => f.source !== card).map(({ source, ...p }) => p);
    return cardSql(card, c, own.length ? own.map(predicateSql).join(' AND ') : 'TRUE');
  });
}
