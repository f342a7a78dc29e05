// The client's settings with their defaults, backoff, and the gateway probe: the reconnect
// decisions that do not depend on a transport.

/** The options of TickwireClient (tickwire.d.ts) with their defaults, and the gateway's base URL, ending in '/'. */
export function settings(options) {
  const url = options.url ?? globalThis.location?.origin;
  if (!url) throw new TypeError('TickwireClient: options.url (the gateway, e.g. http://localhost:8080) is required here');
  const base = new URL(url);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const heartbeatInterval = options.heartbeatInterval ?? 10_000;
  return {
    base,
    heartbeatInterval,
    pollTimeout: options.pollTimeout ?? (heartbeatInterval > 0 ? Math.max(1, Math.round(heartbeatInterval / 1000)) : 25),
    backoff: { initial: 500, max: 8000, ...options.backoff },
    failuresBeforeFallback: options.failuresBeforeFallback ?? 2,
    WebSocket: options.WebSocket,
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
  };
}

/**
 * Exponential backoff with equal jitter: the step doubles from `initial` up to `max`; half of it
 * is fixed and half random, so clients cut off together do not come back together.
 * @param {number} attempt 0 for the first retry
 * @param {{ initial: number, max: number }} limits milliseconds
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, { initial, max }, random = Math.random) {
  const step = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return step / 2 + random() * (step / 2);
}

/**
 * Whether the gateway answers plain HTTP (if it does, a transport that could not open is the
 * problem, not the gateway), and whether it refuses the token (401) or the caller (403).
 * @returns {Promise<{ up: boolean, status?: number, reason?: string }>}
 */
export async function probeGateway(fetchFn, url, token) {
  try {
    const response = await fetchFn(url, { headers: authorization(token), cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      return { up: true, status: response.status, reason: body.message ?? `HTTP ${response.status}` };
    }
    await response.body?.cancel().catch(() => {});
    return { up: response.ok, status: response.status };
  } catch {
    return { up: false };
  }
}

/** Headers that carry `token` as a Bearer credential, when there is one. */
export function authorization(token) {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
