import {
  correlationIdOf,
  makeAuditEvent,
  type MasterFillJob,
  masterFillJob,
  masterFillJobId,
} from '@copytrade/contracts';
import { captureTraceContext, copyAttributes, copySpans, startTrace } from '@copytrade/telemetry';
import type { ListenerDeps } from './listener-deps.ts';

/** A master fill as either path (WebSocket or REST) delivers it. */
export interface ObservedFill {
  masterAccountId: string;
  fillId: string;
  symbol: string;
  productId: number;
  side: 'buy' | 'sell';
  size: number;
  price: string;
  occurredAtUs: number;
  fillType: string;
  orderId: string | null;
  /** Only the WebSocket carries the position after the fill (`po`)... */
  exchangePositionAfter: number | null;
  /** ...and the per-symbol sequence (`se`). */
  exchangeSequence: number | null;
  source: 'ws' | 'rest';
  detectedAtMs: number;
  /** `performance.now()` when the socket delivered it: its trace starts there, to the microsecond. */
  detectedAtMonotonicMs?: number;
}

export type IngestOutcome = 'applied' | 'seen' | 'gap' | 'covered';

export interface Ingested {
  outcome: IngestOutcome;
  /**
   * The fill's record (its `master_fill.recorded` event, then its row), made after the step, off the
   * master's serial chain: resolves once both are written, or to the error that stopped them (never
   * rejects). Nothing is lost if it fails: a fill without a row is taken again by the next REST pass.
   */
  recorded: Promise<FillNotRecorded | undefined>;
}

/**
 * The fill went to the mapper, but its `master_fill.recorded` could not be queued or its row not
 * written: the row is missing, so the next REST pass takes the fill again (the step, the mapper's job
 * id and the audit's event id dedupe it).
 */
export class FillNotRecorded extends Error {
  override readonly name = 'FillNotRecorded';
}

/**
 * Records one master fill and hands it to the mapper, exactly once whichever path saw it first:
 * the Lua script applies it to the master's position once (a repeat gets the same seq and position
 * back) and puts its job on the mapper's stream in the same step, and the row is unique by
 * (account, fill id). Every step is idempotent, so a crash anywhere is repaired by seeing the fill again.
 * In strict mode a WebSocket fill that does not follow what was applied (a hole in its sequence `se`,
 * or a position `po` that disagrees with ours) is refused, so the caller can gap-fill the fills in
 * between first.
 * A fill older than the last position the exchange reported (`po`) is already inside it: it is
 * *covered*, recorded (row and audit event, with the sequence and position it found) but never
 * applied and never sent to the mapper, so no fill is counted twice.
 */
export function ingestFill(deps: ListenerDeps, fill: ObservedFill, strict: boolean): Promise<Ingested> {
  // A trace per master fill, from the moment a socket or a REST page delivered it; ids only.
  const attributes = {
    [copyAttributes.fillId]: fill.fillId,
    [copyAttributes.symbol]: fill.symbol,
    [copyAttributes.masterAccountId]: fill.masterAccountId,
    [copyAttributes.source]: fill.source,
  };
  return startTrace(
    copySpans.masterFill,
    attributes,
    async (span) => {
      const ingested = await applyAndHandOn(deps, fill, strict);
      span.set({ [copyAttributes.outcome]: ingested.outcome });
      return ingested;
    },
    {
      epochMs: fill.detectedAtMs,
      ...(fill.detectedAtMonotonicMs !== undefined && { monotonicMs: fill.detectedAtMonotonicMs }),
    },
  );
}

