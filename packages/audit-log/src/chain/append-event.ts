import type { AuditEvent } from '@copytrade/contracts';
import { AUDIT_APPEND_LOCK_KEY, type SqlPool } from '@copytrade/db/sql';
import { type TableSpec, writeRows } from '../storage/row-writer.ts';
import { sqlArray } from '@copytrade/db/sql';
import { inTransaction, type SqlTx, type Statement } from '../storage/sql-tx.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHashOf, GENESIS_HASH } from './chain-hash.ts';

export type { SqlTx } from '../storage/sql-tx.ts';

/** An event appended to the log, with the time it was hashed and stored with. */
export interface StoredEvent {
  event: AuditEvent;
  occurredAt: Date;
}

/**
 * Writes what a batch of events means beyond the log itself (the projections), inside the append's
 * transaction, in the order of their `seq`.
 */
export type Projector = (tx: SqlTx, stored: readonly StoredEvent[]) => Promise<void>;

export type AppendResult =
  | { stored: true; seq: number; hash: string; prevHash: string; occurredAt: string }
  | { stored: false };

/** Generous: a replica may wait for another's batch under the lock. */
const statementTimeoutMs = 30_000;

interface LogRow {
  seq: bigint;
  eventId: string;
  type: string;
  correlationId: string | null;
  accountId: string | null;
  occurredAt: string;
  /** The payload's canonical JSON (what was hashed): JSONB stores the same value. */
  payload: string;
  prevHash: string;
  hash: string;
}

const auditLogTable: TableSpec<LogRow> = {
  table: 'audit_log',
  columns: {
    seq: { name: 'seq', type: 'bigint' },
    eventId: { name: 'event_id', type: 'text' },
    type: { name: 'type', type: 'text' },
    correlationId: { name: 'correlation_id', type: 'text' },
    accountId: { name: 'account_id', type: 'text' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
    payload: { name: 'payload', type: 'jsonb' },
    prevHash: { name: 'prev_hash', type: 'text' },
    hash: { name: 'hash', type: 'text' },
  },
};

/** Which of the ids are already in the log, and the chain's head (none in an empty log). */
const seenAndHead: Statement = {
  name: 'audit_seen_and_head',
  text: `SELECT (SELECT coalesce(array_agg("event_id"), '{}') FROM "audit_log" WHERE "event_id" = ANY($1::text[])) AS "seen",
    "head"."seq"::text AS "seq", "head"."hash" AS "hash"
    FROM (SELECT 1) AS "one"
    LEFT JOIN (SELECT "seq", "hash" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1) AS "head" ON true`,
};

// seq is given (gapless), not drawn from the column's sequence; the sequence is moved on by as many
// rows anyway, so a writer that still takes the default (an older replica during a deploy) does not
// collide with them. nextval, not setval: the services' role has USAGE on sequences, not UPDATE.
const moveSequence: Statement = {
  name: 'audit_move_sequence',
  text: `SELECT count(nextval(pg_get_serial_sequence('audit_log', 'seq')))::int AS "moved" FROM generate_series(1, $1::int)`,
};

/**
 * Appends a batch of events to the hash chain and applies their projections, in one transaction:
 * all of it happens or none of it. The head is read once under the lock, the rows are chained in
 * memory in the batch's order and inserted with one statement, their `seq` following the head's
 * with no gap. An event id already in the log, or earlier in the same batch, is skipped (the same
 * event delivered twice is stored once). Results are in the order of `events`.
 */
export async function appendEvents(
  sql: SqlPool,
  events: readonly AuditEvent[],
  project: Projector,
): Promise<AppendResult[]> {
  // Taken with BEGIN: serialises appends across replicas until the commit (readers by seq rely on it).
  const begin = `SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
  return inTransaction(sql, { begin, statementTimeoutMs }, async (tx): Promise<AppendResult[]> => {
    const ids = [...new Set(events.map((event) => event.eventId))];
    const [found] = await tx.query<{ seen: string[]; seq: string | null; hash: string | null }>(seenAndHead, [
      sqlArray(ids),
    ]);
    const seen = new Set(found?.seen ?? []);
    let seq = BigInt(found?.seq ?? 0);
    let prevHash = found?.hash ?? GENESIS_HASH;
    const rows: LogRow[] = [];
    const stored: StoredEvent[] = [];
    const results = events.map((event): AppendResult => {
      if (seen.has(event.eventId)) return { stored: false };
      seen.add(event.eventId);
      // Hashed as the timestamptz column will return it, so verification can recompute it from the row.
      const occurredAt = new Date(event.occurredAt);
      const entry = {
        eventId: event.eventId,
        type: event.type,
        occurredAt: occurredAt.toISOString(),
        correlationId: event.correlationId,
        accountId: event.accountId,
      };
      const payload = canonicalJson(event.payload);
      const hash = chainHashOf(prevHash, entry, payload);
      seq += 1n;
      rows.push({ ...entry, payload, seq, prevHash, hash });
      stored.push({ event, occurredAt });
      const result = {
        stored: true as const,
        seq: Number(seq),
        hash,
        prevHash,
        occurredAt: entry.occurredAt,
      };
      prevHash = hash;
      return result;
    });
    if (rows.length === 0) return results;
    await writeRows(tx, auditLogTable, rows);
    await tx.query(moveSequence, [rows.length]);
    await project(tx, stored);
    return results;
  });
}

/** Appends one event (a batch of one). */
export async function appendEvent(
  sql: SqlPool,
  event: AuditEvent,
  project: Projector,
): Promise<AppendResult> {
  const [result] = await appendEvents(sql, [event], project);
  if (!result) throw new Error('appendEvents returned no result for its event');
  return result;
}
