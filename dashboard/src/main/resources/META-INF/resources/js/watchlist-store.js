// Which symbols the watchlist holds: from the URL (?symbols=EUR/USD,BTC-USD, encoded or not) when
// given, else from localStorage, else a few of each kind the gateway carries. Changes are saved to
// both, so a reload or a shared link shows the same list. Symbols are case-sensitive (PROTOCOL.md
// §1) and kept as the gateway writes them; what a user types is matched to them ignoring case when
// that names one symbol only (eur/usd is EUR/USD), as a convenience.

import { TYPES } from './kind-filter.js';
import { hasParam, param, setParam } from './url-state.js';

const KEY = 'tickwire.watchlist';
/** How many rows a first visit shows. */
const DEFAULT_SIZE = 10;

/** Symbols in `text`, separated by commas or spaces (no symbol holds either), without repeats. */
export function parseSymbols(text) {
  return [...new Set(String(text).split(/[\s,]+/).filter(Boolean))];
}

/**
 * Each of `symbols` as the gateway writes it: itself when `known` (a Map by symbol) has it, else
 * the one known symbol equal to it ignoring case, else itself (unknown, or not listed to this caller).
 */
export function resolveSymbols(symbols, known) {
  const unmatched = symbols.filter((s) => !known.has(s));
  if (unmatched.length === 0) return symbols;
  const folded = new Map();
  for (const s of known.keys()) {
    const key = s.toLowerCase();
    folded.set(key, folded.has(key) ? null : s); // null: two symbols differ only by case
  }
  return [...new Set(symbols.map((s) => (known.has(s) ? s : folded.get(s.toLowerCase()) ?? s)))];
}

function fromStorage() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY));
    return Array.isArray(saved) ? saved.filter((s) => typeof s === 'string') : null;
  } catch {
    return null;
  }
}

/**
 * A first visit's watchlist: `size` symbols taken a type at a time (an equity, an
 * ETF, an FX pair, a coin, a future, …, then a second of each) in the gateway's order, shown kind
 * by kind. A gateway of equities alone gives its first ten.
 */
export function defaultSymbols(known, size = DEFAULT_SIZE) {
  const byType = new Map();
  for (const { symbol, type } of known.values()) {
    const t = TYPES.includes(type) ? type : 'other';
    if (!byType.has(t)) byType.set(t, []);
    byType.get(t).push(symbol);
  }
  const lists = TYPES.filter((t) => byType.has(t)).map((t) => byType.get(t));
  const taken = lists.map(() => 0);
  for (let n = 0, round = 0; n < size && lists.some((l) => l.length > round); round++) {
    lists.forEach((l, i) => {
      if (n < size && l.length > round) {
        taken[i]++;
        n++;
      }
    });
  }
  return lists.flatMap((l, i) => l.slice(0, taken[i]));
}

/**
 * The starting watchlist, limited to symbols the gateway lists (`known`, a Map by symbol) unless
 * `keepUnlisted`: with a token, a symbol it does not list may be one the token does not grant.
 */
export function initialSymbols(known, keepUnlisted = false) {
  const fromUrl = param('symbols');
  const chosen = fromUrl !== null ? resolveSymbols(parseSymbols(fromUrl), known) : fromStorage();
  if (chosen === null) return defaultSymbols(known);
  const carried = chosen.filter((s) => known.has(s) || keepUnlisted);
  return carried.length > 0 || fromUrl !== null ? carried : defaultSymbols(known);
}

export function save(symbols) {
  try {
    localStorage.setItem(KEY, JSON.stringify(symbols));
  } catch {
    // Storage full or disabled (private mode): the URL below still carries the list.
  }
  if (hasParam('symbols')) setParam('symbols', symbols.join(','));
}
