import type { Db } from '@copytrade/db';
import type { ReadinessCheck, Redis } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { SessionStore } from './auth/session-store.ts';
import type { GatewayConfig } from './config.ts';
import type { OpsDeps } from './ops/ops-deps.ts';
import { authenticationPlugin } from './plugins/app/authentication.plugin.ts';
import { errorHandlerPlugin } from './plugins/app/error-handler.plugin.ts';
import { cookiePlugin } from './plugins/external/cookie.plugin.ts';
import { rateLimitPlugin } from './plugins/external/rate-limit.plugin.ts';
import { swaggerPlugin } from './plugins/external/swagger.plugin.ts';
import { queuesRoutes } from './routes/admin/queues.ts';
import { authRoutes } from './routes/auth/index.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health/index.ts';
import { pagesRoutes } from './pages/pages.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { buildTradingDeps } from './routes/trading-deps.ts';
import { buildNotificationDeps } from './notifications/notification-deps.ts';
import { v1Routes } from './routes/v1/index.ts';

export interface AppOptions {
  config: GatewayConfig;
  /** Signs the session cookie. */
  sessionSecret: string;
  db: Db;
  redis: Redis;
  /** The deployment's Redis key prefix (not a route prefix: Fastify reserves `prefix`). */
  keyPrefix: string;
  sessions: SessionStore;
  queues: Queue[];
  checks: Record<string, ReadinessCheck>;
  registry: Registry;
  ops: OpsDeps;
}

/**
 * The gateway as a plugin (what tests build): outside plugins, then ours, then the routes. The
 * order matters: swagger sees routes registered after it; authentication runs before the rate
 * limiter's route hooks, so a request with a valid key counts against that key.
 */
export async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
  const { config } = options;
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  await fastify.register(errorHandlerPlugin);
  await fastify.register(cookiePlugin, { secret: options.sessionSecret });
  await fastify.register(authenticationPlugin, { db: options.db, sessions: options.sessions });
  await fastify.register(rateLimitPlugin, {
    redis: options.redis,
    keyPrefix: options.keyPrefix,
    max: config.RATE_LIMIT_MAX,
    ipMax: config.RATE_LIMIT_IP_MAX,
    windowMs: config.RATE_LIMIT_WINDOW_MS,
  });
  await fastify.register(swaggerPlugin);

  const trading = buildTradingDeps({
    config,
    redis: options.redis,
    keyPrefix: options.keyPrefix,
    queues: options.queues,
  });
  const deps: RouteDeps = {
    db: options.db,
    sessions: options.sessions,
    cookies: { secure: config.COOKIE_SECURE, maxAgeSeconds: config.SESSION_TTL_SECONDS },
    loginRateLimit: { max: config.RATE_LIMIT_LOGIN_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
    trading,
    ops: options.ops,
    notifications: buildNotificationDeps({ config, vault: trading.vault, queues: options.queues }),
  };
  await fastify.register(healthRoutes, { checks: options.checks, registry: options.registry });
  await fastify.register(authRoutes, { ...deps, prefix: '/auth' });
  await fastify.register(v1Routes, { ...deps, prefix: '/v1' });
  await fastify.register(queuesRoutes, { queues: options.queues });
  await fastify.register(docsRoutes);
  await fastify.register(pagesRoutes);
}
