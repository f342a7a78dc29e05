// Live quotes over each transport from a real gateway: subscribed symbols only, in seq order;
// unsubscribe stops a symbol; maxRate throttles one; unknown symbols are reported, not retried.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TickwireClient } from '../src/tickwire.js';
import { Gateway } from '../test-support/gateway.js';
import { Recorder, strictlyIncreasingPerSymbol } from '../test-support/recorder.js';

const gateway = new Gateway();
const clients = [];

before(() => gateway.start());
after(async () => {
  clients.forEach((c) => c.close());
  await gateway.kill();
});

function client(transport, options = {}) {
  const c = new TickwireClient({ url: gateway.url, transport, heartbeatInterval: 1000, ...options });
  clients.push(c);
  return { client: c, seen: new Recorder(c) };
}

for (const transport of ['ws', 'sse', 'poll']) {
  describe(`over ${transport}`, () => {
    it('delivers live quotes of the subscribed symbols only, each symbol in seq order', async () => {
      const { client: c, seen } = client(transport);
      const perSymbol = [];
      c.on('quote:MSFT', (q) => perSymbol.push(q));
      c.subscribe(['AAPL', 'msft']).connect();
      await seen.until(() => seen.of('AAPL').length >= 5 && seen.of('MSFT').length >= 5, 'quotes of both');

      assert.equal(c.state.state, 'live');
      assert.equal(c.state.transport, transport);
      assert.deepEqual(new Set(seen.quotes.map((q) => q.symbol)), new Set(['AAPL', 'MSFT']));
      assert.ok(strictlyIncreasingPerSymbol(seen.quotes));
      assert.deepEqual(perSymbol.map((q) => q.seq), seen.of('MSFT').map((q) => q.seq));
      assert.equal(c.lastSeq('AAPL'), seen.of('AAPL').at(-1).seq);
      const q = seen.quotes[0];
      assert.ok(q.bid < q.ask && Number.isInteger(q.ts) && Number.isInteger(q.seq));
    });

    it('stops delivering a symbol once unsubscribed, and goes on with the others', async () => {
      const { client: c, seen } = client(transport);
      c.subscribe(['AAPL', 'MSFT']).connect();
      await seen.until(() => seen.of('AAPL').length >= 2 && seen.of('MSFT').length >= 2, 'quotes of both');

      c.unsubscribe('AAPL');
      const mark = seen.quotes.length;
      await seen.until(() => seen.quotes.slice(mark).filter((x) => x.symbol === 'MSFT').length >= 10, 'more MSFT quotes');
      assert.deepEqual(seen.quotes.slice(mark).filter((x) => x.symbol === 'AAPL'), []);
      assert.deepEqual(c.symbols, ['MSFT']);
    });

    it('reports an unknown symbol as an error event and streams the others', async () => {
      const { client: c, seen } = client(transport);
      c.subscribe(['AAPL', 'NOPE1']).connect();
      await seen.until(() => seen.errors.length > 0 && seen.of('AAPL').length >= 3, 'the error and AAPL quotes');

      assert.equal(seen.errors[0].code, 'UNKNOWN_SYMBOL');
      assert.deepEqual(seen.errors[0].symbols, ['NOPE1']);
      assert.deepEqual(c.symbols, ['AAPL']);
      assert.equal(seen.errors.length, 1, 'reported once, not retried');
    });
  });
}

it('over ws, maxRate holds one symbol to its rate while another on the same link gets every quote', async () => {
  // A uniform market (zipf 0): AAPL and MSFT quote equally often; AAPL is held to 1 a second.
  const { client: c, seen } = client('ws');
  const acks = [];
  c.on('subscribed', (m) => acks.push(m));
  c.subscribe('AAPL', { maxRate: 1 }).subscribe('MSFT').connect();
  await seen.until(() => seen.of('MSFT').length >= 30, 'MSFT quotes');

  assert.equal(acks.find((a) => a.symbols.includes('AAPL')).maxRate, 1);
  assert.ok(seen.of('AAPL').length < seen.of('MSFT').length / 2, `AAPL ${seen.of('AAPL').length} against MSFT ${seen.of('MSFT').length}`);
});

it('over sse, maxRate holds the stream to its rate', async () => {
  const throttled = client('sse');
  const free = client('sse');
  throttled.client.subscribe('MSFT', { maxRate: 1 }).connect();
  free.client.subscribe('MSFT').connect();
  await throttled.seen.until(() => throttled.seen.quotes.length > 0, 'a first throttled quote');
  await free.seen.until(() => free.seen.quotes.length > 0, 'a first free quote');
  const [a, b] = [throttled.seen.quotes.length, free.seen.quotes.length];
  await free.seen.until(() => free.seen.quotes.length >= b + 30, 'unthrottled MSFT quotes');
  assert.ok(throttled.seen.quotes.length - a < 30 / 2, `throttled ${throttled.seen.quotes.length - a} against 30`);
});

it('over ws, symbols added while the link opens and once it is open are subscribed on that one link', async () => {
  const { client: c, seen } = client('ws');
  c.subscribe('AAPL').connect();
  c.subscribe('MSFT');
  await seen.until(() => seen.of('AAPL').length >= 2 && seen.of('MSFT').length >= 2, 'AAPL and MSFT quotes');
  c.subscribe('NVDA');
  await seen.until(() => seen.of('NVDA').length >= 2, 'NVDA quotes');

  assert.deepEqual(seen.stateNames, ['connecting', 'live']);
  assert.ok(strictlyIncreasingPerSymbol(seen.quotes));
});
