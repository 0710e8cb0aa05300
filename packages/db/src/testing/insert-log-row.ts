import { AUDIT_APPEND_LOCK_KEY } from '../audit-append-lock.ts';
import type { Db } from '../prisma-client.ts';

type LogRowData = Parameters<Db['auditLog']['create']>[0]['data'];

/**
 * Writes an audit row straight into the log, for specs that read the trail (not the chain), while
 * an audit service may be appending: under the append lock, so the row's seq (the column's default)
 * cannot collide with a batch the service is writing.
 */
export async function insertLogRow(db: Db, data: LogRowData) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
    return tx.auditLog.create({ data });
  });
}
