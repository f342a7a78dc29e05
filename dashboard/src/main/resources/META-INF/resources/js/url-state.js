// The page's state in its address (?symbols=EUR/USD,BTC-USD&transport=sse&kind=fx), rewritten in
// place so a reload or a shared link shows the same page. Symbols keep their / : and the list its
// commas, readable as typed: a query may hold them as they are (RFC 3986 §3.4), and
// URLSearchParams reads them back either way, encoded or not.

const READABLE = { '%2F': '/', '%3A': ':', '%2C': ',' };

const encode = (text) => encodeURIComponent(text).replace(/%2F|%3A|%2C/g, (m) => READABLE[m]);

/** The value of `name` in the page's address, decoded, or null. */
export function param(name) {
  return new URL(location.href).searchParams.get(name);
}

/** Whether the page's address has `name`. */
export function hasParam(name) {
  return new URL(location.href).searchParams.has(name);
}

/** Sets `name` to `value` in the page's address (removes it when `value` is null), without a reload. */
export function setParam(name, value) {
  const url = new URL(location.href);
  const entries = [...url.searchParams];
  const at = entries.findIndex(([k]) => k === name);
  if (at < 0 && value !== null) entries.push([name, value]);
  else if (at >= 0 && value !== null) entries[at] = [name, value];
  else if (at >= 0) entries.splice(at, 1);
  url.search = entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  history.replaceState(null, '', url);
}
