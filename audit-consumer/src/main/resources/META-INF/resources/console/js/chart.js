// Plain SVG charts: no library, no inline style (colours come from console.css classes), and
// every chart has a text equivalent (a <title> per mark and a data table beside it).
import {h, s} from './dom.js';

const W = 720;

/** Stacked bars per time bucket: [{bucket, allow, deny}]. */
export function decisionsOverTime(buckets, label) {
  const W = 1200, H = 260, top = 10, bottom = 40, left = 44;
  const max = Math.max(1, ...buckets.map((b) => b.allow + b.deny));
  const step = (W - left - 10) / Math.max(1, buckets.length);
  const bar = Math.max(2, step * 0.8);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const marks = buckets.flatMap((b, i) => {
    const x = left + i * step + (step - bar) / 2;
    const when = b.bucket.replace('T', ' ').replace(':00Z', '');
    return [
      s('rect', {class: 'allow', x, y: y(b.allow), width: bar, height: y(0) - y(b.allow),
        'data-bucket': b.bucket, 'data-decision': 'allow', 'data-count': b.allow},
      s('title', {}, `${when}: ${b.allow} allowed`)),
      s('rect', {class: 'deny', x, y: y(b.allow + b.deny), width: bar, height: y(b.allow) - y(b.allow + b.deny),
        'data-bucket': b.bucket, 'data-decision': 'deny', 'data-count': b.deny},
      s('title', {}, `${when}: ${b.deny} denied`)),
    ];
  });
  const ticks = [0, Math.ceil(max / 2), max].map((v) => s('g', {},
    s('line', {class: 'grid', x1: left, x2: W - 10, y1: y(v), y2: y(v)}),
    s('text', {class: 'tick', x: left - 6, y: y(v) + 4, 'text-anchor': 'end'}, v)));
  const every = Math.max(1, Math.ceil(buckets.length / 6));
  const labels = buckets.map((b, i) => (i % every ? null : s('text', {class: 'tick', x: left + i * step + step / 2,
    y: H - bottom + 16, 'text-anchor': 'middle'}, b.bucket.slice(5, 16).replace('T', ' '))));
  return s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart', id: 'chart-time'},
    ...ticks, ...marks, ...labels.filter(Boolean));
}

/** Horizontal bars, highest first: [{label, count}]. */
export function topBars(items, label, id) {
  const row = 24, left = 200, H = Math.max(row, items.length * row);
  const max = Math.max(1, ...items.map((i) => i.count));
  const width = (v) => (W / 2 - left - 50) * (v / max) + 1;
  return s('svg', {viewBox: `0 0 ${W / 2} ${H}`, role: 'img', 'aria-label': label, class: 'chart bars', id},
    ...items.map((item, i) => s('g', {},
      s('text', {class: 'label', x: left - 8, y: i * row + 16, 'text-anchor': 'end'}, short(item.label)),
      s('rect', {class: item.deny ? 'deny' : 'bar', x: left, y: i * row + 4, width: width(item.count), height: row - 8,
        'data-label': item.label ?? '(none)', 'data-count': item.count}, s('title', {}, `${short(item.label)}: ${item.count}`)),
      s('text', {class: 'tick', x: left + width(item.count) + 6, y: i * row + 16}, item.count))));
}

/** A session's calls in order, one mark each, allow green and deny red. */
export function strip(events) {
  const H = 34, gap = 2;
  const size = Math.min(24, Math.max(4, (W - gap * events.length) / Math.max(1, events.length)));
  return s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart strip',
    'aria-label': `${events.length} calls in order: ${events.filter((e) => e.decision === 'deny').length} denied`},
  ...events.map((e, i) => s('rect', {class: e.decision === 'allow' ? 'allow' : 'deny', x: i * (size + gap), y: 5,
    width: size, height: 24, rx: 3}, s('title', {}, `#${i + 1} ${e.mcp?.tool || e.mcp?.method || ''}: ${e.decision}`))));
}

/** The numbers behind a chart, as a table for screen readers and for copying. */
export function dataTable(caption, columns, rows, id) {
  return h('table', {class: 'data', id},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v) => h('td', {}, v ?? '—'))))));
}

function short(text) {
  const t = String(text ?? '(none)');
  return t.length > 28 ? t.slice(0, 27) + '…' : t;
}
