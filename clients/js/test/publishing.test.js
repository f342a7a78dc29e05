// Against a node fed by its users over HTTP (PROTOCOL.md §8), with authentication on: instruments of
// several kinds defined and listed with their precision; quotes published with the client's token
// and streamed over each transport at their digits (fractional sizes, sent as plain decimals); and
// refusals (a bad quote, a bad instrument, a symbol outside the token's publish list, no token)
// rejected in the gateway's own words.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { GatewayRefusal, TickwireClient } from '../src/tickwire.js';
import { FED_OVER_HTTP, Gateway } from '../test-support/gateway.js';
import { Recorder } from '../test-support/recorder.js';
import { SECRET, token } from '../test-support/tokens.js';

const gateway = new Gateway([...FED_OVER_HTTP, '--tickwire.auth.enabled=true', `--tickwire.auth.hmac-secret=${SECRET}`]);
const FEEDER = token('feeder', 3600, { symbols: ['*'], publish: ['*'] });
const READER = token('reader', 3600, { symbols: ['*'] });
const INSTRUMENTS = [
  { symbol: 'AAPL', name: 'Apple Inc.' },
  { symbol: 'EUR/USD', name: 'Euro / US Dollar', type: 'fx', tickSize: 0.00001 },
  { symbol: 'USD/JPY', name: 'US Dollar / Japanese Yen', type: 'fx', currency: 'JPY', tickSize: 0.001 },
  { symbol: 'BTC-USD', name: 'Bitcoin', type: 'crypto', tickSize: 0.01, sizeDecimals: 8 },
  { symbol: 'ESZ6', name: 'E-mini S&P 500 Dec 2026', type: 'future', tickSize: 0.25 },
];
const MARKETS = ['EUR/USD', 'USD/JPY', 'BTC-USD'];
const clients = [];

function quote(symbol, bid, ask, size, volume) {
  return { symbol, bid, ask, last: ask, bidSize: size, askSize: size, lastSize: size, volume, open: bid };
}

/** One quote of each market; `step` moves the whole volumes, so each call's quotes differ. */
function quotes(step) {
  return [
    quote('EUR/USD', 1.08345, 1.08347, 1_000_000, 5_000_000_000 + step),
    quote('USD/JPY', 151.2, 151.203, 2_000_000, 800_000_000 + step),
    { ...quote('BTC-USD', 97123.45, 97123.46, 0.0153, 12345.67891234), lastSize: 0.00000001 },
  ];
}

function client(options) {
  const c = new TickwireClient({ url: gateway.url, heartbeatInterval: 1000, backoff: { initial: 50, max: 200 }, ...options });
  clients.push(c);
  return c;
}

/** Asserts that `promise` rejects with a GatewayRefusal having `expected`'s fields. */
async function refused(promise, expected) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof GatewayRefusal, `a GatewayRefusal, not ${e}`);
    for (const [field, value] of Object.entries(expected)) assert.deepEqual(e[field], value, field);
    return true;
  });
}

before(async () => {
  await gateway.start();
  assert.deepEqual(await client({ token: FEEDER }).defineInstruments(INSTRUMENTS), { count: INSTRUMENTS.length });
});
after(async () => {
  clients.forEach((c) => c.close());
  await gateway.kill();
});

it('lists the instruments with the precision the gateway gave each, its defaults filled in', async () => {
  const listed = new Map((await client({ token: READER }).instruments()).map((i) => [i.symbol, i]));

  assert.deepEqual(listed.get('EUR/USD'), {
    symbol: 'EUR/USD', name: 'Euro / US Dollar', type: 'fx', currency: 'USD', tickSize: 0.00001, priceDecimals: 5, sizeDecimals: 0,
  });
  assert.equal(listed.get('USD/JPY').priceDecimals, 3);
  assert.equal(listed.get('BTC-USD').sizeDecimals, 8);
  assert.deepEqual(listed.get('AAPL'), {
    symbol: 'AAPL', name: 'Apple Inc.', type: 'equity', currency: 'USD', tickSize: 0.01, priceDecimals: 2, sizeDecimals: 0,
  });
  assert.equal(listed.get('ESZ6').tickSize, 0.25);
});

