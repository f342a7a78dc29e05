// The selected symbol's price in one-second bars on TradingView's Lightweight Charts (vendored, see
// vendor/lightweight-charts/NOTICE), as candles or a line (the user's choice, kept in localStorage).
// Showing a symbol loads its recent bars from the gateway (GET /api/bars, PROTOCOL additions in the
// README), then live quotes update the newest bar or open the next one by their ts, as the gateway
// builds them: the history and the live part meet without a gap or a bar twice. The price axis,
// the crosshair's label and the legend (open, high, low, close of the bar under the crosshair, else
// of the newest) are written at the instrument's precision, as the watchlist is. The chart element
// says how many bars it draws (data-bars), in which style (data-style), at how many decimals
// (data-price-decimals).

import {
  createChart, CandlestickSeries, LineSeries,
} from '../vendor/lightweight-charts/lightweight-charts.standalone.production.mjs';
import { authFetch } from './auth.js';
import * as fmt from './format.js';

/** Bars kept per symbol in the page (an hour of seconds). */
const MAX_BARS = 3600;
const STYLE_KEY = 'tickwire.chartStyle';
const STYLES = ['candles', 'line'];
// Lightweight Charts draws UTC; shift times so the axis reads local time.
const ZONE_SECONDS = -new Date().getTimezoneOffset() * 60;

function loadStyle() {
  try {
    const saved = localStorage.getItem(STYLE_KEY);
    return STYLES.includes(saved) ? saved : 'candles';
  } catch {
    return 'candles';
  }
}

function saveStyle(style) {
  try {
    localStorage.setItem(STYLE_KEY, style);
  } catch {
    // Storage disabled: the choice lasts as long as the page.
  }
}

/** A bar of /api/bars (t in epoch ms) in the chart's time. */
const fromServer = (b) => ({ time: b.t / 1000 + ZONE_SECONDS, open: b.o, high: b.h, low: b.l, close: b.c });

/**
 * `history` (the gateway's bars, whole up to their newest) joined with `live` (the bars this page
 * built from quotes): the gateway's bar wins where both have one, the newest of them takes in the
 * live part of it, and live bars before or after the history stay.
 */
function merge(history, live) {
  if (!history.length) return live;
  const first = history[0].time;
  const newest = history[history.length - 1].time;
  const merged = live.filter((b) => b.time < first);
  merged.push(...history);
  for (const b of live) {
    if (b.time === newest) {
      const h = merged[merged.length - 1];
      h.high = Math.max(h.high, b.high);
      h.low = Math.min(h.low, b.low);
      h.close = b.close;
    } else if (b.time > newest) {
      merged.push(b);
    }
  }
  return merged.slice(-MAX_BARS);
}

