// One live link to the gateway over the chosen transport. It reconnects with exponential
// backoff and jitter, resumes from the last seq it saw (so no row stays stale after a
// reconnect), and falls back WebSocket -> SSE -> long-poll when a transport cannot be opened
// while the gateway itself answers HTTP. When the gateway refuses the page's token (401), it stops
// retrying and asks the page for a new token instead (handlers.unauthenticated).

import { authFetch } from './auth.js';
import { TRANSPORTS } from './transports.js';

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 8000;
/** Failed opens of one transport, with the gateway reachable, before falling back to the next. */
const FAILURES_BEFORE_FALLBACK = 2;

export class Connection {
  /**
   * @param kind     'ws', 'sse' or 'poll': where to start
   * @param handlers quotes(list), alive(), state({ state, transport, detail }), refused(code, symbols),
   *                 unauthenticated(reason): a promise, resolved once there is a new token
   */
  constructor(kind, handlers) {
    this.index = Math.max(0, TRANSPORTS.findIndex((t) => t.kind === kind));
    this.handlers = handlers;
    this.symbols = [];
    this.cursor = -1;
    this.transport = null;
    this.live = false;
    this.attempt = 0;
    this.failures = 0;
    this.timer = null;
    this.notice = '';
  }

  get kind() {
    return TRANSPORTS[this.index].kind;
  }

  get label() {
    return TRANSPORTS[this.index].label;
  }

  start(symbols) {
    this.symbols = [...symbols];
    this.open();
  }

  /** Switches to another transport now, from the user's choice. */
  use(kind) {
    this.index = Math.max(0, TRANSPORTS.findIndex((t) => t.kind === kind));
    this.notice = '';
    this.failures = 0;
    this.reopen();
  }

  setSymbols(next) {
    const added = next.filter((s) => !this.symbols.includes(s));
    const removed = this.symbols.filter((s) => !next.includes(s));
    this.symbols = [...next];
    if (!this.transport) return; // waiting to reconnect: the next open subscribes to the new list
    if (!this.live) {
      this.reopen();
      return;
    }
    const inPlace = (added.length === 0 || this.transport.add(added))
        && (removed.length === 0 || this.transport.remove(removed));
    if (!inPlace) {
      // A new stream for a new list: from a snapshot, so an added symbol is not skipped by the cursor.
      this.cursor = -1;
      this.reopen();
    }
  }

  reopen() {
    clearTimeout(this.timer);
    this.transport?.close();
    this.transport = null;
    this.live = false;
    this.open();
  }

  open() {
    if (this.symbols.length === 0) {
      this.report('idle', 'no symbols');
      return;
    }
    const Transport = TRANSPORTS[this.index];
    const transport = new Transport({
      opened: () => this.opened(transport),
      quotes: (list) => this.received(transport, list),
      alive: () => transport === this.transport && this.handlers.alive(),
      problem: (text) => this.report(this.live ? 'live' : 'connecting', text),
      refused: (code, symbols) => this.handlers.refused(code, symbols),
      closed: (how) => this.closed(transport, how),
    });
    this.transport = transport;
    this.report('connecting');
    transport.open(this.symbols, this.cursor);
  }

  opened(transport) {
    if (transport !== this.transport) return;
    this.live = true;
    this.attempt = 0;
    this.failures = 0;
    this.report('live');
    this.handlers.alive();
  }

  received(transport, list) {
    if (transport !== this.transport) return;
    // Quotes come in seq order on one stream: the last is the cursor to resume from, on this node
    // or any other of a cluster (seq never goes back, not across restarts either).
    this.cursor = list[list.length - 1].seq;
    this.handlers.quotes(list);
  }

  async closed(transport, { opened, reason }) {
    if (transport !== this.transport) return;
    this.transport = null;
    this.live = false;
    const gateway = await probeGateway();
    if (this.transport !== null) return; // reopened meanwhile (the user chose a transport)
    if (gateway.unauthenticated) {
      // A bad or expired token: retrying would be refused again. Ask for another, then go on.
      this.report('unauthenticated', gateway.reason);
      await this.handlers.unauthenticated(gateway.reason);
      if (this.transport !== null) return;
      this.attempt = 0;
      this.open();
      return;
    }
    if (!opened && gateway.up && this.index < TRANSPORTS.length - 1) {
      this.failures += 1;
      if (this.failures >= FAILURES_BEFORE_FALLBACK) {
        const from = this.label;
        this.index += 1;
        this.failures = 0;
        this.attempt = 0;
        this.notice = `${from} unavailable, fell back to ${this.label}`;
      }
    }
    const delay = backoff(this.attempt++);
    this.report('reconnecting', `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    this.timer = setTimeout(() => this.open(), delay);
  }

  report(state, detail = '') {
    this.handlers.state({ state, transport: this.label, detail, notice: this.notice });
  }
}

/** Exponential backoff with equal jitter: half the step fixed, half random, so clients spread out. */
function backoff(attempt) {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/**
 * Whether the gateway answers plain HTTP (if it does, a transport that failed is the problem), and
 * whether it refuses the page's token.
 */
async function probeGateway() {
  try {
    const response = await authFetch('/api/symbols', { cache: 'no-store' });
    if (response.status === 401) {
      const body = await response.json().catch(() => ({}));
      return { up: true, unauthenticated: true, reason: body.message ?? 'the gateway refused the token' };
    }
    return { up: response.ok };
  } catch {
    return { up: false };
  }
}
