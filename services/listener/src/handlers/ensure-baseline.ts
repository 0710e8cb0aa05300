import type { ListenerDeps } from './listener-deps.ts';

/**
 * First watch of a master: its history is not copied. The cursor starts at the exchange's now and
 * the master's open positions become the starting point that later fills move. Run it before the
 * socket subscribes, so the gap-fill after subscribing covers every fill since the cursor.
 * A baseline is taken only between two clock readings with no master fill in between: otherwise a
 * fill could be both inside the positions and after the cursor, and be counted twice.
 */
export async function ensureBaseline(deps: ListenerDeps, masterAccountId: string) {
  const existing = await deps.db.listenerCursor.findUnique({ where: { accountId: masterAccountId } });
  if (existing) return existing;
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
    return deps.db.listenerCursor.upsert({
      where: { accountId: masterAccountId },
      create: { accountId: masterAccountId, lastFillTimeUs: BigInt(Math.floor(startUs)) },
      update: {},
    });
  }
  throw new Error(`master ${masterAccountId} kept trading through ${baselineAttempts} baseline attempts`);
}

const baselineAttempts = 5;
