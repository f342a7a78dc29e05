// The client's token: a fixed string, or an async getToken() asked at every connect and ahead of
// the token's exp (PROTOCOL.md §2 `auth` op, §4a), so a link is refreshed in-band, not cut off.

export class TokenSource {
  /**
   * @param {string | null} token
   * @param {(() => string | Promise<string>) | null} getToken
   * @param {number} refreshBefore ms ahead of exp to ask getToken() for a fresh token
   */
  constructor(token, getToken, refreshBefore) {
    this.getToken = getToken;
    this.refreshBefore = refreshBefore;
    this.timer = null;
    this.set(token);
  }

  set(token) {
    this.value = token ?? null;
    this.exp = tokenExpiry(this.value);
  }

  /** The gateway's word on when the current token expires (the `authenticated` reply). */
  confirm(exp) {
    if (typeof exp === 'number') this.exp = exp;
  }

  /** The token to connect with: a fresh one from getToken() when given, else the one set. */
  async fresh() {
    if (this.getToken) this.set(await this.getToken());
    return this.value;
  }

  /**
   * The token for a one-off request (the instrument list, a publish): the current one while it is
   * good for a few more seconds, else a fresh one from getToken() when given. A fresh one is not
   * kept, so the live link's token and its refresh are left as they are.
   */
  async forRequest() {
    const good = this.value && (this.exp === null || this.exp * 1000 - Date.now() > 5_000);
    return good || !this.getToken ? this.value : this.getToken();
  }

  /**
   * Ahead of exp, asks getToken() for a token that outlives the current one and hands it to
   * `fresher`; if it gives none, nothing happens (the gateway ends the link at exp, and the
   * reconnect asks again). Without getToken or exp, nothing is scheduled.
   */
  schedule(fresher, failed) {
    this.cancel();
    const delay = this.getToken ? refreshDelay(this.exp, this.refreshBefore) : null;
    if (delay === null) return;
    this.timer = setTimeout(async () => {
      let token;
      try {
        token = await this.getToken();
      } catch (e) {
        failed(e);
        return;
      }
      const exp = tokenExpiry(token);
      if (token && token !== this.value && !(exp !== null && this.exp !== null && exp <= this.exp)) fresher(token);
    }, delay);
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * The `exp` claim of a JWT (epoch seconds), or null when the token is not a JWT or has none. The
 * signature is not checked: the gateway does that; the client only needs to know when to refresh.
 * @param {string | null | undefined} token
 */
export function tokenExpiry(token) {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    return typeof claims.exp === 'number' ? claims.exp : null;
  } catch {
    return null;
  }
}

/**
 * When to ask for a fresh token: `refreshBefore` ms ahead of `exp`, but no earlier than half way
 * through what is left, so a short-lived token is not refreshed in a loop. Null without an `exp`.
 * @param {number | null} exp epoch seconds
 * @param {number} refreshBefore ms
 * @param {number} now epoch ms
 */
export function refreshDelay(exp, refreshBefore, now = Date.now()) {
  if (exp == null) return null;
  const left = exp * 1000 - now;
  return Math.max(0, Math.max(left - refreshBefore, left / 2));
}
