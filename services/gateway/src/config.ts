import { base64urlBytes } from '@copytrade/contracts';
import { baseEnvSchema, envFields } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';
import { defaultVenues, venuesSchema } from './venues/venues.ts';

const positive = z.coerce.number().int().positive();

export const gatewayEnvSchema = baseEnvSchema
  .extend(vaultEnvSchema.shape)
  .extend({
    /**
     * The exchanges broker accounts may point at: `restUrl|wsUrl` entries, comma-separated. An
     * account's base URL must be one of them (never an arbitrary host). @defaultValue Delta's
     * production India, production global and India testnet hosts
     */
    EXCHANGE_VENUES: venuesSchema.prefault(defaultVenues),
    /** Port of the HTTP API (the kit's health server stays on HEALTH_PORT). @defaultValue 3000 */
    GATEWAY_PORT: envFields.port.default(3000),
    /** @defaultValue '0.0.0.0' */
    GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
    /**
     * Signs the session cookie; at least 32 characters. Required in production; elsewhere a random
     * one is made at start (sessions then end with the process).
     */
    SESSION_SECRET: z.string().min(32).optional(),
    /** @defaultValue 28800 (8 h) */
    SESSION_TTL_SECONDS: positive.default(28_800),
    /** The `Secure` flag of the cookies; turn off only for plain http on a developer machine. @defaultValue true */
    COOKIE_SECURE: envFields.boolean.default(true),
    /** Requests per window per API key or logged-in user. @defaultValue 600 */
    RATE_LIMIT_MAX: positive.default(600),
    /** Requests per window per IP address without valid credentials. @defaultValue 120 */
    RATE_LIMIT_IP_MAX: positive.default(120),
    /** Login attempts per window per IP address. @defaultValue 10 */
    RATE_LIMIT_LOGIN_MAX: positive.default(10),
    /** @defaultValue 60000 */
    RATE_LIMIT_WINDOW_MS: positive.default(60_000),
    /** Hops of proxies in front of the gateway whose X-Forwarded-For is trusted. @defaultValue 0 */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** How long `POST /v1/triggers/monitor` waits for the listener's answer (then 504). @defaultValue 10000 */
    MONITOR_TIMEOUT_MS: positive.default(10_000),
    /** Comment lines on idle live-event streams, so proxies keep them open. @defaultValue 15000 */
    LIVE_HEARTBEAT_MS: positive.default(15_000),
    /**
     * Lets webhook endpoints point at private, loopback or link-local addresses (tests and local
     * development only; refused in production). @defaultValue false
     */
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: envFields.boolean.default(false),
    /**
     * The notifier's VAPID public key (base64url), given to browsers subscribing to Web Push. Unset:
     * the dashboard does not offer "Notify me on this device" and web_push subscriptions are refused.
     */
    WEB_PUSH_VAPID_PUBLIC_KEY: base64urlBytes(65, 'an uncompressed P-256 public key').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === undefined)
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production' });
    if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE_ADDRESSES'],
        message: 'must be false in production',
      });
  });

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
