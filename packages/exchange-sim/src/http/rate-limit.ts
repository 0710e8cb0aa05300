export interface RateLimitConfig {
  /** Units per window (Delta: 10,000). */
  quota: number;
  /** Fixed window length (Delta: 5 minutes), aligned to multiples of itself since the epoch. */
  windowMs: number;
}

interface Bucket {
  windowStart: number;
  used: number;
}

/** Delta's fixed-window weight quota, per user (or per IP before authentication). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  config: RateLimitConfig;

  constructor(config: RateLimitConfig) {
    this.config = config;
  }

  /** Charges `weight`; returns 0 when allowed, else the milliseconds until the window resets. */
  charge(key: string, weight: number, nowMs: number): number {
    const { quota, windowMs } = this.config;
    const windowStart = nowMs - (nowMs % windowMs);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.windowStart !== windowStart) {
      bucket = { windowStart, used: 0 };
      this.buckets.set(key, bucket);
    }
    if (bucket.used + weight > quota) return Math.max(1, windowStart + windowMs - nowMs);
    bucket.used += weight;
    return 0;
  }

  reset(): void {
    this.buckets.clear();
  }
}
