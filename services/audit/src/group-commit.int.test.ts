import { randomBytes } from 'node:crypto';
import { verifyChain } from '@copytrade/audit-log';
import { sampleTrade } from '@copytrade/audit-log/testing';
import { type AuditEvent, redisKeys } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningAudit } from './start.ts';
import { type AuditTestClient, auditTestClient, startTestAudit } from './testing/audit-harness.ts';

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
 * Makes every write of one order's projection fail, as a database error would, until `heal()`: the
 * transactions holding it roll back while the flag row (written by the test, not by them) stays.
 */
async function failProjection(clientOrderId: string) {
  const schema = `"${database.schema}"`;
  for (const sql of [
    `CREATE TABLE ${schema}.poison (client_order_id text PRIMARY KEY)`,
    `INSERT INTO ${schema}.poison VALUES ('${clientOrderId}')`,
    `CREATE FUNCTION ${schema}.poison() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF EXISTS (SELECT 1 FROM ${schema}.poison p WHERE p.client_order_id = NEW.client_order_id) THEN
         RAISE EXCEPTION 'projection refused (test)';
       END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON ${schema}.copy_trades FOR EACH ROW EXECUTE FUNCTION ${schema}.poison()`,
  ])
    await database.db.$executeRawUnsafe(sql);
  return { heal: () => database.db.$executeRawUnsafe(`DELETE FROM ${schema}.poison`) };
}

describe('group commit in the audit service', () => {
  it('retries a batch that failed mid-way (a projection error) with no gap and no duplicate', async () => {
    const trades = Array.from({ length: 40 }, () => sampleTrade());
    const poisoned = trades[17];
    if (!poisoned) throw new Error('no trade to poison');
    // Fails every batch holding its events until healed; the rest of each batch must still commit.
    const poison = await failProjection(poisoned.clientOrderId);
    const events: AuditEvent[] = trades.flatMap((t) => [
      t.events.decided(),
      t.events.submitted(1),
      t.events.accepted(),
    ]);
    const jobId = (event: AuditEvent) => event.eventId.replaceAll(':', '_');
    await client.queue.addBulk(
      events.map((event) => ({
        name: event.type,
        data: event,
        opts: { jobId: jobId(event), attempts: 100, backoff: { type: 'fixed', delay: 100 } },
      })),
    );
    const healthy = events.filter((e) => e.accountId !== poisoned.followerAccountId);
    await vi.waitFor(
      async () =>
        expect(
          await database.db.auditLog.count({ where: { eventId: { in: healthy.map((e) => e.eventId) } } }),
        ).toBe(healthy.length),
      { timeout: 20_000, interval: 50 },
    );
    const poisonedEvents = events.filter((e) => e.accountId === poisoned.followerAccountId);
    await vi.waitFor(
      async () => {
        for (const event of poisonedEvents)
          expect((await client.queue.getJob(jobId(event)))?.stacktrace?.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await database.db.auditLog.count({ where: { accountId: poisoned.followerAccountId } })).toBe(0);
    await poison.heal();
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

    // Only the poisoned order's jobs failed (and were retried); the others in their batches committed without them.
    const jobs = await Promise.all(events.map((e) => client.queue.getJob(jobId(e))));
    const retried = jobs.filter((job) => (job?.stacktrace?.length ?? 0) > 0);
    expect(retried.map((job) => job?.data.eventId).sort()).toEqual(
      poisonedEvents.map((e) => e.eventId).sort(),
    );
    // Every event went out on the live channel once, in seq order.
    await vi.waitFor(() => expect(client.live.received).toHaveLength(events.length));
    const liveSeqs = client.live.received.map((e) => e.seq);
    expect(liveSeqs).toEqual([...liveSeqs].sort((a, b) => a - b));
  });
});

describe('the copy path first', () => {
  const recorded = (eventId: string) => database.db.auditLog.count({ where: { eventId } });

  it('holds appends back while copies are under way, and records them once the burst passed', async () => {
    // Quiet: recorded at once.
    const quiet = sampleTrade().events.decided();
    const quietAt = performance.now();
    await client.events.publish(quiet);
    await vi.waitFor(async () => expect(await recorded(quiet.eventId)).toBe(1), {
      timeout: 5_000,
      interval: 20,
    });
    expect(performance.now() - quietAt).toBeLessThan(600);
    // A burst marked for 1.2 s (the mapper and the executor mark each fill and drain): the event waits.
    await client.redis.set(redisKeys(prefix).copyPathBusy(), '1', 'PX', 1_200);
    const held = sampleTrade().events.decided();
    const heldAt = performance.now();
    await client.events.publish(held);
    await new Promise((r) => setTimeout(r, 700));
    expect(await recorded(held.eventId)).toBe(0);
    await vi.waitFor(async () => expect(await recorded(held.eventId)).toBe(1), {
      timeout: 5_000,
      interval: 20,
    });
    expect(performance.now() - heldAt).toBeGreaterThanOrEqual(1_000);
  });
});
