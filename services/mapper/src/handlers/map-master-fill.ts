import type { MasterFillJob } from '@copytrade/contracts';
import { serializeError } from '@copytrade/runtime';
import { copyToFollower, type FollowerOutcome } from './copy-to-follower.ts';
import type { MapperDeps } from './mapper-deps.ts';

export interface FanOutResult {
  followers: number;
  outcomes: FollowerOutcome[];
}

/** Some followers could not be mapped; the job retries, and the seq guard skips the others. */
export class FollowersFailedError extends Error {
  readonly failedFollowerIds: string[];

  constructor(failedFollowerIds: string[], total: number) {
    super(`${failedFollowerIds.length} of ${total} followers failed: ${failedFollowerIds.join(', ')}`);
    this.name = 'FollowersFailedError';
    this.failedFollowerIds = failedFollowerIds;
  }
}

/**
 * Fans one master fill out to every active follower, concurrently. One follower's failure does
 * not hold up the others; it fails the job afterwards so the retry covers exactly the failed ones.
 */
export async function mapMasterFill(deps: MapperDeps, job: MasterFillJob): Promise<FanOutResult> {
  const timer = deps.metrics.fanOutSeconds.startTimer();
  const log = deps.logger.child({ correlationId: job.correlationId, seq: job.seq, symbol: job.symbol });
  const followers = await deps.followers.of(job.masterAccountId);
  const settled = await Promise.all(
    followers.map((f) =>
      copyToFollower(deps, job, f).then(
        (outcome) => ({ ok: true as const, outcome }),
        (error: unknown) => ({ ok: false as const, followerAccountId: f.followerAccountId, error }),
      ),
    ),
  );
  const outcomes: FollowerOutcome[] = [];
  const failed: string[] = [];
  for (const s of settled) {
    if (s.ok) {
      outcomes.push(s.outcome);
      deps.metrics.decisions.inc({ outcome: s.outcome.outcome, reason: s.outcome.reason ?? '' });
    } else {
      failed.push(s.followerAccountId);
      deps.metrics.decisions.inc({ outcome: 'failed', reason: '' });
      log.warn(
        { followerAccountId: s.followerAccountId, err: serializeError(s.error) },
        'follower not mapped',
      );
    }
  }
  timer({ outcome: failed.length === 0 ? 'ok' : 'partial' });
  if (failed.length > 0) throw new FollowersFailedError(failed, followers.length);
  log.debug({ followers: followers.length }, 'master fill mapped');
  return { followers: followers.length, outcomes };
}
