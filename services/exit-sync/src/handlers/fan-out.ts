import type { ReconcileJob, ReconcileReason } from '@copytrade/contracts';
import type { ReconcileDeps } from './reconcile-deps.ts';

// One waiting or running reconcile per follower: a slow cycle never stacks up behind itself.
const dedupe = (followerAccountId: string) => ({ deduplication: { id: `follower_${followerAccountId}` } });

async function enqueue(deps: ReconcileDeps, followerIds: string[], reason: ReconcileReason): Promise<number> {
  if (followerIds.length === 0) return 0;
  await deps.reconcile.addBulk(
    followerIds.map((followerAccountId) => ({
      name: 'follower',
      data: { kind: 'follower', followerAccountId, reason } satisfies ReconcileJob,
      opts: dedupe(followerAccountId),
    })),
  );
  return followerIds.length;
}

/** The timer's cycle: every follower account with a follow that is not plainly stopped. */
export async function fanOutCycle(deps: ReconcileDeps): Promise<number> {
  return enqueue(deps, await deps.reads.followersToReconcile(), 'cycle');
}

/** After a listener found missed fills of a master (or on demand): its followers, now. */
export async function fanOutMaster(
  deps: ReconcileDeps,
  masterAccountId: string,
  reason: ReconcileReason,
): Promise<number> {
  return enqueue(deps, await deps.reads.followersOf(masterAccountId), reason);
}
