import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SqlPool } from '@copytrade/db';

/** HMAC-SHA256 over the chain head (seq, hash), hex. */
export function signCheckpoint(key: string, seq: bigint, hash: string): string {
  return createHmac('sha256', key).update(`copytrade-audit-checkpoint:v1:${seq}:${hash}`).digest('hex');
}

export function checkpointSignatureValid(key: string, seq: bigint, hash: string, signature: string): boolean {
  const expected = Buffer.from(signCheckpoint(key, seq, hash), 'hex');
  const actual = Buffer.from(signature, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Records the chain's current head in `audit_checkpoints`, signed. Nothing when the log is empty or the
 * head is already checkpointed (replicas may race: the seq is the key, the second insert is skipped).
 * On plain node-postgres, as the appends are: the audit service then never loads Prisma's query compiler.
 */
export async function writeCheckpoint(sql: SqlPool, key: string): Promise<bigint | null> {
  // Ordered by the column, not by its text (an output named "seq" would be the one ORDER BY meant).
  const { rows } = await sql.query<{ headSeq: string; hash: string }>(
    'SELECT "seq"::text AS "headSeq", "hash" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1',
  );
  const head = rows[0];
  if (!head) return null;
  const seq = BigInt(head.headSeq);
  await sql.query(
    'INSERT INTO "audit_checkpoints" ("seq", "hash", "signature") VALUES ($1::bigint, $2, $3) ON CONFLICT DO NOTHING',
    [head.headSeq, head.hash, signCheckpoint(key, seq, head.hash)],
  );
  return seq;
}