/** The bar of `bars` (sorted by time) at `time`, or null. */
function barAt(bars, time) {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].time === time) return bars[mid];
    if (bars[mid].time < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

export class PriceChart {
  /**
   * @param container the chart's element
   * @param title     the heading that names the symbol shown
   * @param legend    an element for the open, high, low and close of the bar pointed at, or null
   */
  constructor(container, title, legend = null) {
    this.container = container;
    this.title = title;
    this.legend = legend;
    this.bars = new Map();
    this.symbol = null;
    this.loads = 0;
    this.f = fmt.formatsOf(null);
    this.tick = 0.01;
    this.hovered = null;
    this.listed = false;
    this.legendFrame = 0;
    container.dataset.priceDecimals = String(this.f.priceDecimals);
    this.chart = createChart(container, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#c9d1d9', attributionLogo: true },
      grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
      timeScale: { timeVisible: true, secondsVisible: true, borderColor: '#30363d' },
      rightPriceScale: { borderColor: '#30363d' },
    });
    this.buttons = [...(title.closest('.chart-panel')?.querySelectorAll('[data-chart-style]') ?? [])];
    for (const b of this.buttons) b.addEventListener('click', () => this.useStyle(b.dataset.chartStyle));
    this.style = loadStyle();
    this.series = null;
    this.applyStyle();
    this.chart.subscribeCrosshairMove((p) => {
      this.hovered = p.time === undefined ? null : p.time;
      this.showLegend();
    });
  }

  /** Prices at `info`'s precision (from /api/symbols or /api/bars); an equity's without one. */
  usePrecision(info) {
    const f = fmt.formatsOf(info);
    const tick = info?.tickSize > 0 ? info.tickSize : 10 ** -f.priceDecimals;
    if (f.priceDecimals === this.f.priceDecimals && tick === this.tick) return;
    this.f = f;
    this.tick = tick;
    this.series.applyOptions(this.priceFormat());
    this.container.dataset.priceDecimals = String(f.priceDecimals);
  }

  priceFormat() {
    // The axis and the crosshair label write prices as the watchlist does: 97,123.45, 1.08345.
    return { priceFormat: { type: 'custom', formatter: this.f.price, minMove: this.tick } };
  }

  useStyle(style) {
    if (!STYLES.includes(style) || style === this.style) return;
    this.style = style;
    saveStyle(style);
    this.applyStyle();
  }

  applyStyle() {
    if (this.series) this.chart.removeSeries(this.series);
    const price = this.priceFormat();
    this.series = this.style === 'line'
      ? this.chart.addSeries(LineSeries, { ...price, color: '#58a6ff', lineWidth: 2 })
      : this.chart.addSeries(CandlestickSeries, {
        ...price, upColor: '#3fb950', downColor: '#ff7b72', borderVisible: false,
        wickUpColor: '#3fb950', wickDownColor: '#ff7b72',
      });
    this.container.dataset.style = this.style;
    for (const b of this.buttons) b.setAttribute('aria-pressed', String(b.dataset.chartStyle === this.style));
    this.redraw();
  }

  point(bar) {
    return this.style === 'line' ? { time: bar.time, value: bar.close } : { ...bar };
  }

  redraw() {
    const bars = this.bars.get(this.symbol) ?? [];
    this.series.setData(bars.map((b) => this.point(b)));
    this.container.dataset.bars = String(bars.length);
    this.showLegend();
  }

  /** Writes the legend at the next animation frame: quotes of the shown symbol may come many a frame. */
  showLegend() {
    if (!this.legend || this.legendFrame) return;
    this.legendFrame = requestAnimationFrame(() => {
      this.legendFrame = 0;
      const bars = this.bars.get(this.symbol) ?? [];
      const bar = (this.hovered !== null && barAt(bars, this.hovered)) || bars[bars.length - 1];
      const p = this.f.price;
      const text = bar ? `O ${p(bar.open)}  H ${p(bar.high)}  L ${p(bar.low)}  C ${p(bar.close)}` : '';
      if (this.legend.textContent !== text) this.legend.textContent = text;
    });
  }

  /** Folds every quote of the watchlist into its symbol's bars, by the quote's ts as the gateway does. */
  record(quote) {
    const time = Math.floor(quote.ts / 1e6) + ZONE_SECONDS;
    let bars = this.bars.get(quote.symbol);
    if (!bars) {
      bars = [];
      this.bars.set(quote.symbol, bars);
    }
    const last = bars[bars.length - 1];
    if (last && time <= last.time) {
      // A quote stamped at or before the newest bar counts in it: a bar never reopens.
      last.high = Math.max(last.high, quote.last);
      last.low = Math.min(last.low, quote.last);
      last.close = quote.last;
    } else {
      bars.push({ time, open: quote.last, high: quote.last, low: quote.last, close: quote.last });
      if (bars.length > MAX_BARS) bars.shift();
    }
    if (quote.symbol === this.symbol) {
      this.series.update(this.point(bars[bars.length - 1]));
      this.container.dataset.bars = String(bars.length);
      this.showLegend();
    }
  }

  /** Shows `symbol`; `info` is its instrument from /api/symbols, if the page knows it. */
  show(symbol, info) {
    this.symbol = symbol;
    this.hovered = null;
    this.listed = Boolean(info);
    const name = info?.name;
    this.title.textContent = symbol ? `${symbol}${name ? ` · ${name}` : ''}` : 'No symbol selected';
    this.usePrecision(info);
    this.redraw();
    this.chart.timeScale().scrollToRealTime();
    if (symbol) this.load(symbol);
  }

  /** Loads the symbol's recent bars; a refusal or a network failure leaves the chart live-only. */
  async load(symbol) {
    const load = ++this.loads;
    let body;
    try {
      const response = await authFetch(`/api/bars?symbol=${encodeURIComponent(symbol)}&interval=1s`);
      if (!response.ok) return;
      body = await response.json();
    } catch {
      return;
    }
    // Another symbol was shown meanwhile (or this one removed): its own load will draw.
    if (load !== this.loads || symbol !== this.symbol) return;
    // The gateway says the symbol's precision with its bars: a symbol /api/symbols lacked gets it here.
    if (!this.listed && Number.isInteger(body.priceDecimals)) {
      this.usePrecision({ priceDecimals: body.priceDecimals, sizeDecimals: body.sizeDecimals });
    }
    this.bars.set(symbol, merge(body.bars.map(fromServer), this.bars.get(symbol) ?? []));
    this.redraw();
    this.chart.timeScale().scrollToRealTime();
  }

  forget(symbol) {
    this.bars.delete(symbol);
  }
}
