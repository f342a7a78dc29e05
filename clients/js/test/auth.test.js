// Against a gateway with authentication on: a refused token fails at once and is not retried, an
// expiring token is refreshed in-band on the open WebSocket, a token that runs out without a
// fresh one fails with 401, and symbols the token does not grant are reported.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { TickwireClient } from '../src/tickwire.js';
import { Gateway } from '../test-support/gateway.js';
import { Recorder } from '../test-support/recorder.js';
import { SECRET, token } from '../test-support/tokens.js';

const gateway = new Gateway(['--tickwire.auth.enabled=true', `--tickwire.auth.hmac-secret=${SECRET}`,
  '--tickwire.auth.clock-skew=0s']);
const clients = [];
const TECH = { symbols: ['AAPL', 'MSFT'] };

before(() => gateway.start());
after(async () => {
  clients.forEach((c) => c.close());
  await gateway.kill();
});

function client(options) {
  const c = new TickwireClient({ url: gateway.url, heartbeatInterval: 1000, backoff: { initial: 50, max: 50 }, ...options });
  clients.push(c);
  return { client: c, seen: new Recorder(c) };
}

for (const transport of ['ws', 'sse', 'poll']) {
  it(`over ${transport}, a refused token fails with 401 at once and is not retried`, async () => {
    const refused = client({ transport, token: token('ann', 3600, TECH, 'another-secret-of-at-least-32-bytes!!') });
    refused.client.subscribe('AAPL').connect();
    await refused.seen.until(() => refused.client.state.state === 'failed', 'failed');
    // Retries would come every 50 ms: a good client's first quotes take longer than several of those.
    const good = client({ transport, token: token('ann', 3600, TECH) });
    good.client.subscribe('AAPL').connect();
    await good.seen.until(() => good.seen.quotes.length >= 3, 'a good client\'s quotes');

    assert.deepEqual(refused.seen.stateNames, ['connecting', 'failed']);
    assert.equal(refused.client.state.status, 401);
    assert.equal(refused.client.transport, transport, 'a refused token is no reason to fall back');
    assert.deepEqual(refused.seen.quotes, []);
  });
}

it('over ws, a token about to expire is refreshed in-band: the link stays open past the first token\'s exp', async () => {
  const firstExp = Math.floor(Date.now() / 1000) + 3;
  let asked = 0;
  const authenticated = [];
  const { client: c, seen } = client({ getToken: async () => token('ann', 3 + asked++, TECH) });
  c.on('authenticated', (m) => authenticated.push(m.exp));
  c.subscribe('AAPL').connect();
  await seen.until(() => seen.quotes.some((q) => q.ts / 1000 > (firstExp + 2) * 1000), 'a quote 2 s past the first token\'s exp', 30_000);

  assert.deepEqual(seen.stateNames, ['connecting', 'live'], 'one link, never reopened');
  assert.ok(authenticated.length >= 2, `refreshed ${authenticated.length} times`);
  assert.ok(authenticated.every((exp, i) => i === 0 || exp > authenticated[i - 1]));
});

it('a token that runs out with no fresh one to be had fails with 401 when the gateway ends the link', async () => {
  const fixed = token('ann', 2, TECH);
  const { client: c, seen } = client({ getToken: () => fixed });
  c.subscribe('AAPL').connect();
  await seen.until(() => c.state.state === 'failed', 'failed', 30_000);

  assert.equal(c.state.status, 401);
  assert.ok(seen.quotes.length > 0);
  assert.deepEqual(seen.stateNames.filter((s) => s === 'live'), ['live']);
});

for (const transport of ['ws', 'sse', 'poll']) {
  it(`over ${transport}, a symbol the token does not grant is reported NOT_ENTITLED and the others stream`, async () => {
    const { client: c, seen } = client({ transport, token: token('ann', 3600, TECH) });
    c.subscribe(['AAPL', 'SPY']).connect();
    await seen.until(() => seen.errors.length > 0 && seen.of('AAPL').length >= 3, 'the refusal and AAPL quotes');

    assert.equal(seen.errors[0].code, 'NOT_ENTITLED');
    assert.deepEqual(seen.errors[0].symbols, ['SPY']);
    assert.deepEqual(seen.of('SPY'), []);
    assert.deepEqual(c.symbols, ['AAPL']);
  });
}
