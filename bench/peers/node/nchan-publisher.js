'use strict';
// Publisher for the nchan peer: one WebSocket publisher connection per symbol to
// ws://127.0.0.1:PORT/pub/<symbol>; each quote is sent as one text message on its symbol's
// connection, paced by the shared feed.
//   node nchan-publisher.js PORT RATE SYMBOLS
// Prints "publishing" once every connection is open and the feed has started. A connection
// whose bufferedAmount exceeds MAX_BUFFERED skips the quote (dropped, counted). A closed
// connection is reopened after RECONNECT_MS; quotes for it are dropped meanwhile.
const { WebSocket } = require('ws');
const { symbolNames, startFeed, parseArgs } = require('./feed');

const MAX_BUFFERED = 1024 * 1024;
const RECONNECT_MS = 100;
const { port, rate, symbols } = parseArgs(process.argv);
const names = symbolNames(symbols);
const conns = new Array(symbols).fill(null);

let sent = 0;
let dropped = 0;
let notOpen = 0;
let acks = 0;
let reconnects = 0;
let feed = null;
let stopping = false;

function connect(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/pub/${names[i]}`, { perMessageDeflate: false });
    let opened = false;
    ws.on('open', () => {
      opened = true;
      conns[i] = ws;
      resolve();
    });
    ws.on('message', () => { acks++; }); // nchan may answer with a status per publish
    ws.on('error', (err) => {
      if (!opened) reject(new Error(`${names[i]}: ${err.message}`));
    });
    ws.on('close', (code) => {
      if (conns[i] === ws) conns[i] = null;
      if (!opened || stopping) return;
      console.error(`publisher connection ${names[i]} closed (${code}), reconnecting`);
      reconnects++;
      setTimeout(function retry() {
        if (stopping) return;
        connect(i).catch(() => setTimeout(retry, RECONNECT_MS));
      }, RECONNECT_MS);
    });
  });
}

const SEND_OPTS = { binary: false, compress: false, fin: true };

async function main() {
  await Promise.all(names.map((_, i) => connect(i)));
  feed = startFeed({
    rate,
    symbols,
    onQuote(i, _symbol, _quote, json) {
      const ws = conns[i];
      if (ws === null || ws.readyState !== WebSocket.OPEN) {
        notOpen++;
        return;
      }
      if (ws.bufferedAmount > MAX_BUFFERED) {
        dropped++;
        return;
      }
      ws.send(json, SEND_OPTS);
      sent++;
    },
  });
  console.log(`publishing to 127.0.0.1:${port}/pub/<symbol> rate=${rate} symbols=${symbols} pid=${process.pid}`);
}

function shutdown(sig) {
  stopping = true;
  const s = feed ? feed.stats() : { emitted: 0, avgRate: 0, lateTicks: 0, maxBurst: 0 };
  if (feed) feed.stop();
  process.stderr.write(
    `nchan-publisher ${sig}: quotes=${s.emitted} avgRate=${s.avgRate.toFixed(1)}/s lateTicks=${s.lateTicks} ` +
    `maxBurst=${s.maxBurst} sent=${sent} dropped=${dropped} notOpen=${notOpen} replies=${acks} ` +
    `reconnects=${reconnects}\n`,
  );
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

main().catch((err) => {
  console.error(`nchan-publisher failed: ${err.message}`);
  process.exit(1);
});
