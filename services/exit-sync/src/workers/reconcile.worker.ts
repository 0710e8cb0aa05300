import { reconcileJob } from '@copytrade/contracts';
import { type Processor, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { fanOutCycle, fanOutMaster } from '../handlers/fan-out.ts';
import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';
import { reconcileFollower } from '../handlers/reconcile-follower.ts';

/**
 * reconcile → a cycle's or a master's fan-out, or one follower's reconcile, which first waits
 * `beforeReconcile` (a burst of copies passing: positions read mid-burst are in flux anyway).
 */
export function reconcileProcessor(
  deps: ReconcileDeps,
  beforeReconcile: () => Promise<unknown> = async () => undefined,
): Processor<unknown, unknown> {
  return async (job) => {
    const parsed = reconcileJob.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid reconcile job: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    switch (data.kind) {
      case 'cycle':
        return { followers: await fanOutCycle(deps) };
      case 'master':
        return { followers: await fanOutMaster(deps, data.masterAccountId, data.reason) };
      case 'follower':
        await beforeReconcile();
        return reconcileFollower(deps, data.followerAccountId, data.reason);
    }
  };
}
