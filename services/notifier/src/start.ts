import { readFileSync } from 'node:fs';
import {
  type AuditEvent,
  channels,
  type EmailFlushJob,
  type PushDeliveryJob,
  queueNames,
  type WebhookDeliveryJob,
} from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import { createEventPublisher, createServiceKit, type Logger } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { createWebhookSender } from '@copytrade/webhooks';
import { notifierAudit } from './audit/notifier-audit.ts';
import type { Channel } from './channels/channel.ts';
import { emailChannel } from './channels/email/email-channel.ts';
import { emailJobs } from './channels/email/email-jobs.ts';
import { redactSmtpUrl, smtpTransport } from './channels/email/email-transport.ts';
import { emailBackoff, emailProcessor, emailRetryDelayMs } from './channels/email/email.worker.ts';
import { sweepEmail } from './channels/email/sweep-email.ts';
import { pushChannel } from './channels/push/push-channel.ts';
import { pushJobs } from './channels/push/push-jobs.ts';
import { createPushSender } from './channels/push/push-sender.ts';
import { pushProcessor } from './channels/push/push.worker.ts';
import { sweepPush } from './channels/push/sweep-push.ts';
import { startRelay } from './channels/relay.ts';
import { deliveryJobs } from './channels/webhook/delivery-jobs.ts';
import { sweepPending } from './channels/webhook/sweep-pending.ts';
import { webhookChannel } from './channels/webhook/webhook-channel.ts';
import { webhookBackoff, webhookProcessor } from './channels/webhook/webhook.worker.ts';
import type { NotifierConfig } from './config.ts';
import { createNotifierMetrics } from './metrics/notifier-metrics.ts';
import { ensureCursor } from './feed/feed-cursor.ts';
import { runFeed } from './feed/run-feed.ts';
import { dailySummaryProcessor } from './summaries/daily-summary.worker.ts';

export { type NotifierConfig, notifierEnvSchema } from './config.ts';

export interface RunningNotifier {
  healthPort: number;
  /** Reads the audit log now (tests; the live-events channel does this in service). */
  wake(): void;
  stop(): Promise<void>;
}

/** The one scheduler of the daily summaries (upserted by every replica, so it exists once). */
const dailySummaryScheduler = 'daily-summary';

/** Where the webhook feed's cursor is kept (one row per feed). */
const feedCursor = 'webhooks';

/**
 * Builds the notifier: a feed that reads the audit log from its cursor and records one delivery per
 * (endpoint, event), and the worker that signs and sends them.
 */
