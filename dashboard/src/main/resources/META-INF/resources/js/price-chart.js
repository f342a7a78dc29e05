// The selected symbol's last price, live, on TradingView's Lightweight Charts (vendored, see
// vendor/lightweight-charts/NOTICE). One point per second; the page keeps a short history per
// symbol so a newly selected symbol shows its recent path at once.

import { createChart, AreaSeries } from '../vendor/lightweight-charts/lightweight-charts.standalone.production.mjs';

const HISTORY_SECONDS = 900;
// Lightweight Charts draws UTC; shift times so the axis reads local time.
const ZONE_SECONDS = -new Date().getTimezoneOffset() * 60;

export class PriceChart {
  constructor(container, title) {
    this.title = title;
    this.history = new Map();
    this.symbol = null;
    this.lastTime = -Infinity;
    this.chart = createChart(container, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#c9d1d9', attributionLogo: true },
      grid: { vertLines: { color: '#21262d' }, horzLines: { color: '#21262d' } },
      timeScale: { timeVisible: true, secondsVisible: true, borderColor: '#30363d' },
      rightPriceScale: { borderColor: '#30363d' },
    });
    this.series = this.chart.addSeries(AreaSeries, {
      lineColor: '#58a6ff', topColor: 'rgba(88, 166, 255, 0.35)', bottomColor: 'rgba(88, 166, 255, 0.02)',
      lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
  }

  /** Records every quote of the watchlist, so switching symbols shows history at once. */
  record(quote) {
    const time = Math.floor(quote.ts / 1e6) + ZONE_SECONDS;
    let points = this.history.get(quote.symbol);
    if (!points) {
      points = [];
      this.history.set(quote.symbol, points);
    }
    const last = points[points.length - 1];
    if (last && time < last.time) {
      // The feed's clock went back (a restarted gateway with another clock): start again.
      points.length = 0;
    }
    if (last && last.time === time) last.value = quote.last;
    else points.push({ time, value: quote.last });
    if (points.length > HISTORY_SECONDS) points.shift();
    if (quote.symbol === this.symbol) this.draw(points);
  }

  draw(points) {
    const point = points[points.length - 1];
    if (point.time < this.lastTime || points.length === 1) {
      this.series.setData(points);
    } else {
      this.series.update(point);
    }
    this.lastTime = point.time;
  }

  show(symbol, name) {
    this.symbol = symbol;
    this.title.textContent = symbol ? `${symbol}${name ? ` · ${name}` : ''}` : 'No symbol selected';
    const points = this.history.get(symbol) ?? [];
    this.series.setData(points);
    this.lastTime = points.length ? points[points.length - 1].time : -Infinity;
    this.chart.timeScale().scrollToRealTime();
  }

  forget(symbol) {
    this.history.delete(symbol);
  }
}
