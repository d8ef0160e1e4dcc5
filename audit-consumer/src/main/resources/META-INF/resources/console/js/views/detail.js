// One decision: who, what, where, why, the upstream token on allow, and the pivots.
import * as api from '../api.js';
import {h} from '../dom.js';
import * as f from '../format.js';

function section(id, title, ...content) {
  return h('section', {class: 'card', 'aria-labelledby': id}, h('h2', {id}, title), ...content);
}

function list(values) {
  return values && values.length ? values.join(', ') : null;
}

function reasons(event) {
  const items = event.reasons || [];
  if (!items.length) return h('p', {}, 'No reason recorded.');
  return h('ul', {class: 'reason-list', id: 'reasons'}, items.map((r) => h('li', {},
    f.filterLink('reason', r.code, h('code', {}, r.code)), ' ', h('span', {}, r.message || ''))));
}

function upstream(event) {
  if (event.decision !== 'allow') return h('p', {}, 'Denied: no upstream token was minted.');
  const claims = event.upstream?.claims ?? event.upstream_token?.claims;
  return claims ? f.json(claims)
    : h('p', {class: 'muted'}, 'This event carries no claims of the minted upstream token.');
}

/** Session facts the policy used (labels, counters, a tainting decision), when the event has them. */
function sessionFacts(event) {
  const facts = event.session;
  if (!facts || typeof facts !== 'object' || !Object.keys(facts).length) return null;
  return h('div', {}, h('h3', {}, 'Session facts used by the policy'), f.json(facts));
}

export async function detailView(id) {
  const e = await api.get(`decisions/${encodeURIComponent(id)}`);
  const mcp = e.mcp || {};
  const req = e.request || {};
  const sub = e.subject || {};
  const node = h('article', {'aria-labelledby': 'detail-title', class: 'detail'},
    h('p', {}, h('a', {href: '#/decisions'}, '← Decisions')),
    h('h1', {id: 'detail-title'}, f.badge(e.decision), ' ', f.action(e), ' ',
      h('span', {class: 'muted'}, `on ${e.route?.server ?? '?'} at ${f.time(e.time)}`)),
    h('nav', {class: 'pivots', 'aria-label': 'Related'},
      mcp.session_id ? f.sessionLink(mcp.session_id, 'Session timeline') : h('span', {class: 'muted'}, 'No session'),
      sub.sub ? f.subjectLink(sub.sub, `Sessions of ${sub.sub}`) : null,
      sub.client_id ? f.filterLink('client_id', sub.client_id, `All decisions of agent ${sub.client_id}`) : null),
    h('div', {class: 'cards'},
      section('why', 'Why', f.facts([
        ['Decision', f.badge(e.decision)], ['HTTP status', e.status], ['Action class', e.action_class],
        ['Policy revision', e.policy?.revision], ['Latency', e.latency_us != null ? `${e.latency_us} µs` : null]]),
      h('h3', {}, 'Reasons'), reasons(e),
      h('h3', {}, 'Obligations'), e.obligations && Object.keys(e.obligations).length ? f.json(e.obligations)
        : h('p', {class: 'muted'}, 'None recorded.')),
      section('who', 'Who', f.facts([
        ['Subject', f.subjectLink(sub.sub)], ['Agent (client id)', f.filterLink('client_id', sub.client_id)],
        ['Issuer', sub.iss], ['Roles', list(sub.roles)]])),
      section('what', 'What', f.facts([
        ['MCP method', mcp.method], ['Tool', f.filterLink('tool', mcp.tool)], ['Kind', mcp.kind],
        ['JSON-RPC id', mcp.id != null ? JSON.stringify(mcp.id) : null], ['Protocol', mcp.protocol_version],
        ['Resource', mcp.resource_uri], ['Prompt', mcp.prompt?.name ?? (typeof mcp.prompt === 'string' ? mcp.prompt : null)]]),
      h('h3', {}, 'Arguments (scrubbed by the PDP)'), mcp.arguments ? f.json(mcp.arguments) : h('p', {}, '—')),
      section('where', 'Where', f.facts([
        ['Server (route)', f.filterLink('server', e.route?.server)], ['Source address', req.source_address],
        ['Origin', req.origin], ['Host', req.host], ['Request', [req.method, req.path].filter(Boolean).join(' ')],
        ['User agent', req.user_agent], ['Session', f.sessionLink(mcp.session_id)], ['Request id', req.id],
        ['Trace id', e.trace_id], ['Decision id', h('code', {}, e.decision_id)]]),
      sessionFacts(e)),
      section('upstream', 'Upstream token', upstream(e))),
    h('details', {class: 'raw'}, h('summary', {}, 'Raw event (JSON)'), f.json(e)));
  return {node};
}
