import { startTestRecorder, type TestRecorder } from '@copytrade/audit-log/testing';
import type { AuditEvent } from '@copytrade/contracts';
import { afterAll, beforeAll } from 'vitest';
import type { TestGateway } from './gateway-harness.ts';

/**
 * The audit log written for the file as the audit service writes it: the events a test records, and
 * those the gateway itself queues (manual actions), stored with their seq and projections and
 * published to the gateway's live stream. `stage` is read in beforeAll, so a page stage made before
 * this one has started its gateway.
 */
export function useAuditFeed(stage: { readonly gw: TestGateway }): {
  /** Records the events; resolves once they are stored and published. */
  record(...events: AuditEvent[]): Promise<void>;
} {
  let recorder: TestRecorder | undefined;
  beforeAll(() => {
    recorder = startTestRecorder({ databaseUrl: stage.gw.database.url, prefix: stage.gw.prefix });
  });
  afterAll(async () => {
    await recorder?.stop();
  });
  return {
    async record(...events) {
      await recorder!.record(...events);
    },
  };
}
