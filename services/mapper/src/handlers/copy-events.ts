import { type AuditEvent, type MasterFillJob, makeAuditEvent, type OrderLeg } from '@copytrade/contracts';
import { type CopyDecision, classifyTrade } from '@copytrade/copy-engine';
import type { ActiveFollower } from '../followers/follower-directory.ts';

const SERVICE = 'mapper';

// One id per (event type, master fill, follower): a retried job records each event once.
const eventId = (type: string, job: MasterFillJob, followerId: string) =>
  `${type}_${job.correlationId}_${followerId}`;

const masterRef = (job: MasterFillJob) => ({
  fillId: job.fillId,
  side: job.side,
  size: job.size,
  price: job.price,
});

const legSummary = (l: OrderLeg) => ({
  clientOrderId: l.clientOrderId,
  side: l.side,
  size: l.size,
  reduceOnly: l.reduceOnly,
  leg: l.leg,
});

/** The audit event of an applied decision: `copy.decided`, or `copy.skipped` with what still went through. */
export function appliedEvent(
  job: MasterFillJob,
  f: ActiveFollower,
  decision: CopyDecision,
  targetBefore: number,
  totals: { before: number; after: number },
  legs: OrderLeg[],
): AuditEvent {
  const base = {
    correlationId: job.correlationId,
    accountId: f.followerAccountId,
    service: SERVICE,
  };
  const common = {
    followId: f.followId,
    followerAccountId: f.followerAccountId,
    masterAccountId: job.masterAccountId,
    symbol: job.symbol,
    seq: job.seq,
    master: masterRef(job),
  };
  if (decision.ok) {
    return makeAuditEvent({
      ...base,
      type: 'copy.decided',
      eventId: eventId('copy.decided', job, f.followerAccountId),
      payload: {
        ...common,
        targetBefore,
        targetAfter: decision.target,
        action: classifyTrade(targetBefore, decision.target),
        legs: legs.map(legSummary),
        totalBefore: totals.before,
        totalAfter: totals.after,
      },
    });
  }
  return makeAuditEvent({
    ...base,
    type: 'copy.skipped',
    eventId: eventId('copy.skipped', job, f.followerAccountId),
    payload: {
      ...common,
      reason: decision.reason,
      detail: decision.detail,
      targetBefore,
      targetAfter: decision.target,
      legs: legs.map(legSummary),
      totalBefore: totals.before,
      totalAfter: totals.after,
    },
  });
}

export function staleEvent(job: MasterFillJob, f: ActiveFollower, lastSeq: number): AuditEvent {
  return makeAuditEvent({
    type: 'copy.stale',
    eventId: eventId('copy.stale', job, f.followerAccountId),
    correlationId: job.correlationId,
    accountId: f.followerAccountId,
    service: SERVICE,
    payload: {
      followId: f.followId,
      followerAccountId: f.followerAccountId,
      symbol: job.symbol,
      seq: job.seq,
      lastSeq,
    },
  });
}
