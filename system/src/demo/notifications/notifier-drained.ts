import type { Db } from '@copytrade/db';

/**
 * Waits until the notifier has read the whole audit log and nothing it matched is still pending
 * (webhooks in flight, emails waiting for their digest window to close); false on timeout.
 */
export async function waitNotifierDrained(db: Db, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [end, cursors, webhooks, emails] = await Promise.all([
      db.auditLog.aggregate({ _max: { seq: true } }),
      db.notifierCursor.findMany({ select: { lastSeq: true } }),
      db.webhookDelivery.count({ where: { status: 'pending' } }),
      db.emailDelivery.count({ where: { status: 'pending' } }),
    ]);
    const last = end._max.seq ?? 0n;
    const caughtUp = cursors.length > 0 && cursors.every((c) => c.lastSeq >= last);
    if (caughtUp && webhooks === 0 && emails === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
