// Tickwire's JavaScript client: one live link to a gateway that falls back WebSocket -> SSE ->
// long-poll, reconnects with exponential backoff and jitter, resumes from the last seq it saw on
// any node (never delivering a quote older than one already delivered for its symbol), drops a
// link silent past twice the heartbeat interval, and keeps its token fresh; beside it, the
// instrument list and publishing over HTTP. No dependencies; browsers and Node 20+ (PROTOCOL.md is
// the contract it speaks; README.md has the API).

import { Emitter } from './emitter.js';
import { backoffDelay, probeGateway, settings } from './timing.js';
import { TokenSource } from './token.js';
import { Subscriptions } from './subscriptions.js';
import { TRANSPORTS } from './transports.js';
import { fetchInstruments, postItems } from './requests.js';

export { TRANSPORTS } from './transports.js';
export { GatewayRefusal } from './requests.js';

/** Errors that name symbols the gateway will not stream: those symbols leave the subscription. */
const SYMBOL_CODES = new Set(['UNKNOWN_SYMBOL', 'NOT_ENTITLED']);

/** @typedef {import('./tickwire.d.ts').TickwireOptions} TickwireOptions */
/** @typedef {import('./tickwire.d.ts').Quote} Quote */
/** @typedef {import('./tickwire.d.ts').Instrument} Instrument */
/** @typedef {import('./tickwire.d.ts').InstrumentDefinition} InstrumentDefinition */
/** @typedef {import('./tickwire.d.ts').PublishedQuote} PublishedQuote */

/**
 * A link to one gateway. Events (on() returns the function that removes the listener): 'quote'
 * (each quote), 'quote:<SYMBOL>' (that symbol's), 'quotes' (each batch), 'state', 'error',
 * 'heartbeat', 'fallback', 'subscribed', 'unsubscribed', 'authenticated'.
 */
export class TickwireClient extends Emitter {
  /** @param {TickwireOptions} [options] */
  constructor(options = {}) {
    super();
    this.options = settings(options);
    this.base = this.options.base;
    this.subscriptions = new Subscriptions();
    this.index = indexOf(options.transport ?? 'ws');
    this.token = new TokenSource(options.token, options.getToken ?? null, options.refreshBefore ?? 30_000);
    this.link = null;
    this.live = false;
    this.running = false;
    this.attempt = 0;
    this.failures = 0;
    this.generation = 0;
    this.timers = { retry: null, watchdog: null };
    this.current = { state: 'idle', transport: this.transport, label: this.transportLabel };
  }

  /** The last state event: { state, transport, label, delay?, reason?, status? }. */
  get state() {
    return this.current;
  }

  /** 'ws', 'sse' or 'poll': the transport in use, or to be tried next. */
  get transport() {
    return TRANSPORTS[this.index].kind;
  }

  get transportLabel() {
    return TRANSPORTS[this.index].label;
  }

  /** The symbols subscribed to. */
  get symbols() {
    return this.subscriptions.symbols;
  }

  /** The seq of the last quote delivered for `symbol` (as subscribed, or as the gateway names it), or undefined. */
  lastSeq(symbol) {
    return this.subscriptions.lastSeqs.get(this.subscriptions.owner(symbol) ?? symbol);
  }

  /** Starts (or, after 'failed' or close(), restarts) the link. Symbols may be subscribed before or after. */
  connect() {
    if (this.running && this.current.state !== 'failed') return this;
    this.running = true;
    this.attempt = 0;
    this.failures = 0;
    this.open();
    return this;
  }

  /** Ends the link for good (state 'closed'); connect() starts it again. */
  close() {
    this.running = false;
    this.stop();
    this.setState('closed');
  }

  /**
   * Subscribes to `symbols` (or adds them), at most `maxRate` quotes per second per symbol (the
   * gateway caps it; 0 or absent: every quote). Over WebSocket in place; SSE and long-poll reopen.
   * @param {string | string[]} symbols
   * @param {{ maxRate?: number }} [options]
   */
  subscribe(symbols, { maxRate = 0 } = {}) {
    const fresh = this.subscriptions.add(symbols, maxRate);
    if (fresh.length === 0) return this;
    this.change((link) => link.add(fresh, maxRate));
    return this;
  }

