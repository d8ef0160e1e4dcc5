// The explorer's filter form: one labelled field per audit API filter. Times are UTC.
import {h} from '../dom.js';

export const TEXT_FILTERS = [
  ['subject', 'Subject (user)'],
  ['client_id', 'Agent (client id)'],
  ['server', 'MCP server'],
  ['tool', 'Tool'],
  ['reason', 'Reason code'],
  ['session_id', 'Session id'],
  ['q', 'Free text'],
];
export const ALL_FILTERS = [...TEXT_FILTERS.map(([k]) => k), 'decision', 'action_class', 'from', 'to'];

/** "2026-11-26T07:00:00Z" ⇄ the value of a datetime-local input read as UTC. */
const toInput = (iso) => (iso ? iso.replace(/Z$/, '').replace(/(T\d\d:\d\d)(:\d\d)?(\.\d+)?$/, '$1$2') : '');
const fromInput = (value) => (value ? (value.length === 16 ? `${value}:00Z` : `${value}Z`) : '');

function field(name, label, control) {
  return h('div', {class: 'field'}, h('label', {for: `f-${name}`}, label), control);
}

function input(name, value, attrs = {}) {
  return h('input', {id: `f-${name}`, name, value: value || '', autocomplete: 'off', ...attrs});
}

function select(name, value, options) {
  return h('select', {id: `f-${name}`, name},
    options.map(([v, text]) => h('option', {value: v, selected: v === (value || '')}, text)));
}

/** onSearch(params) gets the filled-in filters. */
export function filterForm(params, onSearch) {
  const form = h('form', {class: 'filters', 'aria-label': 'Filter decisions'},
    TEXT_FILTERS.map(([name, label]) => field(name, label, input(name, params[name], {type: 'search'}))),
    field('decision', 'Decision', select('decision', params.decision, [['', 'any'], ['allow', 'allow'], ['deny', 'deny']])),
    field('action_class', 'Action class', input('action_class', params.action_class, {list: 'action-classes'})),
    h('datalist', {id: 'action-classes'}, ['read', 'query', 'update', 'admin', 'none'].map((v) => h('option', {value: v}))),
    field('from', 'From (UTC)', input('from', toInput(params.from), {type: 'datetime-local', step: 1})),
    field('to', 'To (UTC, exclusive)', input('to', toInput(params.to), {type: 'datetime-local', step: 1})),
    h('div', {class: 'actions'},
      h('button', {type: 'submit', id: 'search'}, 'Search'),
      h('button', {type: 'reset', class: 'secondary'}, 'Clear')));
  const collect = () => {
    const data = Object.fromEntries(new FormData(form));
    data.from = fromInput(data.from);
    data.to = fromInput(data.to);
    return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ''));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSearch(collect());
  });
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    onSearch({});
  });
  return form;
}
