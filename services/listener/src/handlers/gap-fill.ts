import type { Fill } from '@copytrade/delta-client';
import { ensureBaseline } from './ensure-baseline.ts';
import { type FillNotRecorded, ingestFill, type ObservedFill } from './ingest-fill.ts';
import type { ListenerDeps } from './listener-deps.ts';

export interface GapFillOptions {
  /**
   * A WebSocket fill whose sequence showed a hole: it takes its place among the REST fills (by
   * exchange time, then id), so the missed fills before it are applied first and any newer REST
   * fill after it. It keeps its `po` and `se` even when REST also lists it.
   */
  pending?: ObservedFill | undefined;
}

/**
 * The REST safety net: every fill since the master's persisted cursor, oldest first, through the
 * same idempotent ingestion as the WebSocket path. Runs at start, after every reconnect, on a
 * timer, on an operator's "monitor now", and before a WebSocket fill that follows a hole. The
 * cursor moves only after the fills are ingested, so a crash re-reads rather than skips.
 * Returns how many fills REST found that were new (a pending WebSocket fill is not counted).
 */
export async function gapFill(
  deps: ListenerDeps,
  masterAccountId: string,
  options: GapFillOptions = {},
): Promise<number> {
  const client = await deps.accounts.rest(masterAccountId);
  const cursor = await ensureBaseline(deps, masterAccountId);
  // Every page to the end, or an error before anything is applied: the cursor never moves past a
  // fill that was not read (pages come newest first, so a partial read would miss the oldest).
  const fills: Fill[] = [];
  const startTime = Number(cursor.lastFillTimeUs);
  for await (const page of client.fillsSince({ startTime, pageSize: deps.gapFillPageSize })) {
    fills.push(...page.fills);
  }
  const detectedAtMs = Date.now();
  const recorded = await recordedAlready(deps, masterAccountId, fills);
  const observed: ObservedFill[] = [];
  for (const fill of fills) {
    if (fill.id === options.pending?.fillId || recorded.has(fill.id)) continue;
    observed.push(await fromRest(deps, masterAccountId, fill, detectedAtMs));
  }
  if (options.pending) observed.push(options.pending);
  // Oldest first, so positions build up in the order the exchange applied the fills.
  observed.sort(byExchangeOrder((f) => [f.occurredAtUs, f.fillId]));
  let applied = 0;
  // Every fill goes to the mapper; the cursor moves past them only once each is recorded (its event
  // and its row): one that is not leaves the pass failed at its end, so the next pass records it.
  const records: Promise<FillNotRecorded | undefined>[] = [];
  for (const fill of observed) {
    const { outcome, recorded } = await ingestFill(deps, fill, false);
    records.push(recorded);
    if (outcome === 'applied' && fill.source === 'rest') applied += 1;
  }
  const unrecorded = (await Promise.all(records)).find((error) => error !== undefined);
  if (unrecorded) throw unrecorded;
  const newest = fills.sort(byExchangeOrder((f) => [f.createdAt, f.id])).at(-1);
  if (newest && BigInt(newest.createdAt) > cursor.lastFillTimeUs) {
    await deps.store.advanceCursor(masterAccountId, BigInt(newest.createdAt), newest.id);
  }
  if (applied > 0) {
    deps.metrics.gapFills.inc(applied);
    // Missed fills were found: have the followers checked against the exchange now, not next cycle.
    await deps.reconcile
      .add('master', { kind: 'master', masterAccountId, reason: 'listener' })
      .catch((err: unknown) => deps.logger.warn({ err, masterAccountId }, 'reconcile not requested'));
  }
  return applied;
}

/**
 * Fills with a `master_fills` row were handled: the row is written after the fill's position step
 * and its job, so there is nothing left to repair. Most of what a pass reads is such fills (the
 * WebSocket delivered them first; the cursor moves only at the end of a pass), and going through
 * the ingestion again cost each a position step, a job add and a row write for nothing. One query
 * answers for all of them; and fills older than half the seen-fills horizon may have left the Redis
 * record (trimmed by age), so for those the row is the only record there is.
 */
async function recordedAlready(
  deps: ListenerDeps,
  masterAccountId: string,
  fills: Fill[],
): Promise<Set<string>> {
  if (fills.length === 0) return new Set();
  return deps.store.recordedFillIds(
    masterAccountId,
    fills.map((f) => f.id),
  );
}

async function fromRest(
  deps: ListenerDeps,
  masterAccountId: string,
  fill: Fill,
  detectedAtMs: number,
): Promise<ObservedFill> {
  return {
    masterAccountId,
    fillId: fill.id,
    symbol: fill.productSymbol ?? (await deps.products.symbolOf(masterAccountId, fill.productId)),
    productId: fill.productId,
    side: fill.side,
    size: fill.size,
    price: fill.price,
    occurredAtUs: fill.createdAt,
    fillType: fill.fillType,
    orderId: fill.orderId ?? null,
    exchangePositionAfter: null,
    exchangeSequence: null,
    source: 'rest',
    detectedAtMs,
  };
}

/** By exchange time, then id: ids are decimal integers that may outgrow a double (shorter is older). */
function byExchangeOrder<T>(key: (item: T) => [number, string]) {
  return (x: T, y: T): number => {
    const [at, a] = key(x);
    const [bt, b] = key(y);
    return at - bt || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  };
}