  /** Unsubscribes from `symbols`: no quote of theirs is delivered after this call. */
  unsubscribe(symbols) {
    const gone = this.subscriptions.remove(symbols);
    if (gone.length === 0) return this;
    this.change((link) => link.remove(gone));
    return this;
  }

  /**
   * The instruments the gateway carries (those the token may see), each with its precision
   * (PROTOCOL.md §1a): format a quote's prices with `priceDecimals`, its sizes with `sizeDecimals`.
   * Rejects with a GatewayRefusal (401, 403) or fetch's error.
   * @returns {Promise<Instrument[]>}
   */
  async instruments() {
    return fetchInstruments(this.options.fetch, new URL('api/symbols', this.base), await this.token.forRequest());
  }

  /**
   * Publishes quotes (PROTOCOL.md §8: §1's quote without `type` and `seq`), taken whole or not at
   * all; resolves with `{ count, firstSeq, lastSeq }`. A refusal rejects with a GatewayRefusal:
   * `BAD_QUOTE` with the `index` of the first bad quote, `NOT_ENTITLED` (the token's publish list),
   * `NOT_PUBLISHABLE` (409), `LIMIT_EXCEEDED`, `FEED_UNAVAILABLE` (503, `retryAfter`), …
   * @param {PublishedQuote | PublishedQuote[]} quotes at most 10,000 (and 4 MB) a call
   */
  async publish(quotes) {
    return postItems(this.options.fetch, new URL('api/publish', this.base), await this.token.forRequest(), quotes);
  }

  /**
   * Defines or changes instruments (PROTOCOL.md §1a, §8; only `symbol` is required), taken whole
   * or not at all; resolves with `{ count }`. A refusal rejects with a GatewayRefusal
   * (`BAD_INSTRUMENT` with its `index`, and as publish()).
   * @param {InstrumentDefinition | InstrumentDefinition[]} instruments
   */
  async defineInstruments(instruments) {
    return postItems(this.options.fetch, new URL('api/instruments', this.base), await this.token.forRequest(),
        instruments);
  }

  /** Switches to another transport now ('ws', 'sse' or 'poll'). */
  useTransport(kind) {
    this.index = indexOf(kind);
    this.failures = 0;
    if (this.running) this.reopen();
  }

  /** Replaces the token: sent in-band over WebSocket, used by the next request otherwise (SSE reopens). */
  setToken(token) {
    this.token.set(token);
    const link = this.link;
    if (!link || !this.live) return;
    if (!link.authenticate(token)) this.reopen();
    else if (link.constructor.kind !== 'ws') this.scheduleRefresh();
  }

  change(inPlace) {
    if (!this.running || this.current.state === 'failed') return;
    if (this.subscriptions.size === 0) {
      this.stop();
      this.setState('idle');
    } else if (this.live ? inPlace(this.link) : this.current.state === 'connecting' && [undefined, 'ws'].includes(this.link?.constructor.kind)) {
      // Changed on the open link; or the link being opened asks for the list later (a WebSocket once open).
    } else if (!this.timers.retry) {
      this.reopen(); // else the pending reconnect carries the new list
    }
  }

  reopen() {
    this.stop();
    this.open();
  }

  /** Ends the current link and every timer, and makes pending async steps moot. */
  stop() {
    this.generation += 1;
    for (const t of Object.values(this.timers)) clearTimeout(t);
    this.timers = { retry: null, watchdog: null };
    this.token.cancel();
    const link = this.link;
    this.link = null;
    this.live = false;
    link?.close();
  }

  async open() {
    this.stop();
    if (!this.running) return;
    if (this.subscriptions.size === 0) {
      this.setState('idle');
      return;
    }
    const generation = this.generation;
    this.setState('connecting');
    let token;
    try {
      token = await this.token.fresh();
    } catch (e) {
      if (generation === this.generation) this.fail(`getToken failed: ${e.message}`);
      return;
    }
    if (generation !== this.generation) return;
    const Transport = TRANSPORTS[this.index];
    const link = new Transport(this.callbacks(() => link), {
      base: this.base,
      token,
      WebSocket: this.options.WebSocket ?? globalThis.WebSocket,
      fetch: this.options.fetch,
      pollTimeout: this.options.pollTimeout,
    });
    this.link = link;
    this.watch(link);
    link.open(() => this.subscriptions.plan());
  }

