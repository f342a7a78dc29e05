// The three ways to reach the gateway (PROTOCOL.md §2-§4), behind one shape:
//   open(plan)       start streaming; plan() = { symbols, maxRate, since, groups: [{ symbols, maxRate, since }] }
//                    where since is the seq to resume after, or -1 for a snapshot (asked when the link opens)
//   add(symbols, maxRate) / remove(symbols)   change the subscription in place; false if it needs a reopen
//   authenticate(token)   hand the link a fresh token; false if it needs a reopen
//   close()
// and callbacks on the `on` object: opened(), activity() for any byte from the gateway, quotes(list),
// heartbeat(seq), reply(message) for acks, error(message) for a protocol error, and
// closed({ opened, reason, status }) once, when a link that was not closed by close() ends.

import { authorization } from './timing.js';
import { readEventStream } from './sse-stream.js';

/**
 * @typedef {object} TransportContext
 * @property {URL} base          the gateway's base URL, ending in '/'
 * @property {string | null} token
 * @property {typeof WebSocket | undefined} WebSocket
 * @property {typeof fetch} fetch
 * @property {number} pollTimeout seconds a long-poll may wait for a quote
 */

let nextId = 1;

export class WebSocketTransport {
  static kind = 'ws';
  static label = 'WebSocket';

  /** @param {TransportContext} context */
  constructor(on, context) {
    this.on = on;
    this.context = context;
    this.ws = null;
  }

  open(planOf) {
    const { base, token, WebSocket: Ws } = this.context;
    if (typeof Ws !== 'function') {
      queueMicrotask(() => this.on.closed({ opened: false, reason: 'WebSocket is not available here', unavailable: true }));
      return;
    }
    const url = new URL('ws', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket: the token travels in the query (PROTOCOL.md §4a).
    if (token) url.searchParams.set('access_token', token);
    let ws;
    try {
      ws = new Ws(url.href);
    } catch (e) {
      queueMicrotask(() => this.on.closed({ opened: false, reason: e.message }));
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      for (const group of planOf().groups) this.subscribe(group.symbols, group.maxRate, group.since);
      this.on.opened();
    };
    ws.onmessage = (event) => this.ws === ws && this.receive(event.data);
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.on.closed({ opened, reason: event.reason || `closed (${event.code})`, code: event.code });
    };
  }

  receive(text) {
    this.on.activity();
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      this.on.error({ code: 'BAD_MESSAGE', message: 'the gateway sent something that is not JSON' });
      return;
    }
    const quotes = [];
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m?.type === 'quote') quotes.push(m);
      else if (m?.type === 'heartbeat') this.on.heartbeat(m.seq);
      else if (m?.type === 'error') this.on.error(m);
      else if (m?.type) this.on.reply(m);
    }
    if (quotes.length > 0) this.on.quotes(quotes);
  }

  send(op) {
    const ws = this.ws;
    if (ws?.readyState !== 1) return false;
    ws.send(JSON.stringify({ ...op, id: String(nextId++) }));
    return true;
  }

  subscribe(symbols, maxRate, since = -1) {
    return this.send({
      op: 'subscribe', symbols, ...(maxRate > 0 ? { maxRate } : {}), ...(since >= 0 ? { since } : {}),
    });
  }

  add(symbols, maxRate) {
    return this.subscribe(symbols, maxRate);
  }

  remove(symbols) {
    return this.send({ op: 'unsubscribe', symbols });
  }

  authenticate(token) {
    return this.send({ op: 'auth', token });
  }

  close() {
    const ws = this.ws;
    this.ws = null;
    try {
      ws?.close(1000);
    } catch {
      // Already closing.
    }
  }
}

/**
 * What SSE and long-poll share: a link made of fetch requests, ended by aborting them, that
 * carries its symbols in the URL (so it is reopened, not altered, when they change).
 */
class FetchTransport {
  /** @param {TransportContext} context */
  constructor(on, context) {
    this.on = on;
    this.context = context;
    this.abort = null;
  }

