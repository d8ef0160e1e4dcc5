// Overview: decisions over time by outcome, the deny rate, and the top tools, reasons,
// subjects and agents for a time range, all from /api/v1/stats.
import * as api from '../api.js';
import {dataTable, decisionsOverTime, topBars} from '../chart.js';
import {h} from '../dom.js';
import * as f from '../format.js';
import * as router from '../router.js';

// range → [milliseconds, bucket]: about 24–60 bars whatever the range.
const RANGES = {
  '1h': [3600e3, '1m'], '6h': [6 * 3600e3, '15m'], '24h': [24 * 3600e3, '1h'],
  '7d': [7 * 86400e3, '6h'], '30d': [30 * 86400e3, '1d'],
};
const BUCKET_MS = {'1m': 60e3, '15m': 900e3, '1h': 3600e3, '6h': 6 * 3600e3, '1d': 86400e3};
const TOP = 8;

/** Every bucket of the range, zero where the API returned nothing. */
export function fillBuckets(items, fromMs, toMs, bucketMs) {
  const byBucket = new Map();
  for (const item of items) {
    const key = Date.parse(item.bucket);
    const b = byBucket.get(key) || {bucket: item.bucket, allow: 0, deny: 0};
    b[item.decision === 'allow' ? 'allow' : 'deny'] += item.count;
    byBucket.set(key, b);
  }
  const out = [];
  for (let t = fromMs; t < toMs; t += bucketMs) {
    out.push(byBucket.get(t) || {bucket: new Date(t).toISOString().replace('.000Z', 'Z'), allow: 0, deny: 0});
  }
  return out;
}

/** Sums a stats answer over its buckets: [{label, count}], highest first. */
function totals(items, key) {
  const sums = new Map();
  for (const item of items) sums.set(item[key], (sums.get(item[key]) || 0) + item.count);
  return [...sums].map(([label, count]) => ({label, count})).sort((a, b) => b.count - a.count).slice(0, TOP);
}

function top(title, field, items, id, deny) {
  const rows = items.map((i) => [i.label == null ? '(none)' : f.filterLink(field, i.label), i.count]);
  return h('section', {class: 'card', 'aria-labelledby': `${id}-title`},
    h('h2', {id: `${id}-title`}, title),
    items.length ? [topBars(items.map((i) => ({...i, deny})), title, id),
      dataTable(`${title}: counts`, [field, 'decisions'], rows, `${id}-table`)] : h('p', {class: 'muted'}, 'Nothing in this range.'));
}

export async function overviewView(params) {
  const range = RANGES[params.range] ? params.range : '24h';
  const [span, bucket] = RANGES[range];
  const bucketMs = BUCKET_MS[bucket];
  const toMs = Math.ceil((Date.now() + 1) / bucketMs) * bucketMs;
  const fromMs = toMs - Math.ceil(span / bucketMs) * bucketMs;
  const window = {from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString()};
  const stats = (extra) => api.get('stats', {...window, bucket: '7d', ...extra}).then((r) => r.items);
  const [overTime, tools, reasons, subjects, agents] = await Promise.all([
    stats({group_by: 'decision', bucket}), stats({group_by: 'tool'}), stats({group_by: 'reason', decision: 'deny'}),
    stats({group_by: 'subject'}), stats({group_by: 'client_id'})]);
  const buckets = fillBuckets(overTime, fromMs, toMs, bucketMs);
  const allowed = buckets.reduce((n, b) => n + b.allow, 0);
  const denied = buckets.reduce((n, b) => n + b.deny, 0);
  const rate = allowed + denied ? ((100 * denied) / (allowed + denied)).toFixed(1) : '0.0';
  const picker = h('select', {id: 'range', on: {change: (e) => router.go('overview', {range: e.target.value})}},
    Object.keys(RANGES).map((r) => h('option', {value: r, selected: r === range}, `last ${r}`)));
  const node = h('section', {'aria-labelledby': 'overview-title'},
    h('h1', {id: 'overview-title'}, 'Overview'),
    h('div', {class: 'toolbar'}, h('label', {for: 'range'}, 'Time range '), picker,
      h('span', {class: 'muted'}, ` ${f.time(window.from)} – ${f.time(window.to)}, ${bucket} buckets`)),
    h('ul', {class: 'kpis'},
      h('li', {}, h('span', {class: 'kpi', id: 'kpi-total'}, allowed + denied), ' decisions'),
      h('li', {}, h('span', {class: 'kpi allow-text', id: 'kpi-allow'}, allowed), ' allowed'),
      h('li', {}, h('a', {href: `#/decisions?${new URLSearchParams({decision: 'deny', from: window.from})}`},
        h('span', {class: 'kpi deny-text', id: 'kpi-deny'}, denied), ' denied')),
      h('li', {}, h('span', {class: 'kpi', id: 'kpi-rate'}, `${rate} %`), ' deny rate')),
    h('section', {class: 'card wide', 'aria-labelledby': 'time-title'},
      h('h2', {id: 'time-title'}, 'Decisions over time'),
      h('p', {class: 'legend'}, h('span', {class: 'swatch allow'}), ' allowed ', h('span', {class: 'swatch deny'}), ' denied'),
      decisionsOverTime(buckets, `Allowed and denied decisions per ${bucket}`),
      h('details', {}, h('summary', {}, 'Show the numbers'),
        dataTable('Decisions per bucket', ['bucket (UTC)', 'allowed', 'denied'],
          buckets.filter((b) => b.allow || b.deny).map((b) => [f.time(b.bucket), b.allow, b.deny]), 'time-table'))),
    h('div', {class: 'cards'},
      top('Top tools', 'tool', totals(tools, 'tool'), 'top-tools'),
      top('Top deny reasons', 'reason', totals(reasons, 'reason'), 'top-reasons', true),
      top('Top subjects', 'subject', totals(subjects, 'subject'), 'top-subjects'),
      top('Top agents', 'client_id', totals(agents, 'client_id'), 'top-agents')));
  return {node};
}
