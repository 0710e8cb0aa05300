import { type MasterFillJob, masterFillJobId } from '@copytrade/contracts';
import { servingOrder } from '@copytrade/copy-engine';
import { isDeltaError } from '@copytrade/delta-client';
import { serializeError } from '@copytrade/runtime';
import { BatchScope } from '../fan-out/batch-scope.ts';
import { DecisionEvents } from '../fan-out/decision-events.ts';
import { type FanOutOps, fanOutOps } from '../fan-out/fan-out-ops.ts';
import type { ActiveFollower } from '../followers/follower-directory.ts';
import { copyToFollower, type FollowerOutcome } from './copy-to-follower.ts';
import type { MapperDeps } from './mapper-deps.ts';

export interface FanOutResult {
  followers: number;
  outcomes: FollowerOutcome[];
  /** Follows whose mapping failed and was handed to a retry job of their own. */
  retrying: string[];
}

/** The one follow of a per-follow retry could not be mapped: the queue retries that job. */
export class FollowerFailedError extends Error {
  override readonly name = 'FollowerFailedError';
}

/** A follow's retry waits out a rate limit until the exchange's reset; other failures go soon. */
function retryDelayMs(error: unknown, now: number): number {
  if (isDeltaError(error, 'rate_limited')) {
    const reset = error.retryAfterMs ?? (error.resetAt === undefined ? 1_000 : error.resetAt - now);
    return Math.max(1, reset);
  }
  return 200;
}

/**
 * Fans one master fill out to every follow after the earlier fills of the same master and symbol
 * (so a burst decides as one-by-one mapping would). Follows are decided in batches of
 * `batchSize`, side by side, each step of a batch one Redis round trip; the order they are served in
 * rotates with every fill, so no follower is always last. One follow's failure holds up no other: it
 * gets a retry job of its own (the job carries its follow id), and only that follow is decided again.
 * The decisions' audit events are queued once every follow is decided, outside the serial section:
 * the next fill of the master is mapped meanwhile. The fill is done (its stream entry or job ends)
 * only once they are queued; a follow whose event could not be queued is retried like a failed one
 * (its retry finds the decision made and records it again).
 */
export async function mapMasterFill(deps: MapperDeps, job: MasterFillJob): Promise<FanOutResult> {
  const events = new DecisionEvents();
  const result = await deps.serial.run(`${job.masterAccountId}:${job.symbol}`, () =>
    fanOut(deps, job, events),
  );
  try {
    await deps.audit.publishMany(events.all());
  } catch (error) {
    if (job.followId !== undefined)
      throw new FollowerFailedError(`follow ${job.followId}: decision not recorded`, { cause: error });
    const log = deps.logger.child({ correlationId: job.correlationId, seq: job.seq, symbol: job.symbol });
    for (const followId of events.follows()) {
      if (result.retrying.includes(followId)) continue;
      log.warn({ followId, err: serializeError(error) }, 'decision not recorded');
      await retryFollow(deps, job, followId, error);
      result.retrying.push(followId);
    }
  }
  return result;
}

/** A retry job for one follow of the fill, after a rate limit's reset or soon. */
function retryFollow(deps: MapperDeps, job: MasterFillJob, followId: string, error: unknown) {
  return deps.retries.add(
    'master-fill',
    { ...job, followId },
    {
      jobId: `${masterFillJobId(job.masterAccountId, job.fillId)}_f_${followId}`,
      delay: retryDelayMs(error, deps.now()),
    },
  );
}

async function followersOf(deps: MapperDeps, job: MasterFillJob) {
  // A resync names one follow, which may have ended (its exit is what the resync is for).
  if (job.resync !== undefined && job.followId !== undefined) {
    const one = await deps.followers.one(job.followId);
    return one === undefined ? [] : [one];
  }
  const all = await deps.followers.of(job.masterAccountId);
  return job.followId === undefined ? all : all.filter((f) => f.followId === job.followId);
}

function copySettled(deps: MapperDeps, ops: FanOutOps, job: MasterFillJob, f: ActiveFollower) {
  return copyToFollower(deps, ops, job, f).then(
    (outcome) => ({ ok: true as const, followId: f.followId, outcome }),
    (error: unknown) => ({ ok: false as const, followId: f.followId, follow: f, error }),
  );
}

async function fanOut(deps: MapperDeps, job: MasterFillJob, events: DecisionEvents): Promise<FanOutResult> {
  const timer = deps.metrics.fanOutSeconds.startTimer();
  const log = deps.logger.child({ correlationId: job.correlationId, seq: job.seq, symbol: job.symbol });
  const followers = await followersOf(deps, job);
  const served = servingOrder(followers, job.seq);
  const byFollow = new Map<string, Awaited<ReturnType<typeof copySettled>>>();
  const batches: ActiveFollower[][] = [];
  for (let start = 0; start < served.length; start += deps.batchSize)
    batches.push(served.slice(start, start + deps.batchSize));
  // A few batches in flight: one decides while Redis runs another's steps.
  let nextBatch = 0;
  const lane = async () => {
    while (nextBatch < batches.length) {
      // Audit and exit-sync hold off while a fan-out runs (and a while after its last batch).
      deps.markCopyPathBusy();
      const batch = batches[nextBatch++]!;
      const scope = new BatchScope();
      const ops = fanOutOps(deps, scope, events);
      for (const s of await scope.all(batch.map((f) => () => copySettled(deps, ops, job, f))))
        byFollow.set(s.followId, s);
    }
  };
  await Promise.all(Array.from({ length: deps.batchesInFlight }, lane));
  // Outcomes in the directory's order, whatever order they were served in.
  const settled = followers.map((f) => byFollow.get(f.followId)!);
  const outcomes: FollowerOutcome[] = [];
  const retrying: string[] = [];
  for (const s of settled) {
    if (s.ok) {
      outcomes.push(s.outcome);
      deps.metrics.decisions.inc({ outcome: s.outcome.outcome, reason: s.outcome.reason ?? '' });
      continue;
    }
    deps.metrics.decisions.inc({ outcome: 'failed', reason: '' });
    log.warn(
      {
        followerAccountId: s.follow.followerAccountId,
        followId: s.follow.followId,
        err: serializeError(s.error),
      },
      'follower not mapped',
    );
    if (job.followId !== undefined) {
      timer({ outcome: 'partial' });
      throw new FollowerFailedError(`follow ${job.followId} not mapped`, { cause: s.error });
    }
    await retryFollow(deps, job, s.follow.followId, s.error);
    retrying.push(s.follow.followId);
  }
  timer({ outcome: retrying.length === 0 ? 'ok' : 'partial' });
  log.debug({ followers: followers.length, retrying: retrying.length }, 'master fill mapped');
  return { followers: followers.length, outcomes, retrying };
}
