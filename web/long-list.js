// long-list.js — a list of a file's columns too long to draw whole (a file may
// have 100,000): the first LONG_LIST items that match a search box are drawn,
// the rest counted. A row is made once, when first shown, and kept, so what a
// person set in it survives searching; the caller keeps the state of rows never
// shown. Lists no longer than LONG_LIST are drawn whole, with no search box.

import { h, fmt } from './dom.js';

/** The most rows drawn at once. */
export const LONG_LIST = 200;

/**
 * Fill `into` with the rows of `names` that match the search.
 * @param {{names: string[], into: HTMLElement, row: (name: string) => HTMLElement, what: string}} options
 *   what: the items, plural ("columns")
 * @returns {{search: HTMLElement | null, rows: Map<string, HTMLElement>, refresh: () => void}}
 *   search: the search box and the count of what is not drawn (null for a short list);
 *   rows: the rows made so far, by name
 */
export function longList({ names, into, row, what }) {
  /** @type {Map<string, HTMLElement>} */
  const rows = new Map();
  const made = (/** @type {string} */ name) => {
    let el = rows.get(name);
    if (!el) rows.set(name, (el = row(name)));
    return el;
  };
  if (names.length <= LONG_LIST) {
    into.replaceChildren(...names.map(made));
    return { search: null, rows, refresh: () => {} };
  }
  const input = h('input', { type: 'search', placeholder: `Find ${what}…`, 'aria-label': `Find ${what} by name`, 'data-role': 'list-search', spellcheck: 'false' });
  const count = h('span', { class: 'muted list-count', 'data-role': 'list-count', 'aria-live': 'polite' });
  const refresh = () => {
    const q = input.value.trim().toLowerCase();
    /** @type {string[]} */
    const shown = [];
    let matches = 0;
    for (const name of names) {
      if (q && !name.toLowerCase().includes(q)) continue;
      if (shown.length < LONG_LIST) shown.push(name);
      matches++;
    }
    into.replaceChildren(...shown.map(made));
    count.textContent = matches === 0 ? `No ${what} match.`
      : matches > shown.length ? `Showing ${fmt(shown.length)} of ${fmt(matches)} ${q ? 'matching ' : ''}${what}; type to find others.`
        : `${fmt(matches)} of ${fmt(names.length)} ${what} match.`;
  };
  input.addEventListener('input', refresh);
  refresh();
  return { search: h('div', { class: 'list-search' }, input, count), rows, refresh };
}
