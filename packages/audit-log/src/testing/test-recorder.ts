import { type AuditEvent, auditEvent, channels, queueNames } from '@copytrade/contracts';
import { createSqlPool } from '@copytrade/db';
import {
  createLogger,
  createRedis,
  createWorker,
  defaultUrls,
  eventsOfJob,
  type Logger,
} from '@copytrade/runtime';
import type { AppendResult } from '../chain/append-event.ts';
import { createLivePublisher } from '../live/live-publisher.ts';
import { recordEvents } from '../record-events.ts';

export interface TestRecorder {
  /** Records the events as one batch; resolves once they are committed and published live. */
  record(...events: AuditEvent[]): Promise<AppendResult[]>;
  /** Stops taking jobs (the one in hand finishes) and closes its connections. */
  stop(): Promise<void>;
}

export interface TestRecorderOptions {
  /** The test's DATABASE_URL (its schema): the recorder keeps its own small pool on it. */
  databaseUrl: string;
  /** The queue prefix of the test: its audit-events queue and live-events channel. */
  prefix: string;
  /** @defaultValue REDIS_URL, else the local server */
  redisUrl?: string;
  /** @defaultValue silent */
  logger?: Logger;
}

/**
 * The audit log written as the audit service writes it (appended with its seq and projections, then
 * published on the live-events channel), for tests of the services that read it, without running the
 * audit service. Records what the test hands it, and what the services under test queue on
 * `audit-events` under the prefix, one job at a time in queue order (an invalid event fails its job,
 * as the service refuses it).
 */
export function startTestRecorder(options: TestRecorderOptions): TestRecorder {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? defaultUrls.redis;
  const logger = options.logger ?? createLogger({ service: 'audit-log-test', level: 'silent' });
  const publisher = createRedis(redisUrl, 'worker');
  const connection = createRedis(redisUrl, 'worker');
  const sql = createSqlPool({ databaseUrl: options.databaseUrl, poolSize: 2 });
  const deps = {
    sql,
    live: createLivePublisher(publisher, channels(options.prefix).liveEvents, logger),
  };
  const worker = createWorker<unknown, AppendResult[]>(
    queueNames.auditEvents,
    // zod infers the union loosely; the schema is the one AuditEvent is defined by.
    (job) =>
      recordEvents(
        deps,
        eventsOfJob(job.data).map((event) => auditEvent.parse(event) as AuditEvent),
      ),
    { connection, prefix: options.prefix, concurrency: 1, logger },
  );
  return {
    record: (...events) => recordEvents(deps, events),
    async stop() {
      await worker.close();
      connection.disconnect();
      publisher.disconnect();
      await sql.end();
    },
  };
}
