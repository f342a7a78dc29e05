// The client's pure parts: the backoff rule, token expiry, and the event-stream parser on
// chunks split anywhere (a real network splits them where it likes).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readEventStream } from '../src/sse-stream.js';
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
  const jwt = token('ann', 3600, { symbols: ['AAPL'] });
  const exp = tokenExpiry(jwt);
  assert.ok(Math.abs(exp - (Date.now() / 1000 + 3600)) < 5);
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
