// The live quotes page: a watchlist over one connection to the gateway, a chart of the selected
// symbol, and a status bar. Instruments of every kind (PROTOCOL.md §1a), each shown at its own
// precision. URL parameters: ?symbols=AAPL,EUR/USD,BTC-USD  ?transport=ws|sse|poll
// ?kind=equity|fx|crypto|future|index|other  ?staleAfter=30  ?access_token=<JWT> (when the gateway
// has authentication on; else the page asks for one).

import { TickwireClient, TRANSPORTS } from '../client/tickwire.js';
import { askForToken, authFetch, currentToken, hasToken, refusalText } from './auth.js';
import { PriceChart } from './price-chart.js';
import { KindFilter, typeLabel } from './kind-filter.js';
import { StatusBar } from './status-bar.js';
import { param, setParam } from './url-state.js';
import { WatchlistView } from './watchlist-view.js';
import * as store from './watchlist-store.js';

/** A row is stale when its symbol has not updated this long while the link is alive (?staleAfter=seconds). */
const STALE_MS = 1000 * (Number(param('staleAfter')) > 0 ? Number(param('staleAfter')) : 30);
/** Heartbeats come every 10 s by default; a link silent longer than this is not known to be alive. */
const ALIVE_MS = 25_000;

const $ = (id) => document.getElementById(id);

/**
 * The instruments the gateway carries and the caller may see, by symbol ({ symbol, name, type,
 * currency, tickSize, priceDecimals, sizeDecimals }); asks for a token while it answers 401.
 */
async function loadSymbols() {
  for (;;) {
    const response = await authFetch('/api/symbols');
    if (response.status !== 401) return new Map((await response.json()).map((s) => [s.symbol, s]));
    await askForToken(hasToken()
      ? `The gateway refused the token: ${await refusalText(response)}. Paste another one.`
      : 'This gateway needs an access token (a JWT) to show quotes.');
  }
}

/** Why the gateway will not stream `symbol`: NOT_ENTITLED or UNKNOWN_SYMBOL (one snapshot request tells). */
async function refusalOf(symbol) {
  const response = await authFetch(`/api/quotes?symbols=${encodeURIComponent(symbol)}`);
  if (response.ok) return null;
  return (await response.json().catch(() => ({}))).code ?? 'UNKNOWN_SYMBOL';
}

const known = await loadSymbols();
// With a token, a symbol missing from /api/symbols may be one the token does not grant: its row
// stays, marked, rather than vanishing. Without one, unknown symbols are dropped as before.
const authenticated = hasToken();
let symbols = store.initialSymbols(known, authenticated);
const streamable = (list) => list.filter((s) => known.has(s));

const status = new StatusBar({
  state: $('link-state'), transport: $('link-transport'), detail: $('link-detail'),
  rate: $('rate'), latency: $('latency'), age: $('age'),
});
const chart = new PriceChart($('chart'), $('chart-title'), $('chart-legend'));
const view = new WatchlistView($('quotes'), known, {
  select: (symbol) => select(symbol),
  remove: (symbol) => setSymbols(symbols.filter((s) => s !== symbol)),
});
const kinds = new KindFilter($('kind-filter'), known, (kind) => {
  view.setKind(kind);
  showCount();
});
view.setKind(kinds.kind);

function showCount() {
  const n = symbols.length;
  const shown = view.shown();
  $('count').textContent = `${shown === n ? '' : `${shown} of `}${n} symbol${n === 1 ? '' : 's'}`;
}

