// What the network and the gateway do to a link: a gateway killed and started again, WebSocket
// refused by a proxy, SSE refused as well, and a link gone silent. The client copes by itself.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TickwireClient } from '../src/tickwire.js';
import { Gateway } from '../test-support/gateway.js';
import { refusingProxy, tcpProxy } from '../test-support/proxies.js';
import { Recorder, strictlyIncreasingPerSymbol } from '../test-support/recorder.js';

const clients = [];
const proxies = [];
after(async () => {
  clients.forEach((c) => c.close());
  for (const p of proxies) await p.close();
});

function client(url, transport, options = {}) {
  const c = new TickwireClient({ url, transport, heartbeatInterval: 1000, backoff: { initial: 200, max: 1000 }, ...options });
  clients.push(c);
  return { client: c, seen: new Recorder(c) };
}

describe('a gateway killed and started again on the same port', () => {
  const gateway = new Gateway();
  before(() => gateway.start());
  after(() => gateway.kill());

  it('is reconnected to by itself over each transport, each resuming with no quote repeated or stale', async () => {
    const links = ['ws', 'sse', 'poll'].map((t) => client(gateway.url, t));
    for (const { client: c } of links) c.subscribe(['AAPL', 'MSFT', 'NVDA']).connect();
    for (const { seen } of links) await seen.until(() => ['AAPL', 'MSFT', 'NVDA'].every((s) => seen.of(s).length >= 2), 'quotes before the kill');

    await gateway.kill();
    for (const { seen } of links) await seen.until(() => seen.stateNames.includes('reconnecting'), 'reconnecting');
    const before = links.map(({ seen }) => seen.quotes.length);
    await gateway.start();

    for (const [i, { client: c, seen }] of links.entries()) {
      await seen.until(() => ['AAPL', 'MSFT', 'NVDA'].every((s) => seen.quotes.slice(before[i]).filter((q) => q.symbol === s).length >= 2),
          `${c.transport}: quotes of every symbol after the restart`);
      assert.equal(c.state.state, 'live');
      assert.equal(c.transport, ['ws', 'sse', 'poll'][i], 'the gateway was down, not the transport: no fallback');
      const reconnecting = seen.states.filter((s) => s.state === 'reconnecting');
      assert.ok(reconnecting.every((s) => s.delay > 0 && typeof s.reason === 'string'), JSON.stringify(reconnecting));
      assert.ok(strictlyIncreasingPerSymbol(seen.quotes), `${c.transport}: a quote repeated or older than one delivered`);
    }
  });
});

describe('a proxy in front of the gateway', () => {
  const gateway = new Gateway();
  before(() => gateway.start());
  after(() => gateway.kill());

  it('refusing WebSocket upgrades: the client falls back to SSE and says so', async () => {
    const proxy = await refusingProxy(gateway.port);
    proxies.push(proxy);
    const { client: c, seen } = client(proxy.url, 'ws');
    const fallbacks = [];
    c.on('fallback', (f) => fallbacks.push(f));
    c.subscribe('AAPL').connect();
    await seen.until(() => seen.of('AAPL').length >= 3, 'AAPL quotes');

    assert.equal(c.transport, 'sse');
    assert.deepEqual(fallbacks.map((f) => [f.from, f.to]), [['ws', 'sse']]);
    assert.ok(proxy.counts.upgrades >= 2);
  });

  it('refusing WebSocket and SSE: the client falls back to long-poll', async () => {
    const proxy = await refusingProxy(gateway.port, { refused: ['/sse'] });
    proxies.push(proxy);
    const { client: c, seen } = client(proxy.url, 'ws');
    const fallbacks = [];
    c.on('fallback', (f) => fallbacks.push(f.to));
    c.subscribe(['AAPL', 'MSFT']).connect();
    await seen.until(() => seen.of('AAPL').length >= 3 && seen.of('MSFT').length >= 3, 'quotes');

    assert.equal(c.state.label, 'long-poll');
    assert.deepEqual(fallbacks, ['sse', 'poll']);
    assert.ok(proxy.counts.refused >= 2);
    assert.ok(strictlyIncreasingPerSymbol(seen.quotes));
  });

  for (const transport of ['ws', 'sse', 'poll']) {
    it(`going silent over ${transport}: the watchdog drops the link and opens another, which resumes`, async () => {
      const proxy = await tcpProxy(gateway.port);
      proxies.push(proxy);
      const { client: c, seen } = client(proxy.url, transport);
      c.subscribe(['AAPL', 'MSFT']).connect();
      await seen.until(() => seen.of('AAPL').length >= 2, 'AAPL quotes');

      proxy.silence();
      await seen.until(() => seen.states.some((s) => s.state === 'reconnecting'), 'the watchdog');
      const mark = seen.quotes.length;
      await seen.until(() => seen.quotes.slice(mark).filter((q) => q.symbol === 'AAPL').length >= 2, 'AAPL quotes again');

      const dropped = seen.states.find((s) => s.state === 'reconnecting');
      assert.match(dropped.reason, /no data for 2000 ms/);
      assert.equal(c.transport, transport);
      assert.ok(proxy.counts.connections >= 2, 'a new connection');
      assert.ok(strictlyIncreasingPerSymbol(seen.quotes));
    });
  }
});
