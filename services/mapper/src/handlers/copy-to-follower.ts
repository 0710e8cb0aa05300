import type { MasterFillJob, OrderLeg } from '@copytrade/contracts';
import {
  type CopyDecision,
  clientOrderId,
  decideCopy,
  type LegKind,
  planOrders,
} from '@copytrade/copy-engine';
import {
  captureTraceContext,
  copyAttributes,
  copySpans,
  type SpanHandle,
  withSpan,
} from '@copytrade/telemetry';
import type { FanOutOps } from '../fan-out/fan-out-ops.ts';
import type { ActiveFollower } from '../followers/follower-directory.ts';
import type { DecisionOutcome } from '../metrics/mapper-metrics.ts';
import type { LegContext, LegOrderIds, TargetUpdate, TargetUpdateResult } from '../scripts/target-script.ts';

type AppliedOrStale = Extract<TargetUpdateResult, { outcome: 'applied' | 'stale' }>;
import { appliedEvent, staleEvent } from './copy-events.ts';
import { type DecisionRecord, decisionNote, keptDecision, readDecisionRecord } from './decision-record.ts';
import { parseCids } from './follow-state.ts';
import { type EarlyRisk, gatherInputs, knownEquity } from './gather-inputs.ts';
import type { MapperDeps } from './mapper-deps.ts';

export interface FollowerOutcome {
  followerAccountId: string;
  outcome: Exclude<DecisionOutcome, 'failed'>;
  reason?: string;
  target?: number;
  clientOrderIds: string[];
}

const decidedLeg = (l: OrderLeg) => ({
  clientOrderId: l.clientOrderId,
  side: l.side,
  size: l.size,
  reduceOnly: l.reduceOnly,
  leg: l.leg,
});

/** Decisions retried when another fill of the same master moved the follow's target meanwhile. */
const MAX_REDECISIONS = 8;

async function decide(
  deps: MapperDeps,
  ops: FanOutOps,
  job: MasterFillJob,
  f: ActiveFollower,
  lastTarget: number,
  early: EarlyRisk | undefined,
) {
  if (job.resync === 'exit') {
    // An ended follow leaves: closing risk needs no market data and passes every check.
    const decision: CopyDecision = { ok: true, target: 0, ratio: '0' };
    return { decision, productId: job.productId };
  }
  const product = await deps.market.product(f.followerAccountId, job.symbol);
  if (product === undefined) {
    // Nothing can be traded there; hold the target and say why.
    const decision: CopyDecision = {
      ok: false,
      reason: 'invalid_input',
      detail: `${job.symbol} is not listed on the follower's exchange`,
      target: lastTarget,
    };
    return { decision, productId: job.productId };
  }
  const inputs = await gatherInputs(deps, ops, job, f, product, lastTarget, early);
  return { decision: decideCopy(inputs), productId: product.id };
}

/**
 * The client order ids of the legs that move the total from `total` (when known), or of every leg.
 * Each id is a hash; the script asks for all of them again if the total moved meanwhile.
 */
function orderIdsFor(
  job: MasterFillJob,
  followerAccountId: string,
  total?: number,
  after?: number,
): LegOrderIds {
  const planned =
    total === undefined || after === undefined ? undefined : planOrders(total, after).map((l) => l.leg);
  const id = (leg: LegKind) =>
    planned === undefined || planned.includes(leg)
      ? clientOrderId(job.correlationId, followerAccountId, leg)
      : '';
  return { open: id('open'), close: id('close'), increase: id('increase'), reduce: id('reduce') };
}

/**
 * Records again the decision this fill's earlier attempt committed, as the target step kept it: that
 * attempt may have died before its event was queued (the audit trail keeps the first of the two). A
 * fill that was never applied (a late one) finds none.
 */
