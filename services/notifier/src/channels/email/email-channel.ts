import { type Channel, outboxRows } from '../channel.ts';
import type { EmailJobs } from './email-jobs.ts';

/**
 * The email channel as the feed sees it: one outbox row per (user, event), unique, written in the
 * feed's transaction; then one flush job per user, which sends at once or waits for the user's
 * throttle window (see `flush-email.ts`).
 */
export function emailChannel(jobs: EmailJobs): Channel {
  return {
    name: 'email',
    async record(tx, notifications) {
      await tx.emailDelivery.createMany({
        data: outboxRows(notifications, 'userId'),
        skipDuplicates: true,
      });
    },
    async dispatch(notifications) {
      const users = [...new Set(notifications.map(({ match }) => match.destinationId))];
      // The feed hands events over in seq order: the last seq names this step's jobs.
      const lastSeq = notifications.at(-1)?.event.seq ?? 0n;
      await jobs.flushNow(users, `s${lastSeq}`);
    },
  };
}
