import { webhookDeliveryMaxAttempts } from '@copytrade/contracts';
import { baseEnvSchema, envFields, workerEnvSchema } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';

const milliseconds = z.coerce.number().int().min(0).max(86_400_000);

export const notifierEnvSchema = baseEnvSchema
  .extend(vaultEnvSchema.shape)
  .extend(workerEnvSchema.shape)
  .extend({
    /** How often the audit log is read when no live event woke the feed. @defaultValue 2000 */
    NOTIFIER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
    /** Audit events read per feed step. @defaultValue 500 */
    NOTIFIER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Pending deliveries untouched this long get their job enqueued again (the outbox's relay). @defaultValue 30000 */
    NOTIFIER_SWEEP_AGE_MS: milliseconds.default(30_000),
    /** How often pending deliveries are swept. @defaultValue 15000 */
    NOTIFIER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    /** Webhooks sent at once by this replica. @defaultValue 16 */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** One attempt gives up after this long. @defaultValue 10000 */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
    /**
     * Delays before each retry, comma-separated; their number is the number of retries.
     * @defaultValue 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (the Standard Webhooks example schedule)
     */
    WEBHOOK_RETRY_SCHEDULE_MS: z
      .string()
      .refine((text) => /^\d+(,\d+)*$/.test(text), 'must be comma-separated milliseconds')
      .default('5000,300000,1800000,7200000,18000000,36000000,36000000')
      .transform((text) => text.split(',').map(Number))
      .refine(
        (delays) => delays.length < webhookDeliveryMaxAttempts,
        `at most ${webhookDeliveryMaxAttempts - 1} retries`,
      ),
    /** Each retry delay is spread by ± this fraction. @defaultValue 0.2 */
    WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
    /** A `Retry-After` longer than this is cut to it. @defaultValue 3600000 (an hour) */
    WEBHOOK_MAX_RETRY_AFTER_MS: milliseconds.default(3_600_000),
    /** Failed attempts in a row (across events) that disable an endpoint. @defaultValue 20 */
    WEBHOOK_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
    /** When the daily summaries (of the UTC day before) are made: a cron pattern in UTC. @defaultValue '5 0 * * *' */
    NOTIFIER_DAILY_SUMMARY_CRON: z.string().min(9).max(100).default('5 0 * * *'),
    /**
     * Lets endpoints point at private, loopback or link-local addresses: tests and local development
     * only (refused in production, where endpoints must also be https). @defaultValue false
     */
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: envFields.boolean.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE_ADDRESSES'],
        message: 'must be false in production',
      });
  });

export type NotifierConfig = z.infer<typeof notifierEnvSchema>;
