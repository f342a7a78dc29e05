// Real proxies between the client and the gateway, for what a network does to a link: one that
// refuses WebSocket upgrades (and, if asked, other paths) while passing plain HTTP, and a TCP one
// whose open connections can be made to go silent, as a dead NAT entry or a stuck proxy does.

import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';

/** An HTTP proxy to 127.0.0.1:`port` that answers every WebSocket upgrade 403 and `refused` paths 404. */
export async function refusingProxy(port, { refused = [] } = {}) {
  const counts = { upgrades: 0, refused: 0 };
  const server = http.createServer((req, res) => {
    if (refused.some((path) => req.url.startsWith(path))) {
      counts.refused += 1;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket) => {
    counts.upgrades += 1;
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  return listen(server, counts);
}

/** A TCP proxy to 127.0.0.1:`port`; silence() makes the connections open now drop every byte, both ways. */
export async function tcpProxy(port) {
  const open = new Set();
  const counts = { connections: 0 };
  const server = net.createServer((client) => {
    counts.connections += 1;
    const pair = { client, upstream: net.connect(port, '127.0.0.1'), silent: false };
    open.add(pair);
    client.on('data', (d) => pair.silent || pair.upstream.write(d));
    pair.upstream.on('data', (d) => pair.silent || client.write(d));
    const end = () => {
      open.delete(pair);
      client.destroy();
      pair.upstream.destroy();
    };
    for (const socket of [client, pair.upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  const proxy = await listen(server, counts, () => open.forEach((p) => {
    p.client.destroy();
    p.upstream.destroy();
  }));
  proxy.silence = () => open.forEach((pair) => {
    pair.silent = true;
  });
  return proxy;
}

async function listen(server, counts, beforeClose = () => {}) {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    async close() {
      beforeClose();
      server.closeAllConnections?.();
      server.close();
      await once(server, 'close');
    },
  };
}
