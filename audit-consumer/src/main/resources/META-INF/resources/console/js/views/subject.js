// A principal's sessions, latest activity first, with their denials, and the pivots onward.
import * as api from '../api.js';
import {h} from '../dom.js';
import * as f from '../format.js';

export async function subjectView(sub) {
  const list = await api.get('sessions', {subject: sub, limit: 200});
  const rows = list.items.map((s) => h('tr', {class: s.denies ? 'is-deny' : 'is-allow'},
    h('td', {}, f.sessionLink(s.session_id)),
    h('td', {}, f.time(s.first_time)),
    h('td', {}, f.time(s.last_time)),
    h('td', {}, s.decisions),
    h('td', {}, s.denies ? h('span', {class: 'badge deny'}, `✗ ${s.denies}`) : '0'),
    h('td', {}, s.client_ids.join(', ') || '—')));
  const node = h('section', {'aria-labelledby': 'subject-title'},
    h('p', {}, h('a', {href: '#/decisions'}, '← Decisions')),
    h('h1', {id: 'subject-title'}, 'Sessions of ', h('code', {}, sub)),
    h('p', {}, f.filterLink('subject', sub, `All decisions of ${sub}`), ' · ',
      h('a', {href: `#/decisions?${new URLSearchParams({subject: sub, decision: 'deny'})}`}, 'Only denials')),
    rows.length ? h('table', {class: 'decisions', id: 'sessions'},
      h('caption', {class: 'sr-only'}, `Sessions of ${sub}, latest activity first`),
      h('thead', {}, h('tr', {}, ['Session', 'First call (UTC)', 'Last call (UTC)', 'Calls', 'Denied', 'Agents']
        .map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, rows)) : h('p', {}, 'No sessions recorded for this subject (its calls had no MCP session id).'),
    list.more ? h('p', {class: 'muted'}, 'Only the 200 most recent sessions are shown.') : null);
  return {node};
}
