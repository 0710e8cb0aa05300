/** One account's read from the exchange, and when (monotonic ms) it was sent. */
export interface TimedRead<T> {
  value: T;
  sentAt: number;
}

/**
 * Reads of an account shared by every reconcile that needs them, one at a time per account: a master
 * with a thousand followers has its positions read about once per `maxAgeMs`, not once per follower
 * (Delta's rate limit is per user, and a cycle reconciles every follower). `since` asks for a read
 * sent after a moment, for a decision that must not rest on what the exchange said before it.
 */
export class SharedReads<T> {
  private readonly latest = new Map<string, Promise<TimedRead<T>>>();
  private readonly sent = new Map<string, number>();

  private readonly read: (accountId: string) => Promise<T>;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(read: (accountId: string) => Promise<T>, maxAgeMs: number, now = () => performance.now()) {
    this.read = read;
    this.maxAgeMs = maxAgeMs;
    this.now = now;
  }

  /** A read sent within `maxAgeMs` (or still on its way), else a new one. */
  recent(accountId: string): Promise<TimedRead<T>> {
    return this.sentAfter(accountId, this.now() - this.maxAgeMs);
  }

  /** A read sent at or after `since` (one still on its way counts), else a new one. */
  sentAfter(accountId: string, since: number): Promise<TimedRead<T>> {
    const sentAt = this.sent.get(accountId);
    const shared = this.latest.get(accountId);
    if (shared !== undefined && sentAt !== undefined && sentAt >= since) return shared;
    const at = this.now();
    const fresh = this.read(accountId).then((value) => ({ value, sentAt: at }));
    this.latest.set(accountId, fresh);
    this.sent.set(accountId, at);
    // A failed read is not shared: the next caller tries again.
    fresh.catch(() => {
      if (this.latest.get(accountId) === fresh) {
        this.latest.delete(accountId);
        this.sent.delete(accountId);
      }
    });
    return fresh;
  }
}
