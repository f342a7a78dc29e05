// Number and time formatting for the watchlist, the chart and the status bar. Every instrument
// has its own precision (PROTOCOL.md §1a): prices are shown with exactly its priceDecimals
// (1.08300, 151.203, 97,123.45), sizes and volume with up to its sizeDecimals (0.0153, 300).
// Intl.NumberFormat is slow to make and fast to use, so one is made per kind and precision and
// kept: a row holds its own, and a quote costs no lookup.

const LOCALE = 'en-US';
/** What an instrument the page does not know is taken to have: an equity's. */
const FALLBACK = { price: 2, size: 0 };

const cache = new Map();

function cached(key, options) {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, options);
    cache.set(key, f);
  }
  return f;
}

const places = (n, fallback, most) => (Number.isInteger(n) && n >= 0 && n <= most ? n : fallback);

/** Exactly `decimals` places: a price. */
const fixed = (decimals) => cached(`p${decimals}`, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Exactly `decimals` places with a sign unless it rounds to zero: a change. */
const signed = (decimals) => cached(`s${decimals}`,
  { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: 'exceptZero' });

/** Up to `decimals` places: a size or a volume (0.0153, 1,200). */
const upTo = (decimals) => cached(`u${decimals}`, { minimumFractionDigits: 0, maximumFractionDigits: decimals });

/**
 * The formatters of an instrument from /api/symbols (`{ priceDecimals, sizeDecimals }`), or of an
 * equity (2 / 0) when `info` is missing or says nothing usable. Each is a plain function.
 */
export function formatsOf(info) {
  const priceDecimals = places(info?.priceDecimals, FALLBACK.price, 10);
  const sizeDecimals = places(info?.sizeDecimals, FALLBACK.size, 8);
  const p = fixed(priceDecimals);
  const c = signed(priceDecimals);
  const s = upTo(sizeDecimals);
  return {
    priceDecimals,
    sizeDecimals,
    price: (value) => p.format(value),
    change: (value) => c.format(value),
    size: (value) => s.format(value),
  };
}

const percent = signed(2);

/** A change in percent, two places, signed: "+1.17%", "-0.05%", "0.00%". */
export const signedPercent = (value) => `${percent.format(value)}%`;

const whole = upTo(0);

/** A count: "1,204". */
export const count = (value) => whole.format(value);

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
