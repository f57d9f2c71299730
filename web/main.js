// main.js — bootstraps the page: the coordinator (and its engine worker), the
// layout, the chrome. A link (#s=...) is decoded and validated first; its view
// waits for the file, which is checked against the link's fingerprint. The
// reading options (a link's, or the user's) apply to every file read; the last
// File is kept so that changing them reads it again.

import { Connector } from './connector.js';
import { SpecStore } from './spec-store.js';
import { Selections } from './selections.js';
import { Coordinator } from './coordinator.js';
import { Layout } from './layout.js';
import { createUI } from './ui.js';
import { loadFile, LoadCancelled } from './loader.js';
import { encode, decode, validate, hasSpec } from './spec.js';
import { defaultSpec, fitToData } from './defaults.js';
import { plural } from './dom.js';
import { openColumns } from './columns.js';
import { readingOf, describeRead } from './reading.js';
import { REGISTRY, SCHEMAS, addChoices } from './registry.js';
import { slicesBar } from './slices.js';
import { EXAMPLES, fetchExample } from './examples.js';
import { warmUp as warmUpCharts } from './vega.js';

/** @typedef {import('./spec.js').Spec} Spec */
/** @typedef {import('./coordinator.js').Schema} Schema */


/** The engine's worker: inlined in the single-file build (a blob: URL), else dist/worker.js. */
function createWorker() {
  const inline = document.getElementById('sinfonia-worker');
  if (inline) {
    const { source, wasm } = JSON.parse(inline.textContent || '{}');
    const blob = new Blob([`self.SINFONIA_WASM_BASE64 = ${JSON.stringify(wasm)};\n`, source], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(blob), { name: 'sinfonia-engine' });
  }
  // worker.js is built as a classic script (see scripts/build-web.mjs).
  return new Worker(new URL('./worker.js', import.meta.url), { name: 'sinfonia-engine' });
}

/** @param {unknown} e */
const messageOf = (e) => String((e && /** @type {any} */ (e).message) || e);
/** A mutable copy of a (frozen) spec. @param {unknown} spec @returns {Spec} */
const clone = (spec) => /** @type {Spec} */ (JSON.parse(JSON.stringify(spec)));

const connector = new Connector(createWorker);
// Start the worker and compile the engine while the person picks a file, and
// draw a few charts off the page so the first real ones draw at full speed.
connector.call('warmUp').catch(() => {});
const idle = /** @type {(f: () => void) => void} */ (globalThis.requestIdleCallback || ((f) => setTimeout(f, 200)));
idle(() => { warmUpCharts().catch(() => {}); });
const store = new SpecStore(SCHEMAS);
const selections = new Selections(store);
const coordinator = new Coordinator({ connector, store });
const layout = new Layout(/** @type {HTMLElement} */ (document.querySelector('[data-role="layout"]')), {
  coordinator, store, selections, registry: REGISTRY,
  totalRows: () => (coordinator.schema ? coordinator.schema.rows : null),
});
/** A validated spec from a link, waiting for its file. @type {Spec | null} */
let linkSpec = null;
/** @type {AbortController | null} */
let loading = null;
/** How files are read (the Reading options). @type {import('./spec.js').Reading} */
let reading = {};
/** The file last opened, read again when the reading options change. @type {{file: Blob, name: string} | null} */
let lastFile = null;
/** The file the current view shows: its name, fingerprint and column names. @type {{name: string, fingerprint: string, columns: string[]} | null} */
let shown = null;

const ui = createUI(document, {
  onFile: (file) => openFile(file, file.name),
  onExample: openExample,
  onCopyLink: copyLink,
  onExport: exportResults,
  onClearAll: () => selections.clearAll(),
  onCancel: () => { if (loading) loading.abort(); },
  onAdd: (type) => layout.addComponent(type),
  onColumns: editColumns,
  onReading: changeReading,
}, addChoices());

slicesBar(/** @type {HTMLElement} */ (document.querySelector('[data-role="slices-bar"]')), { store, selections });

