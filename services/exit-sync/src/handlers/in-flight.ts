import type { ReconcileDeps } from './reconcile-deps.ts';

/**
 * An order for this follower and symbol may still change its position: legs wait in the outbox, or an
 * intent younger than the in-flight window is unsettled (resting orders and drainers are seen by the
 * caller). Exit-sync never corrects beside one.
 */
export async function inFlight(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
  /** Legs in the symbol's outbox, read under its drain lock. */
  queued: number,
): Promise<boolean> {
  if (queued > 0) return true;
  return deps.reads.unsettledSince(
    followerAccountId,
    symbol,
    new Date(deps.now() - deps.settings.inFlightMs),
  );
}
