// Types of Tickwire's JavaScript client (tickwire.js), for editors and TypeScript users.

/**
 * A level-1 quote (PROTOCOL.md §1). Its numbers are at its instrument's precision (see
 * {@link Instrument}): format prices with `toFixed(priceDecimals)` (an FX pair's 1.08345, a
 * yen pair's 151.203), sizes and volume with up to `sizeDecimals` places (whole for equities,
 * 0.0153 for crypto).
 */
export interface Quote {
  type: 'quote';
  /** The instrument's symbol, case-sensitive: `AAPL`, `EUR/USD`, `BTC-USD`, `XETR:SAP`. */
  symbol: string;
  /** The feed's sequence number: strictly increasing, the same on every node; the resume cursor (< 2^53). */
  seq: number;
  /** When the feed produced it, epoch microseconds. */
  ts: number;
  /** Best bid: a multiple of the instrument's tickSize, with at most priceDecimals places; bid < ask. */
  bid: number;
  /** Best ask, on the tick. */
  ask: number;
  /** Last trade price, on the tick. */
  last: number;
  /** Quantity at the bid, > 0, with at most sizeDecimals places: fractional for crypto (0.0153). */
  bidSize: number;
  /** Quantity at the ask, > 0, with at most sizeDecimals places. */
  askSize: number;
  /** Quantity of the last trade, > 0, with at most sizeDecimals places. */
  lastSize: number;
  /** Quantity traded today, non-decreasing per symbol, with at most sizeDecimals places. */
  volume: number;
  /** The day's opening price, on the tick: for change and change-%. */
  open: number;
}

/** What kind of instrument a symbol is (PROTOCOL.md §1a). */
export type InstrumentType = 'equity' | 'etf' | 'fx' | 'crypto' | 'future' | 'index' | 'other';

/** A symbol the gateway carries, with its precision (PROTOCOL.md §1a), as `instruments()` lists it. */
export interface Instrument {
  symbol: string;
  /** For display: `Euro / US Dollar`, `Bitcoin`. */
  name: string;
  type: InstrumentType;
  /** What its prices are in: 1 to 12 of A-Z0-9 (`USD`, `JPY`, `USDT`). */
  currency: string;
  /** The price increment, a multiple of 10^-priceDecimals: 0.01, 0.00001, 0.25. */
  tickSize: number;
  /** Decimal places of every price, 0-10. */
  priceDecimals: number;
  /** Decimal places of every size and of the volume, 0-8 (0: whole shares). */
  sizeDecimals: number;
}

/**
 * An instrument as a publisher defines it (PROTOCOL.md §1a, §8): only `symbol` is required; left
 * out, `name` is the symbol, `type` equity, `currency` USD, `priceDecimals` the fewest places that
 * write `tickSize` (2 without one), `tickSize` one unit of `priceDecimals`, `sizeDecimals` 0.
 */
export type InstrumentDefinition = Pick<Instrument, 'symbol'> & Partial<Omit<Instrument, 'symbol'>>;

/** A quote as a publisher writes it (PROTOCOL.md §7, §8): §1's quote without `type` and `seq`; `ts` may be left out. */
export type PublishedQuote = Omit<Quote, 'type' | 'seq' | 'ts'> & { ts?: number };

/** What `publish()` published: `count` quotes with the consecutive seqs `firstSeq`..`lastSeq`. */
export interface PublishResult {
  count: number;
  firstSeq: number;
  lastSeq: number;
}

/** A request the gateway refused (an `instruments()`, `publish()` or `defineInstruments()` call), in its own words. */
export declare class GatewayRefusal extends Error {
  readonly name: 'GatewayRefusal';
  /** The HTTP status: 400, 401, 403, 409, 413, 429, 503, … */
  readonly status: number;
  /** BAD_QUOTE, BAD_INSTRUMENT, BAD_REQUEST, LIMIT_EXCEEDED, NOT_ENTITLED, NOT_PUBLISHABLE, UNAUTHENTICATED, FEED_UNAVAILABLE, …; null if the body was not the gateway's. */
  readonly code: string | null;
  /** BAD_QUOTE, BAD_INSTRUMENT: the place of the first bad item in the array sent, 0-based. */
  readonly index?: number;
  /** The symbols at fault (NOT_ENTITLED: those the token may not publish). */
  readonly symbols: string[];
  /** Seconds to wait before trying again, when the gateway said (503, 429). */
  readonly retryAfter?: number;
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
  /** GET /api/symbols with the client's token: the instruments it may see, each with its precision. */
  instruments(): Promise<Instrument[]>;
  /** POST /api/publish with the client's token (PROTOCOL.md §8); rejects with a GatewayRefusal. */
  publish(quotes: PublishedQuote | PublishedQuote[]): Promise<PublishResult>;
  /** POST /api/instruments with the client's token (PROTOCOL.md §8); rejects with a GatewayRefusal. */
  defineInstruments(instruments: InstrumentDefinition | InstrumentDefinition[]): Promise<{ count: number }>;
}

export declare const TRANSPORTS: ReadonlyArray<{ readonly kind: TransportKind; readonly label: string }>;
