// Redis keys shared between services, each with its single writer named. All keys live under the
// deployment's prefix (a `{hash tag}` prefix keeps them in one Redis Cluster slot).

export function redisKeys(prefix: string) {
  return {
    /**
     * listener: hash { pos, seq, se, atUs, atId } per master and symbol: position, fill sequence, last
     * WebSocket `se` followed, and the newest fill applied on the exchange's reported position.
     */
    masterPosition: (masterAccountId: string, symbol: string) =>
      `${prefix}:master:${masterAccountId}:${symbol}`,
    /** listener: hash fillId → "seq:positionAfter" (":c" appended when covered), making fill application idempotent. */
    masterSeenFills: (masterAccountId: string) => `${prefix}:master-fills-seen:${masterAccountId}`,
    /** listener: sorted set fillId → fill time (ms), so the seen-fills hash is trimmed by age. */
    masterSeenFillTimes: (masterAccountId: string) => `${prefix}:master-fills-seen-at:${masterAccountId}`,
    /** listener replicas: which replica watches a master. */
    masterLease: (masterAccountId: string) => `${prefix}:lease:master:${masterAccountId}`,
    /** mapper (and exit-sync corrections): hash { lastSeq, lastTarget } per follower and symbol. */
    targetState: (followerAccountId: string, symbol: string) =>
      `${prefix}:target:${followerAccountId}:${symbol}`,
    /** mapper / exit-sync append, executor drains: list of order legs (JSON) per follower and symbol. */
    orderOutbox: (followerAccountId: string, symbol: string) =>
      `${prefix}:outbox:${followerAccountId}:${symbol}`,
    /** executor: one drainer per follower and symbol at a time. */
    drainLock: (followerAccountId: string, symbol: string) =>
      `${prefix}:drain-lock:${followerAccountId}:${symbol}`,
    /** mapper: risk bookkeeping (peak equity, equity at the start of the UTC day). */
    peakEquity: (accountId: string) => `${prefix}:risk:peak:${accountId}`,
    dayStartEquity: (accountId: string, day: string) => `${prefix}:risk:day:${accountId}:${day}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** Redis pub/sub channels. */
export function channels(prefix: string) {
  return {
    /** audit → gateway: every recorded audit event, after it is committed. */
    liveEvents: `${prefix}:live-events`,
    /** gateway → every service: accounts or follows changed; drop cached settings. */
    settingsChanged: `${prefix}:settings-changed`,
  };
}
