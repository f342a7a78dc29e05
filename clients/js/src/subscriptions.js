// What the client is subscribed to, and the last seq delivered per symbol: the resume cursor and
// the guard that keeps a quote older than one already delivered from being delivered again.

export class Subscriptions {
  constructor() {
    /** @type {Map<string, number>} symbol -> maxRate asked (0: none) */
    this.rates = new Map();
    /** @type {Map<string, number>} symbol -> seq of the last quote delivered */
    this.lastSeqs = new Map();
  }

  get size() {
    return this.rates.size;
  }

  get symbols() {
    return [...this.rates.keys()];
  }

  /** Adds `symbols` at `maxRate`; returns those that were new or at another rate. */
  add(symbols, maxRate) {
    const fresh = normalize(symbols).filter((s) => this.rates.get(s) !== maxRate);
    for (const s of fresh) this.rates.set(s, maxRate);
    return fresh;
  }

  /** Removes `symbols` and forgets their last seq (subscribed again, they start from a snapshot). */
  remove(symbols) {
    const gone = normalize(symbols).filter((s) => this.rates.has(s));
    for (const s of gone) {
      this.rates.delete(s);
      this.lastSeqs.delete(s);
    }
    return gone;
  }

  /**
   * The subscribed symbol whose quotes `symbol`'s are: itself, or one the gateway read as it. Symbols
   * are case-sensitive, but the gateway reads `msft` as `MSFT` where it carries no `msft`
   * (PROTOCOL.md §1), so a subscription written the v1.1 way gets the quotes of `MSFT`.
   */
  owner(symbol) {
    if (this.rates.has(symbol)) return symbol;
    for (const s of this.rates.keys()) {
      if (s !== '*' && s.toUpperCase() === symbol) return s;
    }
    return undefined;
  }

  /**
   * The quotes of `list` to deliver: subscribed, and newer than the last delivered for their
   * symbol (kept under the symbol as subscribed).
   */
  accept(list) {
    const all = this.rates.has('*');
    const fresh = [];
    for (const q of list) {
      const key = this.owner(q.symbol) ?? (all ? q.symbol : undefined);
      if (key === undefined) continue; // unsubscribed while it was on its way
      const last = this.lastSeqs.get(key);
      if (last !== undefined && q.seq <= last) continue; // delivered already (a resume or snapshot repeats it)
      this.lastSeqs.set(key, q.seq);
      fresh.push(q);
    }
    return fresh;
  }

  /**
   * What to ask a transport for: each symbol resumes after the oldest last seq among those already
   * seen (the gateway then sends the latest of each symbol past it; ones delivered already are
   * dropped by accept()), and symbols never seen start from a snapshot. WebSocket asks per group
   * of rate and cursor; SSE and long-poll have one stream, so one rate and one cursor.
   */
  plan() {
    const symbols = this.symbols;
    const groups = new Map();
    for (const s of symbols) {
      const key = `${this.rates.get(s)}/${this.seen(s)}`;
      if (!groups.has(key)) groups.set(key, { symbols: [], maxRate: this.rates.get(s), seen: this.seen(s) });
      groups.get(key).symbols.push(s);
    }
    const rates = [...this.rates.values()];
    return {
      symbols,
      // The highest rate asked, so no symbol gets fewer quotes than it asked for.
      maxRate: rates.includes(0) ? 0 : Math.max(...rates),
      since: symbols.every((s) => this.seen(s)) ? this.since(symbols) : -1,
      groups: [...groups.values()].map((g) => ({
        symbols: g.symbols, maxRate: g.maxRate, since: g.seen ? this.since(g.symbols) : -1,
      })),
    };
  }

  seen(symbol) {
    return symbol === '*' ? this.lastSeqs.size > 0 : this.lastSeqs.has(symbol);
  }

  since(symbols) {
    return Math.min(...symbols.map((s) => (s === '*' ? Math.min(...this.lastSeqs.values()) : this.lastSeqs.get(s))));
  }
}

/**
 * Trimmed, without blanks or repeats; a string may list several, comma-separated. Symbols are
 * case-sensitive (EUR/USD, btcusdt), so they are kept as written.
 */
export function normalize(symbols) {
  const list = typeof symbols === 'string' ? symbols.split(',') : [...symbols];
  return [...new Set(list.map((s) => String(s).trim()).filter(Boolean))];
}
