import { api } from '@copytrade/contracts';
import type { AuditLog, Db } from '@copytrade/db';
import { pageOf, timeRange } from './keyset.ts';

/** An audit row as the API shows it: the payload exactly as stored. */
export function toApiAuditEntry(row: AuditLog): api.AuditEntry {
  return {
    seq: row.seq.toString(),
    eventId: row.eventId,
    type: row.type,
    correlationId: row.correlationId,
    accountId: row.accountId,
    occurredAt: row.occurredAt.toISOString(),
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The chain newest first (by seq); a client sees only rows naming one of its accounts. */
export async function listAuditLog(db: Db, query: api.AuditLogQuery, accounts: string[] | null) {
  const rows = await db.auditLog.findMany({
    where: {
      AND: [
        {
          type: query.type,
          correlationId: query.correlationId,
          accountId: query.accountId,
          occurredAt: timeRange(query.from, query.to),
        },
        accounts === null ? {} : { accountId: { in: accounts } },
        query.cursor === undefined ? {} : { seq: { lt: BigInt(query.cursor.seq) } },
      ],
    },
    orderBy: { seq: 'desc' },
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) => api.encodeSeqCursor({ seq: last.seq.toString() }));
  return { entries: page.rows.map(toApiAuditEntry), nextCursor: page.nextCursor };
}

/** The rows of one correlation that name one of `accountIds`, in chain order. */
export function auditTrail(db: Db, correlationId: string, accountIds: string[]): Promise<AuditLog[]> {
  return db.auditLog.findMany({
    where: { correlationId, accountId: { in: accountIds } },
    orderBy: { seq: 'asc' },
  });
}
