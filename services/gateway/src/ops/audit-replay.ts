import type { api } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import { type Audience, liveEventTypes } from './live-audience.ts';

/** The most events a resuming stream is sent from the database; older ones are skipped. */
export const replayLimit = 1_000;

/** Which stored events a stream starts with: the newest `newest` of those after seq `afterSeq`. */
export interface ReplayFrom {
  afterSeq: number;
  newest: number;
}

interface Row {
  seq: bigint;
  event_id: string;
  type: string;
  correlation_id: string | null;
  account_id: string | null;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

/**
 * The audit events after `afterSeq` the audience may see, oldest first: the newest `newest` of them.
 * Filtered in SQL so a client's own events are not crowded out by everyone else's.
 */
export async function replayAfter(
  db: Db,
  audience: Audience,
  { afterSeq, newest }: ReplayFrom,
): Promise<api.LiveEvent[]> {
  const everything = audience.everything;
  const accounts = audience.everything ? [] : [...audience.accountIds];
  const rows = await db.$queryRaw<Row[]>`
    SELECT seq, event_id, type, correlation_id, account_id, occurred_at, payload
    FROM audit_log
    WHERE seq > ${afterSeq}
      AND type = ANY(${[...liveEventTypes]}::text[])
      AND (${everything}::boolean
        OR account_id = ANY(${accounts}::text[])
        OR payload->>'followerAccountId' = ANY(${accounts}::text[])
        OR payload->>'masterAccountId' = ANY(${accounts}::text[]))
    ORDER BY seq DESC
    LIMIT ${Math.min(newest, replayLimit)}`;
  return rows.reverse().map((row) => ({
    seq: Number(row.seq),
    eventId: row.event_id,
    type: row.type as api.LiveEvent['type'],
    occurredAt: row.occurred_at.toISOString(),
    correlationId: row.correlation_id,
    accountId: row.account_id,
    payload: row.payload,
  }));
}
