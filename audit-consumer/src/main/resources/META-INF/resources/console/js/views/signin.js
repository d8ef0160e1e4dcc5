// Sign-in: the analyst pastes a bearer JWT (from the IdP, or locally from ./mcp-authz token).
// The token is tried against the API before it is kept, so a wrong one fails here, clearly.
import * as api from '../api.js';
import * as auth from '../auth.js';
import {h} from '../dom.js';

const MESSAGES = {
  401: 'The audit API rejected this token (bad signature, wrong issuer or audience, or expired).',
  403: 'This token is valid but lacks the auditor role.',
};

export function signInView(notice, onSignedIn) {
  const input = h('textarea', {id: 'token', name: 'token', rows: 5, required: true, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const error = h('p', {id: 'signin-error', class: 'error', role: 'alert'}, notice || '');
  const submit = async (e) => {
    e.preventDefault();
    const candidate = input.value.trim().replace(/^Bearer\s+/i, '');
    error.textContent = '';
    if (candidate.split('.').length !== 3) {
      error.textContent = 'That is not a JWT (three dot-separated parts).';
      return;
    }
    const left = auth.expiresIn(candidate);
    if (left !== null && left <= 0) {
      error.textContent = 'This token has expired. Get a fresh one.';
      return;
    }
    const status = await api.probe(candidate).catch(() => 0);
    if (status !== 200) {
      error.textContent = MESSAGES[status] || `The audit API could not be reached (status ${status || 'none'}).`;
      return;
    }
    input.value = '';
    auth.signIn(candidate);
    onSignedIn();
  };
  return h('section', {class: 'signin', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in'),
    error,
    h('form', {on: {submit}},
      h('label', {for: 'token'}, 'Bearer token (JWT with the auditor role)'),
      input,
      h('p', {id: 'token-help', class: 'muted'},
        'Local stack: run ', h('code', {}, './mcp-authz token soc-analyst auditor'), ' and paste the output. ',
        'In a deployment, use an access token from your identity provider. ',
        'The token stays in this browser tab only and is forgotten when the tab closes.'),
      h('button', {type: 'submit', id: 'sign-in'}, 'Sign in')));
}
