// The status bar: link state and transport, messages per second, observed latency (now - ts,
// median and worst over the last second), and the age of the last update. Refreshed once a second.

import * as fmt from './format.js';

export class StatusBar {
  constructor(elements) {
    this.el = elements;
    this.count = 0;
    this.latencies = [];
    this.lastMessageAt = 0;
    this.lastAliveAt = 0;
    this.state = 'connecting';
  }

  /** Quotes just received. */
  quotes(list) {
    const now = Date.now();
    this.count += list.length;
    this.lastMessageAt = now;
    this.lastAliveAt = now;
    for (const q of list) {
      if (this.latencies.length < 5000) this.latencies.push(now - q.ts / 1000);
    }
  }

  /** A heartbeat or an empty poll answer: the link is alive though nothing changed. */
  alive() {
    this.lastAliveAt = Date.now();
  }

  /** Whether the link has shown life within `ms`. */
  aliveWithin(ms) {
    return this.state === 'live' && Date.now() - this.lastAliveAt <= ms;
  }

  /** The link's state from the client library (unauthenticated: failed on a refused token), its transport's label. */
  link({ state, transport, detail, notice }) {
    this.state = state;
    const labels = {
      live: 'Live', connecting: 'Connecting', reconnecting: 'Reconnecting', idle: 'Idle', unauthenticated: 'Token needed',
      failed: 'Failed', closed: 'Closed',
    };
    this.el.state.textContent = labels[state] ?? state;
    this.el.state.dataset.state = state;
    this.el.transport.textContent = transport;
    this.el.detail.textContent = [notice, detail].filter(Boolean).join(' · ');
  }

  /** Once a second: rates over the second just gone. */
  tick() {
    const l = this.latencies.sort((a, b) => a - b);
    this.el.rate.textContent = `${fmt.count(this.count)}/s`;
    this.el.latency.textContent = l.length
      ? `${fmt.duration(Math.max(0, l[Math.floor(l.length / 2)]))} (max ${fmt.duration(Math.max(0, l[l.length - 1]))})`
      : '–';
    this.el.age.textContent = this.lastMessageAt ? fmt.duration(Date.now() - this.lastMessageAt) : '–';
    this.count = 0;
    this.latencies = [];
  }
}