  callbacks(self) {
    const mine = () => self() === this.link;
    return {
      opened: () => mine() && this.opened(),
      activity: () => mine() && this.watch(self()),
      quotes: (list) => mine() && this.deliver(list),
      heartbeat: (seq) => mine() && this.emit('heartbeat', { seq }),
      reply: (m) => mine() && this.reply(m),
      error: (m) => mine() && this.refused(m),
      closed: (ending) => mine() && this.closed(self(), ending),
    };
  }

  opened() {
    this.live = true;
    this.attempt = 0;
    this.failures = 0;
    this.setState('live');
    this.scheduleRefresh();
  }

  deliver(list) {
    const fresh = this.subscriptions.accept(list);
    if (fresh.length === 0) return;
    this.emit('quotes', fresh);
    for (const q of fresh) {
      this.emit('quote', q);
      this.emit(`quote:${q.symbol}`, q);
    }
  }

  reply(m) {
    if (m.type === 'authenticated') {
      this.token.confirm(m.exp);
      this.scheduleRefresh();
    }
    if (m.type === 'subscribed' || m.type === 'unsubscribed' || m.type === 'authenticated') this.emit(m.type, m);
  }

  refused(m) {
    const symbols = Array.isArray(m.symbols) ? m.symbols : [];
    if (SYMBOL_CODES.has(m.code)) this.subscriptions.remove(symbols);
    this.emit('error', { code: m.code, message: m.message, symbols });
  }

  async closed(link, { opened, reason, status, code, refusedSymbols = [], unavailable = false }) {
    this.stop();
    const generation = this.generation;
    if (refusedSymbols.length > 0 && SYMBOL_CODES.has(code)) {
      this.open(); // those symbols are dropped: go on with the others at once
      return;
    }
    let gateway = { up: true, status, reason };
    if (unavailable) gateway = { up: true };
    else if (status === undefined || (status === 401 && this.token.getToken)) gateway = await this.probe();
    if (generation !== this.generation) return;
    if (gateway.status === 401 || gateway.status === 403 || gateway.status === 400) {
      this.fail(gateway.reason, gateway.status);
      return;
    }
    if (!opened && gateway.up && this.index < TRANSPORTS.length - 1
        && (unavailable || ++this.failures >= this.options.failuresBeforeFallback)) {
      const from = link.constructor;
      this.index += 1;
      this.failures = 0;
      this.attempt = 0;
      this.emit('fallback', { from: from.kind, to: this.transport, fromLabel: from.label, toLabel: this.transportLabel, reason });
      if (unavailable) {
        this.open();
        return;
      }
    }
    const delay = backoffDelay(this.attempt++, this.options.backoff);
    this.setState('reconnecting', { delay, reason, attempt: this.attempt });
    this.timers.retry = setTimeout(() => this.open(), delay);
  }

  /** Whether the gateway answers HTTP, and accepts the token (a fresh one, with getToken). */
  async probe() {
    try {
      await this.token.fresh();
    } catch (e) {
      return { up: true, status: 401, reason: `getToken failed: ${e.message}` };
    }
    return probeGateway(this.options.fetch, new URL('api/symbols', this.base), this.token.value);
  }

  fail(reason, status) {
    this.stop();
    this.setState('failed', { reason, ...(status ? { status } : {}) });
  }

  /** Drops a link that has been silent past twice the heartbeat interval (restarted by any activity). */
  watch(link) {
    clearTimeout(this.timers.watchdog);
    const silence = 2 * this.options.heartbeatInterval;
    if (!(silence > 0)) return;
    this.timers.watchdog = setTimeout(() => {
      if (link !== this.link) return;
      this.closed(link, { opened: this.live, reason: `no data for ${silence} ms` });
    }, silence);
  }

  scheduleRefresh() {
    if (!this.live) return;
    const link = this.link;
    this.token.schedule((token) => link === this.link && this.setToken(token),
        (e) => this.emit('error', { code: 'TOKEN_REFRESH_FAILED', message: e.message, symbols: [] }));
  }

  setState(state, detail = {}) {
    this.current = { state, transport: this.transport, label: this.transportLabel, ...detail };
    this.emit('state', this.current);
  }
}

function indexOf(kind) {
  return Math.max(0, TRANSPORTS.findIndex((t) => t.kind === kind));
}
