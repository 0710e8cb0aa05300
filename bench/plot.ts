// `pnpm bench:plot [report.json]`: SVG plots of a `pnpm bench` report (default bench/results/latest.json)
// into bench/results/plots/, which the README shows.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { barChart, formatMs, lineChart, type Series } from './plot/svg.ts';

interface Judged {
  copyLatencyMs: { p50: number; p99: number } | null;
  lastFollowerMs: { p50: number; p99: number } | null;
  samplesMs: number[];
}
interface Report {
  command: string;
  startedAt: string;
  machine: { cores: number; model: string; ramBytes: number; node: string; loadAverageAtStart: number[] };
  profiles: {
    name: string;
    fanOut: {
      followers: number;
      ours: Judged;
      baseline: Judged;
      ratios: { lastFollowerP50: number | null };
      resources: Record<string, { peakRssMb: number; cpuMs: number } | null>;
    }[];
    sustained: { followers: number; seconds: number; followerOrdersPerSecond: number; perSecond: number[] };
  }[];
}

const root = resolve(import.meta.dirname, '..');
const source = resolve(
  process.argv.slice(2).find((a) => a !== '--') ?? join(root, 'bench/results/latest.json'),
);
const report = JSON.parse(readFileSync(source, 'utf8')) as Report;
const outDir = join(dirname(source), 'plots');
mkdirSync(outDir, { recursive: true });

const m = report.machine;
const machine = `${m.cores} cores ${m.model}, ${Math.round(m.ramBytes / 2 ** 30)} GiB, Node ${m.node}, load ${m.loadAverageAtStart[0]} · ${report.command} · ${report.startedAt.slice(0, 10)}`;
const OURS = ['#1f6feb', '#0b3d91'];
const BASE = ['#e8590c', '#8f2d00'];
const percent = (v: number) => `${Math.round(v)}%`;
const written: string[] = [];
const write = (name: string, svg: string) => {
  writeFileSync(join(outDir, name), svg);
  written.push(join(outDir, name));
};

/** A step line: at each sample the share of fills copied within it rises by one sample's worth. */
const cdf = (samples: number[]): [number, number][] =>
  [...samples]
    .sort((a, b) => a - b)
    .flatMap((v, i, all): [number, number][] => [
      [Math.max(v, 0.01), (i / all.length) * 100],
      [Math.max(v, 0.01), ((i + 1) / all.length) * 100],
    ]);

const single = report.profiles.map((p) => ({ p, f: p.fanOut.find((f) => f.followers === 1) }));
write(
  'copy-latency-cdf.svg',
  lineChart({
    title: 'One follower: master fill → follower order (CDF)',
    subtitle: machine,
    x: { label: 'latency (simulator clock, log scale)', log: true, format: formatMs },
    y: { label: 'fills copied within', min: 0, max: 100, format: percent },
    series: single.flatMap(({ p, f }, i): Series[] =>
      f
        ? [
            { name: `ours, ${p.name}`, color: OURS[i % 2]!, points: cdf(f.ours.samplesMs) },
            {
              name: `seed-style, ${p.name}`,
              color: BASE[i % 2]!,
              dashed: true,
              points: cdf(f.baseline.samplesMs),
            },
          ]
        : [],
    ),
  }),
);

// Histogram of our one-follower latency: shared bins so the profiles compare.
const oursSamples = single.flatMap(({ f }) => f?.ours.samplesMs ?? []);
if (oursSamples.length > 0) {
  const sorted = [...oursSamples].sort((a, b) => a - b);
  const top = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
  const bins = 12;
  const width = Math.max(1, Math.ceil(top / bins));
  const groups = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? `≥${i * width}` : `${i * width}`));
  write(
    'copy-latency-histogram.svg',
    barChart({
      title: 'One follower: distribution of master fill → follower order (ours)',
      subtitle: machine,
      groups,
      xLabel: `latency, ms (bins of ${width} ms)`,
      y: { label: 'fills', format: (v) => String(Math.round(v)) },
      series: single.flatMap(({ p, f }, i) =>
        f
          ? [
              {
                name: `ours, ${p.name}`,
                color: OURS[i % 2]!,
                values: f.ours.samplesMs.reduce(
                  (acc, v) => {
                    acc[Math.min(bins - 1, Math.floor(v / width))]!++;
                    return acc;
                  },
                  Array.from({ length: bins }, () => 0) as (number | null)[],
                ) as number[],
              },
            ]
          : [],
      ),
    }),
  );
}

