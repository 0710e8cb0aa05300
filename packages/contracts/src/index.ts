export * from './primitives.ts';
export { queueNames, type QueueName } from './queues.ts';
export { masterFillJob, type MasterFillJob } from './jobs/master-fill.ts';
export { orderLeg, type OrderLeg, parseOrderLegEntry } from './jobs/order-leg.ts';
export {
  copyKickEntry,
  type CopyKickEntry,
  copyKickGroup,
  parseKickStreamEntry,
} from './streams/copy-kicks.ts';
export type { StreamEntryOf } from './streams/entry-fields.ts';
export { masterFillGroup, parseFillStreamEntry } from './streams/master-fills.ts';
export {
  copyOrderJob,
  type CopyOrderJob,
  copyOrderKicksJob,
  type CopyOrderKicksJob,
  copyOrderKicksJobName,
} from './jobs/copy-order.ts';
export { restingCheckJob, type RestingCheckJob } from './jobs/resting-check.ts';
export { type MonitorJob, type MonitorResult, monitorJob, monitorResult } from './jobs/monitor.ts';
export {
  type ReconcileJob,
  type ReconcileReason,
  reconcileJob,
  reconcileReason,
} from './jobs/reconcile.ts';
export {
  auditEvent,
  auditPayloads,
  type AuditEvent,
  type AuditEventOf,
  type AuditEventType,
} from './events/audit-event.ts';
export { makeAuditEvent, type AuditEventInput } from './events/make-audit-event.ts';
export { correlationIdOf, masterFillJobId, webhookDeliveryJobId } from './ids.ts';
export { dailySummaryJob, type DailySummaryJob } from './jobs/daily-summary.ts';
export {
  webhookDeliveryJob,
  webhookDeliveryJobOptions,
  webhookDeliveryMaxAttempts,
  type WebhookDeliveryJob,
} from './jobs/webhook-delivery.ts';
export {
  emailFlushJob,
  type EmailFlushJob,
  pushDeliveryJob,
  type PushDeliveryJob,
} from './jobs/notification-channels.ts';
export {
  notificationChannel,
  notificationKind,
  notificationKindEvents,
  operatorNotificationKinds,
  personalNotificationKinds,
  type NotificationChannel,
  type NotificationKind,
} from './notifications/notification-kinds.ts';
export { bookFields, channels, decisionFields, redisKeys, type RedisKeys } from './redis-keys.ts';
export {
  type BreakerState,
  type BrokerBreakerRecord,
  breakerState,
  brokerBreakerRecord,
} from './broker-breaker.ts';
/** The gateway's HTTP API: bodies, params, queries and responses (`api.user`, `api.createUserBody`…). */
export * as api from './api/index.ts';
