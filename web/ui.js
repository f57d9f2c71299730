// ui.js — the page's chrome: the drop zone and file input, the progress bar,
// the "Reading options" (reading.js), the alert (role="alert") and notice
// (role="status") areas, the toolbar (with the Columns button) and the "Add
// component" menu. It only wires DOM events to the handlers it is
// given and shows what it is told; main.js decides what happens.

import { h } from './dom.js';
import { readingControls } from './reading.js';
import { EXAMPLES } from './examples.js';

/**
 * @typedef {{onFile: (file: File) => void, onExample: (file?: string) => void, onCopyLink: () => void, onExport: () => void,
 *   onClearAll: () => void, onCancel: () => void, onAdd: (type: string) => void, onColumns: () => void,
 *   onReading: (r: import('./spec.js').Reading) => void}} Handlers
 */

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
    /** @param {number} read @param {number} total */
    progress(read, total) {
      progress.hidden = false;
      const pct = total ? Math.round((read / total) * 100) : 100;
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuenow', String(read));
      bar.setAttribute('aria-valuetext', `${pct}%`);
      fill.style.width = `${pct}%`;
      progressText.textContent = `${(read / 1048576).toFixed(1)} of ${(total / 1048576).toFixed(1)} MB`;
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
