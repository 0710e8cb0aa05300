import type { Db } from '@copytrade/db';
import type { JsonInput } from './canonical-json.ts';
import { chainHash, GENESIS_HASH } from './chain-hash.ts';

export interface VerifyOptions {
  /** Rows read per query. @defaultValue 1000 */
  batchSize?: number;
}

export type VerifyResult =
  | { ok: true; count: number }
  | {
      ok: false;
      seq: string;
      eventId: string;
      /** `prev_hash_mismatch`: the row does not point at the row before it (a row removed or inserted). */
      reason: 'hash_mismatch' | 'prev_hash_mismatch';
      expected: string;
      actual: string;
    };

/**
 * Walks the audit log in `seq` order and recomputes every link. Names the FIRST broken row: its
 * stored prev_hash must equal the previous row's stored hash, and its stored hash must equal the
 * hash recomputed from its own columns.
 */
export async function verifyChain(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 1_000;
  let prevHash = GENESIS_HASH;
  let after = -1n;
  let count = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: batchSize,
    });
    for (const row of rows) {
      const broken = (reason: 'hash_mismatch' | 'prev_hash_mismatch', expected: string, actual: string) =>
        ({ ok: false, seq: row.seq.toString(), eventId: row.eventId, reason, expected, actual }) as const;
      if (row.prevHash !== prevHash) return broken('prev_hash_mismatch', prevHash, row.prevHash);
      const expected = chainHash(prevHash, {
        eventId: row.eventId,
        type: row.type,
        occurredAt: row.occurredAt.toISOString(),
        correlationId: row.correlationId,
        accountId: row.accountId,
        payload: row.payload as JsonInput,
      });
      if (row.hash !== expected) return broken('hash_mismatch', expected, row.hash);
      prevHash = row.hash;
      count += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return { ok: true, count };
    after = last.seq;
  }
}
