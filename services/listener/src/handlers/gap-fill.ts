import type { DeltaRestClient, Fill } from '@copytrade/delta-client';
import { ingestFill } from './ingest-fill.ts';
import type { ListenerDeps } from './listener-deps.ts';

/**
 * The REST safety net: every fill since the master's persisted cursor, oldest first, through the
 * same idempotent ingestion as the WebSocket path. Runs at start, after every reconnect, on a
 * timer, and on an operator's "monitor now". The cursor moves only after the fills are ingested,
 * so a crash re-reads rather than skips. Returns how many fills were new.
 */
export async function gapFill(
  deps: ListenerDeps,
  masterAccountId: string,
  symbols: SymbolLookup,
): Promise<number> {
  const client = await deps.accounts.rest(masterAccountId);
  const cursor = await deps.db.listenerCursor.findUnique({ where: { accountId: masterAccountId } });
  if (!cursor) {
    await baseline(deps, client, masterAccountId, symbols);
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
    const symbol = fill.productSymbol ?? (await symbols(fill.productId, masterAccountId));
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

/** Product id → symbol, for REST fills that carry only the id. */
export type SymbolLookup = (productId: number, accountId: string) => Promise<string>;

/**
 * First watch of a master: its history is not copied. The cursor starts at the exchange's now and
 * the master's open positions become the starting point that later fills move.
 */
async function baseline(
  deps: ListenerDeps,
  client: DeltaRestClient,
  masterAccountId: string,
  symbols: SymbolLookup,
) {
  const serverNowUs = await client.getServerTime();
  const positions = await client.getMarginedPositions();
  for (const position of positions) {
    const symbol = position.productSymbol ?? (await symbols(position.productId!, masterAccountId));
    // HSETNX: a position already tracked (a previous life of this master) is never overwritten.
    await deps.redis.hsetnx(deps.keys.masterPosition(masterAccountId, symbol), 'pos', position.size);
  }
  await deps.db.listenerCursor.upsert({
    where: { accountId: masterAccountId },
    create: { accountId: masterAccountId, lastFillTimeUs: BigInt(Math.floor(serverNowUs)) },
    update: {},
  });
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
