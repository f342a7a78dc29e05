// The access token, when the gateway has authentication on (PROTOCOL.md §4a). It comes from
// ?access_token=… in the page's URL (taken out of the address bar at once, so it does not stay in
// history or a shared link) or from the token prompt, and is kept in sessionStorage: this tab
// only, gone when it closes. The page's own requests carry it as a Bearer header; the client
// library asks currentToken() at each connect and carries it as each transport allows.

import { param, setParam } from './url-state.js';

const KEY = 'tickwire.token';

let token = adoptFromUrl() ?? load();

function adoptFromUrl() {
  const fromUrl = param('access_token');
  if (!fromUrl) return null;
  setParam('access_token', null);
  store(fromUrl);
  return fromUrl;
}

function load() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function store(value) {
  try {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the token lives as long as the page.
  }
}

/** Whether the page has a token to send. */
export function hasToken() {
  return Boolean(token);
}

/** fetch() with the token as a Bearer header, when there is one. */
export function authFetch(url, init = {}) {
  if (!token) return fetch(url, init);
  return fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
}

/** The token the page has, or null: the client library's getToken(). */
export function currentToken() {
  return token;
}

/**
 * Shows the token prompt with `reason` and resolves once the user has given a token; nothing is
 * retried meanwhile. A token the gateway refused is forgotten first.
 */
export function askForToken(reason) {
  token = null;
  store(null);
  const dialog = document.getElementById('auth-dialog');
  const input = document.getElementById('auth-token');
  document.getElementById('auth-reason').textContent = reason;
  input.value = '';
  // Without a token the page can show nothing: Escape does not dismiss the prompt.
  dialog.oncancel = (e) => e.preventDefault();
  if (!dialog.open) dialog.showModal();
  return new Promise((resolve) => {
    const form = document.getElementById('auth-form');
    form.onsubmit = (e) => {
      e.preventDefault();
      const given = input.value.trim().replace(/^Bearer\s+/i, '');
      if (!given) return;
      token = given;
      store(given);
      dialog.close();
      resolve();
    };
  });
}

/** What the gateway's 401 body says, for the prompt. */
export async function refusalText(response) {
  try {
    const body = await response.json();
    return body.message ?? 'the gateway refused the token';
  } catch {
    return 'the gateway refused the token';
  }
}
