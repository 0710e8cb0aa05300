import type { Db } from '@copytrade/db';
import type { GatewayClient } from '../gateway-client.ts';
import { type NotificationReport, notificationReport } from './notification-report.ts';
import { waitNotifierDrained } from './notifier-drained.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { demoSubscriptions, subscribeThroughGateway } from './subscribe.ts';
import { startWebhookSink } from './webhook-sink.ts';

// After an email the next ones wait this long and go as one digest (5 min by default): short enough to see here.
const digestWindowMs = 2_000;

export interface DemoNotifications {
  /** The notifier's variables for this demo. */
  env: Record<string, string>;
  /** The endpoint and subscriptions, made through the gateway as the user would. */
  subscribe(gateway: GatewayClient): Promise<void>;
  /** One line on where notifications go. */
  describe(): string;
  /** Waits for what is still on its way, then the summary's lines; `caughtUp` false if it had to stop waiting. */
  report(db: Db, fillTimes: ReadonlyMap<string, number>): Promise<NotificationReport & { caughtUp: boolean }>;
  counts(): { webhooks: number; emails: number };
  close(): Promise<void>;
}

/** Where the notifier's webhooks and emails land in the demo: a receiver and a mail server of its own, on loopback. */
export async function startDemoNotifications(): Promise<DemoNotifications> {
  const webhooks = await startWebhookSink();
  const mail = await startSmtpSink();
  return {
    env: {
      // The demo's receiver is on loopback; refused in production, where endpoints must be https.
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      EMAIL_SMTP_URL: mail.url,
      EMAIL_DIGEST_WINDOW_MS: String(digestWindowMs),
    },
    async subscribe(gateway) {
      webhooks.useSecret((await subscribeThroughGateway(gateway, webhooks.url)).secret);
    },
    describe: () =>
      `notifications: webhooks (${demoSubscriptions.webhook.join(', ')}) to ${webhooks.url}, signatures checked with standardwebhooks; emails (${demoSubscriptions.email.join(', ')}) via ${mail.url}, ${digestWindowMs / 1000} s digest window`,
    async report(db, fillTimes) {
      const caughtUp = await waitNotifierDrained(db, digestWindowMs + 15_000);
      return { ...notificationReport(webhooks.received, mail.received, fillTimes), caughtUp };
    },
    counts: () => ({ webhooks: webhooks.received.length, emails: mail.received.length }),
    async close() {
      await webhooks.close();
      await mail.close();
    },
  };
}
