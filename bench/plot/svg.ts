// A few plain SVG charts, written by hand: four chart kinds did not justify a rendering library.

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: [number, number][];
}

export interface Axis {
  label: string;
  log?: boolean;
  min?: number;
  max?: number;
  /** Tick values; computed when absent. */
  ticks?: number[];
  format?: (v: number) => string;
}

const W = 780;
const H = 420;
const M = { left: 70, right: 220, top: 40, bottom: 56 };
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const formatMs = (v: number) =>
  v >= 1000
    ? `${+(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s`
    : v >= 1
      ? `${+v.toFixed(v >= 10 ? 0 : 1)} ms`
      : `${+v.toFixed(2)} ms`;

function niceTicks(min: number, max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
      }
    }
    return out;
  }
  const span = max - min || 1;
  const step = 10 ** Math.floor(Math.log10(span / 5));
  const mult = [1, 2, 5, 10].find((m) => span / (m * step) <= 6) ?? 10;
  const s = mult * step;
  const out: number[] = [];
  for (let v = Math.ceil(min / s) * s; v <= max + 1e-9; v += s) out.push(+v.toFixed(10));
  return out;
}

function scale(axis: Axis, values: number[], from: number, to: number) {
  const positive = values.filter((v) => v > 0);
  let min = axis.min ?? (axis.log ? Math.min(...positive) : Math.min(0, ...values));
  let max = axis.max ?? Math.max(...values);
  if (axis.log) {
    min = 10 ** Math.floor(Math.log10(min));
    max = 10 ** Math.ceil(Math.log10(max));
  } else if (axis.max === undefined) {
    max = max * 1.05 || 1;
  }
  const f = axis.log ? Math.log10 : (v: number) => v;
  const a = f(min);
  const b = f(max);
  const map = (v: number) => from + ((f(Math.max(v, axis.log ? min : v)) - a) / (b - a || 1)) * (to - from);
  return { map, ticks: axis.ticks ?? niceTicks(min, max, axis.log ?? false), min, max };
}

function frame(title: string, subtitle: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ${FONT} font-size="12">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="20" font-size="15" font-weight="600">${xmlEscape(title)}</text>
<text x="${M.left}" y="34" fill="#555">${xmlEscape(subtitle)}</text>
${body}
</svg>
`;
}

function axes(
  x: ReturnType<typeof scale>,
  y: ReturnType<typeof scale>,
  xAxis: Axis,
  yAxis: Axis,
  xTickAt?: (v: number) => number,
): string {
  const parts: string[] = [];
  const bottom = H - M.bottom;
  for (const t of y.ticks) {
    const py = y.map(t);
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 6}" y="${(py + 4).toFixed(1)}" text-anchor="end" fill="#333">${xmlEscape((yAxis.format ?? String)(t))}</text>`,
    );
  }
  for (const t of x.ticks) {
    const px = (xTickAt ?? x.map)(t);
    parts.push(
      `<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${bottom}" y2="${bottom + 5}" stroke="#333"/>`,
      `<text x="${px.toFixed(1)}" y="${bottom + 18}" text-anchor="middle" fill="#333">${xmlEscape((xAxis.format ?? String)(t))}</text>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${bottom}" stroke="#333"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${xmlEscape(xAxis.label)}</text>`,
    `<text transform="translate(16 ${(M.top + bottom) / 2}) rotate(-90)" text-anchor="middle">${xmlEscape(yAxis.label)}</text>`,
  );
  return parts.join('\n');
}

function legend(items: { name: string; color: string; dashed?: boolean; bar?: boolean }[]): string {
  return items
    .map((s, i) => {
      const y = M.top + 8 + i * 18;
      const x = W - M.right + 14;
      const mark = s.bar
        ? `<rect x="${x}" y="${y - 6}" width="18" height="10" fill="${s.color}"/>`
        : `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
      return `${mark}<text x="${x + 24}" y="${y + 4}">${xmlEscape(s.name)}</text>`;
    })
    .join('\n');
}

/** Lines (with dots) over numeric x and y axes. */
export function lineChart(input: {
  title: string;
  subtitle: string;
  x: Axis;
  y: Axis;
  series: Series[];
  dots?: boolean;
}): string {
  const all = input.series.flatMap((s) => s.points);
  const x = scale(
    input.x,
    all.map((p) => p[0]),
    M.left,
    W - M.right,
  );
  const y = scale(
    input.y,
    all.map((p) => p[1]),
    H - M.bottom,
    M.top,
  );
  const lines = input.series.map((s) => {
    const d = s.points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x.map(p[0]).toFixed(1)},${y.map(p[1]).toFixed(1)}`)
      .join('');
    const dots = input.dots
      ? s.points
          .map(
            (p) =>
              `<circle cx="${x.map(p[0]).toFixed(1)}" cy="${y.map(p[1]).toFixed(1)}" r="3" fill="${s.color}"/>`,
          )
          .join('')
      : '';
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>${dots}`;
  });
  return frame(
    input.title,
    input.subtitle,
    [axes(x, y, input.x, input.y), ...lines, legend(input.series)].join('\n'),
  );
}

/** Groups of bars (one bar per series in each group), on a numeric y axis. */
export function barChart(input: {
  title: string;
  subtitle: string;
  groups: string[];
  xLabel: string;
  y: Axis;
  series: { name: string; color: string; values: (number | null)[] }[];
  labels?: boolean;
}): string {
  const values = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const y = scale(input.y, values, H - M.bottom, M.top);
  const groupW = (W - M.left - M.right) / input.groups.length;
  const barW = (groupW * 0.75) / input.series.length;
  const bars: string[] = [];
  input.series.forEach((s, si) => {
    s.values.forEach((v, gi) => {
      if (v === null) return;
      const x0 = M.left + gi * groupW + groupW * 0.125 + si * barW;
      const top = y.map(v);
      const base = y.map(input.y.log ? y.min : 0);
      bars.push(
        `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${Math.max(0, base - top).toFixed(1)}" fill="${s.color}"/>`,
      );
      if (input.labels)
        bars.push(
          `<text x="${(x0 + barW / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="10">${xmlEscape((input.y.format ?? String)(v))}</text>`,
        );
    });
  });
  const xAxis: Axis = {
    label: input.xLabel,
    ticks: input.groups.map((_, i) => i),
    format: (i) => input.groups[i] ?? '',
  };
  const x = { map: (i: number) => M.left + (i + 0.5) * groupW, ticks: xAxis.ticks!, min: 0, max: 1 };
  return frame(
    input.title,
    input.subtitle,
    [axes(x, y, xAxis, input.y), ...bars, legend(input.series.map((s) => ({ ...s, bar: true })))].join('\n'),
  );
}
