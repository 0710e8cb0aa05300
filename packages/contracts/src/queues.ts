/**
 * Every queue, in one place. These names are persisted in Redis: renaming one strands the jobs
 * already waiting under the old name, so add new names rather than rename.
 */
export const queueNames = {
  /** listener → mapper: one job per master fill. */
  masterFills: 'master-fills',
  /** mapper / exit-sync → executor: drain a follower's order outbox for one symbol. */
  copyOrders: 'copy-orders',
  /** executor → executor: delayed check of a follower order left resting, at its time limit. */
  restingChecks: 'resting-checks',
  /** every service → audit: one job per audit event. */
  auditEvents: 'audit-events',
  /** gateway → listener: "monitor now": gap-fill one master (or all) at once and say what was found. */
  monitor: 'monitor',
  /** scheduler, listener, gateway → exit-sync: reconcile followers with the exchange. */
  reconcile: 'reconcile',
  /** notifier (and the gateway's redelivery) → notifier: one signed webhook to one endpoint for one event. */
  webhookDeliveries: 'webhook-deliveries',
  /** notifier → notifier: send a user's pending emails (at once, or as a digest when their throttle window closes). */
  emailDeliveries: 'email-deliveries',
  /** notifier → notifier: one Web Push message to one browser for one event. */
  pushDeliveries: 'push-deliveries',
  /** notifier's job scheduler → notifier: once a day, each subscriber's summary of the day before. */
  dailySummaries: 'daily-summaries',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];
