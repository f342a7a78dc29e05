'use strict';
const { performance } = require('perf_hooks');
// Shared quote feed for the Node.js peers (node-ws, socketio) and the nchan publisher.
// Contract: bench/peers/README.md.
//  - SYMBOLS symbols S000, S001, ... (zero-padded to 3 digits).
//  - RATE quotes per second in total, each for a symbol drawn uniformly at random (seeded, as
//    Tickwire's simulator does with --tickwire.feed.zipf-exponent=0), paced on a 1 ms tick:
//    each tick emits every quote that fell due since the start, so the average rate holds
//    even when a tick fires late.
//  - seq is feed-wide (1, 2, 3, ...), ts is the epoch microseconds at which the quote was made.
//  - Each quote is encoded once (JSON.stringify once); callers send the same bytes to every
//    subscriber.

function symbolName(i) {
  return 'S' + String(i).padStart(3, '0');
}

function symbolNames(count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = symbolName(i);
  return out;
}

// Body of GET /api/symbols: [{"symbol":"S000","name":"S000"}, ...]
function symbolsJson(count) {
  return JSON.stringify(symbolNames(count).map((s) => ({ symbol: s, name: s })));
}

// Reads an integer argument or environment variable, failing loudly on garbage.
function intArg(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

// Small deterministic PRNG (xorshift32) so every peer publishes the same price path.
function makeRandom(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  return function next() {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

// Starts the publisher. onQuote(symbolIndex, symbol, quote, json) is called once per quote,
// where quote is the plain object and json its JSON.stringify (computed once).
// Returns { stop(), stats() }.
function startFeed({ rate, symbols, onQuote, tickMs = 1 }) {
  const names = symbolNames(symbols);
  const rnd = makeRandom(20251121);
  // Not round-robin: with clients subscribed to runs of adjacent symbols, consecutive quotes
  // would mostly go to the same clients and share their packets, which a random order does not.
  const pick = makeRandom(7);
  // Per-symbol state, prices kept in integer cents so the JSON has at most 2 decimals.
  const lastCents = new Array(symbols);
  const openCents = new Array(symbols);
  const volume = new Array(symbols);
  for (let i = 0; i < symbols; i++) {
    const c = 10000 + (i % 50) * 100; // 100.00, 101.00, ... 149.00
    lastCents[i] = c;
    openCents[i] = c;
    volume[i] = 10000;
  }

  // BENCH_FEED_DELAY_MS: the bench starts the feed only after its clients have connected.
  const delayMs = Number(process.env.BENCH_FEED_DELAY_MS || 0);
  let startHr = null;
  let emitted = 0; // quotes emitted so far == last seq
  let lateTicks = 0;
  let maxBurst = 0;

  // Epoch microseconds with sub-millisecond precision (performance.timeOrigin is the epoch
  // time, in fractional ms, at which the process's monotonic clock started).
  function nowEpochUs() {
    return Math.floor((performance.timeOrigin + performance.now()) * 1000);
  }

  function makeQuote(i) {
    const r = rnd();
    const step = (r % 3) - 1; // -1, 0, +1 cent
    let last = lastCents[i] + step;
    if (last < 100) last = 100;
    lastCents[i] = last;
    const bid = last - 1;
    const ask = last;
    const lastSize = 100 * (1 + ((r >>> 4) % 10));
    volume[i] += lastSize;
    const seq = ++emitted;
    return {
      type: 'quote',
      symbol: names[i],
      seq,
      ts: nowEpochUs(),
      bid: bid / 100,
      ask: ask / 100,
      last: last / 100,
      bidSize: 100 * (1 + ((r >>> 8) % 10)),
      askSize: 100 * (1 + ((r >>> 12) % 10)),
      lastSize,
      volume: volume[i],
      open: openCents[i] / 100,
    };
  }

  function tick() {
    const elapsedUs = Number((process.hrtime.bigint() - startHr) / 1000n);
    const due = Math.floor((elapsedUs * rate) / 1e6);
    const n = due - emitted;
    if (n <= 0) return;
    if (n > maxBurst) maxBurst = n;
    if (n > Math.ceil((rate * tickMs * 2) / 1000) + 1) lateTicks++;
    for (let k = 0; k < n; k++) {
      const i = pick() % symbols;
      const q = makeQuote(i);
      onQuote(i, names[i], q, JSON.stringify(q));
    }
  }

  let timer = null;
  const delay = setTimeout(() => {
    startHr = process.hrtime.bigint();
    timer = setInterval(tick, tickMs);
  }, delayMs);
  return {
    stop() { clearTimeout(delay); clearInterval(timer); },
    stats() {
      const elapsedS = startHr === null ? 0 : Number(process.hrtime.bigint() - startHr) / 1e9;
      return { emitted, elapsedS, avgRate: emitted / elapsedS, lateTicks, maxBurst };
    },
    names,
  };
}

// Parses "S000,S001" (query value) into known symbol indexes; unknown names are ignored.
function parseSymbols(value, count) {
  const out = [];
  if (!value) return out;
  const seen = new Set();
  for (const raw of String(value).split(',')) {
    const s = raw.trim();
    if (!/^S\d{3,}$/.test(s)) continue;
    const i = Number(s.slice(1));
    if (i < count && symbolName(i) === s && !seen.has(i)) {
      seen.add(i);
      out.push(i);
    }
  }
  return out;
}

// Common argv handling: node <script> PORT RATE SYMBOLS
function parseArgs(argv) {
  const [port, rate, symbols] = argv.slice(2);
  return {
    port: intArg(port ?? process.env.PORT, 'PORT'),
    rate: intArg(rate ?? process.env.RATE, 'RATE'),
    symbols: intArg(symbols ?? process.env.SYMBOLS, 'SYMBOLS'),
  };
}

// An HTTP server answering GET /api/symbols (the contract) and 404 to anything else; the peers
// attach their WebSocket handling to it.
function symbolsServer(symbols) {
  const http = require('http');
  const body = Buffer.from(symbolsJson(symbols));
  return http.createServer((req, res) => {
    if (req.method === 'GET' && req.url.split('?', 1)[0] === '/api/symbols') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  });
}

module.exports = { symbolName, symbolNames, symbolsJson, symbolsServer, startFeed, parseSymbols, parseArgs, intArg };
