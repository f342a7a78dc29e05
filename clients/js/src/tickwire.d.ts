// Types of Tickwire's JavaScript client (tickwire.js), for editors and TypeScript users.

/** A level-1 quote (PROTOCOL.md §1). */
export interface Quote {
  type: 'quote';
  symbol: string;
  /** The feed's sequence number: strictly increasing, the same on every node; the resume cursor. */
  seq: number;
  /** When the feed produced it, epoch microseconds. */
  ts: number;
  bid: number;
  ask: number;
  last: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  volume: number;
  open: number;
}

export type TransportKind = 'ws' | 'sse' | 'poll';

export interface TickwireOptions {
  /** The gateway's base URL, e.g. 'https://quotes.example.com'; in a browser, the page's origin by default. */
  url?: string | URL;
  /** The transport to try first; the client falls back ws → sse → poll. Default 'ws'. */
  transport?: TransportKind;
  /** A fixed access token (JWT), when the gateway has authentication on. */
  token?: string;
  /** Asked for a token at every connect and ahead of the current token's exp (then sent in-band). */
  getToken?: () => string | Promise<string>;
  /** Ask getToken() this many ms before exp (at most half way through what is left). Default 30000. */
  refreshBefore?: number;
  /** The gateway's tickwire.client.heartbeat-interval in ms; a link silent twice this long is reopened. 0: no watchdog. Default 10000. */
  heartbeatInterval?: number;
  /** Seconds a long-poll request may wait. Default: the heartbeat interval (25 without one). */
  pollTimeout?: number;
  /** Reconnect delays in ms: the step doubles from initial to max, half of it random. Default { initial: 500, max: 8000 }. */
  backoff?: { initial?: number; max?: number };
  /** Failed opens of a transport, with the gateway answering HTTP, before falling back to the next. Default 2. */
  failuresBeforeFallback?: number;
  /** A WebSocket constructor (Node 20 without --experimental-websocket: e.g. the 'ws' package's). Default globalThis.WebSocket. */
  WebSocket?: unknown;
  /** A fetch function. Default globalThis.fetch. */
  fetch?: typeof fetch;
}

export type LinkState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed' | 'closed';

export interface StateEvent {
  state: LinkState;
  transport: TransportKind;
  /** 'WebSocket', 'SSE' or 'long-poll'. */
  label: string;
  /** reconnecting: ms until the next attempt. */
  delay?: number;
  /** reconnecting: how many attempts in a row so far. */
  attempt?: number;
  /** reconnecting, failed: why. */
  reason?: string;
  /** failed: the HTTP status that refused the client (401 token refused or expired, 403 forbidden, 400 bad request). */
  status?: number;
}

export interface ErrorEvent {
  /** UNKNOWN_SYMBOL, NOT_ENTITLED (their symbols leave the subscription), LIMIT_EXCEEDED, RATE_LIMITED, BAD_REQUEST, UNAUTHENTICATED, TOKEN_REFRESH_FAILED, … */
  code: string;
  message: string;
  symbols: string[];
}

export interface FallbackEvent {
  from: TransportKind;
  to: TransportKind;
  fromLabel: string;
  toLabel: string;
  reason: string;
}

export interface TickwireEvents {
  quote: Quote;
  quotes: Quote[];
  state: StateEvent;
  error: ErrorEvent;
  heartbeat: { seq: number | null };
  fallback: FallbackEvent;
  subscribed: { type: 'subscribed'; id?: string; symbols: string[]; maxRate?: number };
  unsubscribed: { type: 'unsubscribed'; id?: string; symbols: string[] };
  authenticated: { type: 'authenticated'; id?: string; exp: number };
}

export declare class TickwireClient {
  constructor(options?: TickwireOptions);
  /** The last state event. */
  readonly state: StateEvent;
  readonly transport: TransportKind;
  readonly transportLabel: string;
  readonly symbols: string[];
  /** The seq of the last quote delivered for the symbol. */
  lastSeq(symbol: string): number | undefined;
  on<E extends keyof TickwireEvents>(event: E, listener: (value: TickwireEvents[E]) => void): () => void;
  on(event: `quote:${string}`, listener: (quote: Quote) => void): () => void;
  once<E extends keyof TickwireEvents>(event: E, listener: (value: TickwireEvents[E]) => void): () => void;
  once(event: `quote:${string}`, listener: (quote: Quote) => void): () => void;
  off(event: string, listener: (value: any) => void): void;
  /** Starts the link (again, after 'failed' or close()). */
  connect(): this;
  /** Ends the link for good: state 'closed'. */
  close(): void;
  /** Adds symbols ('*': every symbol the caller may see), at most maxRate quotes/s per symbol. */
  subscribe(symbols: string | string[], options?: { maxRate?: number }): this;
  unsubscribe(symbols: string | string[]): this;
  /** Switches transport now. */
  useTransport(kind: TransportKind): void;
  /** Replaces the token (in-band over WebSocket). */
  setToken(token: string): void;
}

export declare const TRANSPORTS: ReadonlyArray<{ readonly kind: TransportKind; readonly label: string }>;
