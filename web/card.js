// card.js — one component's card: a client of the coordinator with a
// lifecycle. mount() registers it; update(result, baseline, config) draws the
// result with the component's view module; setState() shows waiting / loading
// / ready / error (data-state); setComponent() follows a new config (title,
// note); destroy() disposes the view (its optional dispose(element)) and the
// card. The card carries data-component-id and data-component-type, a title,
// the row count it shows ([data-role="count"]), a clear-selection button
// while it has a selection, a settings button (the form of settings.js) and a
// remove button. Escape inside the card clears its selection.

import { h, s, fmt, plural } from './dom.js';
import { settingsForm } from './settings.js';
import { settingsSchema } from './spec.js';
import { componentTitle } from './registry.js';

/** @typedef {import('./registry.js').ComponentEntry} ComponentEntry */
/** @typedef {import('./spec.js').ComponentSpec} ComponentSpec */
/** @typedef {import('./registry.js').ResolvedColumn} ResolvedColumn */
/** @typedef {import('./coordinator.js').State} State */
/**
 * What the card asks of the page (layout.js wires it to the coordinator, the
 * selections and the spec store).
 * @typedef {{attach: (id: string, card: Card) => void, detach: (id: string) => void,
 *   select: (id: string, predicate: object | null) => void, selectionOf: (id: string) => any,
 *   request: (id: string, patch: object) => Promise<any>, configure: (id: string, patch: Record<string, unknown>) => void,
 *   columns: () => ResolvedColumn[], totalRows: () => number | null, settled: () => Promise<void>,
 *   threshold: () => import('./registry.js').ThresholdState | null, setThreshold: (value: number | null, score?: string) => void,
 *   apply: (id: string, config: Record<string, unknown>) => void, validate: (config: Record<string, unknown>) => void,
 *   remove: (id: string) => void, sliceNames: () => string[], saveSlice: (name: string, filter: object) => void}} CardHost
 */

