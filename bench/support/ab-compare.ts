// What `pnpm bench:ab` compares: per fan-out, each side's figures run by run, and B against A pair by
// pair (the machine's speed drifts between runs, so a ratio within a pair says more than two means).

export type Side = 'A' | 'B';

/** The figures of one fan-out in one run. */
export interface FanOutFigures {
  followers: number;
  lastFollowerP50Ms: number | null;
  copyP50Ms: number | null;
  /** The tails: what a rare stall (a hold, a GC, a retry) costs shows here, not in the medians. */
  lastFollowerP99Ms?: number | null;
  copyP99Ms?: number | null;
  /** CPU ms per copy of ours, by process (and Redis, PostgreSQL). */
  cpuPerCopyMs: Record<string, number>;
  /** Peak RSS over the fan-out, by process. */
  peakRssMb: Record<string, number>;
  /**
   * CPU ms per copy counted until the audit had recorded the fan-out (the audit's and PostgreSQL's
   * work for it included), by process; absent from a report of a checkout older than that figure.
   */
  cpuPerCopyUntilAuditedMs?: Record<string, number>;
  /** From the last copy until the audit had recorded everything (null: not in time). */
  auditCaughtUpMs?: number | null;
  /**
   * Redis's and PostgreSQL's own counts per copy until the audit had recorded everything: they do
   * not move with the machine's speed, so they settle a comparison the timings leave open. Absent
   * from a report of a checkout older than them.
   */
  /** Write system calls and wake-ups per copy until the audit had recorded everything, by process. */
  writeSyscallsPerCopy?: Record<string, number>;
  wakeupsPerCopy?: Record<string, number>;
  serverCallsPerCopy?: {
    redisCommands: number;
    redisScripts: number;
    redisScriptUsec: number;
    postgresTransactions: number;
  };
}

/** The fan-outs of one run, by follower count. */
export type RunFigures = Map<number, FanOutFigures>;

export interface Comparison {
  followers: number;
  /** Each run's figure in run order, per side, and B ÷ A per pair with their median. */
  metrics: {
    name: string;
    a: (number | null)[];
    b: (number | null)[];
    ratios: number[];
    medianRatio: number | null;
  }[];
}

/** Pair i runs A then B when i is even, B then A when odd (ABBA): a steady drift weighs on both sides alike. */
export function runOrder(pairs: number): Side[][] {
  return Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? ['A', 'B'] : ['B', 'A']));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each metric of each fan-out, A's and B's runs side by side, B ÷ A within each pair. */
export function compareRuns(a: readonly RunFigures[], b: readonly RunFigures[]): Comparison[] {
  if (a.length !== b.length) throw new Error('A and B need as many runs (one pair each)');
  const followerCounts = [...new Set([...a, ...b].flatMap((run) => [...run.keys()]))].sort((x, y) => x - y);
  return followerCounts.map((followers) => {
    const of = (runs: readonly RunFigures[]) => runs.map((run) => run.get(followers));
    const [fa, fb] = [of(a), of(b)];
    const namesOf = (read: (f: FanOutFigures) => Record<string, number>) => [
      ...new Set([...fa, ...fb].flatMap((f) => (f === undefined ? [] : Object.keys(read(f))))),
    ];
    const pick = (name: string, read: (f: FanOutFigures) => number | null | undefined) => {
      const av = fa.map((f) => (f === undefined ? null : (read(f) ?? null)));
      const bv = fb.map((f) => (f === undefined ? null : (read(f) ?? null)));
      const ratios = av.flatMap((x, i) => {
        const y = bv[i];
        return x !== null && y !== null && y !== undefined && x > 0 ? [y / x] : [];
      });
      return { name, a: av, b: bv, ratios, medianRatio: median(ratios) };
    };
    return {
      followers,
      metrics: [
        pick('last follower p50 ms', (f) => f.lastFollowerP50Ms),
        pick('copy p50 ms', (f) => f.copyP50Ms),
        pick('last follower p99 ms', (f) => f.lastFollowerP99Ms),
        pick('copy p99 ms', (f) => f.copyP99Ms),
        ...namesOf((f) => f.cpuPerCopyMs).map((p) => pick(`CPU ms per copy: ${p}`, (f) => f.cpuPerCopyMs[p])),
        ...namesOf((f) => f.peakRssMb).map((p) => pick(`peak RSS MB: ${p}`, (f) => f.peakRssMb[p])),
        ...namesOf((f) => f.cpuPerCopyUntilAuditedMs ?? {}).map((p) =>
          pick(`CPU ms per copy until audited: ${p}`, (f) => f.cpuPerCopyUntilAuditedMs?.[p]),
        ),
        pick('audit caught up ms', (f) => f.auditCaughtUpMs),
        pick('Redis commands per copy', (f) => f.serverCallsPerCopy?.redisCommands),
        pick('Redis scripts per copy', (f) => f.serverCallsPerCopy?.redisScripts),
        pick("Redis's µs in scripts per copy", (f) => f.serverCallsPerCopy?.redisScriptUsec),
        pick('PostgreSQL transactions per copy', (f) => f.serverCallsPerCopy?.postgresTransactions),
        ...namesOf((f) => f.writeSyscallsPerCopy ?? {}).map((p) =>
          pick(`write syscalls per copy: ${p}`, (f) => f.writeSyscallsPerCopy?.[p]),
        ),
        ...namesOf((f) => f.wakeupsPerCopy ?? {}).map((p) =>
          pick(`wake-ups per copy: ${p}`, (f) => f.wakeupsPerCopy?.[p]),
        ),
      ],
    };
  });
}
