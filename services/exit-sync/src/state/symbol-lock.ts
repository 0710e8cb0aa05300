import { randomBytes } from 'node:crypto';
import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';

/** Long enough for a reconcile's reads of one symbol; it is released as soon as they are done. */
const LOCK_TTL_MS = 5_000;

/**
 * Holds the executor's drain lock of one follower and symbol while exit-sync reads the position and
 * decides: no order for it can be sent meanwhile, so the position read and the book agree. The value
 * names no executor instance, so executors wait for it instead of taking it over.
 * Returns the release, or null when someone is draining (an order is in flight).
 */
export async function holdSymbol(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
): Promise<(() => Promise<void>) | null> {
  const key = deps.keys.drainLock(followerAccountId, symbol);
  const token = `exit-sync-${randomBytes(8).toString('hex')}`;
  if ((await deps.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') return null;
  return async () => {
    await deps.scripts.releaseLock(key, token);
  };
}

/** The drain locks of several symbols, each taken if free (never waited for): those taken, by symbol. */
export async function holdSymbols(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbols: Iterable<string>,
): Promise<Map<string, () => Promise<void>>> {
  const held = new Map<string, () => Promise<void>>();
  for (const symbol of symbols) {
    const release = await holdSymbol(deps, followerAccountId, symbol);
    if (release !== null) held.set(symbol, release);
  }
  return held;
}
