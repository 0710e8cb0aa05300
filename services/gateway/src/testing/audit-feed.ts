import { startTestAudit } from '@copytrade/audit/testing';
import { type AuditEvent, queueNames } from '@copytrade/contracts';
import { createEventPublisher, createQueue } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestGateway } from './gateway-harness.ts';

/**
 * Events in as every service sends them, for the file: through the audit queue to the real audit
 * service, which records them (with their seq) and publishes them to the gateway's live stream.
 * `stage` is read in beforeAll, so a page stage made before this one has started its gateway.
 */
export function useAuditFeed(stage: { readonly gw: TestGateway }): {
  /** Sends the events through the audit queue. */
  record(...events: AuditEvent[]): Promise<void>;
  /** Waits until the audit service has stored these events (for a page's recent past or a resumed stream). */
  stored(events: AuditEvent[]): Promise<void>;
} {
  let audit: { stop(): Promise<void> } | undefined;
  let queue: Queue<AuditEvent> | undefined;
  beforeAll(async () => {
    audit = await startTestAudit({ databaseUrl: stage.gw.database.url, prefix: stage.gw.prefix });
    queue = createQueue<AuditEvent>(queueNames.auditEvents, {
      connection: stage.gw.redis,
      prefix: stage.gw.prefix,
    });
  }, 30_000);
  afterAll(async () => {
    await audit?.stop();
    await queue?.close();
  });
  return {
    async record(...events) {
      const publisher = createEventPublisher<AuditEvent>(queue!);
      for (const event of events) await publisher.publish(event);
    },
    async stored(events) {
      const eventIds = events.map((e) => e.eventId);
      await expect
        .poll(() => stage.gw.database.db.auditLog.count({ where: { eventId: { in: eventIds } } }), {
          timeout: 10_000,
        })
        .toBe(events.length);
    },
  };
}