/** An element's content-box width (what a ResizeObserver reports). @param {HTMLElement} el */
function contentBoxWidth(el) {
  const style = getComputedStyle(el);
  return Math.round(el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
}

export class Card {
  /** @param {string} id @param {Readonly<ComponentSpec>} comp @param {ComponentEntry} entry @param {CardHost} host */
  constructor(id, comp, entry, host) {
    this.id = id;
    this.comp = comp;
    this.entry = entry;
    this.host = host;
    this.wantsBaseline = Boolean(entry.view.wantsBaseline);
    /** @type {{result: any, baseline: any, config: Record<string, any>} | null} */
    this.last = null;
    this.ownKey = JSON.stringify(host.selectionOf(id));
    this.selfSelecting = false;
    /** @type {HTMLFormElement | null} */
    this.form = null;
    /** @type {ResizeObserver | null} */
    this.resize = null;
    /** The body's width when last drawn (null: not drawn, or not laid out then). @type {number | null} */
    this.drawnWidth = null;

    const titleId = `card-title-${id}`;
    this.body = h('div', { class: 'card-body', 'data-role': 'body' });
    this.count = h('span', { class: 'count', 'data-role': 'count', 'aria-live': 'polite' });
    this.title = h('h2', { id: titleId });
    this.note = h('p', { class: 'card-note' });
    this.clear = h('button', { type: 'button', class: 'btn-small', 'data-action': 'clear-selection', hidden: true, 'aria-label': 'Clear selection', title: 'Clear this selection (Esc)' }, 'Clear');
    this.remove = h('button', { type: 'button', class: 'btn-icon', 'data-action': 'remove-component', title: 'Remove component' }, '×');
    this.gear = h('button', { type: 'button', class: 'btn-icon btn-gear', 'data-action': 'edit-component', 'aria-expanded': 'false', title: 'Settings' }, gearIcon());
    this.header = h('header', { class: 'card-header' }, h('div', { class: 'card-heading' }, this.title, this.count), this.clear, this.gear, this.remove);
    this.element = h('section', { class: 'card', 'data-component-id': id, 'data-component-type': comp.type, 'data-state': 'waiting', 'aria-labelledby': titleId },
      this.header, this.note, this.body);
    this.showHeading();

    /** What the view module may ask (DESIGN.md "Views"). @type {import('./registry.js').ViewApi} */
    this.api = {
      select: (predicate) => {
        this.selfSelecting = true;
        try { host.select(id, predicate); } finally { this.selfSelecting = false; }
      },
      selection: () => host.selectionOf(id),
      request: (patch) => host.request(id, patch),
      configure: (patch) => host.configure(id, patch),
      columns: () => host.columns(),
      settled: () => host.settled(),
      threshold: () => host.threshold(),
      setThreshold: (value, score) => host.setThreshold(value, score),
      sliceNames: () => host.sliceNames(),
      saveSlice: (name, filter) => host.saveSlice(name, filter),
    };
    this.gear.addEventListener('click', () => (this.form ? this.closeSettings() : this.openSettings()));
    this.clear.addEventListener('click', () => host.select(id, null));
    this.remove.addEventListener('click', () => host.remove(id));
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && host.selectionOf(id)) {
        e.preventDefault();
        host.select(id, null);
      }
    });
  }

  /** Register with the coordinator (it runs the component when it can). */
  mount() {
    if (this.entry.view.responsive && typeof ResizeObserver !== 'undefined') {
      // Charts are drawn for a width: redraw when the card's width differs from
      // the one it was drawn at (also when it was drawn before the layout settled).
      this.resize = new ResizeObserver(([e]) => {
        const w = Math.round(e.contentRect.width);
        if (this.drawnWidth === null || Math.abs(w - this.drawnWidth) < 24) return;
        if (this.last && this.element.dataset.state === 'ready' && this.element.isConnected) this.draw();
      });
      this.resize.observe(this.body);
    }
    this.host.attach(this.id, this);
  }

  /** The title, labels and note of the current config. */
  showHeading() {
    const title = componentTitle(this.comp);
    this.title.textContent = title;
    this.title.title = title;
    this.remove.setAttribute('aria-label', `Remove ${title}`);
    this.gear.setAttribute('aria-label', `Settings of ${title}`);
    this.note.textContent = typeof this.comp.note === 'string' ? this.comp.note : '';
    this.note.hidden = !this.note.textContent;
  }

  /** The component's config changed (settings, a table's sort). @param {Readonly<ComponentSpec>} comp */
  setComponent(comp) {
    // The store hands out a new frozen copy on every change: compare contents.
    if (comp === this.comp || JSON.stringify(comp) === JSON.stringify(this.comp)) return;
    this.comp = comp;
    this.showHeading();
    if (this.form) this.closeSettings();
  }

  /**
   * Show a result; settles once it is drawn (a chart draws asynchronously).
   * @param {any} result @param {any} baseline @param {Record<string, any>} config @returns {Promise<unknown>}
   */
  update(result, baseline, config) {
    this.last = { result, baseline, config };
    return this.draw();
  }

  /** @returns {Promise<unknown>} */
  draw() {
    if (!this.last) return Promise.resolve();
    const { result, baseline, config } = this.last;
    const view = this.entry.view;
    this.drawnWidth = this.body.clientWidth ? contentBoxWidth(this.body) : null;
    const drawn = view.render(this.body, result, config, this.api, this.wantsBaseline ? baseline : null);
    const n = view.rowCount ? view.rowCount(result) : null;
    const total = this.host.totalRows();
    this.count.textContent = n === null ? '' : total === null ? `n = ${fmt(n)}` : `n = ${fmt(n)} of ${fmt(total)}`;
    this.count.title = n === null ? '' : `${plural(n, 'row')} shown`;
    this.syncSelection();
    return Promise.resolve(drawn);
  }

  /** @param {State} state @param {string} [message] */
  setState(state, message) {
    this.element.dataset.state = state;
    this.element.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
    if (state === 'waiting') {
      this.disposeView();
      this.last = null;
      this.body.replaceChildren(h('p', { class: 'muted placeholder' }, 'Waiting for data'));
      this.count.textContent = '';
    }
    if (state === 'error') {
      this.disposeView();
      this.last = null;
      this.body.replaceChildren(h('p', { class: 'card-error' }, `Could not compute this view: ${message || 'unknown error'}`));
      this.count.textContent = '';
    }
  }

  /** The selections changed: show this card's own (redraw when another hand changed it). */
  syncSelection() {
    const own = this.host.selectionOf(this.id);
    const key = JSON.stringify(own);
    this.clear.hidden = own === null;
    this.element.classList.toggle('has-selection', own !== null);
    if (key === this.ownKey) return;
    this.ownKey = key;
    // A clear button, Escape or "clear all" made this change: redraw.
    if (!this.selfSelecting && this.last && this.element.dataset.state === 'ready') this.draw();
  }

  openSettings() {
    const built = settingsForm({
      comp: this.comp, schema: settingsSchema(this.entry.schema), columns: this.host.columns(),
      label: `Settings of ${componentTitle(this.comp)}`, hidden: this.entry.view.hiddenSettings,
      validate: (config) => this.host.validate(config),
      onApply: (config) => {
        this.host.apply(this.id, config);
        this.closeSettings();
      },
      onCancel: () => this.closeSettings(),
    });
    this.form = built.form;
    this.header.after(this.form);
    this.gear.setAttribute('aria-expanded', 'true');
    built.focus();
  }

  closeSettings() {
    if (!this.form) return;
    this.form.remove();
    this.form = null;
    this.gear.setAttribute('aria-expanded', 'false');
    this.gear.focus();
  }

  disposeView() {
    if (this.last && this.entry.view.dispose) this.entry.view.dispose(this.body);
  }

  /** Leave the page: the view releases what it made; the coordinator forgets the card. */
  destroy() {
    this.host.detach(this.id);
    this.disposeView();
    this.last = null;
    if (this.resize) this.resize.disconnect();
    this.element.remove();
  }
}

/** A gear drawn in SVG (a dashed ring for the teeth), in the current colour. */
function gearIcon() {
  return s('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true', class: 'icon' },
    s('circle', { cx: 8, cy: 8, r: 5.4, fill: 'none', stroke: 'currentColor', 'stroke-width': 2.6, 'stroke-dasharray': '2.2 2.04' }),
    s('circle', { cx: 8, cy: 8, r: 3.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }));
}
