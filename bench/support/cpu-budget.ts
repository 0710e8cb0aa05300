// What the CPU per copy allows on the machine's cores: the throughput goals (3,000 follower
// orders a second, 1,000 followers in 0.5 s) are rates, and a rate is bounded by the cores divided by
// the CPU every copy costs, whoever spends it. Splitting that cost into ours, the exchange's
// (the simulator, which a real deployment does not run) and the servers' (Redis, PostgreSQL) says
// which goals are out of reach on these cores whatever our services do.

/** Who spends a process's CPU: our services, the exchange stand-in, the servers, or the benchmark. */
export type CpuRole = 'ours' | 'exchange' | 'servers' | 'harness';

const roles: Record<string, CpuRole> = {
  'exchange-sim': 'exchange',
  redis: 'servers',
  postgres: 'servers',
  'bench-driver': 'harness',
};

export const roleOf = (name: string): CpuRole => roles[name] ?? 'ours';

export interface CpuBudget {
  cores: number;
  /** CPU ms per copy by role (the harness's own polling included in none of the rates). */
  msPerCopy: Record<CpuRole, number>;
  /** Copies a second the cores could do at most at this CPU per copy (ours, exchange and servers). */
  maxCopiesPerSecond: number;
  /** The same per core. */
  maxCopiesPerSecondPerCore: number;
  /** Copies a second at most if our services cost nothing: the exchange's and the servers' CPU alone. */
  maxCopiesPerSecondWithoutOurs: number;
}

const rate = (cores: number, ms: number) => (ms > 0 ? (cores * 1_000) / ms : Number.POSITIVE_INFINITY);

/** The budget of `cores` for CPU ms per copy given by process (`cpuPerCopy`'s entries). */
export function cpuBudget(cores: number, perCopy: readonly (readonly [string, number])[]): CpuBudget {
  if (!(Number.isInteger(cores) && cores >= 1))
    throw new Error(`cores must be a whole number ≥ 1, got ${cores}`);
  const msPerCopy: Record<CpuRole, number> = { ours: 0, exchange: 0, servers: 0, harness: 0 };
  for (const [name, ms] of perCopy) {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`CPU per copy of ${name} must be ≥ 0, got ${ms}`);
    msPerCopy[roleOf(name)] += ms;
  }
  const all = msPerCopy.ours + msPerCopy.exchange + msPerCopy.servers;
  return {
    cores,
    msPerCopy,
    maxCopiesPerSecond: rate(cores, all),
    maxCopiesPerSecondPerCore: rate(1, all),
    maxCopiesPerSecondWithoutOurs: rate(cores, msPerCopy.exchange + msPerCopy.servers),
  };
}

const whole = (n: number) => (Number.isFinite(n) ? Math.floor(n).toLocaleString('en-US') : '∞');

/** One line for the summary (`what`: "at 1000", "sustained"): the CPU per copy by role and the rates it allows. */
export function budgetLine(what: string, b: CpuBudget): string {
  const ms = b.msPerCopy;
  return (
    `  CPU budget ${what}: ${(ms.ours + ms.exchange + ms.servers).toFixed(2)} ms per copy ` +
    `(ours ${ms.ours.toFixed(2)}, simulator ${ms.exchange.toFixed(2)}, Redis and PostgreSQL ${ms.servers.toFixed(2)}) ` +
    `→ at most ${whole(b.maxCopiesPerSecond)} copies/s on ${b.cores} cores (${whole(b.maxCopiesPerSecondPerCore)} per core); ` +
    `${whole(b.maxCopiesPerSecondWithoutOurs)}/s if ours cost nothing`
  );
}
