// Redis keys shared between services, each with its single writer named. All keys live under the
// deployment's prefix (a `{hash tag}` prefix keeps them in one Redis Cluster slot).

export function redisKeys(prefix: string) {
  return {
    /**
     * listener (the step that applies a master fill) → mapper: a stream of master fills, entries
     * `{ fill: masterFillJob JSON, trace?: W3C trace context JSON }`, read by the mappers' consumer
     * group `masterFillGroup`, deleted once fanned out (what is in it is still to be fanned out).
     */
    masterFillStream: () => `${prefix}:master-fill-stream`,
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
    /** listener: set when a master's baseline is taken; gone means Redis lost the master's state. */
    masterBaseline: (masterAccountId: string) => `${prefix}:master-baseline:${masterAccountId}`,
    /** listener replicas: which replica watches a master. */
    masterLease: (masterAccountId: string) => `${prefix}:lease:master:${masterAccountId}`,
    /**
     * mapper's target script (and the executor's revert of legs that never trade): one follower's
     * targets on one symbol, a hash laid out by `bookFields`.
     */
    followerBook: (followerAccountId: string, symbol: string) =>
      `${prefix}:book:${followerAccountId}:${symbol}`,
    /**
     * mapper: the decisions its target steps committed lately for one follower on one symbol, a hash
     * laid out by `decisionFields` (JSON each), expiring when the follower's follows stop trading: a
     * replayed fill records its decision from here.
     */
    followerDecisions: (followerAccountId: string, symbol: string) =>
      `${prefix}:decisions:${followerAccountId}:${symbol}`,
    /** mapper / exit-sync append, executor drains: list of order legs (JSON) per follower and symbol. */
    orderOutbox: (followerAccountId: string, symbol: string) =>
      `${prefix}:outbox:${followerAccountId}:${symbol}`,
    /** SCAN pattern of every outbox (it matches their `:dead` lists too); executor sweeps at start. */
    orderOutboxPattern: () => `${prefix}:outbox:*`,
    /**
     * executor: hash client order id → JSON { orderId, leg } of the follower's accepted orders still
     * resting on the exchange, per symbol, until they are filled or cancelled and their remainder taken back.
     */
    restingOrders: (followerAccountId: string, symbol: string) =>
      `${prefix}:resting:${followerAccountId}:${symbol}`,
    /**
     * mapper (its target step, with the legs it queues) → executor: a stream of kicks, entries
     * `{ kick: copyKickEntry JSON, trace?: W3C trace context JSON }`, read by the executors' consumer
     * group `copyKickGroup` and deleted once drained (what is in it is still to be drained).
     */
    copyKicks: () => `${prefix}:copy-kicks`,
    /** executor: one drainer per follower and symbol at a time; the value names the holder's instance. */
    drainLock: (followerAccountId: string, symbol: string) =>
      `${prefix}:drain-lock:${followerAccountId}:${symbol}`,
    /** executor (each process its own): exists while that executor instance is alive (short TTL). */
    executorAlive: (instanceId: string) => `${prefix}:executor-alive:${instanceId}`,
    /**
     * executor (every instance, on each change of one of its circuits): hash broker host → JSON
     * `brokerBreakerRecord` { state, at, instanceId }; the last change any executor saw wins.
     */
    brokerBreakers: () => `${prefix}:broker-breakers`,
    /** executor: epoch ms until which an account's API key is rate limited (set on a 429, expires then). */
    rateLimitedUntil: (accountId: string) => `${prefix}:rate-limited:${accountId}`,
    /**
     * gateway (operators): while set, no executor sends a new order (JSON { by, at, reason }); the
     * requests already on their way resolve.
     */
    killSwitch: () => `${prefix}:kill-switch`,
    /**
     * mapper and executor (each fill fanned out, each kick taken up): set, expiring, while copies are
     * under way; audit and exit-sync hold off while it is (up to their COPY_PATH_DEFER_MAX_MS).
     */
    copyPathBusy: () => `${prefix}:copy-path-busy`,
    /** exit-sync: hash { state, drift, repairs, backoffUntil, reportedAt } per follower and symbol. */
    syncState: (followerAccountId: string, symbol: string) => `${prefix}:sync:${followerAccountId}:${symbol}`,
    /** mapper: risk bookkeeping (peak equity, equity at the start of the UTC day). */
    peakEquity: (accountId: string) => `${prefix}:risk:peak:${accountId}`,
    dayStartEquity: (accountId: string, day: string) => `${prefix}:risk:day:${accountId}:${day}`,
    /** gateway: a login session (JSON, expiring), keyed by the SHA-256 of its id, never the id itself. */
    gatewaySession: (sessionIdHash: string) => `${prefix}:gateway:session:${sessionIdHash}`,
    /** gateway: the rate limiter's counters (per API key, user or IP), shared by every replica. */
    gatewayRateLimitNamespace: () => `${prefix}:gateway:rate-limit:`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/**
 * Fields of a follower book: each follow's last applied master sequence, its target, the master
 * position it was decided on and the client order ids of its last legs, and `total`, the sum of the follows' targets (what the follower's
 * exchange position is driven to).
 */
export const bookFields = {
  total: 'total',
  seq: (followId: string) => `${followId}:seq`,
  target: (followId: string) => `${followId}:target`,
  cids: (followId: string) => `${followId}:cids`,
  /** The master position the follow's target was decided on. */
  master: (followId: string) => `${followId}:master`,
} as const;

/**
 * A follow's decision for a fill, in one of a few slots by seq: a replay finds its own there as long as
 * fewer than that many of the master's later fills were applied to the follow meanwhile.
 */
export const decisionFields = {
  slots: 8,
  /** How long a follower's decisions outlive its last one. */
  ttlMs: 10 * 60_000,
  slot: (followId: string, seq: number) => `${followId}:${seq % decisionFields.slots}`,
} as const;

/** Redis pub/sub channels. */
export function channels(prefix: string) {
  return {
    /** audit → gateway: every recorded audit event, after it is committed. */
    liveEvents: `${prefix}:live-events`,
    /** gateway → every service: accounts or follows changed; drop cached settings. */
    settingsChanged: `${prefix}:settings-changed`,
  };
}