export async function start(config: NotifierConfig, logger: Logger): Promise<RunningNotifier> {
  const kit = await createServiceKit({ name: 'notifier', config, logger });
  const db = kit.database(createDb({ databaseUrl: config.DATABASE_URL }));
  const metrics = createNotifierMetrics(kit.metrics);
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const deliveries = kit.queue<WebhookDeliveryJob>(queueNames.webhookDeliveries, { watch: true });
  const audit = notifierAudit(createEventPublisher<AuditEvent>(kit.queue(queueNames.auditEvents)));
  const jobs = deliveryJobs(deliveries);
  const allowPrivate = config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES;
  const sender = createWebhookSender({ allowPrivateAddresses: allowPrivate });
  kit.onStop('webhook sender', () => sender.close());

  kit.worker(
    queueNames.webhookDeliveries,
    webhookProcessor({
      db,
      vault,
      sender,
      audit,
      logger,
      metrics,
      retries: config.WEBHOOK_RETRY_SCHEDULE_MS.length,
      policy: { requireHttps: config.NODE_ENV === 'production', allowPrivateAddresses: allowPrivate },
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxConsecutiveFailures: config.WEBHOOK_MAX_CONSECUTIVE_FAILURES,
    }),
    {
      concurrency: config.WEBHOOK_CONCURRENCY,
      backoffStrategy: webhookBackoff({
        delaysMs: config.WEBHOOK_RETRY_SCHEDULE_MS,
        jitter: config.WEBHOOK_RETRY_JITTER,
        maxRetryAfterMs: config.WEBHOOK_MAX_RETRY_AFTER_MS,
      }),
    },
  );

  // Daily summaries: recorded as audit events, which the feed sends to their subscribers.
  const summaries = kit.queue(queueNames.dailySummaries);
  await summaries.upsertJobScheduler(
    dailySummaryScheduler,
    { pattern: config.NOTIFIER_DAILY_SUMMARY_CRON, tz: 'UTC' },
    {
      name: 'daily-summary',
      data: {},
      opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
    },
  );
  kit.worker(queueNames.dailySummaries, dailySummaryProcessor({ db, audit, logger }), { concurrency: 1 });

  const policy = { requireHttps: config.NODE_ENV === 'production', allowPrivateAddresses: allowPrivate };
  const feedChannels: Channel[] = [webhookChannel(jobs)];
  const relays: { what: string; sweep: (now: Date) => Promise<number> }[] = [];

  // Email: on when an SMTP URL is configured.
  if (config.EMAIL_SMTP_URL !== undefined) {
    const transport = smtpTransport({
      url: config.EMAIL_SMTP_URL,
      from: config.EMAIL_FROM,
      timeoutMs: config.EMAIL_TIMEOUT_MS,
    });
    kit.onStop('smtp transport', async () => transport.close());
    const queue = kit.queue<EmailFlushJob>(queueNames.emailDeliveries, { watch: true });
    // The job's own bound sits above the email's: a flush job also makes and sends later emails.
    const mail = emailJobs(queue, config.EMAIL_MAX_ATTEMPTS + 2);
    const retryDelayMs = emailRetryDelayMs(config.EMAIL_RETRY_DELAY_MS);
    kit.worker(
      queueNames.emailDeliveries,
      emailProcessor({
        db,
        audit,
        metrics,
        transport,
        jobs: mail,
        logger,
        windowMs: config.EMAIL_DIGEST_WINDOW_MS,
        maxAttempts: config.EMAIL_MAX_ATTEMPTS,
        retryDelayMs,
        claimMs: config.EMAIL_TIMEOUT_MS * 4,
        maxPerEmail: 500,
      }),
      { concurrency: 4, backoffStrategy: emailBackoff(retryDelayMs) },
    );
    feedChannels.push(emailChannel(mail));
    relays.push({
      what: 'email',
      sweep: (now) => sweepEmail({ db, jobs: mail, olderThanMs: config.NOTIFIER_SWEEP_AGE_MS, now }),
    });
    logger.info({ smtp: redactSmtpUrl(config.EMAIL_SMTP_URL) }, 'email channel on');
  }

  // Web Push: on when VAPID keys are configured.
  if (config.WEB_PUSH_VAPID_PUBLIC_KEY !== undefined && config.WEB_PUSH_VAPID_PRIVATE_KEY !== undefined) {
    const sender = createPushSender({
      vapid: {
        subject: config.WEB_PUSH_SUBJECT,
        publicKey: config.WEB_PUSH_VAPID_PUBLIC_KEY,
        privateKey: config.WEB_PUSH_VAPID_PRIVATE_KEY,
      },
      timeoutMs: config.WEB_PUSH_TIMEOUT_MS,
      ttlSeconds: config.WEB_PUSH_TTL_SECONDS,
      allowPrivateAddresses: allowPrivate,
      extraCa:
        config.WEB_PUSH_EXTRA_CA_FILE === undefined
          ? undefined
          : readFileSync(config.WEB_PUSH_EXTRA_CA_FILE, 'utf8'),
    });
    kit.onStop('push sender', async () => sender.close());
    const queue = kit.queue<PushDeliveryJob>(queueNames.pushDeliveries, { watch: true });
    const pushes = pushJobs(queue, config.WEB_PUSH_MAX_ATTEMPTS, config.WEB_PUSH_RETRY_DELAY_MS);
    kit.worker(
      queueNames.pushDeliveries,
      pushProcessor({ db, vault, sender, audit, metrics, policy: { ...policy, requireHttps: true }, logger }),
      { concurrency: config.WEBHOOK_CONCURRENCY },
    );
    feedChannels.push(pushChannel(db, pushes));
    relays.push({
      what: 'web push',
      sweep: (now) => sweepPush({ db, jobs: pushes, olderThanMs: config.NOTIFIER_SWEEP_AGE_MS, now }),
    });
  }

  await ensureCursor(db, feedCursor);
  const feed = runFeed({
    db,
    metrics,
    channels: feedChannels,
    cursorName: feedCursor,
    batchSize: config.NOTIFIER_BATCH_SIZE,
    pollIntervalMs: config.NOTIFIER_POLL_INTERVAL_MS,
    logger,
  });
  // Each recorded audit event rings the doorbell; the feed reads the log itself.
  await kit.subscribe(channels(kit.prefix).liveEvents, () => feed.wake());
  kit.onStop('notifier feed', () => feed.stop(), 'intake');
  // Webhooks sweep at start too: what a restart left pending goes out at once.
  const sweeper = startRelay({
    what: 'webhook',
    sweep: (now) => sweepPending({ db, jobs, olderThanMs: config.NOTIFIER_SWEEP_AGE_MS, now }),
    intervalMs: config.NOTIFIER_SWEEP_INTERVAL_MS,
    logger,
    atStart: true,
  });
  kit.onStop('webhook sweep', () => sweeper.stop(), 'intake');
  for (const relay of relays) {
    const running = startRelay({ ...relay, intervalMs: config.NOTIFIER_SWEEP_INTERVAL_MS, logger });
    kit.onStop(`${relay.what} sweep`, () => running.stop(), 'intake');
  }
  const running = await kit.serve();
  return { ...running, wake: () => feed.wake() };
}
