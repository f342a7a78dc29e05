// The watchlist table. Quotes are only recorded as they arrive (O(1) each); the DOM is written once
// per animation frame with the newest quote of each changed symbol, so 500 symbols at a high feed
// rate cost one pass per frame over the symbols that changed, never one write per message. Rows of
// a kind the filter hides are written when shown. Every number is written at its instrument's
// precision (format.js), by formatters made once per row. Clicks and keys are taken by the table
// body for every row.

import * as fmt from './format.js';
import { kindOf, typeLabel } from './kind-filter.js';
import { Sparkline } from './sparkline.js';

const FLASH_MS = 700;
const SPARKLINE_EVERY_MS = 500;
/** The cells after the symbol, in the order of the table's head. */
const FIELDS = ['name', 'bid', 'ask', 'size', 'last', 'change', 'pct', 'volume', 'time'];
const CLASSES = { name: 'name', size: 'num size', change: 'num change', volume: 'num volume', time: 'num time' };

export class WatchlistView {
  /**
   * @param tbody     the table body to fill
   * @param known     Map symbol -> instrument from /api/symbols ({ symbol, name, type, currency, priceDecimals, sizeDecimals })
   * @param handlers  select(symbol), remove(symbol)
   */
  constructor(tbody, known, handlers) {
    this.tbody = tbody;
    this.known = known;
    this.handlers = handlers;
    this.rows = new Map();
    this.pending = new Map();
    this.frame = 0;
    this.lastSparklines = 0;
    this.selected = null;
    this.kind = 'all';
    tbody.dataset.kind = this.kind;
    tbody.addEventListener('click', (e) => this.onClick(e));
    tbody.addEventListener('keydown', (e) => this.onKey(e));
  }

  setSymbols(symbols) {
    const wanted = new Set(symbols);
    for (const [symbol, row] of this.rows) {
      if (!wanted.has(symbol)) {
        row.tr.remove();
        this.rows.delete(symbol);
        this.pending.delete(symbol);
      }
    }
    // Keep the table in watchlist order, in one insertion.
    const rows = document.createDocumentFragment();
    for (const symbol of wanted) {
      let row = this.rows.get(symbol);
      if (!row) {
        row = this.createRow(symbol);
        this.rows.set(symbol, row);
      }
      rows.append(row.tr);
    }
    this.tbody.append(rows);
  }

  createRow(symbol) {
    const info = this.known.get(symbol);
    const tr = document.createElement('tr');
    tr.dataset.symbol = symbol;
    tr.dataset.kind = kindOf(info);
    tr.tabIndex = 0;
    tr.setAttribute('aria-selected', String(symbol === this.selected));
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = symbol;
    if (info) {
      th.title = info.name;
      const badge = document.createElement('span');
      badge.className = 'kind';
      badge.textContent = info.type;
      badge.title = `${typeLabel(info.type)}, priced in ${info.currency}`;
      th.append(badge);
    }
    tr.append(th);
    const row = {
      tr, symbol, kind: tr.dataset.kind, f: fmt.formatsOf(info), quote: null, waiting: null, updatedAt: 0,
      spark: new Sparkline(), flashes: {}, stale: false,
    };
    for (const field of FIELDS) {
      const td = document.createElement('td');
      td.className = CLASSES[field] ?? 'num';
      td.dataset.field = field;
      td.textContent = '–';
      tr.append(td);
      row[field] = td;
    }
    row.name.textContent = info?.name ?? '';
    const spark = document.createElement('td');
    spark.className = 'spark';
    spark.append(row.spark.svg);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '×';
    remove.title = `Remove ${symbol}`;
    remove.setAttribute('aria-label', `Remove ${symbol}`);
    const actions = document.createElement('td');
    actions.className = 'actions';
    actions.append(remove);
    tr.append(spark, actions);
    return row;
  }

  onClick(e) {
    const tr = e.target.closest('tr');
    const symbol = tr?.dataset.symbol;
    if (!symbol) return;
    if (e.target.closest('button.remove')) this.handlers.remove(symbol);
    else this.handlers.select(symbol);
  }

