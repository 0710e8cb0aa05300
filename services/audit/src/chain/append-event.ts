import type { AuditEvent } from '@copytrade/contracts';
import type { Db, Prisma } from '@copytrade/db';
import type { JsonInput } from './canonical-json.ts';
import { type ChainEntry, chainHash, GENESIS_HASH } from './chain-hash.ts';

export type Tx = Prisma.TransactionClient;

/** Writes what an event means beyond the log itself (the projections), inside the append's transaction. */
export type Projector = (tx: Tx, event: AuditEvent, occurredAt: Date) => Promise<void>;

export type AppendResult =
  | { stored: true; seq: number; hash: string; prevHash: string; occurredAt: string }
  | { stored: false };

/**
 * Every replica takes this transaction-scoped lock before reading the chain's head, so appends form
 * one chain whatever the number of replicas. Any fixed number works; it only has to be the same everywhere.
 */
const APPEND_LOCK_KEY = 7_402_118_861;

/** Postgres time-outs, generous: a replica may wait for another's append under the lock. */
const txOptions = { maxWait: 10_000, timeout: 20_000 };

/**
 * Appends one event to the hash chain and applies its projections, in one transaction: both happen
 * or neither. An event id already in the log is skipped (the same event delivered twice is stored once).
 */
export async function appendEvent(db: Db, event: AuditEvent, project: Projector): Promise<AppendResult> {
  return db.$transaction(async (tx): Promise<AppendResult> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY}::bigint)`;
    const seen = await tx.auditLog.findUnique({ where: { eventId: event.eventId }, select: { seq: true } });
    if (seen) return { stored: false };
    const head = await tx.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
    const prevHash = head?.hash ?? GENESIS_HASH;
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
    const row = await tx.auditLog.create({
      data: { ...entry, occurredAt, payload: event.payload as Prisma.InputJsonValue, prevHash, hash },
      select: { seq: true },
    });
    await project(tx, event, occurredAt);
    return { stored: true, seq: Number(row.seq), hash, prevHash, occurredAt: entry.occurredAt };
  }, txOptions);
}
