import { api } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';

interface Row {
  created_at: Date;
  latency_ms: number;
  follower_id: string;
  client_order_id: string;
}

/**
 * The copies with a latency over the last `minutes`, oldest first (the newest `latencyMaxPoints` of
 * them); `accounts` null for everyone's, else only copies to those follower accounts.
 */
export async function copyLatencySeries(
  db: Db,
  query: api.LatencyQuery,
  accounts: string[] | null,
  now: Date = new Date(),
): Promise<api.LatencySeries> {
  const from = new Date(now.getTime() - query.minutes * 60_000);
  const everyone = accounts === null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT created_at, latency_ms, follower_id::text AS follower_id, client_order_id
    FROM copy_trades
    WHERE latency_ms IS NOT NULL AND created_at > ${from} AND created_at <= ${now}
      AND (${everyone}::boolean OR follower_id::text = ANY(${accounts ?? []}::text[]))
    ORDER BY created_at DESC
    LIMIT ${api.latencyMaxPoints + 1}`;
  const truncated = rows.length > api.latencyMaxPoints;
  const points = rows
    .slice(0, api.latencyMaxPoints)
    .reverse()
    .map((row) => ({
      at: row.created_at.toISOString(),
      latencyMs: row.latency_ms,
      followerAccountId: row.follower_id,
      clientOrderId: row.client_order_id,
    }));
  return { minutes: query.minutes, from: from.toISOString(), to: now.toISOString(), points, truncated };
}
