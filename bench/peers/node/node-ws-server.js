'use strict';
// node-ws peer: plain Node.js HTTP server + npm `ws`, with the in-process feed.
//   node node-ws-server.js PORT RATE SYMBOLS
//   GET /api/symbols, WebSocket ws://127.0.0.1:PORT/ws?symbols=S000,S001
// Fan-out: each quote is encoded once into one Buffer and the same Buffer is sent as a text
// frame to every subscriber of its symbol. A socket whose bufferedAmount exceeds MAX_BUFFERED
// is skipped for that quote (dropped, counted), so memory stays bounded.
const { WebSocketServer, WebSocket } = require('ws');
const { symbolsServer, startFeed, parseSymbols, parseArgs } = require('./feed');

const MAX_BUFFERED = 1024 * 1024;
const { port, rate, symbols } = parseArgs(process.argv);

// symbol index -> Set of sockets
const subscribers = new Array(symbols);
for (let i = 0; i < symbols; i++) subscribers[i] = new Set();

let sent = 0;
let dropped = 0;
let connections = 0;
let totalConnections = 0;

const server = symbolsServer(symbols);

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname !== '/ws') {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  const subs = parseSymbols(url.searchParams.get('symbols'), symbols);
  wss.handleUpgrade(req, socket, head, (ws) => {
    connections++;
    totalConnections++;
    for (const i of subs) subscribers[i].add(ws);
    ws.on('error', () => {});
    ws.on('close', () => {
      connections--;
      for (const i of subs) subscribers[i].delete(ws);
    });
  });
});

const SEND_OPTS = { binary: false, compress: false, fin: true };

const feed = startFeed({
  rate,
  symbols,
  onQuote(i, _symbol, _quote, json) {
    const set = subscribers[i];
    if (set.size === 0) return;
    const bytes = Buffer.from(json); // encoded once, shared by every send below
    for (const ws of set) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        dropped++;
        continue;
      }
      ws.send(bytes, SEND_OPTS);
      sent++;
    }
  },
});

server.listen(port, '127.0.0.1', () => {
  console.log(`node-ws listening on 127.0.0.1:${port} rate=${rate} symbols=${symbols} pid=${process.pid}`);
});

function shutdown(sig) {
  feed.stop();
  const s = feed.stats();
  process.stderr.write(
    `node-ws ${sig}: quotes=${s.emitted} avgRate=${s.avgRate.toFixed(1)}/s lateTicks=${s.lateTicks} ` +
    `maxBurst=${s.maxBurst} sent=${sent} dropped=${dropped} connections=${connections} ` +
    `totalConnections=${totalConnections}\n`,
  );
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
