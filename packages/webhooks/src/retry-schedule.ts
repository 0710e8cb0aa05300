export interface RetrySchedule {
  /** Delay before retry n (index n-1); its length is the number of retries. */
  delaysMs: readonly number[];
  /** Each delay is spread by ± this fraction, so endpoints that failed together retry apart. @defaultValue 0.2 */
  jitter: number;
  /** A `Retry-After` longer than this is cut to it. */
  maxRetryAfterMs: number;
}

/**
 * How long to wait before the retry that follows `attemptsMade` failed attempts: the schedule's
 * delay with jitter (`random` in [0, 1)), and never less than what the endpoint asked for in
 * `Retry-After` (capped). Pure, so the schedule is tested without a queue.
 */
export function retryDelayMs(
  schedule: RetrySchedule,
  attemptsMade: number,
  retryAfterMs: number | null,
  random: number,
): number {
  const index = Math.min(Math.max(attemptsMade, 1), schedule.delaysMs.length) - 1;
  const base = schedule.delaysMs[index] ?? 0;
  const jittered = Math.round(base * (1 + schedule.jitter * (2 * random - 1)));
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, schedule.maxRetryAfterMs);
  return Math.max(jittered, asked, 0);
}
