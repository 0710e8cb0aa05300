import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@copytrade/db';

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
 */
export async function writeCheckpoint(db: Db, key: string): Promise<bigint | null> {
  const head = await db.auditLog.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  if (!head) return null;
  await db.auditCheckpoint.createMany({
    data: [{ seq: head.seq, hash: head.hash, signature: signCheckpoint(key, head.seq, head.hash) }],
    skipDuplicates: true,
  });
  return head.seq;
}
