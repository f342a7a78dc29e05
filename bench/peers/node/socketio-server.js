'use strict';
// socketio peer: npm `socket.io` (websocket transport only), with the in-process feed.
//   node socketio-server.js PORT RATE SYMBOLS
//   GET /api/symbols,
//   ws://127.0.0.1:PORT/socket.io/?EIO=4&transport=websocket&symbols=S000,S001
// Each client joins one room per symbol; each quote is emitted once per room with
// io.to(symbol).emit('quote', quote): socket.io encodes the packet once per broadcast and
// writes the same encoded frame to every socket in the room.
const { Server } = require('socket.io');
const { symbolsServer, startFeed, parseSymbols, parseArgs } = require('./feed');

const { port, rate, symbols } = parseArgs(process.argv);

let connections = 0;
let totalConnections = 0;
// Number of sockets per room, to skip rooms nobody listens to (socket.io would otherwise
// still build and encode the packet).
const roomSize = new Array(symbols).fill(0);

// socket.io handles /socket.io/ itself before the server's own listener is reached.
const httpServer = symbolsServer(symbols);

const io = new Server(httpServer, {
  path: '/socket.io/',
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
});

io.on('connection', (socket) => {
  connections++;
  totalConnections++;
  const subs = parseSymbols(socket.handshake.query.symbols, symbols);
  for (const i of subs) {
    socket.join(feed.names[i]);
    roomSize[i]++;
  }
  socket.on('disconnect', () => {
    connections--;
    for (const i of subs) roomSize[i]--;
  });
});

let emits = 0;
const feed = startFeed({
  rate,
  symbols,
  onQuote(i, symbol, quote) {
    if (roomSize[i] === 0) return;
    io.to(symbol).emit('quote', quote);
    emits++;
  },
});

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`socketio listening on 127.0.0.1:${port} rate=${rate} symbols=${symbols} pid=${process.pid}`);
});

function shutdown(sig) {
  feed.stop();
  const s = feed.stats();
  process.stderr.write(
    `socketio ${sig}: quotes=${s.emitted} avgRate=${s.avgRate.toFixed(1)}/s lateTicks=${s.lateTicks} ` +
    `maxBurst=${s.maxBurst} roomEmits=${emits} connections=${connections} ` +
    `totalConnections=${totalConnections}\n`,
  );
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
