// What kind of instrument a row is (PROTOCOL.md §1a `type`), and the control that shows one kind of
// the watchlist: All · Equities & ETFs · FX · Crypto · Futures · Indices · Other, with how many
// rows each has. Only the kinds the gateway carries get a button, and none at all when it carries
// one kind. The choice is kept in localStorage and, once made, in the address (?kind=fx), so a
// reload or a shared link shows the same rows. The rows are hidden by the stylesheet from one
// attribute on the table body, so a choice costs no walk over the rows.

import { param, setParam } from './url-state.js';

const KEY = 'tickwire.kind';
const ALL = 'all';

/** The kinds a row may be, in the order the page shows them; each groups one or more wire types. */
export const KINDS = [
  { id: 'equity', label: 'Equities & ETFs', types: ['equity', 'etf'] },
  { id: 'fx', label: 'FX', types: ['fx'] },
  { id: 'crypto', label: 'Crypto', types: ['crypto'] },
  { id: 'future', label: 'Futures', types: ['future'] },
  { id: 'index', label: 'Indices', types: ['index'] },
  { id: 'other', label: 'Other', types: ['other'] },
];

/** The wire types, in the order the page lists them. */
export const TYPES = KINDS.flatMap((k) => k.types);

const KIND_OF_TYPE = new Map(KINDS.flatMap((k) => k.types.map((t) => [t, k.id])));

/** The kind of an instrument of /api/symbols; '' for one the page does not know (shown under All only). */
export function kindOf(info) {
  if (!info) return '';
  return KIND_OF_TYPE.get(info.type) ?? 'other';
}

/** A type as a reader says it: "FX", "Crypto", "Equity". */
export function typeLabel(type) {
  if (type === 'fx' || type === 'etf') return type.toUpperCase();
  return type ? type[0].toUpperCase() + type.slice(1) : 'Unknown';
}

function saved() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export class KindFilter {
  /**
   * @param container an element to hold the buttons (hidden while the gateway carries one kind)
   * @param known     Map symbol -> instrument from /api/symbols
   * @param onChange  called with the kind chosen ('all' or one of KINDS' ids)
   */
  constructor(container, known, onChange) {
    this.container = container;
    this.onChange = onChange;
    this.buttons = new Map();
    this.counts = new Map();
    this.build(known);
    const wanted = param('kind') ?? saved();
    this.kind = this.buttons.has(wanted) && !container.hidden ? wanted : ALL;
    this.press();
  }

  /** (Re)builds the buttons for the kinds `known` holds. */
  build(known) {
    const carried = new Set([...known.values()].map(kindOf));
    const kinds = KINDS.filter((k) => carried.has(k.id));
    this.container.replaceChildren();
    this.buttons.clear();
    this.counts.clear();
    for (const { id, label } of [{ id: ALL, label: 'All' }, ...kinds]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.kind = id;
      const count = document.createElement('span');
      count.className = 'count';
      b.append(label, count);
      b.addEventListener('click', () => this.choose(id));
      this.container.append(b);
      this.buttons.set(id, b);
      this.counts.set(id, count);
    }
    this.container.hidden = kinds.length < 2;
    if (this.kind === undefined) return;
    // A kind the gateway no longer carries, or a control not shown, must not keep rows hidden.
    const kind = this.container.hidden || !this.buttons.has(this.kind) ? ALL : this.kind;
    if (kind !== this.kind) {
      this.kind = kind;
      this.onChange(kind);
    }
    this.press();
  }

  /** Shows how many rows of each kind `symbols` has. */
  count(symbols, known) {
    const n = new Map([[ALL, symbols.length]]);
    for (const s of symbols) {
      const k = kindOf(known.get(s));
      n.set(k, (n.get(k) ?? 0) + 1);
    }
    for (const [id, el] of this.counts) el.textContent = ` ${n.get(id) ?? 0}`;
  }

  choose(kind) {
    if (!this.buttons.has(kind) || kind === this.kind) return;
    this.kind = kind;
    try {
      localStorage.setItem(KEY, kind);
    } catch {
      // Storage disabled: the address below still carries the choice.
    }
    setParam('kind', kind === ALL ? null : kind);
    this.press();
    this.onChange(kind);
  }

  press() {
    for (const [id, b] of this.buttons) b.setAttribute('aria-pressed', String(id === this.kind));
  }
}
