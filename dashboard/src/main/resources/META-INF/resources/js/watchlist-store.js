// Which symbols the watchlist holds: from the URL (?symbols=AAPL,MSFT) when given, else from
// localStorage, else a default list. Changes are saved to both, so a reload or a shared link
// shows the same list.

const KEY = 'tickwire.watchlist';
const DEFAULT = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'JPM', 'SPY', 'QQQ'];

function parse(text) {
  return [...new Set(String(text).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))];
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
 * The starting watchlist, limited to symbols the gateway lists (`known`, a Map by symbol) unless
 * `keepUnlisted`: with a token, a symbol it does not list may be one the token does not grant.
 */
export function initialSymbols(known, keepUnlisted = false) {
  const param = new URL(location.href).searchParams.get('symbols');
  const chosen = param !== null ? parse(param) : fromStorage();
  const wanted = chosen ?? DEFAULT;
  const carried = wanted.filter((s) => known.has(s) || (keepUnlisted && chosen !== null));
  return carried.length > 0 || param !== null ? carried : [...known.keys()].slice(0, DEFAULT.length);
}

export function save(symbols) {
  try {
    localStorage.setItem(KEY, JSON.stringify(symbols));
  } catch {
    // Storage full or disabled (private mode): the URL below still carries the list.
  }
  const url = new URL(location.href);
  if (url.searchParams.has('symbols')) {
    url.searchParams.set('symbols', symbols.join(','));
    history.replaceState(null, '', url);
  }
}

export { parse as parseSymbols };
