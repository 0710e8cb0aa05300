import { z } from 'zod';
import type { AuditEventType } from '../events/audit-event.ts';

/** What a user can subscribe to; each kind is made of the audit event types below. */
export const notificationKind = z.enum([
  'master_fill',
  'master_exit',
  'copy_placed',
  'copy_failed',
  'copy_skipped',
  'drift_found',
  'drift_repaired',
  'risk_exit',
  'kill_switch',
  'breaker_open',
  'endpoint_disabled',
  'daily_summary',
]);
export type NotificationKind = z.infer<typeof notificationKind>;

/**
 * The audit event types behind each kind. Some kinds take only part of a type: `master_exit` is a
 * master fill that leaves the master flat, `drift_found` a sync status that is drifting or failed
 * (the notifier's matcher applies those conditions).
 */
export const notificationKindEvents: Readonly<Record<NotificationKind, readonly AuditEventType[]>> = {
  master_fill: ['master_fill.recorded'],
  master_exit: ['master_fill.recorded'],
  copy_placed: ['order.accepted'],
  copy_failed: ['order.rejected', 'order.dead_lettered'],
  copy_skipped: ['copy.skipped', 'order.expired'],
  drift_found: ['sync.status'],
  drift_repaired: ['sync.corrected'],
  risk_exit: ['risk.exit'],
  kill_switch: ['kill_switch.engaged', 'kill_switch.released'],
  breaker_open: ['broker.breaker_opened'],
  endpoint_disabled: ['webhook.endpoint_disabled'],
  daily_summary: ['notification.daily_summary'],
};

/** Kinds addressed to one user (their `payload.userId`), whatever accounts or follows they name. */
export const personalNotificationKinds: ReadonlySet<NotificationKind> = new Set([
  'endpoint_disabled',
  'daily_summary',
]);

/** Kinds about the whole platform rather than an account: operators and admins only. */
export const operatorNotificationKinds: ReadonlySet<NotificationKind> = new Set([
  'kill_switch',
  'breaker_open',
]);

/**
 * Where a notification goes: a webhook endpoint, the user's own account email (no other address:
 * nothing to verify), or every browser the user asked to be notified on.
 */
export const notificationChannel = z.enum(['webhook', 'email', 'web_push']);
export type NotificationChannel = z.infer<typeof notificationChannel>;
