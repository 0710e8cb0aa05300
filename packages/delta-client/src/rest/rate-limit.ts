import { DeltaError } from '../errors/delta-error.ts';

export interface RateLimitState {
  /** Quota units left in the current window, when Delta said so. */
  remaining?: number | undefined;
  /** Local epoch milliseconds when the window resets, when known. */
  resetAt?: number | undefined;
}

type Headers = Record<string, string | string[] | undefined>;

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads `X-RATE-LIMIT-RESET` (ms until reset) as sent with a 429. */
export function rateLimitResetMs(headers: Headers): number | undefined {
  const ms = headerNumber(headers, 'x-rate-limit-reset');
  return ms === undefined || ms < 0 ? undefined : ms;
}

/** Quota weights from Delta's rate-limit table; everything else costs 1. */
export function requestWeight(method: string, path: string): number {
  if (path.startsWith('/v2/orders/batch')) return 25;
  if (path.startsWith('/v2/fills') || path.startsWith('/v2/orders/history')) return 10;
  if (path === '/v2/orders' && method !== 'GET') return 5;
  if (
    path.startsWith('/v2/products') ||
    path.startsWith('/v2/tickers') ||
    path.startsWith('/v2/l2orderbook') ||
    path === '/v2/orders' ||
    path.startsWith('/v2/positions') ||
    path.startsWith('/v2/wallet/balances')
  ) {
    return 3;
  }
  return 1;
}

/** Tracks Delta's quota for one API key, so that no request is sent into a known exhausted window. */
export class RateLimitTracker {
  #remaining: number | undefined;
  #resetAt: number | undefined;
  #blockedUntil = 0;

  get state(): RateLimitState {
    return { remaining: this.#remaining, resetAt: this.#resetAt };
  }

  /** Records what a response said about the quota. */
  observe(status: number, headers: Headers, now: number): void {
    const resetMs = rateLimitResetMs(headers);
    const remaining = headerNumber(headers, 'x-rate-limit-remaining');
    if (resetMs !== undefined) this.#resetAt = now + resetMs;
    if (remaining !== undefined) this.#remaining = remaining;
    if (status === 429) {
      this.#remaining = 0;
      this.#blockedUntil = now + (resetMs ?? 1000);
      this.#resetAt = this.#blockedUntil;
    }
  }

  /** A `rate_limited` error when the request would land in a known exhausted window, else undefined. */
  check(method: string, path: string, now: number): DeltaError | undefined {
    if (this.#resetAt !== undefined && now >= this.#resetAt) {
      this.#remaining = undefined;
      this.#resetAt = undefined;
    }
    const blocked = this.#blockedUntil > now;
    const exhausted =
      this.#remaining !== undefined &&
      this.#resetAt !== undefined &&
      this.#remaining < requestWeight(method, path);
    if (!blocked && !exhausted) return undefined;
    const resetAt = blocked ? this.#blockedUntil : (this.#resetAt ?? now);
    return new DeltaError({
      kind: 'rate_limited',
      code: 'rate_limit_window',
      method,
      path,
      message: `Delta rate limit window exhausted; not sending ${method} ${path} until it resets`,
      resetAt,
      retryAfterMs: Math.max(0, resetAt - now),
    });
  }
}
