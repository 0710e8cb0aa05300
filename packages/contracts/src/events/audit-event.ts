import { z } from 'zod';
import { contracts, decimalString, positiveContracts, side, symbol, uuid } from '../primitives.ts';

const legSummary = z.object({
  clientOrderId: z.string(),
  side,
  size: positiveContracts,
  reduceOnly: z.boolean(),
  leg: z.string(),
});

const masterFillRef = z.object({
  fillId: z.string(),
  side,
  size: positiveContracts,
  price: decimalString,
});

const orderRef = {
  clientOrderId: z.string(),
  followerAccountId: uuid,
  followerUserId: uuid,
  masterAccountId: uuid.nullable(),
  symbol,
  side,
  size: positiveContracts,
  leg: z.string(),
  orderType: z.string(),
  limitPrice: decimalString.nullable(),
};

/** The payload of each audit event type. Add types; never change one in place. */
export const auditPayloads = {
  'master_fill.recorded': z.object({
    masterAccountId: uuid,
    fillId: z.string(),
    symbol,
    side,
    size: positiveContracts,
    price: decimalString,
    positionAfter: contracts,
    seq: z.number().int(),
    source: z.enum(['ws', 'rest']),
    resynced: z.boolean(),
  }),
  'copy.decided': z.object({
    followId: uuid,
    followerAccountId: uuid,
    masterAccountId: uuid,
    symbol,
    seq: z.number().int(),
    /** The follow's own target. */
    targetBefore: contracts,
    targetAfter: contracts,
    action: z.string(),
    master: masterFillRef,
    /** The legs move the follower's total on the symbol: the sum of its follows' targets. */
    legs: z.array(legSummary),
    totalBefore: contracts.optional(),
    totalAfter: contracts.optional(),
  }),
  'copy.skipped': z.object({
    followId: uuid,
    followerAccountId: uuid,
    masterAccountId: uuid,
    symbol,
    seq: z.number().int(),
    reason: z.string(),
    detail: z.string(),
    master: masterFillRef,
    /** The risk-reducing part a refusal still lets through (a refused flip still closes). */
    targetBefore: contracts.optional(),
    targetAfter: contracts.optional(),
    legs: z.array(legSummary).optional(),
    totalBefore: contracts.optional(),
    totalAfter: contracts.optional(),
  }),
  'copy.stale': z.object({
    followId: uuid,
    followerAccountId: uuid,
    symbol,
    seq: z.number().int(),
    lastSeq: z.number().int(),
  }),
  'order.submitted': z.object({ ...orderRef, attempt: z.number().int() }),
  'order.accepted': z.object({
    ...orderRef,
    exchangeOrderId: z.string(),
    state: z.string(),
    filledSize: contracts,
    avgFillPrice: decimalString.nullable(),
    adopted: z.boolean(),
    /** Master fill detected → follower order accepted. */
    latencyMs: z.number().int().nonnegative(),
    /**
     * The fill against the master's fill price in basis points, positive when worse for the follower
     * (bought dearer, sold cheaper); absent when nothing filled yet or the leg copies no master fill.
     */
    slippageBps: z.number().optional(),
  }),
  'order.rejected': z.object({ ...orderRef, code: z.string(), message: z.string() }),
  'order.unknown': z.object({ ...orderRef, reason: z.string() }),
  'order.retrying': z.object({
    ...orderRef,
    kind: z.string(),
    attempt: z.number().int(),
    message: z.string(),
  }),
  'executor.rate_limited': z.object({ followerAccountId: uuid, resetInMs: z.number().int() }),
  /** Exit-sync compared a follow's share of a follower's position with the exchange. */
  'sync.status': z.object({
    followId: uuid,
    masterAccountId: uuid,
    followerAccountId: uuid,
    symbol,
    state: z.enum(['in_sync', 'drifting', 'repairing', 'failed', 'frozen']),
    /** This follow's target; the follower's total over its follows; its exchange position. */
    target: contracts,
    totalTarget: contracts,
    actual: contracts,
    drift: contracts,
    repairs: z.number().int().nonnegative(),
    message: z.string().nullable(),
    /** The follower's whole position on the symbol as the exchange reported it (absent before these were carried). */
    entryPrice: decimalString.nullable().optional(),
    realizedPnl: decimalString.nullable().optional(),
    unrealizedPnl: decimalString.nullable().optional(),
  }),
  /** Exit-sync sent a corrective order for a drift. */
  'sync.corrected': z.object({
    followerAccountId: uuid,
    symbol,
    drift: contracts,
    capped: z.boolean(),
    legs: z.array(legSummary),
  }),
  /** Exit-sync asked the mapper to decide a follow again on the master's actual position. */
  'sync.resynced': z.object({
    followId: uuid,
    masterAccountId: uuid,
    followerAccountId: uuid,
    symbol,
    kind: z.enum(['position', 'exit']),
    masterPosition: contracts,
    decidedOn: contracts.nullable(),
  }),
  /** A follower hit its drawdown or daily-loss limit: the follow turned close-only (and flattened). */
  'risk.exit': z.object({
    followId: uuid,
    followerAccountId: uuid,
    reason: z.string(),
    detail: z.string(),
    flatten: z.boolean(),
  }),
  /** A follow ended, with what happens to its positions. */
  'follow.ended': z.object({
    followId: uuid,
    followerAccountId: uuid,
    masterAccountId: uuid,
    mode: z.enum(['close_immediately', 'close_gracefully', 'preserve']),
    step: z.enum(['closing', 'released', 'stopped']),
  }),
  /** An opening leg whose master signal was older than the follow's max signal age: not sent. */
  'order.expired': z.object({
    ...orderRef,
    ageMs: z.number().int().nonnegative(),
    maxSignalAgeMs: z.number().int(),
  }),
  /** A leg taken out unsent because the flip-close it followed was refused. */
  'order.dropped': z.object({ ...orderRef, dependsOn: z.string() }),
  /** Part of an accepted order that did not trade (clipped, or not filled); taken out of the target. */
  'order.unfilled': z.object({
    ...orderRef,
    filledSize: contracts,
    remainder: positiveContracts,
    reason: z.string(),
  }),
  /** A leg that kept failing, moved off the outbox after its attempts so later legs can go. */
  'order.dead_lettered': z.object({ ...orderRef, message: z.string(), targetTakenBack: z.boolean() }),
  /** A broker account was created or changed through the gateway: who, and which fields (never values). */
  'account.changed': z.object({
    accountId: uuid,
    actorUserId: uuid,
    action: z.enum(['created', 'updated']),
    fields: z.array(z.string()),
  }),
  /** A follow was created, changed or ended through the gateway: who, and which fields. */
  'follow.changed': z.object({
    followId: uuid,
    masterAccountId: uuid,
    followerAccountId: uuid,
    actorUserId: uuid,
    action: z.enum(['created', 'updated', 'ended']),
    fields: z.array(z.string()),
  }),
  /** Someone pulled a manual trigger through the gateway (who, which, on what). */
  'trigger.pulled': z.object({
    actorUserId: uuid,
    trigger: z.enum(['monitor', 'reconcile', 'retry']),
    /** The id the trigger's job gets (a retry that finds nothing dead-lettered queues none). */
    jobId: z.string(),
    masterAccountId: uuid.optional(),
    followerAccountId: uuid.optional(),
    symbol: symbol.optional(),
  }),
  /** An operator stopped every executor from sending new orders. */
  'kill_switch.engaged': z.object({ actorUserId: uuid, reason: z.string() }),
  /** An operator let the executors send orders again. */
  'kill_switch.released': z.object({ actorUserId: uuid, reason: z.string().nullable() }),
  /** An executor's circuit breaker for a broker host opened: that exchange is failing (transport errors, 5xx). */
  'broker.breaker_opened': z.object({ host: z.string(), instanceId: z.string() }),
  /** Someone changed a webhook endpoint or a notification subscription through the gateway (fields named, never values). */
  'notification.settings_changed': z.object({
    actorUserId: uuid,
    target: z.enum(['webhook_endpoint', 'subscription', 'push_device']),
    id: uuid,
    action: z.enum(['created', 'updated', 'deleted', 'secret_rotated', 'redelivery_requested']),
    fields: z.array(z.string()),
  }),
  /** One user's day (UTC) of copying, per follow: what the `daily_summary` notification carries. */
  'notification.daily_summary': z.object({
    userId: uuid,
    /** The UTC day summed up, `YYYY-MM-DD`. */
    day: z.iso.date(),
    follows: z.array(
      z.object({
        followId: uuid,
        masterAccountId: uuid,
        followerAccountId: uuid,
        /** Copies accepted or filled by the exchange. */
        copies: z.number().int().nonnegative(),
        /** Copies the exchange rejected. */
        rejected: z.number().int().nonnegative(),
        /** Copy decisions skipped (with a reason in the audit log). */
        skips: z.number().int().nonnegative(),
        /**
         * The follower's PnL per symbol of this follow as exit-sync last read it from the exchange
         * (decimal strings; null where it was not read). Absent in summaries made before it was added.
         */
        pnl: z
          .array(
            z.object({
              symbol,
              realized: z.string().nullable(),
              unrealized: z.string().nullable(),
            }),
          )
          .optional(),
      }),
    ),
  }),
  /** The notifier's webhook to an endpoint was accepted (2xx) for an event. */
  'notification.delivered': z.object({
    endpointId: uuid,
    userId: uuid,
    /** The audit event the notification was about. */
    notifiedEventId: z.string(),
    attempt: z.number().int().positive(),
    statusCode: z.number().int(),
    durationMs: z.number().int().nonnegative(),
  }),
  /** One attempt of a webhook failed; `final` when no retry follows. */
  'notification.failed': z.object({
    endpointId: uuid,
    userId: uuid,
    notifiedEventId: z.string(),
    attempt: z.number().int().positive(),
    /** Null when no response came (timeout, refused connection, refused address). */
    statusCode: z.number().int().nullable(),
    error: z.string(),
    final: z.boolean(),
  }),
  /** One email (a single event, or a digest of several) was accepted by the SMTP server. */
  'notification.email_sent': z.object({
    userId: uuid,
    /** The email's id (its Message-ID is derived from it; a resend after a crash carries the same). */
    batchId: uuid,
    notifiedEventIds: z.array(z.string()),
    digest: z.boolean(),
    attempt: z.number().int().positive(),
    durationMs: z.number().int().nonnegative(),
  }),
  /** One attempt to send an email failed; `final` when no retry follows. */
  'notification.email_failed': z.object({
    userId: uuid,
    batchId: uuid,
    notifiedEventIds: z.array(z.string()),
    attempt: z.number().int().positive(),
    error: z.string(),
    final: z.boolean(),
  }),
  /** A Web Push message was accepted by a browser's push service. */
  'notification.push_delivered': z.object({
    subscriptionId: uuid,
    userId: uuid,
    notifiedEventId: z.string(),
    attempt: z.number().int().positive(),
    statusCode: z.number().int(),
    durationMs: z.number().int().nonnegative(),
  }),
  /** One Web Push attempt failed; a 404/410 removed the browser's subscription (`subscriptionRemoved`). */
  'notification.push_failed': z.object({
    subscriptionId: uuid,
    userId: uuid,
    notifiedEventId: z.string(),
    attempt: z.number().int().positive(),
    statusCode: z.number().int().nullable(),
    error: z.string(),
    final: z.boolean(),
    subscriptionRemoved: z.boolean(),
  }),
  /** The notifier disabled a webhook endpoint: it answered 410 Gone, or failed too many times in a row. */
  'webhook.endpoint_disabled': z.object({
    endpointId: uuid,
    userId: uuid,
    reason: z.enum(['gone', 'failures']),
    consecutiveFailures: z.number().int().nonnegative(),
  }),
} as const;

export type AuditEventType = keyof typeof auditPayloads;

const envelope = {
  eventId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().nullable(),
  accountId: z.string().nullable(),
  service: z.string(),
};

export const auditEvent = z.discriminatedUnion(
  'type',
  Object.entries(auditPayloads).map(([type, payload]) =>
    z.object({ ...envelope, type: z.literal(type), payload }),
  ) as unknown as [AuditVariant<AuditEventType>, ...AuditVariant<AuditEventType>[]],
);

type AuditVariant<T extends AuditEventType> = z.ZodObject<{
  type: z.ZodLiteral<T>;
  payload: (typeof auditPayloads)[T];
  eventId: z.ZodString;
  occurredAt: z.ZodISODateTime;
  correlationId: z.ZodNullable<z.ZodString>;
  accountId: z.ZodNullable<z.ZodString>;
  service: z.ZodString;
}>;

export type AuditEvent = { [T in AuditEventType]: z.infer<AuditVariant<T>> }[AuditEventType];
export type AuditEventOf<T extends AuditEventType> = Extract<AuditEvent, { type: T }>;
