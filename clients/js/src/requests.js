// One-off requests beside the live link: the instrument list (PROTOCOL.md §1a, §4) and publishing
// quotes and instruments over HTTP (§8). Each carries the client's token like its other fetches; a
// refusal rejects with the gateway's own answer (GatewayRefusal: status, code, message, index).

import { authorization } from './timing.js';

/** What an instrument the gateway lists without a field is (a v1.1 gateway lists symbol and name only). */
const EQUITY = { type: 'equity', currency: 'USD', tickSize: 0.01, priceDecimals: 2, sizeDecimals: 0 };

/**
 * A request the gateway refused (PROTOCOL.md §4, §8: `{"code","message","symbols"?,"index"?}`):
 * `index` is the place of the first bad quote or instrument of a publish (0-based), `symbols` the
 * ones at fault, `retryAfter` the seconds to wait (503, 429).
 */
export class GatewayRefusal extends Error {
  constructor(status, body = {}, retryAfter = undefined) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'GatewayRefusal';
    this.status = status;
    this.code = body.code ?? null;
    this.symbols = Array.isArray(body.symbols) ? body.symbols : [];
    if (Number.isInteger(body.index)) this.index = body.index;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}

/**
 * `GET /api/symbols`: the instruments the token may see, each with its precision; a field a
 * gateway leaves out takes an equity's value.
 * @returns {Promise<import('./tickwire.d.ts').Instrument[]>}
 */
export async function fetchInstruments(fetchFn, url, token) {
  const response = await fetchFn(url, { headers: { Accept: 'application/json', ...authorization(token) }, cache: 'no-store' });
  if (!response.ok) throw await refusal(response);
  const list = await response.json();
  if (!Array.isArray(list)) throw new TypeError('the gateway\'s instrument list is not an array');
  return list.map((i) => ({ ...EQUITY, name: i.symbol, ...i }));
}

/**
 * POSTs `items` (an array, or one item) as a JSON array, every number written as a plain decimal
 * (0.00000001, never 1e-8), and resolves with the gateway's answer.
 */
export async function postItems(fetchFn, url, token, items) {
  const body = plainJson(Array.isArray(items) ? items : [items]);
  const response = await fetchFn(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authorization(token) },
    body, cache: 'no-store',
  });
  if (!response.ok) throw await refusal(response);
  return response.json();
}

async function refusal(response) {
  const body = await response.json().catch(() => ({}));
  const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return new GatewayRefusal(response.status, body ?? {}, Number.isNaN(seconds) ? undefined : seconds);
}

/** JSON of `value` (objects, arrays, strings, numbers, booleans, null) with every number a plain decimal. */
export function plainJson(value) {
  if (typeof value === 'number') return plainNumber(value);
  if (value === undefined || typeof value === 'function') return 'null'; // as JSON.stringify does in an array
  if (Array.isArray(value)) return `[${value.map(plainJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${plainJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `n` as a plain decimal with the digits JavaScript prints for it (1e-8 -> "0.00000001", 1.5e21 ->
 * "1500000000000000000000"): the contract's numbers are never in exponent notation.
 */
export function plainNumber(n) {
  if (!Number.isFinite(n)) throw new TypeError(`not a finite number: ${n}`);
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [whole, fraction = ''] = text.slice(sign.length, e).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(text.slice(e + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
