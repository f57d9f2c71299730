// reading.js — how a file is read: the "Reading options" controls by the drop
// zone (format, delimiter, header row), the options a spec's data block
// carries (defaults left out), the engine's ingest options made from them, and
// the words for what the engine chose ("CSV, semicolon").

import { h } from './dom.js';
import { FORMATS, isDelimiter } from './spec.js';

/** @typedef {import('./spec.js').Reading} Reading */

/** @type {Record<string, string>} */
export const FORMAT_NAMES = { auto: 'Auto', csv: 'CSV', tsv: 'TSV', json: 'JSON', jsonl: 'JSON Lines' };
/** @type {Record<string, string>} */
const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** @param {string} d */
const delimiterName = (d) => DELIMITER_NAMES[d] || `“${d}”`;
/** Only CSV (or a sniffed format) takes a delimiter. @param {string | undefined} f */
const takesDelimiter = (f) => !f || f === 'auto' || f === 'csv';
/** JSON has no header row. @param {string | undefined} f */
const takesHeader = (f) => !f || f === 'auto' || f === 'csv' || f === 'tsv';

/**
 * The reading options of a (validated) spec's data block, defaults left out.
 * @param {any} data @returns {Reading}
 */
export function readingOf(data) {
  /** @type {Reading} */
  const r = {};
  if (!data) return r;
  if (FORMATS.includes(data.format) && data.format !== 'auto') r.format = data.format;
  if (typeof data.delimiter === 'string' && isDelimiter(data.delimiter) && takesDelimiter(r.format)) r.delimiter = data.delimiter;
  if (data.header === false && takesHeader(r.format)) r.header = false;
  return r;
}

/** The engine's ingest options (sf_ingest_begin) for reading options. @param {Reading} r */
export function ingestOptions(r) {
  return { format: r.format || 'auto', ...(r.delimiter ? { delimiter: r.delimiter } : {}), ...(r.header === false ? { header: false } : {}) };
}

/** "CSV, pipe, no header row"; "auto" for the defaults. @param {Reading} r */
export function readingText(r) {
  const parts = [];
  if (r.format) parts.push(FORMAT_NAMES[r.format]);
  if (r.delimiter) parts.push(delimiterName(r.delimiter));
  if (r.header === false) parts.push('no header row');
  return parts.join(', ') || 'auto';
}

/**
 * What the engine read, from its schema: "CSV, comma", "TSV", "JSON Lines".
 * @param {{format: string, dialect?: {delimiter?: string | null, header?: boolean}}} schema
 */
export function describeRead(schema) {
  const d = schema.dialect || {};
  const parts = [FORMAT_NAMES[schema.format] || String(schema.format).toUpperCase()];
  const delimited = schema.format === 'csv' || schema.format === 'tsv';
  if (delimited && d.delimiter && !(schema.format === 'tsv' && d.delimiter === '\t')) parts.push(delimiterName(d.delimiter));
  if (delimited && d.header === false) parts.push('no header row');
  return parts.join(', ');
}

/**
 * Build the controls inside the <details data-role="reading"> element; every
 * change calls onChange with the new options.
 * @param {HTMLElement} root @param {(r: Reading) => void} onChange
 */
export function readingControls(root, onChange) {
  const summary = h('span', { class: 'reading-summary', 'data-role': 'reading-summary' });
  const format = h('select', { 'data-role': 'read-format' },
    FORMATS.map((f) => h('option', { value: f }, FORMAT_NAMES[f])));
  const delimiter = h('select', { 'data-role': 'read-delimiter' },
    h('option', { value: '' }, 'Auto'),
    Object.entries(DELIMITER_NAMES).map(([d, name]) => h('option', { value: d }, `${name} (${d === '\t' ? '⇥' : d})`)));
  const header = h('input', { type: 'checkbox', 'data-role': 'read-header', checked: true });
  root.replaceChildren(
    h('summary', {}, 'Reading options', summary),
    h('div', { class: 'reading-fields' },
      h('label', {}, 'Format', format),
      h('label', {}, 'Delimiter', delimiter),
      h('label', { class: 'reading-check' }, header, 'First row is a header'),
      h('span', { class: 'reading-hint' }, 'For the next file; a change reads an open file again.')));

  /** @returns {Reading} */
  const read = () => readingOf({ format: format.value, delimiter: delimiter.value || undefined, header: header.checked });
  const sync = () => {
    delimiter.disabled = !takesDelimiter(format.value);
    header.disabled = !takesHeader(format.value);
    summary.textContent = ` · ${readingText(read())}`;
  };
  root.addEventListener('change', () => { sync(); onChange(read()); });
  sync();
  return {
    /** Show options (a link's). @param {Reading} r */
    set(r) {
      format.value = r.format || 'auto';
      const d = r.delimiter || '';
      if (d && ![...delimiter.options].some((o) => o.value === d)) delimiter.append(h('option', { value: d }, delimiterName(d)));
      delimiter.value = d;
      header.checked = r.header !== false;
      sync();
    },
    get: read,
  };
}
