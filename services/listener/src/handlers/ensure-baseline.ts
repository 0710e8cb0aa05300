import type { ListenerDeps } from './listener-deps.ts';

/**
 * First watch of a master: its history is not copied. The cursor starts at the exchange's now and
 * the master's open positions become the starting point that later fills move. Run it before the
 * socket subscribes, so the gap-fill after subscribing covers every fill since the cursor.
 * A baseline is taken only between two clock readings with no master fill in between: otherwise a
 * fill could be both inside the positions and after the cursor, and be counted twice.
 */
export async function ensureBaseline(deps: ListenerDeps, masterAccountId: string) {
  const marker = deps.keys.masterBaseline(masterAccountId);
  const existing = await deps.store.cursor(masterAccountId);
  if (existing && (await deps.redis.exists(marker)) === 1) return existing;
  if (existing) {
    // Redis lost the master's positions (a restart without persistence, or its last second): the
    // fills since the cursor would rebuild them from zero. The exchange's positions are the truth
    // again, as on a first watch; exit-sync takes the followers from there.
    deps.logger.warn({ masterAccountId }, 'master position state lost; taking a new baseline');
    await deps.store.deleteCursor(masterAccountId);
  }
  const client = await deps.accounts.rest(masterAccountId);
  for (let attempt = 1; attempt <= baselineAttempts; attempt += 1) {
    const startUs = await client.getServerTime();
    const positions = await client.getMarginedPositions();
    const endUs = await client.getServerTime();
    const between = await client.getFills({ startTime: startUs, endTime: endUs, pageSize: 1 });
    if (between.fills.length > 0) continue; // the master traded meanwhile: read again
    for (const position of positions) {
      const symbol =
        position.productSymbol ?? (await deps.products.symbolOf(masterAccountId, position.productId!));
      // HSETNX: a position already tracked (a previous life of this master) is never overwritten.
      await deps.redis.hsetnx(deps.keys.masterPosition(masterAccountId, symbol), 'pos', position.size);
    }
    const cursor = await deps.store.cursorFrom(masterAccountId, BigInt(Math.floor(startUs)));
    await deps.redis.set(marker, String(cursor.lastFillTimeUs));
    return cursor;
  }
  throw new Error(`master ${masterAccountId} kept trading through ${baselineAttempts} baseline attempts`);
}

const baselineAttempts = 5;
