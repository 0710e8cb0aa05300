import type { Db } from '@copytrade/db';
import type { JsonInput } from './canonical-json.ts';
import { chainHash, GENESIS_HASH } from './chain-hash.ts';
import { checkpointSignatureValid } from './checkpoint.ts';
import { developmentCheckpointKey } from './checkpoint-key.ts';

export interface VerifyOptions {
  /** The key `audit_checkpoints` rows are signed with (`checkpointKey(env)`). @defaultValue the development key */
  checkpointKey?: string;
  /** Rows read per query. @defaultValue 1000 */
  batchSize?: number;
}

export type VerifyResult =
  | { ok: true; count: number; checkpoints: number }
  | {
      ok: false;
      seq: string;
      eventId: string;
      /** `prev_hash_mismatch`: the row does not point at the row before it (a row removed or inserted). */
      reason: 'hash_mismatch' | 'prev_hash_mismatch';
      expected: string;
      actual: string;
    }
  /** A checkpoint whose signature is not ours: forged or altered. */
  | { ok: false; reason: 'checkpoint_forged'; seq: string }
  /** The row a checkpoint names has another hash (the chain was rewritten) or is gone (a gap). */
  | { ok: false; reason: 'checkpoint_mismatch'; seq: string; expected: string; actual: string | null }
  /** The log ends before its last checkpoint: rows `missingFrom`..`missingTo` (at least) were removed. */
  | { ok: false; reason: 'truncated'; missingFrom: string; missingTo: string };

/**
 * Walks the audit log in `seq` order and recomputes every link. Names the FIRST broken row: its
 * stored prev_hash must equal the previous row's stored hash, and its stored hash must equal the
 * hash recomputed from its own columns. Then holds the chain to the signed checkpoints kept apart
 * from it: each must be validly signed, and name a row that is there with the same hash, which
 * catches a removed tail (it leaves a checkpoint beyond the end) and a chain rewritten from scratch.
 */
export async function verifyChain(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 1_000;
  const key = options.checkpointKey ?? developmentCheckpointKey;
  const checkpoints = await db.auditCheckpoint.findMany({ orderBy: { seq: 'asc' } });
  for (const cp of checkpoints) {
    if (!checkpointSignatureValid(key, cp.seq, cp.hash, cp.signature))
      return { ok: false, reason: 'checkpoint_forged', seq: cp.seq.toString() };
  }
  let next = 0; // the first checkpoint not yet met on the walk
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
      const skipped = checkpoints[next];
      if (skipped && skipped.seq < row.seq)
        return {
          ok: false,
          reason: 'checkpoint_mismatch',
          seq: skipped.seq.toString(),
          expected: skipped.hash,
          actual: null,
        };
      if (skipped?.seq === row.seq) {
        if (skipped.hash !== row.hash)
          return {
            ok: false,
            reason: 'checkpoint_mismatch',
            seq: row.seq.toString(),
            expected: skipped.hash,
            actual: row.hash,
          };
        next += 1;
      }
      prevHash = row.hash;
      count += 1;
      after = row.seq;
    }
    if (rows.length < batchSize) break;
  }
  const last = checkpoints.at(-1);
  if (last && next < checkpoints.length)
    return {
      ok: false,
      reason: 'truncated',
      missingFrom: (after < 1n ? 1n : after + 1n).toString(),
      missingTo: last.seq.toString(),
    };
  return { ok: true, count, checkpoints: checkpoints.length };
}
