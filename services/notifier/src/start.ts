import { type AuditEvent, channels, queueNames, type WebhookDeliveryJob } from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import { createEventPublisher, createServiceKit, type Logger } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { createWebhookSender } from '@copytrade/webhooks';
import { notifierAudit } from './audit/notifier-audit.ts';
import { deliveryJobs } from './channels/webhook/delivery-jobs.ts';
import { startSweeper } from './channels/webhook/sweep-pending.ts';
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

  await ensureCursor(db, feedCursor);
  const feed = runFeed({
    db,
    metrics,
    channels: [webhookChannel(jobs)],
    cursorName: feedCursor,
    batchSize: config.NOTIFIER_BATCH_SIZE,
    pollIntervalMs: config.NOTIFIER_POLL_INTERVAL_MS,
    logger,
  });
  // Each recorded audit event rings the doorbell; the feed reads the log itself.
  await kit.subscribe(channels(kit.prefix).liveEvents, () => feed.wake());
  kit.onStop('notifier feed', () => feed.stop(), 'intake');
  const sweeper = startSweeper({
    db,
    jobs,
    olderThanMs: config.NOTIFIER_SWEEP_AGE_MS,
    intervalMs: config.NOTIFIER_SWEEP_INTERVAL_MS,
    logger,
  });
  kit.onStop('webhook sweep', () => sweeper.stop(), 'intake');
  const running = await kit.serve();
  return { ...running, wake: () => feed.wake() };
}
