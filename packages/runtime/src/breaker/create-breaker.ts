import CircuitBreaker from 'opossum';

export type { default as CircuitBreaker } from 'opossum';

export interface BreakerOptions {
  name: string;
  /**
   * True when an error says the *remote* is unwell (transport failure, 5xx): only those open the
   * circuit. Business rejections (bad size, insufficient margin) are the caller's problem, not the
   * broker's, and must not trip it.
   */
  countsAsFailure: (error: unknown) => boolean;
  /** Per-call time limit; opossum's own timeout is off when 0. @defaultValue 0 (the client times out itself) */
  timeoutMs?: number;
  /** @defaultValue 50 */
  errorThresholdPercentage?: number;
  /** Calls in the rolling window before the circuit may open. @defaultValue 5 */
  volumeThreshold?: number;
  /** How long the circuit stays open before one trial call. @defaultValue 5000 */
  resetTimeoutMs?: number;
  /** @defaultValue 10000 */
  rollingCountTimeoutMs?: number;
}

export function createBreaker<Args extends unknown[], Result>(
  action: (...args: Args) => Promise<Result>,
  options: BreakerOptions,
): CircuitBreaker<Args, Result> {
  return new CircuitBreaker(action, {
    name: options.name,
    timeout: options.timeoutMs ?? false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    resetTimeout: options.resetTimeoutMs ?? 5_000,
    rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
    // opossum's errorFilter: returning true means "this error does not count as a failure".
    errorFilter: (error: unknown) => !options.countsAsFailure(error),
  });
}

/** opossum rejects with this code while the circuit is open (no call was made). */
export function isBreakerOpen(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'EOPENBREAKER';
}
