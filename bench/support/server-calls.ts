// What a measurement asked of Redis and PostgreSQL, counted by the servers themselves: a count does
// not move with the machine's speed, so two runs minutes apart compare where their timings cannot.
import type { Db } from '../../packages/db/src/index.ts';
import type { Redis } from '../../packages/runtime/src/index.ts';

export interface ServerCalls {
  /** Commands Redis ran, a script's own commands included (`INFO commandstats`). */
  redisCommands: number;
  /** Lua scripts (EVALSHA, EVAL) among them: most of our steps and every BullMQ step is one. */
  redisScripts: number;
  /**
   * Redis's time in those scripts, µs, their own commands included. Commands outside scripts are not
   * timed here: commandstats times a script's commands under their own names too, and a command run
   * by a script cannot be told from one sent by a client, so a sum over every command would count
   * them twice.
   */
  redisScriptUsec: number;
  /** Calls by command, the most called first. */
  redisCallsByCommand: Record<string, number>;
  /** Transactions PostgreSQL ended in the benchmark's database, a lone statement being one (`pg_stat_database`). */
  postgresTransactions: number;
}

type CommandStats = Map<string, { calls: number; usec: number }>;

/** `INFO commandstats` → calls and µs per command (`cmdstat_get:calls=3,usec=7,...`). */
export function parseCommandStats(info: string): CommandStats {
  const stats: CommandStats = new Map();
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):(.*)$/.exec(line.trim());
    if (!m) continue;
    const fields = new Map(m[2]!.split(',').map((kv) => kv.split('=') as [string, string]));
    const calls = Number(fields.get('calls'));
    const usec = Number(fields.get('usec'));
    if (!Number.isFinite(calls) || !Number.isFinite(usec))
      throw new Error(`unreadable commandstats line: ${line}`);
    stats.set(m[1]!, { calls, usec });
  }
  return stats;
}

const SCRIPT_COMMANDS = new Set(['evalsha', 'eval', 'evalsha_ro', 'eval_ro', 'fcall', 'fcall_ro']);

/** What Redis ran between two readings of its commandstats. */
export function redisCallsBetween(
  before: CommandStats,
  after: CommandStats,
): Pick<ServerCalls, 'redisCommands' | 'redisScripts' | 'redisScriptUsec' | 'redisCallsByCommand'> {
  const byCommand: [string, number][] = [];
  let commands = 0;
  let scripts = 0;
  let usec = 0;
  for (const [name, a] of after) {
    const b = before.get(name) ?? { calls: 0, usec: 0 };
    const calls = a.calls - b.calls;
    // A CONFIG RESETSTAT in between would make a count go back: say so rather than report nonsense.
    if (calls < 0) throw new Error(`Redis's count of ${name} went back: its statistics were reset`);
    if (calls === 0) continue;
    byCommand.push([name, calls]);
    commands += calls;
    if (SCRIPT_COMMANDS.has(name)) {
      scripts += calls;
      usec += a.usec - b.usec;
    }
  }
  byCommand.sort((x, y) => y[1] - x[1]);
  return {
    redisCommands: commands,
    redisScripts: scripts,
    redisScriptUsec: usec,
    redisCallsByCommand: Object.fromEntries(byCommand),
  };
}

async function postgresTransactions(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(row?.n ?? 0);
}

/**
 * Counts from now until `finish()`: Redis's at once, PostgreSQL's after its backends have reported
 * (they flush their counts about once a second). Both servers are shared: what else runs against
 * them meanwhile (the driver's own few queries, another program) is counted too.
 */
export async function startServerCalls(redis: Redis, db: Db): Promise<{ finish(): Promise<ServerCalls> }> {
  const redisBefore = parseCommandStats(await redis.info('commandstats'));
  const postgresBefore = await postgresTransactions(db);
  return {
    async finish() {
      const redisCalls = redisCallsBetween(redisBefore, parseCommandStats(await redis.info('commandstats')));
      await new Promise((r) => setTimeout(r, 1_500));
      return { ...redisCalls, postgresTransactions: (await postgresTransactions(db)) - postgresBefore };
    },
  };
}

/** Per copy, for the summary and `bench:ab`. */
export function serverCallsPerCopy(calls: ServerCalls, copies: number) {
  const n = Math.max(1, copies);
  return {
    redisCommands: calls.redisCommands / n,
    redisScripts: calls.redisScripts / n,
    redisScriptUsec: calls.redisScriptUsec / n,
    postgresTransactions: calls.postgresTransactions / n,
  };
}
