import { randomBytes } from 'node:crypto';
import { queueNames } from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import { createServiceKit, type Logger } from '@copytrade/runtime';
import type { AddressInfo } from 'node:net';
import type { RouteOptions } from 'fastify';
import { app } from './app.ts';
import { createSessionStore } from './auth/session-store.ts';
import type { GatewayConfig } from './config.ts';
import { createOpsDeps } from './ops/ops-deps.ts';
import { createServer } from './server.ts';

export { type GatewayConfig, gatewayEnvSchema } from './config.ts';

export interface RunningGateway {
  /** Port of the HTTP API. */
  port: number;
  /** Port of the kit's /healthz, /readyz and /metrics (HEALTH_PORT). */
  healthPort: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Told of every route as it is registered (tests compare them with the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the gateway: the HTTP API, Bull Board and OpenAPI on GATEWAY_PORT, health on HEALTH_PORT. */
export async function start(
  config: GatewayConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningGateway> {
  const kit = await createServiceKit({ name: 'gateway', config, logger });
  const db = kit.database(createDb({ databaseUrl: config.DATABASE_URL }));
  const queues = Object.values(queueNames).map((name) => kit.queue(name, { watch: true }));
  const sessionSecret = config.SESSION_SECRET ?? randomBytes(32).toString('base64url');
  const ops = await createOpsDeps(kit, config, queues, logger);
  const server = createServer({ logger, trustProxyHops: config.TRUST_PROXY_HOPS });
  const { onRoute } = options;
  if (onRoute) server.addHook('onRoute', (route) => onRoute(route));
  try {
    await server.register(app, {
      config,
      sessionSecret,
      db,
      redis: kit.redis,
      keyPrefix: kit.prefix,
      sessions: createSessionStore(kit.redis, kit.prefix, config.SESSION_TTL_SECONDS),
      queues,
      checks: { redis: () => kit.redis.ping(), postgres: () => db.$queryRaw`SELECT 1` },
      registry: kit.metrics.registry,
      ops,
    });
    await server.listen({ port: config.GATEWAY_PORT, host: config.GATEWAY_HOST });
  } catch (error) {
    await server.close();
    await (await kit.serve()).stop();
    throw error;
  }
  // Stops taking requests and lets those in flight finish before queues and connections close.
  kit.onStop('http server', () => server.close(), 'intake');
  const running = await kit.serve();
  return { port: (server.server.address() as AddressInfo).port, ...running };
}
