// confusion-matrix/grid.js — the pure parts of the view over the kernel's bounded
// "grid": what each row and column is called, what a cell selects, which cell a
// selection is, and how a cell's value reads. Text from data stays text: these
// names go to axis labels, descriptions and tooltips, never into an expression.

import { fmt, label, uniqueLabels } from '../../web/dom.js';

/** @typedef {{kind: 'class', label: unknown, group?: string} | {kind: 'group', name: string, classes: unknown[]} | {kind: 'other', classes: unknown[]}} Entry */
/** @typedef {{entries: Entry[], counts: number[][], values?: number[][]}} Grid */

/** The classes an entry stands for. @param {Entry} e @returns {unknown[]} */
export const membersOf = (e) => (e.kind === 'class' ? [e.label] : e.classes);

/** The full name of an entry, as descriptions and tooltips give it. @param {Entry} e */
export function fullName(e) {
  if (e.kind === 'class') return label(e.label);
  const n = `${fmt(e.classes.length)} class${e.classes.length === 1 ? '' : 'es'}`;
  return e.kind === 'group' ? `${e.name} (group of ${n})` : `other (${n})`;
}

/**
 * The axis label of each entry, unique: a collapsed group "▸ name (n)", a class of an
 * expanded group after its group's name, without the name's prefix ("dogs › beagle" for
 * "dogs/beagle" with separator "/"), "other (n)".
 * @param {Entry[]} entries @param {string} separator
 */
export function axisNames(entries, separator) {
  return uniqueLabels(entries.map((e) => {
    if (e.kind === 'group') return `▸ ${e.name} (${fmt(e.classes.length)})`;
    if (e.kind === 'other') return `other (${fmt(e.classes.length)})`;
    const name = label(e.label);
    if (e.group === undefined) return name;
    const prefix = e.group + separator;
    return `${e.group} › ${separator && name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name}`;
  }));
}

/**
 * The clause a cell selects: the rows whose label is among the row entry's classes and
 * whose prediction is among the column entry's.
 * @param {string} truth @param {string} pred @param {Entry} row @param {Entry} col
 */
export function cellClause(truth, pred, row, col) {
  return { and: [{ field: truth, in: membersOf(row) }, { field: pred, in: membersOf(col) }] };
}

/**
 * The cell [i, j] a clause selects, or null (another clause, or a cell no longer shown).
 * @param {any} clause @param {string} truth @param {string} pred @param {Entry[]} entries @returns {[number, number] | null}
 */
export function cellOf(clause, truth, pred, entries) {
  if (!clause || !Array.isArray(clause.and) || clause.and.length !== 2) return null;
  const [a, b] = clause.and;
  if (!a || !b || a.field !== truth || b.field !== pred || !Array.isArray(a.in) || !Array.isArray(b.in)) return null;
  const keys = entries.map((e) => JSON.stringify(membersOf(e)));
  const i = keys.indexOf(JSON.stringify(a.in)), j = keys.indexOf(JSON.stringify(b.in));
  return i >= 0 && j >= 0 ? [i, j] : null;
}

/**
 * A share as text: whole percents from 10%, one decimal below, "<0.1%" for a tiny
 * share that is not zero, "0" for none.
 * @param {number} v a fraction in [0, 1]
 */
export function share(v) {
  if (v === 0) return '0';
  const p = v * 100;
  if (p >= 9.95) return `${Math.round(p)}%`;
  return p < 0.05 ? '<0.1%' : `${p.toFixed(1)}%`;
}

/** What a normalisation's share is of. @param {string} mode @param {string} tn @param {string} pn */
export function shareOf(mode, tn, pn) {
  if (mode === 'row') return `of true ${tn}`;
  if (mode === 'column') return `of predicted ${pn}`;
  return 'of all rows';
}

/** The group names of a grid's rows: collapsed, and expanded (a class's group). @param {Entry[]} entries */
export function groupsIn(entries) {
  /** @type {Map<string, boolean>} name -> expanded */
  const groups = new Map();
  for (const e of entries) {
    if (e.kind === 'group') groups.set(e.name, false);
    else if (e.kind === 'class' && e.group !== undefined) groups.set(e.group, true);
  }
  return groups;
}

/** The group an entry opens or closes: its own (collapsed) or its class's. @param {Entry | undefined} e */
export function groupOf(e) {
  if (!e) return null;
  if (e.kind === 'group') return e.name;
  return e.kind === 'class' && e.group !== undefined ? e.group : null;
}