/** Copy link needs a view to link: a file open, or a link's view waiting for its file. */
const syncLinkable = () => ui.setCanLink(Boolean(coordinator.schema || linkSpec || store.spec.data));
selections.addEventListener('change', () => ui.setHasSelections(selections.clauses().length > 0));
store.addEventListener('change', () => { ui.setHasSelections(selections.clauses().length > 0); syncLinkable(); });
coordinator.addEventListener('view-notice', (e) => ui.notice(/** @type {CustomEvent} */ (e).detail.message, 'warn'));
coordinator.addEventListener('fatal', (e) => {
  ui.alert(/** @type {CustomEvent} */ (e).detail.message);
  ui.setLoaded(false);
  ui.setDataset('No file open');
  syncLinkable();
});

/**
 * The column types a view forces ({"x": {"type": "category"}}), applied while
 * the file is read, as the CLI does.
 * @param {Readonly<Spec> | null | undefined} spec
 */
function typeOverrides(spec) {
  const out = Object.create(null);
  for (const [name, c] of Object.entries((spec && spec.columns) || {})) if (c && c.type) out[name] = { type: c.type };
  return out;
}

/** @param {string[]} a @param {string[]} b */
const sameNames = (a, b) => a.length === b.length && a.every((n, i) => n === b[i]);

/**
 * Read a file into the engine, then show a view of it: a waiting link's view;
 * else the given one (the example's); else the current view when this is the
 * file it shows (the same contents, the same file read another way, or a file
 * of the same name) with the same columns; else the default view that fits
 * this file's columns.
 * @param {Blob} file @param {string} name @param {Spec} [preferred] the view to show (the example's)
 * @param {boolean} [again] the same file read again with other reading options
 */
async function openFile(file, name, preferred, again = false) {
  if (loading) loading.abort();
  const controller = new AbortController();
  loading = controller;
  const before = lastFile;
  lastFile = { file, name };
  const read = { ...reading };
  ui.clearAlert();
  const keepsView = again || (shown !== null && shown.name === name);
  /** @type {Schema} */
  let schema;
  try {
    schema = await loadFile(coordinator, file, {
      name, reading: read, signal: controller.signal, onProgress: (p) => { if (loading === controller) ui.progress(name, p); },
      columns: typeOverrides(linkSpec || preferred || (keepsView ? store.spec : null)),
    });
  } catch (e) {
    if (loading !== controller) return; // a newer file took its place
    loading = null;
    ui.hideProgress();
    // The view of the file open before stays, and so does its table in the engine.
    const kept = shown && coordinator.schema ? ` ${shown.name} stays open.` : '';
    if (e instanceof LoadCancelled) {
      lastFile = before;
      ui.notice(`Stopped reading ${name}.${kept}`);
    } else if (!(/** @type {any} */ (e).fatal)) ui.alert(`${messageOf(e)}${kept}`);
    return;
  }
  if (loading !== controller) return;
  loading = null;
  ui.hideProgress();
  ui.clearNotices();
  const columns = schema.columns.map((c) => c.name);
  const sameFile = shown !== null && sameNames(shown.columns, columns) &&
    (again || shown.fingerprint === schema.fingerprint || shown.name === name);
  coordinator.setData(schema);
  ui.setLoaded(true);
  ui.setDataset(`${name} · ${describeRead(schema)} · ${plural(schema.rows, 'row')} · ${plural(columns.length, 'column')}`);

  /** @type {Spec} */
  let spec;
  if (linkSpec) {
    spec = clone(linkSpec);
    const made = spec.data || {};
    if (made.fingerprint && made.fingerprint !== schema.fingerprint) {
      ui.notice(`You opened ${name}; the link was made with ${made.name || 'another file'} (different contents). The view opens where its columns exist.`, 'warn');
    }
    linkSpec = null;
  } else if (preferred) {
    spec = clone(preferred);
  } else if (sameFile && Object.keys(store.spec.components).length) {
    spec = clone(store.spec);
  } else {
    spec = defaultSpec(schema);
  }
  for (const n of fitToData(spec, schema, SCHEMAS, name)) ui.notice(n, 'warn');
  if (!Object.keys(spec.components).length) spec = defaultSpec(schema);
  spec.data = { name, rows: schema.rows, fingerprint: schema.fingerprint, ...read };
  shown = { name, fingerprint: schema.fingerprint, columns };
  store.replace(spec);
  syncLinkable();
}

