import { queueNames } from '../../packages/contracts/src/index.ts';
import { createQueue, type Redis } from '../../packages/runtime/src/index.ts';

/** Audit jobs not yet recorded (each carries up to 200 events): the audit service's lag, in jobs. */
export function auditBacklogReader(redis: Redis, prefix: string) {
  const queue = createQueue(queueNames.auditEvents, { connection: redis, prefix });
  return {
    async backlog(): Promise<number> {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    close: () => queue.close(),
  };
}

/**
 * Waits until the audit service has recorded everything queued, so that one measurement's backlog
 * is not recorded during the next one's; returns how long that took (null: not within `timeoutMs`).
 */
export async function waitForAuditCaughtUp(
  backlog: () => Promise<number>,
  onWait: (jobs: number) => void,
  timeoutMs = 15 * 60_000,
): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    const jobs = await backlog();
    if (jobs === 0) return Math.round(performance.now() - started);
    if (performance.now() - started > timeoutMs) return null;
    onWait(jobs);
    await new Promise((r) => setTimeout(r, 250));
  }
}
