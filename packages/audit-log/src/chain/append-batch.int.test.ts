import { randomUUID } from 'node:crypto';
import { type AuditEvent, makeAuditEvent } from '@copytrade/contracts';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectEvents } from '../projections/project-event.ts';
import { type SampleTrade, sampleTrade } from '../testing/sample-trade.ts';
import { appendEvent, appendEvents } from './append-event.ts';
import { verifyChain } from './verify-chain.ts';

let batched: TestDatabase;
let oneByOne: TestDatabase;
let batchedSql: SqlPool;
let oneByOneSql: SqlPool;

beforeAll(async () => {
  [batched, oneByOne] = await Promise.all([
    createTestDatabase('audit_batch'),
    createTestDatabase('audit_single'),
  ]);
  batchedSql = createSqlPool({ databaseUrl: batched.url, poolSize: 2 });
  oneByOneSql = createSqlPool({ databaseUrl: oneByOne.url, poolSize: 2 });
});

afterAll(async () => {
  await Promise.all([batchedSql?.end(), oneByOneSql?.end()]);
  await Promise.all([batched?.drop(), oneByOne?.drop()]);
});

/** seq of every row, in order: a gapless chain numbers them head + 1, head + 2, … */
async function seqs(database: TestDatabase): Promise<number[]> {
  const rows = await database.db.auditLog.findMany({ orderBy: { seq: 'asc' }, select: { seq: true } });
  return rows.map((row) => Number(row.seq));
}

function expectGapless(all: number[]) {
  expect(all).toEqual(all.map((_, i) => i + 1));
}

function syncCheck(followId: string, n: number, at: string, actual: number): AuditEvent {
  return makeAuditEvent({
    type: 'sync.status',
    eventId: `sync.status_${followId}_${n}`,
    correlationId: null,
    accountId: randomUUID(),
    service: 'exit-sync',
    at: new Date(at),
    payload: {
      followId,
      masterAccountId: randomUUID(),
      followerAccountId: randomUUID(),
      symbol: 'BTCUSD',
      state: 'in_sync',
      target: actual,
      totalTarget: actual,
      actual,
      drift: 0,
      repairs: n,
      message: null,
      entryPrice: n === 1 ? '65000' : undefined,
    },
  });
}

describe('appending a batch', () => {
  it('stores an event delivered twice (inside the batch, or already stored) once, the chain gapless', async () => {
    const before = sampleTrade();
    await appendEvent(batchedSql, before.events.decided(), projectEvents);
    const trade = sampleTrade();
    const decided = trade.events.decided();
    const submitted = trade.events.submitted(1);
    const results = await appendEvents(
      batchedSql,
      [decided, before.events.decided(), submitted, decided, trade.events.accepted(), submitted],
      projectEvents,
    );
    expect(results.map((r) => r.stored)).toEqual([true, false, true, false, true, false]);
    const stored = results.filter((r) => r.stored);
    const head = (await seqs(batched)).length;
    expect(stored.map((r) => r.seq)).toEqual([head - 2, head - 1, head]);
    // Each result names its place in the chain: its prevHash is the hash before it.
    expect(stored[1]?.prevHash).toBe(stored[0]?.hash);
    expect(stored[2]?.prevHash).toBe(stored[1]?.hash);
    expectGapless(await seqs(batched));
    expect(await verifyChain(batched.db)).toMatchObject({ ok: true });
    expect(
      await batched.db.auditLog.count({ where: { eventId: { in: [decided.eventId, submitted.eventId] } } }),
    ).toBe(2);
  });

  it('applies the events of one batch that touch the same rows in their order', async () => {
    const trade = sampleTrade();
    const followId = randomUUID();
    await appendEvents(
      batchedSql,
      [
        // The order's events before its decision, then a late submit after the outcome.
        trade.events.submitted(1),
        trade.events.retrying(2),
        trade.events.accepted(77),
        trade.events.decided(),
        trade.events.submitted(2),
        // A newer check, then an older one that must not overwrite it.
        syncCheck(followId, 1, '2026-03-01T10:00:00Z', 3),
        syncCheck(followId, 2, '2026-03-01T10:05:00Z', 5),
        syncCheck(followId, 3, '2026-03-01T10:01:00Z', 4),
      ],
      projectEvents,
    );
    const where = { clientOrderId: trade.clientOrderId };
    expect(await batched.db.copyTrade.findUniqueOrThrow({ where })).toMatchObject({
      status: 'filled',
      latencyMs: 77,
      masterTradeId: trade.fillId,
      originalSize: 10,
      copiedSize: 3,
    });
    expect(await batched.db.tradeSyncStatus.findUniqueOrThrow({ where })).toMatchObject({
      syncStatus: 'synced',
      retryCount: 2,
      followerTradeId: '9001',
      masterTradeId: trade.fillId,
    });
    expect(await batched.db.tradeHistory.count({ where })).toBe(1);
    const position = await batched.db.positionSyncStatus.findUniqueOrThrow({
      where: { followId_symbol: { followId, symbol: 'BTCUSD' } },
    });
    expect(position).toMatchObject({ actual: 5, repairs: 2 });
    expect(position.lastVerified.toISOString()).toBe('2026-03-01T10:05:00.000Z');
    // Kept from the first check: the later ones carried no entry price.
    expect(position.entryPrice?.toString()).toBe('65000');
  });

  it("appends as the services' database role, which may not change or reset audit_log's sequence", async () => {
    // Every connection becomes copytrade_app (migration 20261130000000_app_role), as a deployment's services are.
    const pool = createSqlPool({ databaseUrl: batched.url, poolSize: 1 });
    const asAppRole = {
      async connect() {
        const client = await pool.connect();
        await client.query('SET ROLE copytrade_app');
        return client;
      },
    } as unknown as SqlPool;
    const trade = sampleTrade();
    const results = await appendEvents(
      asAppRole,
      [trade.events.decided(), trade.events.accepted()],
      projectEvents,
    ).finally(async () => {
      expect((await pool.query('SELECT current_user AS who')).rows).toEqual([{ who: 'copytrade_app' }]);
      await pool.end();
    });
    expect(results.map((r) => r.stored)).toEqual([true, true]);
    expectGapless(await seqs(batched));
    // A writer that takes seq from the column's default (an older replica) does not meet these rows.
    const [sequence] = await batched.db.$queryRaw<Array<{ next: bigint }>>`
      SELECT nextval(pg_get_serial_sequence('audit_log', 'seq')) AS next`;
    expect(Number(sequence?.next)).toBeGreaterThan((await seqs(batched)).length);
  });

  it('rolls a failed batch back whole: no row, no seq taken, and the retry fills the chain without a gap', async () => {
    const head = (await seqs(batched)).length;
    const trades = [sampleTrade(), sampleTrade()];
    const events = trades.flatMap((t) => [t.events.decided(), t.events.submitted(1)]);
    const failing = async (...args: Parameters<typeof projectEvents>) => {
      await projectEvents(...args);
      throw new Error('projection failed after writing');
    };
    await expect(appendEvents(batchedSql, events, failing)).rejects.toThrow('projection failed');
    expect((await seqs(batched)).length).toBe(head);
    const clientOrderId = { in: trades.map((t) => t.clientOrderId) };
    expect(await batched.db.copyTrade.count({ where: { clientOrderId } })).toBe(0);
    expect(await batched.db.tradeSyncStatus.count({ where: { clientOrderId } })).toBe(0);

    const results = await appendEvents(batchedSql, events, projectEvents);
    expect(results.map((r) => (r.stored ? r.seq : null))).toEqual([head + 1, head + 2, head + 3, head + 4]);
    expectGapless(await seqs(batched));
    expect(await batched.db.copyTrade.count({ where: { clientOrderId } })).toBe(2);
    expect(await verifyChain(batched.db)).toMatchObject({ ok: true });
  });
});

