// The copy-latency chart: inline SVG made here (no chart library, nothing inline for the CSP to
// refuse), one dot per copy over the window, with dashed p50 and p99 lines.
const svgNs = 'http://www.w3.org/2000/svg';
const width = 600;
const height = 180;
const pad = { left: 48, right: 12, top: 10, bottom: 24 };

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round top for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceCeiling(max) {
  if (max <= 0) return 10;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((top) => top >= max);
}

/**
 * Draws `points` ({ atMs, latencyMs }) between `fromMs` and `toMs` into `container`, replacing what
 * was there; `summary` (p50/p99) adds the percentile lines. The text alternative says the same.
 */
export function drawLatencyChart(container, points, { fromMs, toMs, summary }) {
  const top = niceCeiling(Math.max(0, ...points.map((p) => p.latencyMs), summary.p99 ?? 0));
  const x = (atMs) => pad.left + ((atMs - fromMs) / (toMs - fromMs)) * (width - pad.left - pad.right);
  const y = (ms) => height - pad.bottom - (ms / top) * (height - pad.top - pad.bottom);
  const minutes = Math.round((toMs - fromMs) / 60_000);
  const label =
    summary.count === 0
      ? `No copies in the last ${minutes} minutes.`
      : `${summary.count} copies in the last ${minutes} minutes: p50 ${Math.round(summary.p50)} ms, p99 ${Math.round(summary.p99)} ms, slowest ${Math.max(...points.map((p) => p.latencyMs))} ms.`;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'latency-chart',
    role: 'img',
    'aria-label': label,
  });
  chart.append(svg('title', {}, label));
  const axis = svg('g', { class: 'axis' });
  axis.append(
    svg('line', { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0) }),
    svg('line', { x1: pad.left, y1: y(0), x2: pad.left, y2: y(top) }),
    svg('text', { x: pad.left - 4, y: y(0), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, '0'),
    svg(
      'text',
      { x: pad.left - 4, y: y(top), 'text-anchor': 'end', 'dominant-baseline': 'hanging' },
      `${top} ms`,
    ),
    svg('text', { x: pad.left, y: height - 4 }, `−${minutes} min`),
    svg('text', { x: width - pad.right, y: height - 4, 'text-anchor': 'end' }, 'now'),
  );
  chart.append(axis);
  for (const [name, value] of [
    ['p50', summary.p50],
    ['p99', summary.p99],
  ]) {
    if (value === null) continue;
    const line = svg('g', { class: `percentile ${name}` });
    line.append(
      svg('line', { x1: pad.left, y1: y(value), x2: width - pad.right, y2: y(value) }),
      svg(
        'text',
        { x: width - pad.right - 2, y: y(value) - 3, 'text-anchor': 'end' },
        `${name} ${Math.round(value)} ms`,
      ),
    );
    chart.append(line);
  }
  const dots = svg('g', { class: 'dots' });
  for (const point of points)
    dots.append(svg('circle', { cx: x(point.atMs).toFixed(1), cy: y(point.latencyMs).toFixed(1), r: 3 }));
  chart.append(dots);
  container.replaceChildren(chart);
}
