import type { AuditEvent, MasterFillJob } from '@copytrade/contracts';
import { type CopyDecision, clientOrderId, decideCopy } from '@copytrade/copy-engine';
import type { ActiveFollower } from '../followers/follower-directory.ts';
import type { DecisionOutcome } from '../metrics/mapper-metrics.ts';
import type { LegContext, LegOrderIds } from '../scripts/target-script.ts';
import { appliedEvent, staleEvent } from './copy-events.ts';
import { gatherInputs, readLastTarget } from './gather-inputs.ts';
import type { MapperDeps } from './mapper-deps.ts';

export interface FollowerOutcome {
  followerAccountId: string;
  outcome: Exclude<DecisionOutcome, 'failed'>;
  reason?: string;
  target?: number;
  clientOrderIds: string[];
}

async function decide(deps: MapperDeps, job: MasterFillJob, f: ActiveFollower) {
  const product = await deps.market.product(f.followerAccountId, job.symbol);
  if (product === undefined) {
    // Nothing can be traded there; hold the target and say why.
    const decision: CopyDecision = {
      ok: false,
      reason: 'invalid_input',
      detail: `${job.symbol} is not listed on the follower's exchange`,
      target: await readLastTarget(deps, f.followerAccountId, job.symbol),
    };
    return { decision, productId: job.productId };
  }
  return { decision: decideCopy(await gatherInputs(deps, job, f, product)), productId: product.id };
}

function orderIdsFor(job: MasterFillJob, followerAccountId: string): LegOrderIds {
  const id = (leg: string) => clientOrderId(job.correlationId, followerAccountId, leg);
  return { open: id('open'), close: id('close'), increase: id('increase'), reduce: id('reduce') };
}

async function kick(deps: MapperDeps, job: MasterFillJob, f: ActiveFollower, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await deps.kicks.add(
    'kick',
    {
      followerAccountId: f.followerAccountId,
      symbol: job.symbol,
      correlationId: job.correlationId,
      clientOrderIds: ids,
    },
    { jobId: ids[0]! },
  );
}

async function record(deps: MapperDeps, event: AuditEvent): Promise<void> {
  // The audit trail lags the copy path by design: a lost enqueue is logged, never fails the trade.
  await deps.audit.publish(event).catch((err: unknown) => {
    deps.logger.error({ err, eventId: event.eventId, type: event.type }, 'audit event not enqueued');
  });
}

/**
 * One follower's share of a master fill: decide its target, move it (and queue its legs) in the
 * Lua step, kick the executor, record the decision. Safe to re-run: the seq guard makes a replay
 * a no-op apart from re-sending the same kick, which its job id dedupes.
 */
export async function copyToFollower(
  deps: MapperDeps,
  job: MasterFillJob,
  f: ActiveFollower,
): Promise<FollowerOutcome> {
  const { decision, productId } = await decide(deps, job, f);
  const limitPrice = decision.ok ? (decision.limitPrice ?? null) : null;
  const context: LegContext = {
    correlationId: job.correlationId,
    followerAccountId: f.followerAccountId,
    masterAccountId: job.masterAccountId,
    followId: f.followId,
    symbol: job.symbol,
    productId,
    orderType: limitPrice === null ? 'market_order' : 'limit_order',
    limitPrice,
    seq: job.seq,
    detectedAtMs: job.detectedAtMs,
    plannedAtMs: deps.now(),
  };
  const result = await deps.targets.apply({
    stateKey: deps.keys.targetState(f.followerAccountId, job.symbol),
    outboxKey: deps.keys.orderOutbox(f.followerAccountId, job.symbol),
    seq: job.seq,
    target: decision.target,
    context,
    orderIds: orderIdsFor(job, f.followerAccountId),
  });

  if (!result.applied) {
    // Same seq: this job already moved the target but may have died before its kick; send it again.
    const ids = result.lastSeq === job.seq ? result.lastCids : [];
    await kick(deps, job, f, ids);
    await record(deps, staleEvent(job, f, result.lastSeq));
    return { followerAccountId: f.followerAccountId, outcome: 'stale', clientOrderIds: ids };
  }
  const ids = result.legs.map((l) => l.clientOrderId);
  await kick(deps, job, f, ids);
  const targetBefore = result.legs[0]?.targetBefore ?? decision.target;
  await record(deps, appliedEvent(job, f, decision, targetBefore, result.legs));
  const outcome: FollowerOutcome = {
    followerAccountId: f.followerAccountId,
    outcome: decision.ok ? 'decided' : 'skipped',
    target: decision.target,
    clientOrderIds: ids,
  };
  if (!decision.ok) outcome.reason = decision.reason;
  return outcome;
}
