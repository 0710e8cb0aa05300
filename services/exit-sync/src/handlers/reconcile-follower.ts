import type { ReconcileReason } from '@copytrade/contracts';
import { positionNow, readPositions } from '../exchange/positions.ts';
import { finishEndedFollows } from './end-follows.ts';
import { type FollowView, loadFollows } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { reconcileSymbol } from './reconcile-symbol.ts';
import { riskExits } from './risk-exits.ts';

/**
 * Reconciles one follower account: reads its actual positions and resting orders and its masters'
 * actual positions once, then reconciles every symbol any of them (or its orders) touch.
 */
export async function reconcileFollower(
  deps: ReconcileDeps,
  followerAccountId: string,
  reason: ReconcileReason,
): Promise<{ symbols: number }> {
  const started = performance.now();
  const { follows, tradedSymbols: traded } = await loadFollows(deps, followerAccountId);
  if (follows.length === 0) return { symbols: 0 };
  const client = await deps.accounts.rest(followerAccountId);
  // Which symbols to look at; each one's position is read again under its lock.
  const [actual, masters] = await Promise.all([
    readPositions(deps.accounts, followerAccountId),
    masterPositions(deps, follows),
  ]);
  const flatten = await riskExits(deps, follows, client);
  const symbols = new Set<string>([...actual.keys(), ...traded]);
  for (const positions of masters.values()) for (const symbol of positions.keys()) symbols.add(symbol);
  const prices = new Map<string, Promise<string>>();
  const price = (symbol: string) => {
    let p = prices.get(symbol);
    if (p === undefined) {
      p = client.getTicker(symbol).then((t) => t.markPrice ?? t.lastPrice ?? '0');
      prices.set(symbol, p);
    }
    return p;
  };
  for (const symbol of symbols) {
    const productId =
      actual.get(symbol)?.productId ??
      [...masters.values()].map((m) => m.get(symbol)?.productId).find((id) => id !== undefined) ??
      (await client.getProduct(symbol)).id;
    await reconcileSymbol(deps, follows, {
      followerAccountId,
      symbol,
      productId,
      position: () => positionNow(deps.accounts, followerAccountId, productId),
      masterPositions: new Map(
        follows.map((f) => [f.followId, masters.get(f.masterAccountId)?.get(symbol)?.size ?? 0]),
      ),
      masterPositionSince: async (follow, since) =>
        (await deps.masterPositions.sentAfter(follow.masterAccountId, since)).value.get(symbol)?.size ?? 0,
      flatten,
      price: () => price(symbol),
    });
  }
  await finishEndedFollows(deps, follows, [...symbols]);
  deps.metrics.cycleSeconds((performance.now() - started) / 1_000);
  deps.logger.debug({ followerAccountId, reason, symbols: symbols.size }, 'follower reconciled');
  return { symbols: symbols.size };
}

/** Each master's positions from the read its followers share (a cycle reads a master about once). */
async function masterPositions(deps: ReconcileDeps, follows: FollowView[]) {
  const ids = [...new Set(follows.map((f) => f.masterAccountId))];
  const read = await Promise.all(
    ids.map(async (id) => [id, (await deps.masterPositions.recent(id)).value] as const),
  );
  return new Map(read);
}
