// The watchlist table. Quotes are only recorded as they arrive; the DOM is written once per
// animation frame with the newest quote of each changed symbol, so 200 symbols at a high feed
// rate cost one pass per frame, never one write per message.

import * as fmt from './format.js';
import { Sparkline } from './sparkline.js';

const FLASH_MS = 700;
const SPARKLINE_EVERY_MS = 500;

export class WatchlistView {
  /**
   * @param tbody     the table body to fill
   * @param known     Map symbol -> { symbol, name } from /api/symbols
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
  }

  setSymbols(symbols) {
    for (const [symbol, row] of this.rows) {
      if (!symbols.includes(symbol)) {
        row.tr.remove();
        this.rows.delete(symbol);
        this.pending.delete(symbol);
      }
    }
    for (const symbol of symbols) {
      if (!this.rows.has(symbol)) this.rows.set(symbol, this.createRow(symbol));
    }
    // Keep the table in watchlist order.
    for (const symbol of symbols) this.tbody.append(this.rows.get(symbol).tr);
  }

  createRow(symbol) {
    const info = this.known.get(symbol) ?? { symbol, name: '' };
    const tr = document.createElement('tr');
    tr.dataset.symbol = symbol;
    tr.tabIndex = 0;
    tr.setAttribute('aria-selected', 'false');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = symbol;
    tr.append(th);
    const cell = (cls) => {
      const td = document.createElement('td');
      td.className = cls;
      tr.append(td);
      return td;
    };
    const row = {
      tr,
      decimals: fmt.decimalsOf(info),
      quote: null,
      updatedAt: 0,
      name: cell('name'),
      bid: cell('num'),
      ask: cell('num'),
      last: cell('num'),
      change: cell('num'),
      changePct: cell('num'),
      volume: cell('num volume'),
      time: cell('num time'),
      spark: new Sparkline(),
      flashes: {},
      stale: false,
    };
    row.name.textContent = info.name;
    cell('spark').append(row.spark.svg);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '×';
    remove.title = `Remove ${symbol}`;
    remove.setAttribute('aria-label', `Remove ${symbol}`);
    remove.addEventListener('click', (e) => {
      e.stopPropagation();
      this.handlers.remove(symbol);
    });
    cell('actions').append(remove);
    for (const td of [row.bid, row.ask, row.last, row.change, row.changePct, row.volume, row.time]) td.textContent = '–';
    tr.addEventListener('click', () => this.handlers.select(symbol));
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.handlers.select(symbol);
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        this.handlers.remove(symbol);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling)?.focus();
      }
    });
    return row;
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
    this.selected = symbol;
    for (const [s, row] of this.rows) row.tr.setAttribute('aria-selected', String(s === symbol));
  }

  /** Records a quote; drawn at the next animation frame. */
  offer(quote) {
    const row = this.rows.get(quote.symbol);
    if (!row) return;
    row.spark.add(quote.last, quote.ts);
    this.pending.set(quote.symbol, quote);
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  render() {
    this.frame = 0;
    const now = performance.now();
    for (const [symbol, q] of this.pending) {
      const row = this.rows.get(symbol);
      if (row) this.draw(row, q, now);
    }
    this.pending.clear();
    if (now - this.lastSparklines >= SPARKLINE_EVERY_MS) {
      this.lastSparklines = now;
      for (const row of this.rows.values()) row.spark.draw();
    }
  }

  draw(row, q, now) {
    const previous = row.quote;
    const d = row.decimals;
    const change = q.last - q.open;
    const pct = q.open ? (change / q.open) * 100 : 0;
    const direction = change > 0 ? 'up' : change < 0 ? 'down' : '';
    setText(row.bid, fmt.price(q.bid, d));
    setText(row.ask, fmt.price(q.ask, d));
    setText(row.last, fmt.price(q.last, d));
    setText(row.change, fmt.signedPrice(change, d));
    setText(row.changePct, fmt.signedPercent(pct));
    setText(row.volume, fmt.volume(q.volume));
    setText(row.time, fmt.time(q.ts));
    row.tr.dataset.seq = q.seq;
    row.change.className = `num ${direction}`;
    row.changePct.className = `num ${direction}`;
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
      const stale = linkAlive && row.updatedAt > 0 && now - row.updatedAt > staleMs;
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