async function recordDecisionAgain(deps: MapperDeps, ops: FanOutOps, job: MasterFillJob, f: ActiveFollower) {
  const stored = await readDecisionRecord(deps, job, f);
  if (stored === undefined) return;
  if (!stored.success) {
    deps.logger.error(
      { followId: f.followId, correlationId: job.correlationId, err: stored.error },
      'the stored decision of a replayed fill is unreadable: its audit event cannot be recorded again',
    );
    return;
  }
  ops.record(f.followId, appliedEvent(job, f, stored.data));
}

async function onStale(
  deps: MapperDeps,
  ops: FanOutOps,
  job: MasterFillJob,
  f: ActiveFollower,
  lastSeq: number,
  lastCids: string[],
): Promise<FollowerOutcome> {
  // Same seq: this job already moved the target, and its step kicked the legs it queued; it may have
  // died before recording its decision, which a later fill does not hold back (same event id).
  const ids = lastSeq === job.seq ? lastCids : [];
  if (job.resync === undefined) await recordDecisionAgain(deps, ops, job, f);
  ops.record(f.followId, staleEvent(job, f, lastSeq));
  return { followerAccountId: f.followerAccountId, outcome: 'stale', clientOrderIds: ids };
}

/**
 * Decides on the follow's current target and commits only if that is still its target: a fill of
 * the same master mapped concurrently that moved it first makes this one decide again on the new
 * state, so concurrent mapping ends where sequential mapping does.
 */
async function decideAndApply(
  deps: MapperDeps,
  ops: FanOutOps,
  job: MasterFillJob,
  f: ActiveFollower,
  lastTarget: number,
  total: number,
  early: EarlyRisk | undefined,
): Promise<{ decision: CopyDecision; lastTarget: number; result: AppliedOrStale }> {
  let decidedOn = lastTarget;
  for (let round = 0; ; round++) {
    const { decision, productId } = await decide(deps, ops, job, f, decidedOn, early);
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
      maxSignalAgeMs: f.maxSignalAgeMs,
      restingOrderTtlMs: f.restingOrderTtlMs,
      // A resync decides on a position, not on a fill: no price to compare the follower's with.
      ...(job.resync === undefined && { masterPrice: job.price }),
    };
    const trace = captureTraceContext();
    const update: TargetUpdate = {
      bookKey: deps.keys.followerBook(f.followerAccountId, job.symbol),
      outboxKey: deps.keys.orderOutbox(f.followerAccountId, job.symbol),
      kickStreamKey: deps.keys.copyKicks(),
      kick: { followerAccountId: f.followerAccountId, symbol: job.symbol, correlationId: job.correlationId },
      ...(trace !== undefined && { trace }),
      followId: f.followId,
      seq: job.seq,
      target: decision.target,
      decidedOn,
      masterPosition: job.positionAfter,
      resync: job.resync !== undefined,
      ...(job.resync !== undefined &&
        job.rebaseTo !== undefined &&
        job.rebaseFromTotal !== undefined && {
          rebaseTo: job.rebaseTo,
          rebaseFromTotal: job.rebaseFromTotal,
        }),
      context,
      // A resync decides again on what a fill decided: only a fill's decision is kept for its replay.
      ...(job.resync === undefined && {
        decision: keptDecision(deps.keys, job, f, decisionNote(job.correlationId, decision)),
      }),
      // The first round plans on the total read beside the target; later ones know neither.
      orderIds:
        round === 0
          ? orderIdsFor(job, f.followerAccountId, total, total - decidedOn + decision.target)
          : orderIdsFor(job, f.followerAccountId),
    };
    let result = await ops.applyTarget(update);
    if (result.outcome === 'unplanned')
      result = await ops.applyTarget({ ...update, orderIds: orderIdsFor(job, f.followerAccountId) });
    if (result.outcome === 'unplanned') throw new Error('unreachable: every leg id was given');
    if (result.outcome !== 'moved') return { decision, lastTarget: decidedOn, result };
    if (round >= MAX_REDECISIONS) throw new Error(`follow ${f.followId}: target kept moving while deciding`);
    decidedOn = result.lastTarget;
  }
}

