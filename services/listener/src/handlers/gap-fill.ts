import type { Fill } from '@copytrade/delta-client';
import { ingestFill } from './ingest-fill.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * The REST safety net: every fill since the master's persisted cursor, oldest first, through the
 * same idempotent ingestion as the WebSocket path. Runs at start, after every reconnect, on a
 * timer, and on an operator's "monitor now". The cursor moves only after the fills are ingested,
 * so a crash re-reads rather than skips. Returns how many fills were new.
 */
export async function gapFill(deps: ListenerDeps, masterAccountId: string): Promise<number> {
  const client = await deps.accounts.rest(masterAccountId);
  const cursor = await deps.db.listenerCursor.findUnique({ where: { accountId: masterAccountId } });
  if (!cursor) {
    await ensureBaseline(deps, masterAccountId);
    return 0;
  }
  const fills: Fill[] = [];
  for await (const page of client.fillsSince({ startTime: Number(cursor.lastFillTimeUs), pageSize: 100 })) {
    fills.push(...page.fills);
  }
  // Oldest first, so positions build up in the order the exchange applied the fills.
  fills.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
  let applied = 0;
  const detectedAtMs = Date.now();
  for (const fill of fills) {
    const symbol = fill.productSymbol ?? (await deps.products.symbolOf(masterAccountId, fill.productId));
    const outcome = await ingestFill(
      deps,
      {
        masterAccountId,
        fillId: fill.id,
        symbol,
        productId: fill.productId,
        side: fill.side,
        size: fill.size,
        price: fill.price,
        occurredAtUs: fill.createdAt,
        fillType: fill.fillType,
        orderId: fill.orderId ?? null,
        exchangePositionAfter: null,
        source: 'rest',
        detectedAtMs,
      },
      false,
    );
    if (outcome === 'applied') applied += 1;
  }
  const newest = fills.at(-1);
  if (newest && BigInt(newest.createdAt) > cursor.lastFillTimeUs) {
    await deps.db.listenerCursor.update({
      where: { accountId: masterAccountId },
      data: { lastFillTimeUs: BigInt(newest.createdAt), lastFillId: newest.id },
    });
  }
  if (applied > 0) deps.metrics.gapFills.inc(applied);
  return applied;
}

/**
 * First watch of a master: its history is not copied. The cursor starts at the exchange's now and
 * the master's open positions become the starting point that later fills move. Run it before the
 * socket subscribes, so the gap-fill after subscribing covers every fill since the cursor.
 * A baseline is taken only between two clock readings with no master fill in between: otherwise a
 * fill could be both inside the positions and after the cursor, and be counted twice.
 */
export async function ensureBaseline(deps: ListenerDeps, masterAccountId: string) {
  if (await deps.db.listenerCursor.findUnique({ where: { accountId: masterAccountId } })) return;
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
    await deps.db.listenerCursor.upsert({
      where: { accountId: masterAccountId },
      create: { accountId: masterAccountId, lastFillTimeUs: BigInt(Math.floor(startUs)) },
      update: {},
    });
    return;
  }
  throw new Error(`master ${masterAccountId} kept trading through ${baselineAttempts} baseline attempts`);
}

const baselineAttempts = 5;

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