const requested = param('transport');
const transportPicker = $('transport');
for (const T of TRANSPORTS) transportPicker.add(new Option(T.label, T.kind));
// One link to the gateway, by the client library the gateway serves at /client/tickwire.js.
const client = new TickwireClient({ transport: requested ?? 'ws', getToken: currentToken });
/** What the status bar shows besides the state: a fallback, and the last problem the gateway reported. */
let notice = '';
let problem = '';
let link = client.state;
function showLink() {
  const s = link;
  const detail = s.state === 'reconnecting' ? `${s.reason}; retrying in ${(s.delay / 1000).toFixed(1)} s`
    : s.state === 'failed' ? s.reason : s.state === 'idle' ? 'no symbols' : problem;
  const state = s.state === 'failed' && s.status === 401 ? 'unauthenticated' : s.state;
  status.link({ state, transport: s.label, detail, notice });
  transportPicker.value = s.transport;
}
client.on('quotes', (list) => {
  status.quotes(list);
  for (const q of list) {
    view.offer(q);
    chart.record(q);
  }
});
client.on('heartbeat', () => status.alive());
client.on('fallback', (f) => {
  notice = `${f.fromLabel} unavailable, fell back to ${f.toLabel}`;
});
client.on('error', (e) => {
  if (e.code === 'NOT_ENTITLED' || e.code === 'UNKNOWN_SYMBOL') e.symbols.forEach((s) => view.refuse(s, e.code));
  else {
    problem = `${e.code}: ${e.message}`;
    showLink();
  }
});
client.on('state', async (s) => {
  link = s;
  if (s.state !== 'live') problem = '';
  else status.alive();
  showLink();
  if (s.state === 'failed' && s.status === 401) {
    // A bad or expired token: retrying would be refused again. Ask for another, then go on.
    await askForToken(`The gateway refused the token: ${s.reason}. Paste a new one.`);
    client.connect();
  }
});
transportPicker.value = client.transport;
transportPicker.addEventListener('change', () => {
  setParam('transport', transportPicker.value);
  notice = '';
  client.useTransport(transportPicker.value);
});

function select(symbol) {
  view.select(symbol);
  chart.show(symbol, known.get(symbol));
}

function setSymbols(next) {
  const kept = new Set(next);
  const removed = symbols.filter((s) => !kept.has(s));
  symbols = next;
  store.save(symbols);
  view.setSymbols(symbols);
  removed.forEach((s) => chart.forget(s));
  const streamed = new Set(streamable(symbols));
  client.unsubscribe(client.symbols.filter((s) => !streamed.has(s)));
  client.subscribe([...streamed]);
  kinds.count(symbols, known);
  showCount();
  if (!kept.has(view.selected)) select(symbols[0] ?? null);
}

// The search box: completes from /api/symbols (symbol, name, kind), adds on Enter.
function fillSearch() {
  const options = document.createDocumentFragment();
  for (const { symbol, name, type } of known.values()) {
    options.append(new Option(type ? `${name} · ${typeLabel(type)}` : name, symbol));
  }
  $('symbol-list').replaceChildren(options);
}
fillSearch();

/** Reads /api/symbols again: an instrument defined since the page loaded can then be added. */
async function refreshSymbols() {
  const fresh = await loadSymbols().catch(() => null);
  if (!fresh || fresh.size === known.size) return;
  for (const [symbol, info] of fresh) known.set(symbol, info);
  fillSearch();
  kinds.build(known);
  kinds.count(symbols, known);
}

$('add-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('add-symbol');
  const typed = store.parseSymbols(input.value);
  if (store.resolveSymbols(typed, known).some((s) => !known.has(s))) await refreshSymbols();
  const wanted = store.resolveSymbols(typed, known);
  const unknown = wanted.filter((s) => !known.has(s));
  const fresh = wanted.filter((s) => known.has(s) && !symbols.includes(s));
  const refusals = authenticated ? await Promise.all(unknown.map(refusalOf)) : unknown.map(() => 'UNKNOWN_SYMBOL');
  const named = (code) => unknown.filter((s, i) => refusals[i] === code);
  $('add-error').textContent = [
    named('NOT_ENTITLED').length ? `Not entitled: ${named('NOT_ENTITLED').join(', ')}` : '',
    named('UNKNOWN_SYMBOL').length ? `Unknown symbol: ${named('UNKNOWN_SYMBOL').join(', ')}` : '',
  ].filter(Boolean).join(' · ');
  if (fresh.length) {
    setSymbols([...symbols, ...fresh]);
    select(fresh[fresh.length - 1]);
  }
  if (!unknown.length) input.value = '';
});

view.setSymbols(symbols);
setSymbols(symbols);
for (const s of symbols.filter((s) => !known.has(s))) refusalOf(s).then((code) => code && view.refuse(s, code));
client.connect();
setInterval(() => {
  status.tick();
  view.markStale(STALE_MS, status.aliveWithin(ALIVE_MS));
}, 1000);
