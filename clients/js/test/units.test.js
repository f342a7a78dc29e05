// The client's pure parts: the backoff rule, token expiry, the event-stream parser on chunks split
// anywhere (a real network splits them where it likes), numbers written as plain decimals, and
// which quotes a subscription takes.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { plainJson, plainNumber } from '../src/requests.js';
import { readEventStream } from '../src/sse-stream.js';
import { Subscriptions } from '../src/subscriptions.js';
import { backoffDelay } from '../src/timing.js';
import { refreshDelay, tokenExpiry } from '../src/token.js';
import { token } from '../test-support/tokens.js';

it('backoff doubles from the first step to the cap, half of each step fixed and half random', () => {
  const limits = { initial: 500, max: 8000 };
  const lowest = [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, limits, () => 0));
  const highest = [0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, limits, () => 1));
  assert.deepEqual(lowest, [250, 500, 1000, 2000, 4000, 4000, 4000]);
  assert.deepEqual(highest, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
});

it('reads a JWT\'s exp, and refreshes ahead of it but not before half way', () => {
  const before = Math.floor(Date.now() / 1000);
  const jwt = token('ann', 3600, { symbols: ['AAPL'] });
  const after = Math.floor(Date.now() / 1000);
  const exp = tokenExpiry(jwt);
  // An hour from when it was made: between the clock read before and after making it.
  assert.ok(exp >= before + 3600 && exp <= after + 3600, `exp ${exp} not an hour after ${before}..${after}`);
  assert.equal(tokenExpiry('not-a-jwt'), null);
  assert.equal(refreshDelay(1000, 30_000, 1000 * 1000 - 3_600_000), 3_570_000);
  assert.equal(refreshDelay(1000, 30_000, 1000 * 1000 - 4_000), 2_000);
  assert.equal(refreshDelay(null, 30_000), null);
});

it('parses events and comments from a stream split inside lines, with \\n and \\r\\n line ends', async () => {
  const text = ': heartbeat 1\n\nid: 7\nevent: quote\ndata: {"seq":7}\n\r\nid: 8\r\nevent: quote\r\ndata: {"seq"\r\ndata: :8}\r\n\r\n';
  const chunks = [];
  for (let i = 0; i < text.length; i += 3) chunks.push(text.slice(i, i + 3));
  const body = new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
  const events = [];
  const comments = [];
  await readEventStream(new Response(body), { event: (e) => events.push(e), comment: (c) => comments.push(c) },
      new AbortController().signal);
  assert.deepEqual(comments, ['heartbeat 1']);
  assert.deepEqual(events, [
    { type: 'quote', id: '7', data: '{"seq":7}' },
    { type: 'quote', id: '8', data: '{"seq"\n:8}' },
  ]);
});

it('writes every number as a plain decimal with the digits JavaScript prints for it', () => {
  assert.deepEqual([0.00000001, 1.5e-7, 0.0153, 1.08345, 97123.45, 1e21, 1.25e22, -3e-7, 0, 5000000000].map(plainNumber),
      ['0.00000001', '0.00000015', '0.0153', '1.08345', '97123.45', '1000000000000000000000', '12500000000000000000000',
        '-0.0000003', '0', '5000000000']);
  assert.throws(() => plainNumber(Number.NaN), TypeError);
  assert.equal(plainJson([{ symbol: 'BTC-USD', bidSize: 1e-8, ts: undefined, note: 'a "quoted" e-8', ok: true, x: null }]),
      '[{"symbol":"BTC-USD","bidSize":0.00000001,"note":"a \\"quoted\\" e-8","ok":true,"x":null}]');
  for (const n of [0.00000001, 1.5e-7, 1e21, 123.456]) assert.equal(Number(plainNumber(n)), n);
});

it('takes quotes of the symbols as subscribed, and of those the gateway read a v1.1 lower-case one as', () => {
  const subs = new Subscriptions();
  subs.add(['msft', 'btcusdt', 'EUR/USD'], 0);
  const q = (symbol, seq) => ({ symbol, seq });
  const taken = subs.accept([q('MSFT', 1), q('btcusdt', 2), q('EUR/USD', 4), q('TSLA', 5), q('eur/usd', 6), q('MSFT', 1)]);

  assert.deepEqual(taken.map((x) => x.seq), [1, 2, 4]);
  assert.deepEqual([...subs.lastSeqs], [['msft', 1], ['btcusdt', 2], ['EUR/USD', 4]]);
  assert.equal(subs.owner('MSFT'), 'msft');
  assert.equal(subs.owner('eur/usd'), undefined, 'case-sensitive: only an upper-case reading stands for a subscription');
});