/**
 * One follow's share of a master fill: decide its target, move it (and queue its legs and their
 * kick) in the Lua step, record the decision. Safe to re-run: the seq guard makes a replay a no-op
 * apart from recording the decision again (the audit keeps the first).
 */
export function copyToFollower(
  deps: MapperDeps,
  ops: FanOutOps,
  job: MasterFillJob,
  f: ActiveFollower,
): Promise<FollowerOutcome> {
  // One small span per follower (fan-out may be 1,000 of them): the account id and the outcome only.
  return withSpan(
    copySpans.follower,
    { [copyAttributes.followerAccountId]: f.followerAccountId },
    async (span) => {
      const outcome = await decideForFollower(deps, ops, job, f, span);
      span.set({
        [copyAttributes.outcome]: outcome.outcome,
        ...(outcome.reason && { [copyAttributes.reason]: outcome.reason }),
      });
      return outcome;
    },
  );
}

/**
 * The follow's state, and with it the follower's risk step when its equity is in memory: the
 * decision then waits on one round trip instead of two (the step records an equity reading, which is
 * as true for a fill that turns out stale).
 */
async function readFollow(deps: MapperDeps, ops: FanOutOps, job: MasterFillJob, f: ActiveFollower) {
  const query = { followerAccountId: f.followerAccountId, followId: f.followId, symbol: job.symbol };
  // An exit decides without market data or risk.
  const equity = job.resync === 'exit' ? undefined : await knownEquity(deps, job, f);
  if (equity === undefined) return { state: await ops.readState(query), early: undefined };
  const now = deps.now();
  const { state, risk } = await ops.readStateWithRisk(query, { accountId: f.followerAccountId, equity, now });
  return { state, early: { snapshot: risk, now } };
}

async function decideForFollower(
  deps: MapperDeps,
  ops: FanOutOps,
  job: MasterFillJob,
  f: ActiveFollower,
  span: SpanHandle,
): Promise<FollowerOutcome> {
  const { state, early } = await readFollow(deps, ops, job, f);
  // A replay or a late fill needs no market data: the seq guard already knows the answer. A resync
  // applies only at the follow's current seq: a newer fill got there first and decided already.
  const stale = job.resync === undefined ? state.lastSeq >= job.seq : state.lastSeq !== job.seq;
  if (stale) return onStale(deps, ops, job, f, state.lastSeq, parseCids(state.lastCidsJson));
  // A rebased resync decides on the follow's target after the total is set to the exchange's position.
  const rebases =
    job.resync !== undefined && job.rebaseTo !== undefined && job.rebaseFromTotal === state.total;
  const rebased = rebases ? state.lastTarget + (job.rebaseTo! - state.total) : state.lastTarget;
  const { decision, lastTarget, result } = await decideAndApply(
    deps,
    ops,
    job,
    f,
    rebased,
    rebases ? job.rebaseTo! : state.total,
    early,
  );
  if (result.outcome === 'stale') return onStale(deps, ops, job, f, result.lastSeq, result.lastCids);
  // The step queued the legs and their kick together.
  span.event(copySpans.committed);
  const ids = result.legs.map((l) => l.clientOrderId);
  const applied: DecisionRecord = {
    ...decisionNote(job.correlationId, decision),
    targetBefore: lastTarget,
    targetAfter: decision.target,
    totalBefore: result.totalBefore,
    totalAfter: result.totalBefore - lastTarget + decision.target,
    legs: result.legs.map(decidedLeg),
  };
  ops.record(f.followId, appliedEvent(job, f, applied));
  const outcome: FollowerOutcome = {
    followerAccountId: f.followerAccountId,
    outcome: decision.ok ? 'decided' : 'skipped',
    target: decision.target,
    clientOrderIds: ids,
  };
  if (!decision.ok) outcome.reason = decision.reason;
  return outcome;
}