for (const [step, transport] of ['ws', 'sse', 'poll'].entries()) {
  it(`over ${transport}, published FX and crypto quotes arrive with their numbers exactly as published`, async () => {
    const reader = client({ transport, token: READER });
    const seen = new Recorder(reader);
    const precision = new Map((await reader.instruments()).map((i) => [i.symbol, i]));
    reader.subscribe(MARKETS).connect();
    await seen.until(() => reader.state.state === 'live', 'live');
    const published = await client({ token: FEEDER }).publish(quotes(step));
    assert.equal(published.count, 3);
    assert.equal(published.lastSeq - published.firstSeq, 2);
    await seen.until(() => seen.quotes.some((q) => q.seq === published.lastSeq), `seq ${published.lastSeq}`);

    const got = new Map(seen.quotes.filter((q) => q.seq >= published.firstSeq).map((q) => [q.symbol, q]));
    const eur = got.get('EUR/USD');
    assert.equal(eur.bid.toFixed(precision.get('EUR/USD').priceDecimals), '1.08345');
    assert.equal(got.get('USD/JPY').bid.toFixed(precision.get('USD/JPY').priceDecimals), '151.200');
    const btc = got.get('BTC-USD');
    assert.deepEqual([btc.bid, btc.bidSize, btc.lastSize, btc.volume], [97123.45, 0.0153, 0.00000001, 12345.67891234]);
    assert.equal(btc.lastSize.toFixed(precision.get('BTC-USD').sizeDecimals), '0.00000001');
  });
}

it('sends every number of a publish as a plain decimal, never in exponent notation', async () => {
  const bodies = [];
  const spying = client({ token: FEEDER, fetch: (url, init) => {
    bodies.push(init?.body);
    return fetch(url, init);
  } });
  await spying.publish(quotes(7)[2]);

  assert.match(bodies[0], /"lastSize":0\.00000001[,}]/);
  assert.doesNotMatch(bodies[0], /\de-?\d/i);
});

it('a bad quote rejects with BAD_QUOTE naming its index and why, and nothing of the call is published', async () => {
  const feeder = client({ token: FEEDER });
  const earlier = await feeder.publish(quotes(8)[0]);
  await refused(feeder.publish([quote('EUR/USD', 1.08345, 1.08347, 1, 1), quote('ESZ6', 6012.1, 6012.5, 1, 1)]), {
    status: 400, code: 'BAD_QUOTE', index: 1, message: 'quotes[1] (ESZ6): bid 6012.1 is not a multiple of the tick 0.25',
  });
  const next = await feeder.publish(quotes(9)[0]);
  assert.ok(next.firstSeq > earlier.lastSeq);
  const snapshot = await (await fetch(`${gateway.url}/api/quotes?symbols=EUR/USD`, { headers: { Authorization: `Bearer ${READER}` } })).json();
  assert.equal(snapshot.quotes[0].seq, next.lastSeq, 'the refused call\'s EUR/USD quote was never published');
});

it('a bad instrument rejects with BAD_INSTRUMENT naming its index', async () => {
  await refused(client({ token: FEEDER }).defineInstruments([{ symbol: 'GOOD' }, { symbol: 'X', tickSize: 0.005, priceDecimals: 2 }]), {
    status: 400, code: 'BAD_INSTRUMENT', index: 1,
    message: 'instruments[1] (X): tickSize 0.005 must be a positive multiple of 0.01 (priceDecimals 2)',
  });
});

it('a symbol outside the token\'s publish list rejects with NOT_ENTITLED naming it, and no token at all with 401', async () => {
  const bitcoinOnly = client({ token: token('feeder', 3600, { symbols: ['*'], publish: ['BTC-*'] }) });
  await refused(bitcoinOnly.defineInstruments([{ symbol: 'BTC-EUR' }, { symbol: 'EUR/GBP', type: 'fx' }]), {
    status: 403, code: 'NOT_ENTITLED', symbols: ['EUR/GBP'],
  });
  await refused(client({}).publish(quotes(10)), { status: 401, code: 'UNAUTHENTICATED' });
  await refused(client({}).instruments(), { status: 401, code: 'UNAUTHENTICATED' });
});

it('a client with getToken and no link yet asks it for the token of a request, and keeps no token from it', async () => {
  let asked = 0;
  const c = client({ getToken: async () => {
    asked += 1;
    return READER;
  } });
  assert.ok((await c.instruments()).length >= INSTRUMENTS.length);
  assert.equal(asked, 1);
  assert.equal(c.token.value, null, 'the link asks getToken itself when it connects');
});
