// A session's calls oldest first, allows and denies marked, and which call tainted the
// session when later events' session facts name it.
import * as api from '../api.js';
import {strip} from '../chart.js';
import {h} from '../dom.js';
import * as f from '../format.js';

const PAGE = 1000;

/** Decision ids of this session that other events' session facts refer to. */
export function taintingIds(events) {
  const ids = new Set(events.map((e) => e.decision_id));
  const named = new Set();
  const walk = (value) => {
    if (typeof value === 'string' && ids.has(value)) named.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  events.forEach((e) => walk(e.session));
  return named;
}

function row(e, index, tainting) {
  return h('tr', {class: e.decision === 'deny' ? 'is-deny' : 'is-allow', dataset: {decisionId: e.decision_id}},
    h('td', {}, index + 1),
    h('td', {}, f.decisionLink(e, f.time(e.time))),
    h('td', {}, f.badge(e.decision)),
    h('td', {}, e.mcp?.method ?? '—'),
    h('td', {}, e.mcp?.tool ?? '—'),
    h('td', {class: 'reasons'}, f.reasonCodes(e) || '—',
      tainting.has(e.decision_id) ? h('span', {class: 'tag taint'}, ' tainted the session') : null));
}

export async function sessionView(id) {
  const events = [];
  let page = await api.get(`sessions/${encodeURIComponent(id)}/timeline`, {limit: PAGE});
  events.push(...page.items);
  const body = h('tbody');
  const more = h('button', {type: 'button', class: 'secondary', hidden: !page.next_cursor}, 'Load later calls');
  const summary = h('p', {id: 'session-summary'});
  const chart = h('div');
  const draw = () => {
    const tainting = taintingIds(events);
    body.replaceChildren(...events.map((e, i) => row(e, i, tainting)));
    const denied = events.filter((e) => e.decision === 'deny').length;
    const people = [...new Set(events.map((e) => e.subject?.sub).filter(Boolean))];
    const agents = [...new Set(events.map((e) => e.subject?.client_id).filter(Boolean))];
    summary.replaceChildren(`${events.length} calls, ${denied} denied, from ${f.time(events[0]?.time)} to `
      + `${f.time(events.at(-1)?.time)}. Subject: `, ...people.flatMap((p) => [f.subjectLink(p), ' ']),
    `· agent: ${agents.join(', ') || '—'}`);
    chart.replaceChildren(strip(events));
  };
  more.addEventListener('click', async () => {
    page = await api.get(`sessions/${encodeURIComponent(id)}/timeline`, {limit: PAGE, cursor: page.next_cursor});
    events.push(...page.items);
    more.hidden = !page.next_cursor;
    draw();
  });
  draw();
  const node = h('section', {'aria-labelledby': 'session-title'},
    h('p', {}, h('a', {href: '#/decisions'}, '← Decisions')),
    h('h1', {id: 'session-title'}, 'Session ', h('code', {}, id)),
    summary, chart,
    h('table', {class: 'decisions', id: 'timeline'},
      h('caption', {class: 'sr-only'}, 'The session’s calls, oldest first'),
      h('thead', {}, h('tr', {}, ['#', 'Time (UTC)', 'Decision', 'Method', 'Tool', 'Reasons']
        .map((c) => h('th', {scope: 'col'}, c)))),
      body),
    more,
    h('p', {}, f.filterLink('session_id', id, 'Search and export this session in the explorer')));
  return {node};
}
