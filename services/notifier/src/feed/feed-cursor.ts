import type { Db, Prisma } from '@copytrade/db';

/**
 * Creates the feed's cursor at the audit log's current end when it has none: a new notifier
 * notifies from now on, not the whole history. Several replicas starting at once create it once.
 */
export async function ensureCursor(db: Db, name: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO notifier_cursors (name, last_seq, updated_at)
    SELECT ${name}, COALESCE(MAX(seq), 0), now() FROM audit_log
    ON CONFLICT (name) DO NOTHING`;
}

/** The cursor, locked until the step's transaction ends: one replica reads a stretch at a time. */
export async function lockCursor(tx: Prisma.TransactionClient, name: string): Promise<bigint> {
  const rows = await tx.$queryRaw<{ last_seq: bigint }[]>`
    SELECT last_seq FROM notifier_cursors WHERE name = ${name} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new Error(`the notifier cursor ${name} is missing`);
  return BigInt(row.last_seq);
}

export async function moveCursor(tx: Prisma.TransactionClient, name: string, lastSeq: bigint): Promise<void> {
  await tx.notifierCursor.update({ where: { name }, data: { lastSeq } });
}