const sizes = [...new Set(report.profiles.flatMap((p) => p.fanOut.map((f) => f.followers)))].sort(
  (a, b) => a - b,
);
write(
  'fan-out.svg',
  lineChart({
    title: 'Fan-out: master fill → the last follower’s order',
    subtitle: machine,
    dots: true,
    x: { label: 'followers (log scale)', log: true, ticks: sizes },
    y: { label: 'time to the last follower (log scale)', log: true, format: formatMs },
    series: report.profiles.flatMap((p, i): Series[] => {
      const at = (pick: (f: Report['profiles'][number]['fanOut'][number]) => number | undefined) =>
        p.fanOut.flatMap((f): [number, number][] => {
          const v = pick(f);
          return v === undefined ? [] : [[f.followers, Math.max(v, 0.01)]];
        });
      return [
        { name: `ours p50, ${p.name}`, color: OURS[i % 2]!, points: at((f) => f.ours.lastFollowerMs?.p50) },
        {
          name: `ours p99, ${p.name}`,
          color: OURS[i % 2]!,
          dashed: true,
          points: at((f) => f.ours.lastFollowerMs?.p99),
        },
        {
          name: `seed-style p50, ${p.name}`,
          color: BASE[i % 2]!,
          points: at((f) => f.baseline.lastFollowerMs?.p50),
        },
      ];
    }),
  }),
);

write(
  'baseline-ratio.svg',
  barChart({
    title: 'How many times slower the seed-style copier is (last follower, p50)',
    subtitle: machine,
    groups: sizes.map((s) => `${s}`),
    xLabel: 'followers',
    y: { label: 'seed-style ÷ ours (log scale)', log: true, format: (v) => `${+v.toFixed(1)}×` },
    labels: true,
    series: report.profiles.map((p, i) => ({
      name: p.name,
      color: OURS[i % 2]!,
      values: sizes.map((s) => p.fanOut.find((f) => f.followers === s)?.ratios.lastFollowerP50 ?? null),
    })),
  }),
);

write(
  'sustained.svg',
  lineChart({
    title: `Sustained follower orders per second through the whole pipeline (${report.profiles[0]?.sustained.followers} followers)`,
    subtitle: machine,
    dots: true,
    x: { label: 'second of the measured window', min: 0 },
    y: { label: 'follower orders in that second', min: 0 },
    series: report.profiles.map((p, i) => ({
      name: `${p.name} (${p.sustained.followerOrdersPerSecond}/s)`,
      color: OURS[i % 2]!,
      points: p.sustained.perSecond.map((v, s): [number, number] => [s, v]),
    })),
  }),
);

const largest = sizes.at(-1);
// The benchmark's own process is reported, but it is not part of the system.
const services = Object.keys(
  report.profiles[0]?.fanOut.find((f) => f.followers === largest)?.resources ?? {},
).filter((name) => name !== 'bench-driver');
write(
  'resources.svg',
  barChart({
    title: `Peak RSS per process during the ${largest}-follower fan-out`,
    subtitle: machine,
    groups: services,
    xLabel: 'process',
    y: { label: 'peak RSS, MB', min: 0, format: (v) => String(Math.round(v)) },
    labels: true,
    series: report.profiles.map((p, i) => ({
      name: p.name,
      color: OURS[i % 2]!,
      values: services.map(
        (s) => p.fanOut.find((f) => f.followers === largest)?.resources[s]?.peakRssMb ?? null,
      ),
    })),
  }),
);

process.stdout.write(`${written.join('\n')}\n`);
