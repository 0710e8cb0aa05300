import { makeAuditEvent, type MasterFillJob, masterFillJob } from '@copytrade/contracts';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

export interface Resync {
  follow: FollowView;
  symbol: string;
  productId: number;
  kind: 'position' | 'exit';
  /** The master's position on the exchange now. */
  masterPosition: number;
  /** The master position the follow's target was decided on (null: unknown, e.g. lost state). */
  decidedOn: number | null;
  /** The follow's current seq: the mapper applies the resync only while it still is. */
  seq: number;
  /** A price for the decision's slippage and margin checks (the market's). */
  price: string;
  /** The follower's exchange position, to start the legs from (a drift with nothing in flight). */
  rebaseTo?: number;
  /** The total that position was read beside. */
  rebaseFromTotal?: number;
}

/**
 * Asks the mapper, the one writer of target state, to decide a follow again on the master's actual
 * position (or to take an ended follow out). Job ids dedupe a resync asked for again next cycle.
 */
export async function requestResync(deps: ReconcileDeps, r: Resync): Promise<void> {
  const now = deps.now();
  const id = `rs_${r.follow.followId}_${r.symbol}_${r.seq}_${r.kind}_${r.masterPosition}_${r.rebaseTo ?? 'x'}_${now}`;
  const change = r.masterPosition - (r.decidedOn ?? 0);
  const job: MasterFillJob = masterFillJob.parse({
    correlationId: id,
    masterAccountId: r.follow.masterAccountId,
    fillId: id,
    symbol: r.symbol,
    productId: r.productId,
    side: change >= 0 ? 'buy' : 'sell',
    size: Math.max(1, Math.abs(change)),
    price: r.price,
    positionAfter: r.kind === 'exit' ? 0 : r.masterPosition,
    seq: r.seq,
    occurredAtUs: now * 1_000,
    detectedAtMs: now,
    source: 'exit_sync',
    followId: r.follow.followId,
    resync: r.kind,
    ...(r.rebaseTo !== undefined && { rebaseTo: r.rebaseTo, rebaseFromTotal: r.rebaseFromTotal }),
  });
  // One resync per follow and symbol waits at a time: a slow mapper is not flooded cycle after cycle.
  await deps.masterFills.add('master-fill', job, {
    jobId: id,
    deduplication: { id: `rs_${r.follow.followId}_${r.symbol}` },
  });
  deps.metrics.correction(r.kind === 'exit' ? 'exit' : 'resync');
  await deps.audit
    .publish(
      makeAuditEvent({
        type: 'sync.resynced',
        eventId: `sync.resynced:${id}`,
        correlationId: id,
        accountId: r.follow.followerAccountId,
        service: 'exit-sync',
        payload: {
          followId: r.follow.followId,
          masterAccountId: r.follow.masterAccountId,
          followerAccountId: r.follow.followerAccountId,
          symbol: r.symbol,
          kind: r.kind,
          masterPosition: r.masterPosition,
          decidedOn: r.decidedOn,
        },
      }),
    )
    .catch((err: unknown) => deps.logger.error({ err, id }, 'audit event not enqueued'));
}
