import { masterFillJobId, queueNames, redisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { Queue } from 'bullmq';

/**
 * "Has the pipeline caught up with the master?": the listener has applied the master's fills
 * (its tracked position equals the exchange's), no fill is left on the fill stream and no kick on the
 * kick stream (an entry stays there until it has been handled), and no master-fill or copy job is
 * waiting, running or delayed.
 */
export function pipelineProbe(redis: Redis, prefix: string) {
  const queues = [queueNames.masterFills, queueNames.copyOrders].map(
    (name) => new Queue(name, { connection: redis, prefix }),
  );
  const keys = redisKeys(prefix);
  return {
    async caughtUp(masterAccountId: string, masterPositions: Record<string, number>): Promise<boolean> {
      for (const [symbol, size] of Object.entries(masterPositions)) {
        const [tracked, fill] = await redis.hmget(
          keys.masterPosition(masterAccountId, symbol),
          'pos',
          'fill',
        );
        if (Number(tracked ?? 0) !== size) return false;
        // A fill handed to a job of its own (its fan-out failed once): wait for that job to have run.
        if (fill != null) {
          const job = await queues[0]!.getJob(masterFillJobId(masterAccountId, fill));
          if (job !== undefined && job.finishedOn === undefined) return false;
        }
      }
      // The step that moves the position puts the fill on the stream, deleted once fanned out.
      if ((await redis.xlen(keys.masterFillStream())) > 0) return false;
      if ((await redis.xlen(keys.copyKicks())) > 0) return false;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      return true;
    },
    async close() {
      for (const queue of queues) await queue.close();
    },
  };
}
