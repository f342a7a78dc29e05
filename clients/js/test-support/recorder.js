// What a client did, for assertions: its states, errors and quotes in order, and a way to wait
// for a condition on them (event-driven: checked at every event, with an overall time limit).

export class Recorder {
  constructor(client) {
    this.client = client;
    this.states = [];
    this.errors = [];
    this.quotes = [];
    this.waiters = new Set();
    const record = (list) => (value) => {
      list.push(value);
      this.check();
    };
    client.on('state', record(this.states));
    client.on('error', record(this.errors));
    client.on('quote', record(this.quotes));
    client.on('heartbeat', () => this.check());
  }

  /** Quotes of `symbol`, in delivery order. */
  of(symbol) {
    return this.quotes.filter((q) => q.symbol === symbol);
  }

  /** The names of the states, in order. */
  get stateNames() {
    return this.states.map((s) => s.state);
  }

  /** Resolves once `condition()` holds; rejects after `ms` with `what` and the states so far. */
  until(condition, what, ms = 30_000) {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { condition, resolve };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; states: ${JSON.stringify(this.states)}`));
      }, ms);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  check() {
    for (const w of [...this.waiters]) {
      if (w.condition()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}

/** Every symbol's seqs strictly increase in delivery order: no quote delivered twice, none older than one before it. */
export function strictlyIncreasingPerSymbol(quotes) {
  const last = new Map();
  for (const q of quotes) {
    if (last.has(q.symbol) && q.seq <= last.get(q.symbol)) return false;
    last.set(q.symbol, q.seq);
  }
  return true;
}