/** The reading options changed: read the file again (or remember them for the next). @param {import('./spec.js').Reading} r */
function changeReading(r) {
  reading = r;
  if (lastFile) openFile(lastFile.file, lastFile.name, undefined, true);
}

/** An example (EXAMPLES; the first when none is named) with its own view. @param {string} [file] */
async function openExample(file = EXAMPLES[0].file) {
  try {
    const { data, spec } = await fetchExample(file);
    await openFile(data, file, validate(spec, SCHEMAS));
  } catch (e) {
    ui.alert(`Could not open the example ${file}: ${messageOf(e)}`);
  }
}

/** Apply a link's view: to the open file, else waiting for its file. @param {string} hash */
async function openLink(hash) {
  let spec;
  try {
    spec = validate(await decode(hash), SCHEMAS);
  } catch (e) {
    ui.alert(`This link can't be opened: ${messageOf(e)}`);
    return;
  }
  linkSpec = spec;
  // The link's reading options apply to the file it waits for; a file open
  // now, read another way, is read again.
  const linkReading = readingOf(spec.data);
  const reread = Boolean(coordinator.schema && lastFile && JSON.stringify(linkReading) !== JSON.stringify(readingOf(store.spec.data)));
  reading = linkReading;
  ui.setReading(reading);
  ui.clearNotices();
  if (reread && lastFile) {
    openFile(lastFile.file, lastFile.name);
    return;
  }
  if (coordinator.schema && shown) {
    // A file is open: show the link's view of it.
    const view = clone(spec);
    const notices = fitToData(view, coordinator.schema, SCHEMAS, shown.name);
    view.data = { name: shown.name, rows: coordinator.schema.rows, fingerprint: coordinator.schema.fingerprint, ...linkReading };
    linkSpec = null;
    store.replace(view);
    notices.forEach((n) => ui.notice(n, 'warn'));
  } else {
    const d = spec.data || {};
    const what = d.name ? `${d.name}${typeof d.rows === 'number' ? ` (${plural(d.rows, 'row')})` : ''}` : 'a data file';
    store.replace(spec);
    ui.notice(`This link shows a view of ${what}. Open that file to see it.`);
  }
  syncLinkable();
}

/** The Columns dialog: roles set there become spec.columns, and the view is resolved again. */
function editColumns() {
  const schema = coordinator.schema;
  if (!schema) return;
  openColumns({
    columns: schema.columns,
    overrides: store.spec.columns || {},
    valuesOf: (field) => coordinator.valuesOf(field),
    onApply: (columns) => {
      // The same validation a link's columns get (throws with the path).
      const checked = validate({ sinfonia: 1, columns, components: {} }, SCHEMAS).columns;
      store.setColumns(checked);
    },
  });
}

async function copyLink() {
  try {
    const hash = await encode(store.spec);
    history.replaceState(null, '', hash);
    try {
      await navigator.clipboard.writeText(location.href);
      ui.notice('Link copied: it reproduces this view for anyone who opens the same file.');
    } catch {
      ui.notice('The link is in the address bar (the browser did not allow copying to the clipboard).');
    }
  } catch (e) {
    ui.alert(`Could not make a link: ${messageOf(e)}`);
  }
}

async function exportResults() {
  try {
    const d = store.spec.data || {};
    const results = await coordinator.exportResults({ name: d.name, rows: d.rows, fingerprint: d.fingerprint });
    const url = URL.createObjectURL(new Blob([JSON.stringify(results, null, 2) + '\n'], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'results.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    ui.alert(`Could not export the results: ${messageOf(e)}`);
  }
}

window.addEventListener('hashchange', () => {
  if (hasSpec(location.hash)) openLink(location.hash);
});
if (hasSpec(location.hash)) openLink(location.hash);
