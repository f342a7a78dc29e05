// Backoff and the gateway probe: the client's reconnect decisions that do not depend on a transport.

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
