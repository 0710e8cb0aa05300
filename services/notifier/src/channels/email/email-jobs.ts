import type { EmailFlushJob } from '@copytrade/contracts';
import type { Queue } from 'bullmq';

export interface EmailJobs {
  /** Sends what is pending for these users now; `key` makes the job id unique to the feed step. */
  flushNow(userIds: readonly string[], key: string): Promise<void>;
  /**
   * Sends the user's digest when the window closes. One job per (user, window): the id names the
   * window's end, so however many events arrive inside it, one job is waiting, in Redis (it
   * survives a restart of the notifier).
   */
  flushAt(userId: string, closesAt: Date): Promise<void>;
}

export function emailJobs(queue: Queue<EmailFlushJob>, attempts: number): EmailJobs {
  const opts = { attempts, backoff: { type: 'email' }, removeOnComplete: true, removeOnFail: 1_000 };
  return {
    async flushNow(userIds, key) {
      if (userIds.length === 0) return;
      await queue.addBulk(
        userIds.map((userId) => ({
          name: 'flush',
          data: { userId },
          opts: { ...opts, jobId: `email_${userId}_${key}` },
        })),
      );
    },
    async flushAt(userId, closesAt) {
      await queue.add(
        'flush',
        { userId },
        {
          ...opts,
          jobId: `email_${userId}_w${closesAt.getTime()}`,
          delay: Math.max(0, closesAt.getTime() - Date.now()),
        },
      );
    },
  };
}
