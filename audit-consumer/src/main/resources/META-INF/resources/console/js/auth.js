// The bearer token lives in this tab's sessionStorage only: never in a URL, a cookie or
// persistent storage. Closing the tab forgets it.
const KEY = 'mcp-authz.console.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, decoded for display only (the server verifies the signature). */
export function claims(value = token()) {
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** Milliseconds until the token expires (negative once expired); null when it has no exp. */
export function expiresIn(value = token()) {
  const exp = claims(value).exp;
  return typeof exp === 'number' ? exp * 1000 - Date.now() : null;
}
