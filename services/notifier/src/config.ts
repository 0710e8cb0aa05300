import { base64urlBytes, webhookDeliveryMaxAttempts } from '@copytrade/contracts';
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
    /**
     * Where emails go out: `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465`.
     * Unset: the email channel is off (email subscriptions collect nothing). Its credentials are never logged.
     */
    EMAIL_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    /** The From of every email. @defaultValue 'Copytrade <notifications@copytrade.invalid>' */
    EMAIL_FROM: z.string().min(3).max(200).default('Copytrade <notifications@copytrade.invalid>'),
    /** After an email, a user's next events wait this long and go together as one digest. @defaultValue 300000 (5 min) */
    EMAIL_DIGEST_WINDOW_MS: milliseconds.default(300_000),
    /** Attempts per email before it is given up. @defaultValue 8 */
    EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
    /** The first retry's delay; each next one doubles. @defaultValue 5000 */
    EMAIL_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    /** Connection, greeting and socket timeout of one SMTP attempt. @defaultValue 15000 */
    EMAIL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** VAPID keys (base64url, as `web-push generate-vapid-keys` prints them). Unset: Web Push is off. */
    WEB_PUSH_VAPID_PUBLIC_KEY: base64urlBytes(65, 'an uncompressed P-256 public key').optional(),
    WEB_PUSH_VAPID_PRIVATE_KEY: base64urlBytes(32, 'a P-256 private key').optional(),
    /** Who runs this sender, for push services to reach: `mailto:` or `https:` URL. */
    WEB_PUSH_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https:// URL')
      .default('mailto:ops@copytrade.invalid'),
    /** One push attempt gives up after this long. @defaultValue 10000 */
    WEB_PUSH_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
    /** Attempts per push before it is given up. @defaultValue 6 */
    WEB_PUSH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(6),
    /** The first push retry's delay; each next one doubles. @defaultValue 2000 */
    WEB_PUSH_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
    /**
     * A PEM file of CA certificates trusted for push services besides the usual roots: a local push
     * service in tests and development.
     */
    WEB_PUSH_EXTRA_CA_FILE: z.string().min(1).optional(),
    /** Seconds a push service keeps an undelivered message (the device offline). @defaultValue 86400 */
    WEB_PUSH_TTL_SECONDS: z.coerce.number().int().min(0).max(2_419_200).default(86_400),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE_ADDRESSES'],
        message: 'must be false in production',
      });
    if ((env.WEB_PUSH_VAPID_PUBLIC_KEY === undefined) !== (env.WEB_PUSH_VAPID_PRIVATE_KEY === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [
          env.WEB_PUSH_VAPID_PUBLIC_KEY === undefined
            ? 'WEB_PUSH_VAPID_PUBLIC_KEY'
            : 'WEB_PUSH_VAPID_PRIVATE_KEY',
        ],
        message: 'set both VAPID keys, or neither',
      });
  });

export type NotifierConfig = z.infer<typeof notifierEnvSchema>;
