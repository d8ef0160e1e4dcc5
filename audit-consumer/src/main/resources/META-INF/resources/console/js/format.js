// Small presentation helpers shared by the views. All times are shown in UTC, as the API
// and the PDP's logs write them.
import {h} from './dom.js';

export function time(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z').replace('.000Z', 'Z');
}

export function badge(decision) {
  const label = decision === 'allow' ? 'allow' : decision === 'deny' ? 'deny' : String(decision ?? '?');
  return h('span', {class: `badge ${label === 'allow' ? 'allow' : 'deny'}`}, label === 'allow' ? '✓ allow' : '✗ ' + label);
}

export function reasonCodes(event) {
  return (event.reasons || []).map((r) => r.code).join(', ');
}

export function link(href, text, attrs = {}) {
  return h('a', {href, ...attrs}, text ?? '—');
}

/** A link into the explorer that filters on one field. */
export function filterLink(field, value, text = value) {
  if (value === null || value === undefined || value === '') return '—';
  return link(`#/decisions?${new URLSearchParams({[field]: value})}`, text,
    {title: `All decisions with ${field} = ${value}`});
}

export function sessionLink(id, text = id) {
  return id ? link(`#/sessions/${encodeURIComponent(id)}`, text) : '—';
}

export function subjectLink(sub, text = sub) {
  return sub ? link(`#/subjects/${encodeURIComponent(sub)}`, text) : '—';
}

export function decisionLink(event, text) {
  return link(`#/decisions/${encodeURIComponent(event.decision_id)}`, text, {class: 'open'});
}

/** What was asked: the tool for tools/call, else the method. */
export function action(event) {
  const mcp = event.mcp || {};
  return mcp.tool ? `${mcp.tool}` : mcp.method || event.request?.method || '—';
}

export function json(value) {
  return h('pre', {class: 'json'}, JSON.stringify(value, null, 2));
}

/** A definition list from [label, value] pairs; empty values show a dash. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.flatMap(([label, value]) => [
    h('dt', {}, label),
    h('dd', {}, value === null || value === undefined || value === '' ? '—' : value),
  ]));
}
