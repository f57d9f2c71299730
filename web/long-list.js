// long-list.js — a list of a file's columns too long to draw whole (a file may
// have 100,000): the first LONG_LIST items that match a search box are drawn,
// the rest counted. A row is made once, when first shown, and kept, so what a
// person set in it survives searching; the caller keeps the state of rows never
// shown. Lists no longer than LONG_LIST are drawn whole, with no search box.

import { h, fmt } from './dom.js';

/** The most rows drawn at once. */
export const LONG_LIST = 200;

/**
 * The first `limit` names containing the query (any case), and how many contain it.
 * @param {string[]} names @param {string} query @param {number} [limit]
 */
export function matching(names, query, limit = LONG_LIST) {
  const q = query.trim().toLowerCase();
  /** @type {string[]} */
  const shown = [];
  let count = 0;
  for (const name of names) {
    if (q && !name.toLowerCase().includes(q)) continue;
    if (shown.length < limit) shown.push(name);
    count++;
  }
  return { shown, count };
}

/**
 * Fill `into` with the rows of `names` that match the search.
 * @param {{names: string[], into: HTMLElement, row: (name: string) => HTMLElement, what: string}} options
 *   what: the items, plural ("columns")
 * @returns {HTMLElement | null} the search box and the count of what is not drawn (null for a short list)
 */
export function longList({ names, into, row, what }) {
  /** The rows made so far, by name. @type {Map<string, HTMLElement>} */
  const rows = new Map();
  const made = (/** @type {string} */ name) => {
    let el = rows.get(name);
    if (!el) rows.set(name, (el = row(name)));
    return el;
  };
  if (names.length <= LONG_LIST) {
    into.replaceChildren(...names.map(made));
    return null;
  }
  const input = h('input', { type: 'search', placeholder: `Find ${what}…`, 'aria-label': `Find ${what} by name`, 'data-role': 'list-search', spellcheck: 'false' });
  const count = h('span', { class: 'muted list-count', 'data-role': 'list-count', 'aria-live': 'polite' });
  const refresh = () => {
    const { shown, count: matches } = matching(names, input.value);
    into.replaceChildren(...shown.map(made));
    count.textContent = matches === 0 ? `No ${what} match.`
      : matches > shown.length ? `Showing ${fmt(shown.length)} of ${fmt(matches)} ${input.value.trim() ? 'matching ' : ''}${what}; type to find others.`
        : `${fmt(matches)} of ${fmt(names.length)} ${what} match.`;
  };
  input.addEventListener('input', refresh);
  refresh();
  return h('div', { class: 'list-search' }, input, count);
}
