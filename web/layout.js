// layout.js — draws spec.layout (rows of columns of component ids) as a CSS
// grid of component cards, and lets the user add and remove components. Each
// card carries data-component-id and data-state (waiting | loading | ready |
// error), a title, the row count it shows ([data-role="count"]), a
// clear-selection button while it has a selection, a settings button (the form
// of settings.js) and a remove button. Escape inside a card clears that card's
// selection (or closes its settings form).

import { h, s, fmt } from './dom.js';
import { withDefaults } from './validate.js';
import { validateComponent } from './spec.js';
import { defaultConfig, componentTitle, fieldsOfComponent } from './defaults.js';
import { settingsForm } from './settings.js';

/** @typedef {import('./coordinator.js').Coordinator} Coordinator */
/** @typedef {import('../components/registry.js').ComponentEntry} ComponentEntry */

export class Layout {
  /**
   * @param {HTMLElement} container where the rows of cards go
   * @param {Coordinator} coordinator
   * @param {Map<string, ComponentEntry>} registry
   */
  constructor(container, coordinator, registry) {
    this.container = container;
    this.coordinator = coordinator;
    this.registry = registry;
    /** component type -> schema.json, for validating a settings form. */
    this.schemas = new Map([...registry].map(([type, e]) => [type, e.schema]));
    /** @type {Map<string, {card: HTMLElement, rerender: (result: any, baseline: any) => void, syncSelection: () => void}>} */
    this.cards = new Map();
    coordinator.addEventListener('selection', () => {
      for (const c of this.cards.values()) c.syncSelection();
    });
  }

  /** The effective columns: the file's schema with the spec's role overrides. */
  columns() {
    const schema = this.coordinator.schema;
    const overrides = this.coordinator.spec.columns || {};
    return (schema ? schema.columns : []).map((c) => ({ ...c, ...(overrides[c.name] || {}) }));
  }

  /** Rebuild every card from the coordinator's spec. */
  render() {
    for (const id of this.cards.keys()) this.coordinator.detach(id);
    this.cards.clear();
    const spec = this.coordinator.spec;
    const placed = new Set();
    const rows = (spec.layout ? spec.layout.rows : []).map((row) => row.columns.filter((id) => id in spec.components));
    rows.forEach((ids) => ids.forEach((id) => placed.add(id)));
    const rest = Object.keys(spec.components).filter((id) => !placed.has(id));
    if (rest.length) rows.push(rest);
    spec.layout = { rows: rows.filter((r) => r.length).map((columns) => ({ columns })) };
    this.container.replaceChildren(...spec.layout.rows.map((row) =>
      h('div', { class: 'layout-row', style: `--columns: ${row.columns.length}` }, row.columns.map((id) => this.makeCard(id)))));
    for (const id of this.cards.keys()) this.mountCard(id);
  }

  /** @param {string} id */
  mountCard(id) {
    const c = this.cards.get(id);
    const comp = this.coordinator.spec.components[id];
    const entry = comp ? this.registry.get(comp.type) : undefined;
    if (c) {
      this.coordinator.mount(id, {
        setState: (st, msg) => this.setState(id, st, msg),
        show: (r, b) => c.rerender(r, b),
        wantsBaseline: Boolean(entry && entry.view.wantsBaseline),
      });
    }
  }

  /**
   * Give one component a new (validated) config: its card is rebuilt and run
   * again. When the columns it names change, its own selection no longer
   * applies and is dropped (the others then run again too).
   * @param {string} id @param {Record<string, any>} config
   */
  updateComponent(id, config) {
    const spec = this.coordinator.spec;
    const before = spec.components[id];
    const old = this.cards.get(id);
    if (!before || !old) return;
    const schema = this.schemas.get(before.type);
    const moved = JSON.stringify(fieldsOfComponent(before, schema)) !== JSON.stringify(fieldsOfComponent(config, schema));
    spec.components[id] = config;
    this.coordinator.detach(id);
    if (moved && this.coordinator.selectionOf(id)) this.coordinator.select(id, null);
    const card = this.makeCard(id);
    old.card.replaceWith(card);
    this.mountCard(id);
    const gear = /** @type {HTMLElement | null} */ (card.querySelector('[data-action="edit-component"]'));
    if (gear) gear.focus();
  }

