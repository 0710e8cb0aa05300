import type { ReconcileReason } from '@copytrade/contracts';
import { positionNow, readAccountBook } from '../exchange/positions.ts';
import { holdSymbols } from '../state/symbol-lock.ts';
import { finishEndedFollows } from './end-follows.ts';
import { type FollowView, loadFollows } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { reconcileSymbol, watched } from './reconcile-symbol.ts';
import { riskExits } from './risk-exits.ts';

/** How long a position read under locks taken together is used (the locks last 5 s). */
const HELD_READ_MAX_AGE_MS = 2_000;

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
  const masters = await masterPositions(deps, follows);
  const exits = await riskExits(deps, follows, client);
  // The symbols the platform knows of are locked first, so one read of the account's positions and
  // orders, sent under their locks, is each one's position read (two requests per follower, not 1 + 2
  // per symbol). A position found elsewhere (traded by hand) is read again under its own lock.
  const known = new Set<string>(traded);
  for (const positions of masters.values()) for (const symbol of positions.keys()) known.add(symbol);
  const locks = follows.some(watched) ? await holdSymbols(deps, followerAccountId, known) : new Map();
  const lockedAt = performance.now();
  // A symbol left for the next cycle may be one a risk exit flattens: the exit stays pending for it.
  let everySymbol = true;
  try {
    const book = await readAccountBook(deps.accounts, followerAccountId, locks.size > 0);
    const symbols = new Set<string>([...book.positions.keys(), ...known]);
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
      // Taken by an executor's drain when asked for: an order is being sent, next cycle.
      if (known.has(symbol) && !locks.has(symbol)) {
        everySymbol = false;
        continue;
      }
      const productId =
        book.positions.get(symbol)?.productId ??
        [...masters.values()].map((m) => m.get(symbol)?.productId).find((id) => id !== undefined) ??
        (await client.getProduct(symbol)).id;
      let release = locks.get(symbol);
      locks.delete(symbol);
      // A lock held this long may lapse before its symbol is done: read that one again under a new lock.
      if (release !== undefined && performance.now() - lockedAt > HELD_READ_MAX_AGE_MS) {
        await release();
        release = undefined;
      }
      const fromBook = async () => {
        const p = book.positions.get(symbol);
        const value = p?.value ?? { entryPrice: null, realizedPnl: null, unrealizedPnl: null };
        return { actual: p?.size ?? 0, resting: book.resting.has(productId), value };
      };
      await reconcileSymbol(deps, follows, {
        followerAccountId,
        symbol,
        productId,
        position:
          release !== undefined ? fromBook : () => positionNow(deps.accounts, followerAccountId, productId),
        masterPositions: new Map(
          follows.map((f) => [f.followId, masters.get(f.masterAccountId)?.get(symbol)?.size ?? 0]),
        ),
        masterPositionSince: async (follow, since) =>
          (await deps.masterPositions.sentAfter(follow.masterAccountId, since)).value.get(symbol)?.size ?? 0,
        flatten: exits.flatten,
        price: () => price(symbol),
        ...(release !== undefined && { held: release }),
      });
    }
    await exits.settle(everySymbol);
    await finishEndedFollows(deps, follows, [...symbols]);
    deps.metrics.cycleSeconds((performance.now() - started) / 1_000);
    deps.logger.debug({ followerAccountId, reason, symbols: symbols.size }, 'follower reconciled');
    return { symbols: symbols.size };
  } finally {
    // Any lock not handed to its symbol's reconcile (a read failed) is given back.
    await Promise.all([...locks.values()].map((release) => release()));
  }
}

/** Each master's positions from the read its followers share (a cycle reads a master about once). */
async function masterPositions(deps: ReconcileDeps, follows: FollowView[]) {
  const ids = [...new Set(follows.map((f) => f.masterAccountId))];
  const read = await Promise.all(
    ids.map(async (id) => [id, (await deps.masterPositions.recent(id)).value] as const),
  );
  return new Map(read);
}
