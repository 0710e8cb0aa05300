import type { Db } from '@copytrade/db';
import type { EmailJobs } from './email-jobs.ts';

/**
 * The email outbox's relay: users with deliveries pending and untouched for `olderThanMs`, or an
 * email made but not sent whose sender's hold ran out (a notifier stopped between making it and
 * sending it), get a flush job. A flush sends nothing twice, so an extra one costs nothing.
 */
export async function sweepEmail(deps: {
  db: Db;
  jobs: EmailJobs;
  olderThanMs: number;
  now: Date;
}): Promise<number> {
  const before = new Date(deps.now.getTime() - deps.olderThanMs);
  const [deliveries, batches] = await Promise.all([
    deps.db.emailDelivery.findMany({
      where: { status: 'pending', batchId: null, updatedAt: { lte: before } },
      select: { userId: true },
      distinct: ['userId'],
      take: 1_000,
    }),
    deps.db.emailBatch.findMany({
      where: {
        status: 'pending',
        updatedAt: { lte: before },
        OR: [{ claimedUntil: null }, { claimedUntil: { lt: deps.now } }],
      },
      select: { userId: true },
      distinct: ['userId'],
      take: 1_000,
    }),
  ]);
  const users = [...new Set([...deliveries, ...batches].map((row) => row.userId))];
  await deps.jobs.flushNow(users, `sweep${Math.floor(deps.now.getTime() / deps.olderThanMs)}`);
  return users.length;
}
