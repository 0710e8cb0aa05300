import type { Db } from '@copytrade/db';
import type { PushJobs } from './push-jobs.ts';

/**
 * The push outbox's relay: deliveries still pending and untouched for `olderThanMs` get their job
 * again (same id: one still waiting or delayed is left alone).
 */
export async function sweepPush(deps: {
  db: Db;
  jobs: PushJobs;
  olderThanMs: number;
  now: Date;
}): Promise<number> {
  const rows = await deps.db.pushDelivery.findMany({
    where: { status: 'pending', updatedAt: { lte: new Date(deps.now.getTime() - deps.olderThanMs) } },
    select: { subscriptionId: true, eventId: true },
    orderBy: { updatedAt: 'asc' },
    take: 1_000,
  });
  await deps.jobs.add(rows);
  return rows.length;
}
