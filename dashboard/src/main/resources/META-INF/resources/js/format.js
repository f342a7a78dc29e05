// Number and time formatting for the watchlist and status bar. Every price in the feed moves in
// ticks of 0.01, so two decimals unless a symbol says otherwise.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = new Map();

function formatter(decimals) {
  let f = fixed.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fixed.set(decimals, f);
  }
  return f;
}

export const decimalsOf = (info) => (Number.isInteger(info?.decimals) ? info.decimals : 2);

export const price = (value, decimals) => formatter(decimals).format(value);

export const signedPrice = (value, decimals) => (value > 0 ? '+' : '') + formatter(decimals).format(value);

export const signedPercent = (value) => (value > 0 ? '+' : '') + formatter(2).format(value) + '%';

export const volume = (value) => integer.format(value);

const pad = (n) => String(n).padStart(2, '0');

/** Local wall-clock time of a feed timestamp (epoch microseconds), to the second. */
export function time(tsMicros) {
  const d = new Date(tsMicros / 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A duration in milliseconds, short: "0.8 ms", "42 ms", "3.1 s". */
export function duration(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
