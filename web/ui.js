// ui.js — the page's chrome: the drop zone and file input, the progress bar,
// the "Reading options" (reading.js), the alert (role="alert") and notice
// (role="status") areas, the toolbar (with the Columns button) and the "Add
// component" menu. It only wires DOM events to the handlers it is
// given and shows what it is told; main.js decides what happens.

import { h, plural } from './dom.js';
import { readingControls } from './reading.js';
import { EXAMPLES } from './examples.js';

/**
 * @typedef {{onFile: (file: File) => void, onExample: (file?: string) => void, onCopyLink: () => void, onExport: () => void,
 *   onClearAll: () => void, onCancel: () => void, onAdd: (type: string) => void, onColumns: () => void,
 *   onReading: (r: import('./spec.js').Reading) => void}} Handlers
 */

/** "58 of 141 MB" (a small file: "0.4 of 1.2 MB"). @param {number} read @param {number} total */
function megabytesOf(read, total) {
  const digits = total < 1e7 ? 1 : 0;
  return `${(read / 1e6).toFixed(digits)} of ${(total / 1e6).toFixed(digits)} MB`;
}

/** @param {ParentNode} root @param {string} selector */
function find(root, selector) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`the page lacks ${selector}`);
  return /** @type {HTMLElement} */ (el);
}

/**
 * @param {ParentNode} root @param {Handlers} handlers
 * @param {{type: string, label: string, description: string}[]} components what "Add component" offers
 */
export function createUI(root, handlers, components) {
  const input = /** @type {HTMLInputElement} */ (find(root, '[data-role="file-input"]'));
  const dropzone = find(root, '[data-role="dropzone"]');
  const alertEl = find(root, '[data-role="alert"]');
  const noticeEl = find(root, '[data-role="notice"]');
  const progress = find(root, '[data-role="progress"]');
  const bar = find(progress, '[role="progressbar"]');
  const fill = find(progress, '.progress-fill');
  const progressText = find(progress, '[data-role="progress-text"]');
  const progressName = find(progress, '[data-role="progress-name"]');
  let progressShown = 0;
  const dataset = find(root, '[data-role="dataset"]');
  const addType = /** @type {HTMLSelectElement} */ (find(root, '[data-role="add-component-type"]'));
  const addBar = find(root, '[data-role="layout-bar"]');
  const reading = readingControls(find(root, '[data-role="reading"]'), (r) => handlers.onReading(r));
  const button = (/** @type {string} */ action) => /** @type {HTMLButtonElement} */ (find(root, `[data-action="${action}"]`));

  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    if (file) handlers.onFile(file);
    input.value = '';
  });
  dropzone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); }
  });
  dropzone.addEventListener('dragover', (e) => { e.preventDefault(); dropzone.classList.add('dragging'); });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropzone.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) handlers.onFile(file);
  });
  // A file dropped anywhere on the page opens too, instead of navigating away.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file && !dropzone.contains(/** @type {Node} */ (e.target))) handlers.onFile(file);
  });

  button('load-example').addEventListener('click', () => handlers.onExample());
  find(root, '[data-role="examples"]').append(...EXAMPLES.map((e) => {
    const b = h('button', { type: 'button', class: 'linkish example', 'data-example': e.file, title: e.what }, e.title);
    b.addEventListener('click', () => handlers.onExample(e.file));
    return b;
  }));
  button('copy-link').addEventListener('click', () => handlers.onCopyLink());
  button('edit-columns').addEventListener('click', () => handlers.onColumns());
  button('export-results').addEventListener('click', () => handlers.onExport());
  button('clear-selections').addEventListener('click', () => handlers.onClearAll());
  button('cancel-load').addEventListener('click', () => handlers.onCancel());
  // Escape stops a load too (unless a dialog or menu takes it first).
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !progress.hidden && !e.defaultPrevented && !document.querySelector('dialog[open]')) handlers.onCancel();
  });
  addType.replaceChildren(...components.map((c) => h('option', { value: c.type, title: c.description }, c.label)));
  button('add-component').addEventListener('click', () => handlers.onAdd(addType.value));

  return {
    /** Show an error (replaces the previous one). @param {string} message */
    alert(message) {
      const dismiss = h('button', { type: 'button', class: 'btn-icon', 'aria-label': 'Dismiss' }, '×');
      dismiss.addEventListener('click', () => alertEl.replaceChildren());
      alertEl.replaceChildren(h('span', { class: 'alert-text' }, message), dismiss);
    },
    clearAlert() { alertEl.replaceChildren(); },
    /** Add an informational line. @param {string} message @param {'info'|'warn'} [kind] */
    notice(message, kind = 'info') {
      noticeEl.append(h('p', { class: `notice-line ${kind}` }, message));
    },
    clearNotices() { noticeEl.replaceChildren(); },
    /**
     * Rows and bytes read so far of file `name`: "412,000 rows · 58 of 141 MB".
     * @param {string} name @param {{read: number, total: number, rows: number}} p
     */
    progress(name, { read, total, rows }) {
      // At most ten updates a second (a slice is parsed every ~15 ms), the first and the last always.
      const now = performance.now();
      if (!progress.hidden && read > 0 && read < total && now - progressShown < 100) return;
      progressShown = now;
      progress.hidden = false;
      progressName.textContent = `Reading ${name}`;
      progressName.title = name; // the whole name, when it is cut short
      bar.setAttribute('aria-label', `Reading ${name}`);
      const pct = total ? Math.round((read / total) * 100) : 100;
      // Once every byte is read the engine still types the columns: say so.
      const text = `${plural(rows, 'row')} · ${megabytesOf(read, total)}${read === total && total ? ' · preparing the columns' : ''}`;
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuenow', String(read));
      bar.setAttribute('aria-valuetext', `${pct}%, ${text}`);
      fill.style.width = `${pct}%`;
      progressText.textContent = text;
    },
    hideProgress() { progress.hidden = true; },
    /** @param {string} text */
    setDataset(text) { dataset.textContent = text; },
    /** Show reading options (a link's). @param {import('./spec.js').Reading} r */
    setReading(r) { reading.set(r); },
    /** @param {boolean} loaded */
    setLoaded(loaded) {
      button('export-results').disabled = !loaded;
      button('edit-columns').disabled = !loaded;
      addBar.hidden = !loaded;
      dropzone.classList.toggle('compact', loaded);
    },
    /** @param {boolean} any */
    setHasSelections(any) { button('clear-selections').disabled = !any; },
    /** Copy link works once there is a view to link (a file open, or a link's view waiting). @param {boolean} can */
    setCanLink(can) {
      const copy = button('copy-link');
      copy.disabled = !can;
      copy.title = can ? 'Put this view in the address bar and on the clipboard' : 'Open a file first: a link carries a view of a file';
    },
  };
}
