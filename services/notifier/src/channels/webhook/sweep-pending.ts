import type { Db } from '@copytrade/db';
import type { DeliveryJobs } from './delivery-jobs.ts';

/**
 * The outbox's relay: deliveries still pending and untouched for `olderThanMs` get their job
 * enqueued again (same job id, so one still waiting or delayed in Redis is left alone). This is what
 * delivers a notification whose job was lost: the notifier died between its commit and its enqueue,
 * or Redis lost its last writes.
 */
export async function sweepPending(deps: {
  db: Db;
  jobs: DeliveryJobs;
  olderThanMs: number;
  now: Date;
  limit?: number;
}): Promise<number> {
  const rows = await deps.db.webhookDelivery.findMany({
    where: {
      status: 'pending',
      endpoint: { status: 'active' },
      updatedAt: { lte: new Date(deps.now.getTime() - deps.olderThanMs) },
    },
    select: { endpointId: true, eventId: true, round: true },
    orderBy: { updatedAt: 'asc' },
    take: deps.limit ?? 1_000,
  });
  await deps.jobs.add(rows);
  return rows.length;
}
