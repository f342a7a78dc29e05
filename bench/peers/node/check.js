'use strict';
// Quick manual check of a peer: one WebSocket subscriber, counts quotes for a few seconds.
//   node check.js PEER PORT [NSYMBOLS=10] [SECONDS=3]
//   PEER: node-ws | bare-netty | socketio | nchan
// Prints messages/s, a sample quote, whether the quote JSON has the contract's shape, whether
// seq increased strictly on the connection, and the mean/max age of quotes (now - ts).
// Exits non-zero if no quote arrived or a check failed.
const { performance } = require('perf_hooks');
const { WebSocket } = require('ws');
const { symbolNames } = require('./feed');

const [peer, portArg, nArg, secArg] = process.argv.slice(2);
if (!peer || !portArg) {
  console.error('usage: node check.js node-ws|bare-netty|socketio|nchan PORT [NSYMBOLS] [SECONDS]');
  process.exit(2);
}
const port = Number(portArg);
const n = Number(nArg || 10);
const seconds = Number(secArg || 3);
const list = symbolNames(n).join(',');
const url = {
  'node-ws': `ws://127.0.0.1:${port}/ws?symbols=${list}`,
  'bare-netty': `ws://127.0.0.1:${port}/ws?symbols=${list}`,
  socketio: `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&symbols=${list}`,
  nchan: `ws://127.0.0.1:${port}/sub/${list}`,
}[peer];
if (!url) {
  console.error(`unknown peer ${peer}`);
  process.exit(2);
}

const KEYS = ['type', 'symbol', 'seq', 'ts', 'bid', 'ask', 'last', 'bidSize', 'askSize', 'lastSize', 'volume', 'open'];
const wanted = new Set(symbolNames(n));
let count = 0;
let bytes = 0;
let sample = null;
let sampleRaw = null;
let lastSeq = 0;
let seqErrors = 0;
let shapeErrors = 0;
let foreign = 0;
let ageSum = 0;
let ageMax = 0;
let other = 0;
let start = 0;

function onQuote(q, raw) {
  if (start === 0) return;
  count++;
  bytes += raw.length;
  const keys = Object.keys(q);
  if (keys.length !== KEYS.length || KEYS.some((k, i) => keys[i] !== k) || q.type !== 'quote'
      || typeof q.seq !== 'number' || typeof q.ts !== 'number') shapeErrors++;
  if (!wanted.has(q.symbol)) foreign++;
  if (q.seq <= lastSeq) seqErrors++;
  lastSeq = q.seq;
  const age = (performance.timeOrigin + performance.now()) * 1000 - q.ts;
  ageSum += age;
  if (age > ageMax) ageMax = age;
  if (sample === null) { sample = q; sampleRaw = raw; }
}

const ws = new WebSocket(url, { perMessageDeflate: false });
ws.on('open', () => {
  // Skip whatever a server may replay at connect time; count from 200 ms on.
  setTimeout(() => { start = Date.now(); setTimeout(report, seconds * 1000); }, 200);
});
ws.on('message', (data, isBinary) => {
  const s = isBinary ? data.toString('utf8') : data.toString();
  if (peer === 'socketio') {
    if (s[0] === '0') { ws.send('40'); return; }
    if (s === '2') { ws.send('3'); return; }
    if (s.startsWith('42')) {
      const arr = JSON.parse(s.slice(2));
      if (arr[0] === 'quote') onQuote(arr[1], s);
      else other++;
      return;
    }
    other++;
    return;
  }
  let v;
  try { v = JSON.parse(s); } catch { other++; return; }
  if (Array.isArray(v)) for (const q of v) onQuote(q, JSON.stringify(q));
  else onQuote(v, s);
});
ws.on('error', (err) => { console.error(`error: ${err.message}`); process.exit(1); });
ws.on('close', (code) => { if (!done) { console.error(`closed early: ${code}`); process.exit(1); } });

let done = false;
function report() {
  done = true;
  const el = (Date.now() - start) / 1000;
  console.log(`url: ${url}`);
  console.log(`messages: ${count} in ${el.toFixed(2)} s = ${(count / el).toFixed(1)} msg/s, ` +
    `avg ${count ? (bytes / count).toFixed(0) : 0} bytes/frame`);
  console.log(`sample frame: ${sampleRaw}`);
  console.log(`shape errors: ${shapeErrors}, seq not increasing: ${seqErrors}, foreign symbols: ${foreign}, ` +
    `other frames: ${other}`);
  console.log(`age (now - ts): mean ${count ? (ageSum / count / 1000).toFixed(2) : '-'} ms, ` +
    `max ${(ageMax / 1000).toFixed(2)} ms`);
  ws.terminate();
  process.exit(count > 0 && shapeErrors === 0 && seqErrors === 0 && foreign === 0 ? 0 : 1);
}
