import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, verifyChain } from '@copytrade/audit-log';
import { sampleTrade } from '@copytrade/audit-log/testing';
import type { AuditEvent } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningAudit } from './start.ts';
import { type AuditTestClient, auditTestClient, startTestAudit } from './testing/audit-harness.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
let database: TestDatabase;
let replicas: RunningAudit[] = [];
let client: AuditTestClient;

beforeAll(async () => {
  database = await createTestDatabase('audit_replicas');
  client = await auditTestClient(prefix);
  replicas = await Promise.all([1, 2, 3].map(() => startTestAudit({ databaseUrl: database.url, prefix })));
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await client?.close();
  await database?.drop();
});

describe('three audit replicas on one queue', () => {
  it('append their batches concurrently into one unbroken, gapless chain, each event once', async () => {
    const events: AuditEvent[] = [];
    for (let i = 0; i < 100; i += 1) {
      const t = sampleTrade();
      events.push(t.events.decided(), t.events.submitted(1), t.events.accepted());
    }
    await client.queue.addBulk(events.map((event) => ({ name: event.type, data: event })));
    // Some delivered twice under other job ids: two replicas may hold copies of one event at once.
    await client.queue.addBulk(events.slice(0, 80).map((event) => ({ name: 'again', data: event })));
    await vi.waitFor(
      async () => expect(await client.queue.getJobCounts('completed')).toEqual({ completed: 380 }),
      {
        timeout: 15_000,
        interval: 50,
      },
    );
    expect(await client.queue.getJobCounts('failed')).toEqual({ failed: 0 });
    const rows = await database.db.auditLog.findMany({ orderBy: { seq: 'asc' } });
    expect(rows).toHaveLength(300);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(300);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    expect(await verifyChain(database.db, { batchSize: 10 })).toMatchObject({ ok: true, count: 300 });
    expect(await database.db.tradeHistory.count()).toBe(100);
    expect(await database.db.copyTrade.count({ where: { status: 'filled' } })).toBe(100);
  });
});
