export interface BackoffOptions {
  /** @defaultValue 500 */
  initialDelayMs: number;
  /** @defaultValue 30000 */
  maxDelayMs: number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so reconnecting clients spread out. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