/** Everything the projections keep about some orders, without ids and write times. */
async function projected(database: TestDatabase, trades: SampleTrade[], followIds: string[]) {
  const where = { clientOrderId: { in: trades.map((t) => t.clientOrderId) } };
  const orderBy = { clientOrderId: 'asc' } as const;
  const omit = { id: true, createdAt: true, updatedAt: true } as const;
  return {
    copies: await database.db.copyTrade.findMany({ where, orderBy, omit }),
    syncs: await database.db.tradeSyncStatus.findMany({
      where,
      orderBy,
      omit: { ...omit, lastVerified: true },
    }),
    history: await database.db.tradeHistory.findMany({ where, orderBy, omit: { id: true, createdAt: true } }),
    positions: await database.db.positionSyncStatus.findMany({
      where: { followId: { in: followIds } },
      orderBy: { followId: 'asc' },
      omit,
    }),
  };
}

describe('a batch and the same events appended one by one', () => {
  it('leave the same projections, whatever the order the events arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.nat(), async (tradeCount, seed) => {
        const trades = Array.from({ length: tradeCount }, () => sampleTrade());
        const followIds = [randomUUID()];
        const events = trades.flatMap((t, i) => [
          t.events.decided(),
          t.events.submitted(1),
          t.events.retrying(2),
          t.events.submitted(2),
          t.events.unknown(2),
          i % 2 === 0 ? t.events.accepted(10 + i) : t.events.rejected(),
        ]);
        events.push(
          syncCheck(followIds[0] as string, 1, '2026-04-01T00:00:00Z', 1),
          syncCheck(followIds[0] as string, 2, '2026-04-01T00:02:00Z', 2),
          syncCheck(followIds[0] as string, 3, '2026-04-01T00:01:00Z', 3),
        );
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
          seed,
          numRuns: 1,
        })[0] as AuditEvent[];
        await appendEvents(batchedSql, shuffled, projectEvents);
        for (const event of shuffled) await appendEvent(oneByOneSql, event, projectEvents);
        expect(await projected(batched, trades, followIds)).toEqual(
          await projected(oneByOne, trades, followIds),
        );
      }),
      { numRuns: 8 },
    );
    expect(await verifyChain(batched.db)).toMatchObject({ ok: true });
    expect(await verifyChain(oneByOne.db)).toMatchObject({ ok: true });
  });
});
