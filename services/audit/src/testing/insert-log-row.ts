import type { Db } from '@copytrade/db';
import { APPEND_LOCK_KEY } from '../chain/append-event.ts';

type LogRowData = Parameters<Db['auditLog']['create']>[0]['data'];

/**
 * Writes an audit row straight into the log, for specs that read the trail (not the chain), while
 * an audit service may be appending: under the append lock, so the row's seq (the column's default)
 * cannot collide with a batch the service is writing.
 */
export async function insertLogRow(db: Db, data: LogRowData) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY}::bigint)`;
    return tx.auditLog.create({ data });
  });
}
