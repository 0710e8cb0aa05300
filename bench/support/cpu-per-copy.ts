/** What a fan-out's report says of CPU: each process's (null when it was not read) and the servers'. */
export interface FanOutCpu {
  ours: { received: number };
  resources: Record<string, { cpuMs: number } | null | undefined>;
  serverCpuMs: Record<string, number>;
}

/** CPU ms per copy of ours over a fan-out, by process and server (the seed-style copier's left out). */
export function cpuPerCopy(f: FanOutCpu): [name: string, ms: number][] {
  const copies = Math.max(1, f.ours.received);
  return [
    ...Object.entries(f.resources).map(([name, u]) => [name, u?.cpuMs ?? 0] as const),
    ...Object.entries(f.serverCpuMs),
  ]
    .filter(([name]) => name !== 'baseline')
    .map(([name, cpuMs]) => [name, cpuMs / copies]);
}

/** The kernel's counts of one process over a phase (absent from an older checkout's reports, null where unreadable). */
export type ProcessCounts = { writeSyscalls?: number | null; wakeups?: number | null };

/** One of those counts per copy of ours, by process (the seed-style copier's and unread ones left out). */
export function countPerCopy(
  resources: Record<string, ProcessCounts | null | undefined>,
  count: keyof ProcessCounts,
  copies: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(resources).flatMap(([name, u]) => {
      const n = name === 'baseline' ? null : u?.[count];
      return typeof n === 'number' ? [[name, n / Math.max(1, copies)]] : [];
    }),
  );
}