  /** Runs `this.stream(plan, abort, link)` and reports `closed` once, unless close() came first. */
  async open(planOf) {
    const abort = new AbortController();
    this.abort = abort;
    const link = { opened: false, ending: { reason: this.constructor.ended } };
    try {
      await this.stream(planOf(), abort, link);
    } catch (e) {
      link.ending = { reason: e.message };
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.on.closed({ opened: link.opened, ...link.ending });
      }
    }
  }

  add() {
    return false;
  }

  remove() {
    return false;
  }

  close() {
    const abort = this.abort;
    this.abort = null;
    abort?.abort();
  }
}

export class SseTransport extends FetchTransport {
  static kind = 'sse';
  static label = 'SSE';
  static ended = 'stream ended';

  async stream(plan, abort, link) {
    const { base, token, fetch: fetchFn } = this.context;
    const url = new URL('sse', base);
    url.searchParams.set('symbols', plan.symbols.join(','));
    if (plan.maxRate > 0) url.searchParams.set('maxRate', String(plan.maxRate));
    if (plan.since >= 0) url.searchParams.set('lastEventId', String(plan.since));
    const response = await fetchFn(url, {
      headers: { Accept: 'text/event-stream', ...authorization(token) }, cache: 'no-store', signal: abort.signal,
    });
    if (!response.ok) {
      link.ending = await refusal(response, this.on);
      return;
    }
    link.opened = true;
    this.on.opened();
    await readEventStream(response, {
      event: (e) => {
        this.on.activity();
        if (e.type !== 'quote') return;
        try {
          this.on.quotes([JSON.parse(e.data)]);
        } catch {
          this.on.error({ code: 'BAD_MESSAGE', message: 'the gateway sent a quote that is not JSON' });
        }
      },
      comment: () => {
        this.on.activity();
        this.on.heartbeat(null);
      },
    }, abort.signal);
  }

  authenticate() {
    return false;
  }
}

export class LongPollTransport extends FetchTransport {
  static kind = 'poll';
  static label = 'long-poll';
  static ended = 'poll ended';

  async stream(plan, abort, link) {
    const { base, fetch: fetchFn, pollTimeout } = this.context;
    let cursor = plan.since;
    while (this.abort === abort) {
      const url = new URL('api/quotes/poll', base);
      url.searchParams.set('symbols', plan.symbols.join(','));
      url.searchParams.set('timeout', String(pollTimeout));
      if (cursor >= 0) url.searchParams.set('since', String(cursor));
      // Read at each request: a refreshed token is used from the next poll on.
      const headers = authorization(this.context.token);
      const response = await fetchFn(url, { headers, signal: abort.signal, cache: 'no-store' });
      if (!response.ok) {
        link.ending = await refusal(response, this.on);
        return;
      }
      const body = await response.json();
      this.on.activity();
      if (!link.opened) {
        link.opened = true;
        this.on.opened();
      }
      cursor = body.seq;
      if (body.quotes.length > 0) this.on.quotes(body.quotes);
      else this.on.heartbeat(body.seq);
    }
  }

  authenticate(token) {
    this.context.token = token;
    return true;
  }
}

/**
 * What an HTTP refusal says (PROTOCOL.md §3, §4: `{"code","message","symbols"}`); a refusal that
 * names symbols (UNKNOWN_SYMBOL, NOT_ENTITLED) is reported as their error.
 */
async function refusal(response, on) {
  const body = await response.json().catch(() => ({}));
  const reason = body.message ?? `HTTP ${response.status}`;
  const symbols = Array.isArray(body.symbols) ? body.symbols : [];
  if (symbols.length > 0) on.error({ code: body.code, message: reason, symbols });
  return { reason, status: response.status, code: body.code, refusedSymbols: symbols };
}

/** The transports in fallback order. */
export const TRANSPORTS = [WebSocketTransport, SseTransport, LongPollTransport];