async function applyAndHandOn(deps: ListenerDeps, fill: ObservedFill, strict: boolean): Promise<Ingested> {
  const { positionAfter: _position, seq: _seq, ...job } = jobOf(fill, 0, 1);
  const trace = captureTraceContext();
  const result = await deps.scripts.applyMasterFill({
    positionKey: deps.keys.masterPosition(fill.masterAccountId, fill.symbol),
    seenKey: deps.keys.masterSeenFills(fill.masterAccountId),
    seenTimesKey: deps.keys.masterSeenFillTimes(fill.masterAccountId),
    fillStreamKey: deps.keys.masterFillStream(),
    job,
    ...(trace !== undefined && { trace }),
    fillId: fill.fillId,
    signedSize: fill.side === 'buy' ? fill.size : -fill.size,
    exchangePositionAfter: fill.exchangePositionAfter,
    exchangeSequence: fill.exchangeSequence,
    occurredAtUs: fill.occurredAtUs,
    strict,
    nowMs: Date.now(),
    seenHorizonMs: deps.seenFillsHorizonMs,
  });
  if (result.status === 'gap') return { outcome: 'gap', recorded: Promise.resolve(undefined) };
  // The step put an applied fill's job on the mapper's stream. One seen before whose step did not (a
  // listener before the stream applied it, and may have died before queueing its job) is queued
  // here; the job id dedupes it.
  if (result.status === 'seen' && !result.covered && !result.streamed) {
    await deps.masterFills.add('master-fill', jobOf(fill, result.positionAfter, result.seq), {
      jobId: masterFillJobId(fill.masterAccountId, fill.fillId),
    });
  }
  if (result.status === 'covered') deps.metrics.coveredFills.inc({ source: fill.source });
  if (result.status === 'applied')
    deps.metrics.fills.inc({ source: fill.source, resynced: String(result.resynced) });
  // The master's next fill need not wait for this one's record, nor the copy for its queue add and
  // INSERT: the audit publisher holds the event for its linger, the row follows the event.
  const recorded = record(deps, fill, result.seq, result.positionAfter, result.resynced || result.covered);
  return { outcome: result.status, recorded };
}

/**
 * The event before the row: a fill with a row is never read again (the REST pass skips it), so a
 * listener killed in between, or an event that could not be queued, leaves the fill to the next pass.
 * Seen before (a pass after a listener died here) it is recorded again: the audit keeps one.
 */
async function record(
  deps: ListenerDeps,
  fill: ObservedFill,
  seq: number,
  positionAfter: number,
  resynced: boolean,
): Promise<FillNotRecorded | undefined> {
  try {
    await publishRecorded(deps, fill, seq, positionAfter, resynced);
  } catch (error) {
    return new FillNotRecorded(`master fill ${fill.fillId} not recorded: its audit event was not queued`, {
      cause: error,
    });
  }
  try {
    await deps.store.recordFill({
      accountId: fill.masterAccountId,
      fillId: fill.fillId,
      productId: fill.productId,
      symbol: fill.symbol,
      side: fill.side,
      size: fill.size,
      price: fill.price,
      positionAfter,
      sequence: seq,
      fillType: fill.fillType,
      orderId: fill.orderId,
      source: fill.source,
      occurredAt: new Date(Math.floor(fill.occurredAtUs / 1_000)),
    });
  } catch (error) {
    return new FillNotRecorded(`master fill ${fill.fillId} not recorded: its row was not written`, {
      cause: error,
    });
  }
  return undefined;
}

/** The mapper's job for the fill, checked here: the step only appends the position and seq to it. */
function jobOf(fill: ObservedFill, positionAfter: number, seq: number): MasterFillJob {
  return masterFillJob.parse({
    correlationId: correlationIdOf(fill.masterAccountId, fill.fillId),
    masterAccountId: fill.masterAccountId,
    fillId: fill.fillId,
    symbol: fill.symbol,
    productId: fill.productId,
    side: fill.side,
    size: fill.size,
    price: fill.price,
    positionAfter,
    seq,
    occurredAtUs: fill.occurredAtUs,
    detectedAtMs: fill.detectedAtMs,
    source: fill.source,
    fillType: fill.fillType,
  });
}

async function publishRecorded(
  deps: ListenerDeps,
  fill: ObservedFill,
  seq: number,
  positionAfter: number,
  resynced: boolean,
): Promise<void> {
  const event = makeAuditEvent({
    type: 'master_fill.recorded',
    eventId: `master_fill.recorded:${fill.masterAccountId}:${fill.fillId}`,
    correlationId: correlationIdOf(fill.masterAccountId, fill.fillId),
    accountId: fill.masterAccountId,
    service: 'listener',
    payload: {
      masterAccountId: fill.masterAccountId,
      fillId: fill.fillId,
      symbol: fill.symbol,
      side: fill.side,
      size: fill.size,
      price: fill.price,
      positionAfter,
      seq,
      source: fill.source,
      // The position after it came from the exchange's report, not from adding this fill up.
      resynced,
    },
  });
  await deps.audit.publish(event);
}
