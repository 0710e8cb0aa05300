import type { ReconcileDeps } from './reconcile-deps.ts';

const unsettled = ['pending', 'sent', 'unknown'] as const;

/**
 * An order for this follower and symbol may still change its position: legs wait in the outbox, a
 * drainer holds it, one of our orders rests open, or an intent younger than the in-flight window is
 * unsettled. Exit-sync never corrects beside one.
 */
export async function inFlight(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
  restingSymbols: ReadonlySet<string>,
): Promise<boolean> {
  if (restingSymbols.has(symbol)) return true;
  const [queued, draining] = await Promise.all([
    deps.redis.llen(deps.keys.orderOutbox(followerAccountId, symbol)),
    deps.redis.exists(deps.keys.drainLock(followerAccountId, symbol)),
  ]);
  if (queued > 0 || draining > 0) return true;
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
