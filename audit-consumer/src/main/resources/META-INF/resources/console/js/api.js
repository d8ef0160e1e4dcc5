// The audit API, called with the signed-in analyst's bearer token. A 401 (expired or revoked
// token) ends the console session; the router then shows the sign-in page.
import * as auth from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const listeners = new Set();

/** fn(reason) runs when the API rejects the token. */
export function onUnauthenticated(fn) {
  listeners.add(fn);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

async function call(path, params, accept = 'application/json') {
  const bearer = auth.token();
  if (!bearer) throw unauthenticated('not signed in');
  const response = await fetch(`/api/v1/${path}${query(params)}`, {
    headers: {authorization: `Bearer ${bearer}`, accept},
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (response.ok) return response;
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw unauthenticated('expired');
  throw new ApiError(response.status, body.error || 'http_' + response.status,
    body.message || response.statusText);
}

function unauthenticated(reason) {
  auth.signOut();
  listeners.forEach((fn) => fn(reason));
  return new ApiError(401, 'unauthenticated', 'Your token was rejected or has expired. Sign in again.');
}

/** The HTTP status the API answers a candidate token with, without signing it in. */
export async function probe(candidate) {
  const response = await fetch('/api/v1/decisions?limit=1', {
    headers: {authorization: `Bearer ${candidate}`, accept: 'application/json'},
    cache: 'no-store',
    credentials: 'omit',
  });
  return response.status;
}

export async function get(path, params) {
  return (await call(path, params)).json();
}

/** Fetches an export with the token and hands it to the browser as a file download. */
export async function download(format, params) {
  const response = await call('decisions/export', {...params, format}, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `decisions.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
