// Entry point: signs the analyst in, routes the hash to a view, and sends the analyst back to
// sign in as soon as the token expires or the API rejects it.
import * as api from './api.js';
import * as auth from './auth.js';
import {fill, h} from './dom.js';
import * as router from './router.js';
import {signInView} from './views/signin.js';
import {explorerView} from './views/explorer.js';
import {detailView} from './views/detail.js';
import {sessionView} from './views/session.js';
import {subjectView} from './views/subject.js';
import {overviewView} from './views/overview.js';

const VIEWS = {
  decisions: (route) => (route.id ? detailView(route.id) : explorerView(route.params)),
  sessions: (route) => sessionView(route.id),
  subjects: (route) => subjectView(route.id),
  overview: (route) => overviewView(route.params),
};

const main = document.getElementById('view');
let cleanup = null;
let expiryTimer = null;
let notice = '';
let renderSeq = 0;

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

function header(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  const sub = signedIn ? auth.claims().sub : null;
  fill(document.getElementById('who'), sub ? `signed in as ${sub}` : '');
  const name = router.current().name;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function expireAt() {
  clearTimeout(expiryTimer);
  const left = auth.expiresIn();
  if (left !== null) expiryTimer = setTimeout(() => endSession('expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
}

function endSession(reason) {
  auth.signOut();
  notice = reason === 'signed-out' ? 'Signed out.' : 'Your token has expired or was rejected. Sign in again.';
  render();
}

/** Names the tab after the view and, after a navigation, moves focus to the new content. */
function announce(moved) {
  document.title = `${main.querySelector('h1')?.textContent || 'Console'} · mcp-authz`;
  if (moved) main.focus({preventScroll: true});
}

async function render(event) {
  const moved = event?.type === 'hashchange';
  const seq = ++renderSeq;
  if (cleanup) cleanup();
  cleanup = null;
  const expired = auth.token() && auth.expiresIn() !== null && auth.expiresIn() <= 0;
  if (expired) {
    auth.signOut();
    notice = 'Your token has expired. Sign in again.';
  }
  if (!auth.token()) {
    header(false);
    fill(main, signInView(notice, () => {
      notice = '';
      expireAt();
      render();
    }));
    announce(false);
    return;
  }
  header(true);
  const route = router.current();
  const view = VIEWS[route.name];
  if (!view) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, h('a', {href: '#/decisions'}, 'Back to decisions')));
    return;
  }
  setStatus('');
  try {
    fill(main, h('p', {class: 'muted'}, 'Loading…'));
    const rendered = await view(route);
    if (seq === renderSeq) {
      fill(main, rendered.node);
      cleanup = rendered.cleanup || null;
      announce(moved);
    }
  } catch (e) {
    if (seq !== renderSeq || (e instanceof api.ApiError && e.status === 401)) return;
    fill(main, h('h1', {}, 'Something went wrong'), h('p', {class: 'error', role: 'alert'}, e.message));
  }
}

api.onUnauthenticated(() => {
  notice = 'Your token has expired or was rejected. Sign in again.';
  render();
});
document.getElementById('sign-out').addEventListener('click', () => endSession('signed-out'));
window.addEventListener('hashchange', render);
expireAt();
render();
