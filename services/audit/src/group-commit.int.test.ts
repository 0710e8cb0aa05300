import { randomBytes } from 'node:crypto';
import type { AuditEvent } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from './chain/verify-chain.ts';
import type { RunningAudit } from './start.ts';
import { type AuditTestClient, auditTestClient, startTestAudit } from './testing/audit-harness.ts';
import { sampleTrade } from './testing/sample-trade.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
let database: TestDatabase;
let audit: RunningAudit;
let client: AuditTestClient;

beforeAll(async () => {
  database = await createTestDatabase('audit_group');
  [audit, client] = await Promise.all([
    startTestAudit({ databaseUrl: database.url, prefix }),
    auditTestClient(prefix),
  ]);
});

afterAll(async () => {
  await audit?.stop();
  await client?.close();
  await database?.drop();
});

/**
 * Makes the projection of one order fail the first `times` times it is written, as a database error
 * would: a sequence counts the attempts because, unlike a table, it is not rolled back with them.
 */
async function failProjection(clientOrderId: string, times: number) {
  const schema = `"${database.schema}"`;
  for (const sql of [
    `CREATE SEQUENCE ${schema}.poison_attempts`,
    `CREATE FUNCTION ${schema}.poison() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.client_order_id = '${clientOrderId}' AND nextval('${schema}.poison_attempts') <= ${times} THEN
         RAISE EXCEPTION 'projection refused (test)';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON ${schema}.copy_trades FOR EACH ROW EXECUTE FUNCTION ${schema}.poison()`,
  ])
    await database.db.$executeRawUnsafe(sql);
}

describe('group commit in the audit service', () => {
  it('retries a batch that failed mid-way (a projection error) with no gap and no duplicate', async () => {
    const trades = Array.from({ length: 40 }, () => sampleTrade());
    const poisoned = trades[17];
    if (!poisoned) throw new Error('no trade to poison');
    // Fails the batch holding it, then the event alone: its job fails once and succeeds on retry.
    await failProjection(poisoned.clientOrderId, 2);
    const events: AuditEvent[] = trades.flatMap((t) => [
      t.events.decided(),
      t.events.submitted(1),
      t.events.accepted(),
    ]);
    await client.queue.addBulk(
      events.map((event) => ({
        name: event.type,
        data: event,
        opts: { jobId: event.eventId.replaceAll(':', '_') },
      })),
    );
    await vi.waitFor(
      async () => expect(await client.queue.getJobCounts('completed')).toEqual({ completed: events.length }),
      { timeout: 20_000, interval: 50 },
    );
    const rows = await database.db.auditLog.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((row) => Number(row.seq))).toEqual(events.map((_, i) => i + 1));
    expect(new Set(rows.map((row) => row.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    expect(await verifyChain(database.db)).toMatchObject({ ok: true, count: events.length });
    expect(await database.db.copyTrade.count({ where: { status: 'filled' } })).toBe(trades.length);
    expect(await database.db.tradeHistory.count()).toBe(trades.length);

    // Only the poisoned order's jobs failed (and were retried); the others in their batch committed without them.
    const jobs = await Promise.all(events.map((e) => client.queue.getJob(e.eventId.replaceAll(':', '_'))));
    const retried = jobs.filter((job) => (job?.stacktrace?.length ?? 0) > 0);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.map((job) => job?.data.accountId)).toEqual(retried.map(() => poisoned.followerAccountId));
    // Every event went out on the live channel once, in seq order.
    await vi.waitFor(() => expect(client.live.received).toHaveLength(events.length));
    const liveSeqs = client.live.received.map((e) => e.seq);
    expect(liveSeqs).toEqual([...liveSeqs].sort((a, b) => a - b));
  });
});
