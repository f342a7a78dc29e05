// The three ways to reach the gateway (PROTOCOL.md §2-§4), behind one shape:
//   open(symbols, since)  start streaming; since = the last seq seen (resume) or -1 (snapshot)
//   add(symbols) / remove(symbols)  change the subscription in place; false if it needs a reopen
//   close()
// and callbacks: opened(), quotes(list), alive(seq) on a heartbeat, closed({ opened, reason }),
// problem(text) for an error the gateway answered, refused(code, symbols) for symbols it would not
// stream (NOT_ENTITLED, UNKNOWN_SYMBOL). With authentication on, each carries the page's token.

import { authFetch, withToken } from './auth.js';

let nextId = 1;

export class WebSocketTransport {
  static kind = 'ws';
  static label = 'WebSocket';

  constructor(on) {
    this.on = on;
    this.ws = null;
  }

  open(symbols, since) {
    const url = new URL('/ws', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(withToken(url));
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.send({ op: 'subscribe', symbols, ...(since >= 0 ? { since } : {}) });
      this.on.opened();
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = (event) => {
      if (this.ws === ws) {
        this.ws = null;
        this.on.closed({ opened, reason: event.reason || `closed (${event.code})` });
      }
    };
  }

  receive(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      this.on.problem('the gateway sent something that is not JSON');
      return;
    }
    const quotes = [];
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m.type === 'quote') quotes.push(m);
      else if (m.type === 'heartbeat') this.on.alive(m.seq);
      else if (m.type === 'error') {
        if (m.symbols?.length && (m.code === 'NOT_ENTITLED' || m.code === 'UNKNOWN_SYMBOL')) this.on.refused(m.code, m.symbols);
        else this.on.problem(`${m.code}: ${m.message}`);
      }
    }
    if (quotes.length > 0) this.on.quotes(quotes);
  }

  send(op) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ...op, id: String(nextId++) }));
  }

  add(symbols) {
    this.send({ op: 'subscribe', symbols });
    return true;
  }

  remove(symbols) {
    this.send({ op: 'unsubscribe', symbols });
    return true;
  }

  close() {
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }
}

export class SseTransport {
  static kind = 'sse';
  static label = 'SSE';

  constructor(on) {
    this.on = on;
    this.source = null;
  }

  open(symbols, since) {
    const url = new URL('/sse', location.href);
    url.searchParams.set('symbols', symbols.join(','));
    if (since >= 0) url.searchParams.set('lastEventId', since);
    const source = new EventSource(withToken(url));
    this.source = source;
    let opened = false;
    source.onopen = () => {
      opened = true;
      this.on.opened();
    };
    source.addEventListener('quote', (event) => {
      try {
        this.on.quotes([JSON.parse(event.data)]);
      } catch {
        this.on.problem('the gateway sent a quote that is not JSON');
      }
    });
    // EventSource would retry by itself with its own cursor; the connection's backoff decides instead.
    source.onerror = () => {
      if (this.source === source) {
        source.close();
        this.source = null;
        this.on.closed({ opened, reason: 'stream ended' });
      }
    };
  }

  add() {
    return false;
  }

  remove() {
    return false;
  }

  close() {
    const source = this.source;
    this.source = null;
    source?.close();
  }
}

export class LongPollTransport {
  static kind = 'poll';
  static label = 'long-poll';

  constructor(on) {
    this.on = on;
    this.abort = null;
  }

  async open(symbols, since) {
    const abort = new AbortController();
    this.abort = abort;
    let cursor = since;
    let opened = false;
    try {
      while (!abort.signal.aborted) {
        const url = new URL('/api/quotes/poll', location.href);
        url.searchParams.set('symbols', symbols.join(','));
        url.searchParams.set('timeout', '25');
        if (cursor >= 0) url.searchParams.set('since', cursor);
        const response = await authFetch(url, { signal: abort.signal, cache: 'no-store' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = await response.json();
        if (!opened) {
          opened = true;
          this.on.opened();
        }
        cursor = body.seq;
        if (body.quotes.length > 0) this.on.quotes(body.quotes);
        else this.on.alive(body.seq);
      }
    } catch (e) {
      if (!abort.signal.aborted) {
        this.abort = null;
        this.on.closed({ opened, reason: e.message });
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
    this.abort?.abort();
    this.abort = null;
  }
}

export const TRANSPORTS = [WebSocketTransport, SseTransport, LongPollTransport];
