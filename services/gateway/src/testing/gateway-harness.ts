import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type AuditEvent, queueNames } from '@copytrade/contracts';
import { createLogger, createQueue, createRedis, eventsOfJob, type Redis } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import type { RouteOptions } from 'fastify';
import { hashPassword } from '../auth/password-hash.ts';
import { gatewayEnvSchema } from '../config.ts';
import { type RunningGateway, start } from '../start.ts';

/** Rate limits no test's own traffic reaches: a test about the limits sets its own. */
export const generousRateLimits = {
  RATE_LIMIT_MAX: '10000',
  RATE_LIMIT_IP_MAX: '10000',
  RATE_LIMIT_LOGIN_MAX: '1000',
};

export interface TestGateway {
  url: string;
  database: TestDatabase;
  prefix: string;
  redis: Redis;
  /** Every log line the gateway wrote. */
  logLines: string[];
  /** Every route the gateway registered, as Fastify was given it. */
  routes: RouteOptions[];
  /** A user straight in the database, with a password when given. */
  seedUser(role: 'admin' | 'operator' | 'client', password?: string): Promise<{ id: string; email: string }>;
  /** The audit events the gateway queued (unless the test records the audit log, nothing consumes them). */
  auditEvents(): Promise<AuditEvent[]>;
  stop(): Promise<void>;
}

/**
 * A gateway on a free port with its own schema and Redis prefix, logging into `logLines`; or, given
 * `replicaOf`, another replica sharing that one's database and prefix (its stop leaves them).
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  replicaOf?: TestGateway,
): Promise<TestGateway> {
  const database = replicaOf?.database ?? (await createTestDatabase('gateway'));
  const prefix = replicaOf?.prefix ?? `t-gw-${randomBytes(4).toString('hex')}`;
  const owner = replicaOf === undefined;
  const logLines: string[] = [];
  const routes: RouteOptions[] = [];
  const logger = createLogger({
    service: 'gateway-test',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const config = gatewayEnvSchema.parse({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    COOKIE_SECURE: 'false',
    // The rate-limit spec sets its own small ones.
    ...generousRateLimits,
    // A fresh vault key per gateway; tests that add broker accounts set EXCHANGE_VENUES to a simulator.
    VAULT_KEYS: `t1:${randomBytes(32).toString('base64')}`,
    VAULT_ACTIVE_KEY_ID: 't1',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });
  let gateway: RunningGateway;
  try {
    gateway = await start(config, logger, { onRoute: (route) => routes.push(route) });
  } catch (error) {
    if (owner) await database.drop();
    throw error;
  }
  const redis = createRedis(config.REDIS_URL, 'producer');
  let auditQueue: Queue<AuditEvent> | undefined;
  let n = 0;
  return {
    url: `http://127.0.0.1:${gateway.port}`,
    database,
    prefix,
    redis,
    logLines,
    routes,
    async seedUser(role, password) {
      n += 1;
      const email = `${role}-${n}@example.com`;
      const user = await database.db.user.create({
        data: {
          email,
          name: `${role} ${n}`,
          role,
          passwordHash: password === undefined ? null : await hashPassword(password),
        },
      });
      return { id: user.id, email };
    },
    async auditEvents() {
      auditQueue ??= createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
      return (await auditQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).flatMap(
        (job) => eventsOfJob(job.data) as AuditEvent[],
      );
    },
    async stop() {
      await auditQueue?.close();
      await gateway.stop();
      if (owner) {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        await database.drop();
      }
      redis.disconnect();
    },
  };
}
