// Decision explorer: every API filter, newest first, cursor paging, live follow and export.
import * as api from '../api.js';
import {h} from '../dom.js';
import * as f from '../format.js';
import * as router from '../router.js';
import {ALL_FILTERS, filterForm} from './filters.js';

const PAGE = 50;
const LIVE_EVERY_MS = 3000;

export function decisionRow(e) {
  return h('tr', {class: e.decision === 'deny' ? 'is-deny' : 'is-allow', dataset: {decisionId: e.decision_id}},
    h('td', {}, f.decisionLink(e, f.time(e.time))),
    h('td', {}, f.badge(e.decision)),
    h('td', {}, e.status ?? '—'),
    h('td', {}, f.subjectLink(e.subject?.sub)),
    h('td', {}, e.subject?.client_id ?? '—'),
    h('td', {}, e.route?.server ?? '—'),
    h('td', {}, f.action(e)),
    h('td', {}, e.action_class ?? '—'),
    h('td', {class: 'reasons'}, f.reasonCodes(e) || '—'));
}

export function decisionTable(caption, rows) {
  return h('table', {class: 'decisions'},
    h('caption', {class: 'sr-only'}, caption),
    h('thead', {}, h('tr', {}, ['Time (UTC)', 'Decision', 'Status', 'Subject', 'Agent', 'Server', 'Tool / method',
      'Class', 'Reasons'].map((c) => h('th', {scope: 'col'}, c)))),
    rows);
}

function quickDecision(params) {
  const item = (value, text) => {
    const next = {...params, decision: value};
    const current = (params.decision || '') === value;
    return h('li', {}, h('a', {href: '#/decisions' + api.query(next), 'aria-current': current ? 'true' : null,
      id: `quick-${value || 'all'}`}, text));
  };
  return h('ul', {class: 'quick', 'aria-label': 'Show'}, item('', 'All'), item('deny', 'Denied'), item('allow', 'Allowed'));
}

export async function explorerView(params) {
  const filters = Object.fromEntries(ALL_FILTERS.filter((k) => params[k]).map((k) => [k, params[k]]));
  const first = await api.get('decisions', {...filters, limit: PAGE});
  const seen = new Set(first.items.map((e) => e.decision_id));
  const body = h('tbody', {}, first.items.map(decisionRow));
  const count = h('p', {class: 'muted', id: 'result-count'});
  let cursor = first.next_cursor;
  const more = h('button', {type: 'button', class: 'secondary', id: 'more', hidden: !cursor}, 'Load older decisions');
  const showCount = () => {
    count.textContent = `${body.children.length} decision${body.children.length === 1 ? '' : 's'} shown${cursor ? ', more available' : ''}`;
  };
  const errors = h('p', {class: 'error', role: 'alert'});
  const alertError = (e) => {
    errors.textContent = e.message;
  };
  more.addEventListener('click', async () => {
    const page = await api.get('decisions', {...filters, limit: PAGE, cursor}).catch(alertError);
    if (!page) return;
    page.items.filter((e) => !seen.has(e.decision_id)).forEach((e) => {
      seen.add(e.decision_id);
      body.append(decisionRow(e));
    });
    cursor = page.next_cursor;
    more.hidden = !cursor;
    showCount();
  });
  showCount();

  let timer = null;
  const poll = async () => {
    if (document.hidden) return;
    const page = await api.get('decisions', {...filters, limit: PAGE}).catch(() => null);
    const fresh = (page?.items || []).filter((e) => !seen.has(e.decision_id));
    fresh.reverse().forEach((e) => {
      seen.add(e.decision_id);
      const row = decisionRow(e);
      row.classList.add('fresh');
      body.prepend(row);
    });
    if (fresh.length) {
      empty.hidden = true;
      showCount();
    }
  };
  const live = h('input', {type: 'checkbox', id: 'live'});
  live.addEventListener('change', () => {
    clearInterval(timer);
    timer = live.checked ? setInterval(poll, LIVE_EVERY_MS) : null;
  });

  const exportButton = (format, text) => h('button', {type: 'button', class: 'secondary', id: `export-${format}`,
    on: {click: () => api.download(format, filters).catch(alertError)}}, text);
  const empty = h('p', {id: 'empty', hidden: first.items.length > 0}, 'No decision matches these filters.');

  const node = h('section', {'aria-labelledby': 'explorer-title'},
    h('h1', {id: 'explorer-title'}, 'Decisions'),
    filterForm(filters, (next) => router.go('decisions', next)),
    h('div', {class: 'toolbar'},
      quickDecision(filters),
      h('label', {class: 'live'}, live, ' Live: follow new decisions'),
      h('span', {class: 'spacer'}),
      exportButton('ndjson', 'Export NDJSON'),
      exportButton('csv', 'Export CSV')),
    errors,
    count,
    decisionTable('Decisions, newest first', body),
    empty,
    more);
  return {node, cleanup: () => clearInterval(timer)};
}