  /**
   * A view changes its own config (a table's sort): validated, changed in
   * place (the card and its settings share the object) and run again; the
   * card and the selections stay.
   * @param {string} id @param {Record<string, unknown>} patch
   */
  configure(id, patch) {
    const comp = this.coordinator.spec.components[id];
    if (!comp) return;
    const next = { ...comp };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k]; else next[k] = v;
    validateComponent(next, this.schemas, `components.${id}`);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete comp[k]; else comp[k] = v;
    this.coordinator.refresh(id);
  }

  /** @param {string} id @param {import('./coordinator.js').State} state @param {string} [message] */
  setState(id, state, message) {
    const c = this.cards.get(id);
    if (!c) return;
    c.card.dataset.state = state;
    c.card.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
    const body = /** @type {HTMLElement} */ (c.card.querySelector('[data-role="body"]'));
    if (state === 'waiting') {
      body.replaceChildren(h('p', { class: 'muted placeholder' }, 'Waiting for data'));
      /** @type {HTMLElement} */ (c.card.querySelector('[data-role="count"]')).textContent = '';
    }
    if (state === 'error') body.replaceChildren(h('p', { class: 'card-error' }, `Could not compute this view: ${message || 'unknown error'}`));
  }

  /** @param {string} id */
  makeCard(id) {
    const coordinator = this.coordinator;
    const comp = coordinator.spec.components[id];
    const entry = this.registry.get(comp.type);
    const titleId = `card-title-${id}`;
    const body = h('div', { class: 'card-body', 'data-role': 'body' });
    const count = h('span', { class: 'count', 'data-role': 'count', 'aria-live': 'polite' });
    const clear = h('button', { type: 'button', class: 'btn-small', 'data-action': 'clear-selection', hidden: true, 'aria-label': 'Clear selection', title: 'Clear this selection (Esc)' }, 'Clear');
    const remove = h('button', { type: 'button', class: 'btn-icon', 'data-action': 'remove-component', 'aria-label': `Remove ${componentTitle(comp)}`, title: 'Remove component' }, '×');
    const gear = h('button', {
      type: 'button', class: 'btn-icon btn-gear', 'data-action': 'edit-component', 'aria-expanded': 'false',
      'aria-label': `Settings of ${componentTitle(comp)}`, title: 'Settings',
    }, gearIcon());
    const card = h('section', {
      class: 'card', 'data-component-id': id, 'data-component-type': comp.type, 'data-state': 'waiting', 'aria-labelledby': titleId,
    },
    h('header', { class: 'card-header' },
      h('div', { class: 'card-heading' }, h('h2', { id: titleId, title: componentTitle(comp) }, componentTitle(comp)), count),
      clear, gear, remove),
    comp.note ? h('p', { class: 'card-note' }, comp.note) : '',
    body);

    /** @type {any} */
    let last = null;
    /** The unfiltered result last shown with it (views with wantsBaseline), else null. @type {any} */
    let lastBaseline = null;
    let lastOwn = JSON.stringify(coordinator.selectionOf(id));
    let selfSelecting = false;
    const api = {
      /** @param {any} predicate */
      select: (predicate) => {
        selfSelecting = true;
        try { coordinator.select(id, predicate); } finally { selfSelecting = false; }
      },
      selection: () => coordinator.selectionOf(id),
      /** @param {object} override */
      request: (override) => coordinator.request(id, override),
      /** Change this component's config from its view (a table's sort); undefined removes a key. @param {Record<string, unknown>} patch */
      configure: (patch) => this.configure(id, patch),
      columns: () => this.columns(),
    };
    const rerender = (/** @type {any} */ result, /** @type {any} */ baseline = null) => {
      last = result;
      lastBaseline = baseline;
      const config = withDefaults(comp, entry ? entry.schema : {});
      if (entry) entry.view.render(body, result, config, api, baseline);
      const n = entry && entry.view.rowCount ? entry.view.rowCount(result) : null;
      const total = coordinator.data ? coordinator.data.rows : null;
      count.textContent = n === null ? '' : total === null ? `n = ${fmt(n)}` : `n = ${fmt(n)} of ${fmt(total)}`;
      syncSelection();
    };
    const syncSelection = () => {
      const own = JSON.stringify(coordinator.selectionOf(id));
      clear.hidden = own === 'null';
      card.classList.toggle('has-selection', own !== 'null');
      if (own !== lastOwn) {
        lastOwn = own;
        // The view didn't make this change (a clear button, Escape, "clear all"): redraw it.
        if (!selfSelecting && last && card.dataset.state === 'ready') rerender(last, lastBaseline);
      }
    };
    /** @type {HTMLFormElement | null} */
    let form = null;
    const closeSettings = () => {
      if (!form) return;
      form.remove();
      form = null;
      gear.setAttribute('aria-expanded', 'false');
      gear.focus();
    };
    gear.addEventListener('click', () => {
      if (form) return closeSettings();
      const built = settingsForm({
        comp, schema: entry ? entry.schema : {}, columns: this.columns(), label: `Settings of ${componentTitle(comp)}`,
        hidden: entry && /** @type {any} */ (entry.view).hiddenSettings,
        validate: (config) => validateComponent(config, this.schemas, ''),
        onApply: (config) => this.updateComponent(id, config),
        onCancel: closeSettings,
      });
      form = built.form;
      /** @type {HTMLElement} */ (card.querySelector('.card-header')).after(form);
      gear.setAttribute('aria-expanded', 'true');
      built.focus();
    });
    clear.addEventListener('click', () => coordinator.select(id, null));
    remove.addEventListener('click', () => this.removeComponent(id));
    card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && coordinator.selectionOf(id)) {
        e.preventDefault();
        coordinator.select(id, null);
      }
    });
    if (entry && /** @type {any} */ (entry.view).responsive && typeof ResizeObserver !== 'undefined') {
      // Charts are drawn for a width: redraw when the card's width changes.
      let width = 0;
      new ResizeObserver(([e]) => {
        const w = Math.round(e.contentRect.width);
        if (Math.abs(w - width) < 24) return;
        const first = width === 0;
        width = w;
        if (!first && last && card.dataset.state === 'ready' && card.isConnected) rerender(last, lastBaseline);
      }).observe(body);
    }
    this.cards.set(id, { card, rerender, syncSelection });
    return card;
  }

  /** Add a component of a type, with a config chosen from the data. @param {string} type */
  addComponent(type) {
    const spec = this.coordinator.spec;
    const entry = this.registry.get(type);
    if (!entry) return null;
    const prefix = type.replace(/[^a-z]/g, '').slice(0, 4) || 'c';
    let n = 1;
    while (`${prefix}${n}` in spec.components) n++;
    const id = `${prefix}${n}`;
    const used = new Set(Object.values(spec.components).filter((c) => c.type === type).map((c) => String(c.field)));
    spec.components[id] = defaultConfig(type, entry.schema, this.columns(), used);
    spec.layout = spec.layout || { rows: [] };
    spec.layout.rows.push({ columns: [id] });
    this.render();
    const card = this.cards.get(id);
    if (card) card.card.scrollIntoView({ block: 'nearest' });
    return id;
  }

  /** @param {string} id */
  removeComponent(id) {
    const spec = this.coordinator.spec;
    delete spec.components[id];
    if (spec.layout) spec.layout.rows = spec.layout.rows.map((r) => ({ columns: r.columns.filter((c) => c !== id) })).filter((r) => r.columns.length);
    this.coordinator.unmount(id);
    this.render();
  }
}

/** A gear drawn in SVG (a dashed ring for the teeth), in the current colour. */
function gearIcon() {
  return s('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true', class: 'icon' },
    s('circle', { cx: 8, cy: 8, r: 5.4, fill: 'none', stroke: 'currentColor', 'stroke-width': 2.6, 'stroke-dasharray': '2.2 2.04' }),
    s('circle', { cx: 8, cy: 8, r: 3.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }));
}
