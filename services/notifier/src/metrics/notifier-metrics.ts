import type { Metrics } from '@copytrade/runtime';

export interface NotifierMetrics {
  /** Audit events read by the feed, and the notifications they made. */
  fed(events: number, notifications: number): void;
  /** One webhook attempt by outcome: delivered, retry, failed (no retry follows). */
  attempt(outcome: 'delivered' | 'retry' | 'failed'): void;
  /** Event recorded in the audit log → webhook accepted by its endpoint. */
  deliveredAfterSeconds(seconds: number): void;
  /** One email or Web Push attempt by outcome (`removed`: the push service said the browser is gone). */
  channelAttempt(channel: 'email' | 'web_push', outcome: 'delivered' | 'retry' | 'failed' | 'removed'): void;
}

export function createNotifierMetrics(metrics: Metrics): NotifierMetrics {
  const events = metrics.counter(
    'copytrade_notifier_events_read_total',
    'Audit events read by the notifier feed',
  );
  const notifications = metrics.counter(
    'copytrade_notifier_notifications_total',
    'Notifications (event × destination) recorded by the feed',
  );
  const attempts = metrics.counter(
    'copytrade_notifier_webhook_attempts_total',
    'Webhook attempts by outcome',
    ['outcome'],
  );
  const delivered = metrics.histogram(
    'copytrade_notifier_delivery_seconds',
    'From the event entering the audit log to its webhook being accepted (retries included)',
  );
  const channelAttempts = metrics.counter(
    'copytrade_notifier_channel_attempts_total',
    'Email and Web Push attempts by channel and outcome',
    ['channel', 'outcome'],
  );
  return {
    channelAttempt: (channel, outcome) => channelAttempts.inc({ channel, outcome }),
    fed(read, made) {
      events.inc(read);
      notifications.inc(made);
    },
    attempt: (outcome) => attempts.inc({ outcome }),
    deliveredAfterSeconds: (seconds) => delivered.observe(seconds),
  };
}
