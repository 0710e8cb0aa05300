import type { ReconcileDeps } from './reconcile-deps.ts';

const unsettled = ['pending', 'sent', 'unknown'] as const;

/**
 * An order for this follower and symbol may still change its position: legs wait in the outbox, or an
 * intent younger than the in-flight window is unsettled (resting orders and drainers are seen by the
 * caller). Exit-sync never corrects beside one.
 */
export async function inFlight(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
): Promise<boolean> {
  const queued = await deps.redis.llen(deps.keys.orderOutbox(followerAccountId, symbol));
  if (queued > 0) return true;
  const young = await deps.db.orderIntent.count({
    where: {
      followerAccountId,
      symbol,
      state: { in: [...unsettled] },
      updatedAt: { gt: new Date(deps.now() - deps.settings.inFlightMs) },
    },
  });
  return young > 0;
}
