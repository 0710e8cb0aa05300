import { type AuditEvent, type MasterFillJob, makeAuditEvent } from '@copytrade/contracts';
import { classifyTrade } from '@copytrade/copy-engine';
import type { ActiveFollower } from '../followers/follower-directory.ts';
import type { DecisionRecord } from './decision-record.ts';

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

/**
 * The audit event of an applied decision: `copy.decided`, or `copy.skipped` with what still went
 * through. Made from what the target step committed, whether just now or, for a replay, as it kept it.
 */
export function appliedEvent(job: MasterFillJob, f: ActiveFollower, applied: DecisionRecord): AuditEvent {
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
  const moved = {
    targetBefore: applied.targetBefore,
    targetAfter: applied.targetAfter,
    legs: applied.legs,
    totalBefore: applied.totalBefore,
    totalAfter: applied.totalAfter,
  };
  if (applied.ok) {
    return makeAuditEvent({
      ...base,
      type: 'copy.decided',
      eventId: eventId('copy.decided', job, f.followerAccountId),
      payload: {
        ...common,
        targetBefore: applied.targetBefore,
        targetAfter: applied.targetAfter,
        action: classifyTrade(applied.targetBefore, applied.targetAfter),
        legs: applied.legs,
        totalBefore: applied.totalBefore,
        totalAfter: applied.totalAfter,
      },
    });
  }
  return makeAuditEvent({
    ...base,
    type: 'copy.skipped',
    eventId: eventId('copy.skipped', job, f.followerAccountId),
    payload: { ...common, reason: applied.reason, detail: applied.detail, ...moved },
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