  onKey(e) {
    const tr = e.target;
    const symbol = tr.tagName === 'TR' ? tr.dataset.symbol : undefined;
    if (!symbol) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.handlers.select(symbol);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      this.handlers.remove(symbol);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 'nextElementSibling' : 'previousElementSibling';
      let next = tr[step];
      while (next && !this.shows(next.dataset.kind)) next = next[step];
      next?.focus();
    }
  }

  /** Shows only rows of `kind` (one of kind-filter.js' KINDS ids), or every row ('all'). */
  setKind(kind) {
    this.kind = kind;
    this.tbody.dataset.kind = kind;
    // Rows now shown draw the newest quote they got while hidden.
    for (const row of this.rows.values()) {
      if (row.waiting && this.shows(row.kind)) {
        this.pending.set(row.symbol, row.waiting);
        row.waiting = null;
      }
    }
    this.schedule();
  }

  shows(kind) {
    return this.kind === 'all' || this.kind === kind;
  }

  /** How many rows the filter shows. */
  shown() {
    if (this.kind === 'all') return this.rows.size;
    let n = 0;
    for (const row of this.rows.values()) if (row.kind === this.kind) n++;
    return n;
  }

  /** Marks the row of a symbol the gateway will not stream: `code` NOT_ENTITLED or UNKNOWN_SYMBOL. */
  refuse(symbol, code) {
    const row = this.rows.get(symbol);
    if (!row) return;
    row.tr.dataset.refused = code;
    row.tr.classList.add('refused');
    row.name.textContent = code === 'NOT_ENTITLED' ? 'Not entitled' : 'Unknown symbol';
    row.tr.title = code === 'NOT_ENTITLED'
      ? `Your access token does not grant ${symbol}`
      : `The gateway does not carry ${symbol}`;
  }

  select(symbol) {
    this.rows.get(this.selected)?.tr.setAttribute('aria-selected', 'false');
    this.selected = symbol;
    this.rows.get(symbol)?.tr.setAttribute('aria-selected', 'true');
  }

  /** Records a quote; drawn at the next animation frame. */
  offer(quote) {
    const row = this.rows.get(quote.symbol);
    if (!row) return;
    row.spark.add(quote.last, quote.ts);
    this.pending.set(quote.symbol, quote);
    this.schedule();
  }

  schedule() {
    if (this.frame === 0 && this.pending.size > 0) this.frame = requestAnimationFrame(() => this.render());
  }

  render() {
    this.frame = 0;
    const now = performance.now();
    for (const [symbol, q] of this.pending) {
      const row = this.rows.get(symbol);
      if (!row) continue;
      if (this.shows(row.kind)) this.draw(row, q, now);
      else row.waiting = q;
    }
    this.pending.clear();
    if (now - this.lastSparklines >= SPARKLINE_EVERY_MS) {
      this.lastSparklines = now;
      for (const row of this.rows.values()) if (this.shows(row.kind)) row.spark.draw();
    }
  }

  draw(row, q, now) {
    const previous = row.quote;
    const f = row.f;
    const change = f.change(q.last - q.open);
    // The direction of the change as shown: one that rounds to zero at the instrument's precision is none.
    const direction = change[0] === '+' ? 'up' : change[0] === '-' ? 'down' : '';
    setText(row.bid, f.price(q.bid));
    setText(row.ask, f.price(q.ask));
    setText(row.size, `${f.size(q.bidSize)} × ${f.size(q.askSize)}`);
    setText(row.last, f.price(q.last));
    setText(row.change, change);
    setText(row.pct, fmt.signedPercent(q.open ? ((q.last - q.open) / q.open) * 100 : 0));
    setText(row.volume, f.size(q.volume));
    setText(row.time, fmt.time(q.ts));
    const trade = `Last trade ${f.size(q.lastSize)} at ${f.price(q.last)}`;
    if (row.last.title !== trade) row.last.title = trade;
    row.tr.dataset.seq = q.seq;
    if (row.change.dataset.dir !== direction) {
      row.change.dataset.dir = direction;
      row.pct.dataset.dir = direction;
    }
    if (previous) {
      flash(row, 'bid', q.bid - previous.bid);
      flash(row, 'ask', q.ask - previous.ask);
      flash(row, 'last', q.last - previous.last);
    }
    row.quote = q;
    row.updatedAt = now;
    if (row.stale) this.setStale(row, false, now);
  }

  /** Marks rows that have not updated for `staleMs` while the link is known to be alive. */
  markStale(staleMs, linkAlive) {
    const now = performance.now();
    for (const row of this.rows.values()) {
      const stale = linkAlive && row.updatedAt > 0 && now - row.updatedAt > staleMs && !row.waiting;
      if (stale || row.stale) this.setStale(row, stale, now);
    }
  }

  setStale(row, stale, now) {
    row.stale = stale;
    row.tr.classList.toggle('stale', stale);
    row.tr.title = stale ? `No update for ${Math.round((now - row.updatedAt) / 1000)} s` : '';
  }

  /** The last quote shown of `symbol`, or null. */
  quoteOf(symbol) {
    return this.rows.get(symbol)?.quote ?? null;
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

const style = getComputedStyle(document.documentElement);
const FLASH_UP = style.getPropertyValue('--flash-up').trim() || 'rgba(63, 185, 80, 0.35)';
const FLASH_DOWN = style.getPropertyValue('--flash-down').trim() || 'rgba(248, 81, 73, 0.35)';

/**
 * Flashes a cell green or red. The Web Animations API restarts a flash without a reflow; the
 * cell's previous flash is cancelled, so a busy symbol has one animation per cell, not a pile.
 */
function flash(row, cell, delta) {
  if (delta === 0) return;
  row.flashes[cell]?.cancel();
  row.flashes[cell] = row[cell].animate(
    [{ backgroundColor: delta > 0 ? FLASH_UP : FLASH_DOWN }, { backgroundColor: 'transparent' }],
    { duration: FLASH_MS, easing: 'ease-out' });
}
