import type { AuditEvent } from '@copytrade/contracts';
import { AUDIT_APPEND_LOCK_KEY, type AuditLog, type Db, type Prisma } from '@copytrade/db';
import { type TableSpec, writeRows } from '../storage/row-writer.ts';
import type { JsonInput } from './canonical-json.ts';
import { type ChainEntry, chainHash, GENESIS_HASH } from './chain-hash.ts';

export type Tx = Prisma.TransactionClient;

/** An event appended to the log, with the time it was hashed and stored with. */
export interface StoredEvent {
  event: AuditEvent;
  occurredAt: Date;
}

/**
 * Writes what a batch of events means beyond the log itself (the projections), inside the append's
 * transaction, in the order of their `seq`.
 */
export type Projector = (tx: Tx, stored: readonly StoredEvent[]) => Promise<void>;

export type AppendResult =
  | { stored: true; seq: number; hash: string; prevHash: string; occurredAt: string }
  | { stored: false };

/** Postgres time-outs, generous: a replica may wait for another's batch under the lock. */
const txOptions = { maxWait: 10_000, timeout: 30_000 };

type LogRow = Omit<AuditLog, 'createdAt' | 'payload'> & { payload: JsonInput };

const auditLogTable: TableSpec<LogRow> = {
  table: 'audit_log',
  columns: {
    seq: 'seq',
    eventId: 'event_id',
    type: 'type',
    correlationId: 'correlation_id',
    accountId: 'account_id',
    occurredAt: 'occurred_at',
    payload: 'payload',
    prevHash: 'prev_hash',
    hash: 'hash',
  },
};

/**
 * Appends a batch of events to the hash chain and applies their projections, in one transaction:
 * all of it happens or none of it. The head is read once under the lock, the rows are chained in
 * memory in the batch's order and inserted with one statement, their `seq` following the head's
 * with no gap. An event id already in the log, or earlier in the same batch, is skipped (the same
 * event delivered twice is stored once). Results are in the order of `events`.
 */
export async function appendEvents(
  db: Db,
  events: readonly AuditEvent[],
  project: Projector,
): Promise<AppendResult[]> {
  return db.$transaction(async (tx): Promise<AppendResult[]> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
    const ids = [...new Set(events.map((event) => event.eventId))];
    const seen = new Set(
      (await tx.auditLog.findMany({ where: { eventId: { in: ids } }, select: { eventId: true } })).map(
        (row) => row.eventId,
      ),
    );
    const head = await tx.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    let seq = head?.seq ?? 0n;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows: LogRow[] = [];
    const stored: StoredEvent[] = [];
    const results = events.map((event): AppendResult => {
      if (seen.has(event.eventId)) return { stored: false };
      seen.add(event.eventId);
      // Hashed as the timestamptz column will return it, so verification can recompute it from the row.
      const occurredAt = new Date(event.occurredAt);
      const entry: ChainEntry = {
        eventId: event.eventId,
        type: event.type,
        occurredAt: occurredAt.toISOString(),
        correlationId: event.correlationId,
        accountId: event.accountId,
        payload: event.payload as JsonInput,
      };
      const hash = chainHash(prevHash, entry);
      seq += 1n;
      rows.push({ ...entry, occurredAt, seq, prevHash, hash });
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
    // seq is given (gapless), not drawn from the column's sequence; the sequence is moved on by as many
    // rows anyway, so a writer that still takes the default (an older replica during a deploy) does not
    // collide with them. nextval, not setval: the services' role has USAGE on sequences, not UPDATE.
    await tx.$queryRaw`SELECT count(nextval(pg_get_serial_sequence('audit_log', 'seq')))::int AS moved FROM generate_series(1, ${rows.length}::int)`;
    await project(tx, stored);
    return results;
  }, txOptions);
}

/** Appends one event (a batch of one). */
export async function appendEvent(db: Db, event: AuditEvent, project: Projector): Promise<AppendResult> {
  const [result] = await appendEvents(db, [event], project);
  if (!result) throw new Error('appendEvents returned no result for its event');
  return result;
}
