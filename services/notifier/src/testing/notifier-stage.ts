import { randomBytes, randomUUID } from 'node:crypto';
import { ephemeralVault } from '@copytrade/accounts/testing';
import { startTestRecorder, type TestRecorder } from '@copytrade/audit-log/testing';
import { type AuditEvent, makeAuditEvent } from '@copytrade/contracts';
import type { BrokerAccount, Follow } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { createLogger, createRedis, defaultUrls, loadConfig, type Redis } from '@copytrade/runtime';
import type { Vault } from '@copytrade/vault';
import { notifierEnvSchema } from '../config.ts';
import { type RunningNotifier, start } from '../start.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** Fast retries for tests: 100, 200, 400 ms (three retries, four attempts). */
export const testNotifierEnv = {
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400',
  WEBHOOK_TIMEOUT_MS: '400',
  WEBHOOK_MAX_CONSECUTIVE_FAILURES: '3',
  NOTIFIER_POLL_INTERVAL_MS: '200',
  NOTIFIER_SWEEP_INTERVAL_MS: '300',
  NOTIFIER_SWEEP_AGE_MS: '1000',
};

export interface NotifierStage {
  database: TestDatabase;
  prefix: string;
  vault: Vault;
  /** Writes the audit log as the audit service does: what the test records and what the notifier queues. */
  recorder: TestRecorder;
  /** A connection under the stage's prefix, for the test's own queues. */
  redis: Redis;
  receiver: WebhookReceiver;
  notifier: RunningNotifier | undefined;
  /** Every line the notifier logged (debug and up). */
  logLines: string[];
  /** Starts the stage's notifier (`stage.notifier`, stopped with the stage). */
  startNotifier(env?: Record<string, string>): Promise<RunningNotifier>;
  /** Another notifier on the same database and prefix; the caller stops it. */
  startReplica(env?: Record<string, string>): Promise<RunningNotifier>;
  /** A client user with a master account (the accounts' exchange is never called here). */
  seedOwner(label: string): Promise<{ userId: string; masterAccountId: string }>;
  /** A follower account of the owner's (`label`) following the owner's master at × 1 since `createdAt`. */
  seedFollow(
    owner: { userId: string; masterAccountId: string },
    label: string,
    createdAt: Date,
  ): Promise<{ follower: BrokerAccount; follow: Follow }>;
  /** Records a master fill of `masterAccountId` as the listener's event would be; returns its event id. */
  masterFill(masterAccountId: string, positionAfter?: number): Promise<string>;
  stop(): Promise<void>;
}

/** The audit log's writer and the notifier on a test's own schema and prefix, with a local receiver. */
export async function startNotifierStage(env: Record<string, string> = {}): Promise<NotifierStage> {
  const database = await createTestDatabase('notify');
  const prefix = `t-notify-${randomBytes(4).toString('hex')}`;
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const recorder = startTestRecorder({ databaseUrl: database.url, prefix });
  const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'worker');
  const receiver = await startWebhookReceiver();
  const logLines: string[] = [];
  const logger = createLogger({
    service: 'notifier-test',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const stage: NotifierStage = {
    database,
    prefix,
    vault,
    recorder,
    redis,
    receiver,
    notifier: undefined,
    logLines,
    async startNotifier(extra = {}) {
      stage.notifier = await stage.startReplica(extra);
      return stage.notifier;
    },
    async startReplica(extra = {}) {
      const config = loadConfig(notifierEnvSchema, {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        QUEUE_PREFIX: prefix,
        HEALTH_PORT: '0',
        VAULT_KEYS: keysSpec,
        VAULT_ACTIVE_KEY_ID: activeKeyId,
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
        ...testNotifierEnv,
        ...env,
        ...extra,
      });
      return start(config, logger);
    },
    async seedOwner(label) {
      const user = await database.db.user.create({
        data: { email: `${label}-${randomUUID()}@example.test`, name: label },
      });
      const masterAccountId = randomUUID();
      await database.db.brokerAccount.create({
        data: {
          id: masterAccountId,
          userId: user.id,
          label: `${label} master`,
          role: 'master',
          baseUrl: 'http://127.0.0.1:9',
          apiKey: 'unused-key',
          secretEnvelope: vault.seal('unused-secret', masterAccountId),
        },
      });
      return { userId: user.id, masterAccountId };
    },
    async seedFollow(owner, label, createdAt) {
      const follower = await database.db.brokerAccount.create({
        data: {
          id: randomUUID(),
          userId: owner.userId,
          label,
          role: 'follower',
          baseUrl: 'http://127.0.0.1:9',
          apiKey: 'k',
          secretEnvelope: 'unused',
        },
      });
      const follow = await database.db.follow.create({
        data: {
          masterAccountId: owner.masterAccountId,
          followerAccountId: follower.id,
          mode: 'multiplier',
          multiplier: '1',
          createdAt,
        },
      });
      return { follower, follow };
    },
    async masterFill(masterAccountId, positionAfter = 1) {
      const fillId = randomUUID();
      const event: AuditEvent = makeAuditEvent({
        type: 'master_fill.recorded',
        eventId: `master_fill.recorded:${masterAccountId}:${fillId}`,
        correlationId: `mf_${masterAccountId}_${fillId}`,
        accountId: masterAccountId,
        service: 'listener',
        payload: {
          masterAccountId,
          fillId,
          symbol: 'BTCUSD',
          side: 'buy',
          size: 1,
          price: '65000.5',
          positionAfter,
          seq: 1,
          source: 'ws',
          resynced: false,
        },
      });
      await recorder.record(event);
      return event.eventId;
    },
    async stop() {
      await stage.notifier?.stop();
      await recorder.stop();
      const left = await redis.keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
      redis.disconnect();
      await receiver.close();
      await database.drop();
    },
  };
  await stage.startNotifier();
  return stage;
}
