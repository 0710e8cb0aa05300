import { type api, brokerBreakerRecord, copyKickGroup, masterFillGroup } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Queue } from 'bullmq';
import { readKillSwitch } from './kill-switch.ts';
import type { OpsDeps } from './ops-deps.ts';
import { scanKeys, valuesOf } from './redis-scan.ts';
import { safeJson } from './safe-json.ts';

/** The copy-latency window of the status. */
export const latencyWindowSeconds = 300;

/** Reads the whole status at once: Redis keys, queue counts and two PostgreSQL aggregates. */
export async function systemStatus(db: Db, ops: OpsDeps): Promise<api.SystemStatus> {
  const [executors, listeners, queues, streams, killSwitch, breakers, rateLimited, copyLatencyMs, drift] =
    await Promise.all([
      executorsAlive(ops),
      masterLeases(ops),
      Promise.all([...ops.queues.values()].map(queueCounts)),
      streamCounts(ops),
      readKillSwitch(ops.redis, ops.keys),
      brokerBreakers(ops),
      rateLimitedAccounts(ops),
      copyLatency(db),
      driftCounts(db),
    ]);
  return {
    at: new Date().toISOString(),
    executors,
    listeners,
    queues,
    streams,
    killSwitch,
    breakers,
    rateLimited,
    copyLatencyMs,
    drift,
    liveStreams: ops.live.size,
  };
}

/**
 * The values of the keys one of contracts' `redisKeys` makes, by their variable part: the key made
 * with `*` is the SCAN pattern.
 */
async function keyedValues(
  redis: OpsDeps['redis'],
  keyOf: (id: string) => string,
): Promise<Array<[string, string]>> {
  const pattern = keyOf('*');
  const head = pattern.slice(0, -1);
  const values = await valuesOf(redis, await scanKeys(redis, pattern));
  return [...values].map(([key, value]) => [key.slice(head.length), value]);
}

const epochMs = /^\d+$/;

async function executorsAlive({ redis, keys }: OpsDeps) {
  return (await keyedValues(redis, keys.executorAlive)).map(([instanceId, beat]) => ({
    instanceId,
    lastBeatAt: epochMs.test(beat) ? new Date(Number(beat)).toISOString() : null,
  }));
}

async function masterLeases({ redis, keys }: OpsDeps) {
  const leases = await keyedValues(redis, keys.masterLease);
  if (leases.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const [masterAccountId] of leases) pipeline.pttl(keys.masterLease(masterAccountId));
  const ttls = (await pipeline.exec()) ?? [];
  const now = Date.now();
  return leases.map(([masterAccountId, replica], i) => {
    const ttl = ttls[i]?.[1];
    // PTTL: -1 no expiry, -2 gone since the read; either way no time to show.
    const until = typeof ttl === 'number' && ttl >= 0 ? new Date(now + ttl).toISOString() : null;
    return { masterAccountId, replica, until };
  });
}

/** Each host's last recorded circuit state; a field that is not a record (set by hand) is left out. */
async function brokerBreakers({ redis, keys }: OpsDeps) {
  const fields = await redis.hgetall(keys.brokerBreakers());
  return Object.entries(fields)
    .flatMap(([host, text]) => {
      const parsed = brokerBreakerRecord.safeParse(safeJson(text));
      return parsed.success ? [{ host, ...parsed.data }] : [];
    })
    .sort((a, b) => a.host.localeCompare(b.host));
}

async function rateLimitedAccounts({ redis, keys }: OpsDeps) {
  return (await keyedValues(redis, keys.rateLimitedUntil))
    .filter(([, until]) => epochMs.test(until))
    .map(([accountId, until]) => ({ accountId, until: new Date(Number(until)).toISOString() }));
}

async function queueCounts(queue: Queue) {
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'prioritized',
    'waiting-children',
    'failed',
    'completed',
  );
  return {
    name: queue.name,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    prioritized: counts.prioritized ?? 0,
    waitingChildren: counts['waiting-children'] ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}

/** The copy path's streams: entries not yet handled, and those a consumer has read (its group's pending). */
async function streamCounts({ redis, keys }: OpsDeps) {
  const streams = [
    { name: 'master-fills', key: keys.masterFillStream(), group: masterFillGroup },
    { name: 'copy-kicks', key: keys.copyKicks(), group: copyKickGroup },
  ];
  return Promise.all(
    streams.map(async ({ name, key, group }) => {
      const [entries, pending] = await Promise.all([
        redis.xlen(key),
        // No group yet (no consumer has started): nothing read.
        (redis.xpending(key, group) as Promise<[number]>).catch(() => [0]),
      ]);
      return { name, entries, read: Number(pending[0] ?? 0) };
    }),
  );
}

async function copyLatency(db: Db) {
  const [row] = await db.$queryRaw<Array<{ count: bigint; p: number[] | null }>>`
    SELECT count(*) AS count,
      percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS p
    FROM copy_trades
    WHERE latency_ms IS NOT NULL AND created_at > now() - make_interval(secs => ${latencyWindowSeconds})`;
  const p = row?.p ?? null;
  return {
    windowSeconds: latencyWindowSeconds,
    count: Number(row?.count ?? 0),
    p50: p?.[0] ?? null,
    p90: p?.[1] ?? null,
    p99: p?.[2] ?? null,
  };
}

async function driftCounts(db: Db): Promise<Record<string, number>> {
  const groups = await db.positionSyncStatus.groupBy({ by: ['state'], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}
