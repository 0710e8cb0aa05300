import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

// The committed SQL must say exactly what schema.prisma says: every model's table and every field's
// column exist with the same nullability, no column is unknown to the schema, and every column is
// written and read back through the generated client.

interface FieldSpec {
  column: string;
  nullable: boolean;
}
interface ModelSpec {
  table: string;
  fields: FieldSpec[];
}

function parseSchema(text: string): Map<string, ModelSpec> {
  const models = new Map<string, ModelSpec>();
  const enums = new Set([...text.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]!));
  const modelNames = new Set([...text.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!));
  for (const block of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const body = block[2]!;
    const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? block[1]!;
    const fields: FieldSpec[] = [];
    for (const line of body.split('\n')) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m || line.trim().startsWith('//') || line.trim().startsWith('@@')) continue;
      const [, name, type, list, optional, rest] = m;
      if (modelNames.has(type!) && !enums.has(type!)) continue; // relation field, no column
      const column = /@map\("(\w+)"\)/.exec(rest ?? '')?.[1] ?? name!;
      fields.push({ column, nullable: Boolean(optional) || Boolean(list) });
    }
    models.set(block[1]!, { table, fields });
  }
  return models;
}

let test: TestDatabase;
const models = parseSchema(
  readFileSync(resolve(import.meta.dirname, '../../../prisma/schema.prisma'), 'utf8'),
);

beforeAll(async () => {
  test = await createTestDatabase('schema');
});
afterAll(async () => {
  await test.drop();
});

describe('schema.prisma and the committed SQL', () => {
  it('have the same tables, columns and nullability', async () => {
    const rows = await test.db.$queryRawUnsafe<
      { table_name: string; column_name: string; is_nullable: string }[]
    >(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
      test.schema,
    );
    const actual = rows.map((r) => `${r.table_name}.${r.column_name}:${r.is_nullable === 'YES'}`).sort();
    const expected = [...models.values()]
      .flatMap((m) => m.fields.map((f) => `${m.table}.${f.column}:${f.nullable}`))
      .sort();
    expect(actual).toEqual(expected);
  });

  it('writes and reads every column of every model through the generated client', async () => {
    const { db } = test;
    const at = new Date('2026-11-24T10:00:00.123Z');
    const user = await db.user.create({
      data: {
        email: 'a@example.com',
        name: 'Ann',
        role: 'operator',
        passwordHash: 'scrypt$15$8$1$salt$hash',
        disabledAt: at,
        createdAt: at,
      },
    });
    expect(user).toMatchObject({ role: 'operator', passwordHash: 'scrypt$15$8$1$salt$hash', disabledAt: at });
    const apiKey = await db.apiKey.create({
      data: {
        userId: user.id,
        name: 'ci',
        prefix: 'a1b2c3d4e5f6',
        secretHash: 'f'.repeat(64),
        lastUsedAt: at,
        revokedAt: at,
        createdAt: at,
      },
    });
    expect(await db.apiKey.findUniqueOrThrow({ where: { prefix: 'a1b2c3d4e5f6' } })).toEqual(apiKey);
    expect(apiKey).toMatchObject({ name: 'ci', secretHash: 'f'.repeat(64), lastUsedAt: at, revokedAt: at });
    const account = (role: 'master' | 'follower', label: string) =>
      db.brokerAccount.create({
        data: {
          userId: user.id,
          label,
          role,
          exchange: 'delta',
          baseUrl: 'http://127.0.0.1:1',
          wsUrl: 'ws://127.0.0.1:1',
          apiKey: `key-${label}`,
          secretEnvelope: 'sealed',
          status: 'active',
          pauseMode: 'frozen',
        },
      });
    const master = await account('master', 'm');
    const follower = await account('follower', 'f');
    const follow = await db.follow.create({
      data: {
        masterAccountId: master.id,
        followerAccountId: follower.id,
        mode: 'capital_allocation',
        reverse: true,
        multiplier: '1.5',
        lotSize: 3,
        capitalAllocated: '2500',
        balancePercentage: '12.5',
        maxPosition: 40,
        maxNotional: '50000',
        maxDrawdownPct: '20',
        dailyLossLimit: '300',
        symbolAllowList: ['BTCUSD', 'ETHUSD'],
        symbolDenyList: ['SOLUSD'],
        slippageLimitPct: '0.5',
        slippageAction: 'limit',
        driftPolicy: 'alert',
        driftTolerance: 2,
        maxCorrection: 10,
        status: 'close_only',
        maxSignalAgeMs: 15_000,
        restingOrderTtlMs: 4_000,
        repairReopen: false,
        riskExitFlatten: true,
        riskExitAt: at,
        riskExitReason: 'drawdown_limit',
        riskExitDetail: 'drawdown 12% >= limit 10%',
        riskExitPending: true,
        unsubscribeMode: 'close_gracefully',
        endedAt: at,
      },
    });
    expect(follow).toMatchObject({ status: 'close_only', maxSignalAgeMs: 15_000, restingOrderTtlMs: 4_000 });
    expect(master.pauseMode).toBe('frozen');
    expect(follow.symbolAllowList).toEqual(['BTCUSD', 'ETHUSD']);
    expect(follow.multiplier?.toString()).toBe('1.5');
    const fill = await db.masterFill.create({
      data: {
        accountId: master.id,
        fillId: 'f-1',
        productId: 27,
        symbol: 'BTCUSD',
        side: 'buy',
        size: 10,
        price: '65000.5',
        positionAfter: 10,
        sequence: 1n,
        fillType: 'normal',
        orderId: 'o-1',
        source: 'ws',
        occurredAt: at,
      },
    });
    expect(fill.sequence).toBe(1n);
    await db.listenerCursor.create({
      data: { accountId: master.id, lastFillTimeUs: 1732442400123456n, lastFillId: 'f-1' },
    });
    const intent = await db.orderIntent.create({
      data: {
        clientOrderId: 'c1',
        correlationId: 'corr',
        followerAccountId: follower.id,
        masterAccountId: master.id,
        symbol: 'BTCUSD',
        productId: 27,
        side: 'sell',
        size: 2,
        reduceOnly: true,
        orderType: 'limit_order',
        limitPrice: '65010',
        leg: 'close',
        state: 'accepted',
        exchangeOrderId: '991',
        filledSize: 2,
        avgFillPrice: '65001',
        attempts: 1,
        errorCode: 'none',
        errorMessage: 'none',
        sentAt: at,
        resolvedAt: at,
      },
    });
    expect(intent.limitPrice?.toString()).toBe('65010');
    await db.copyTrade.create({
      data: {
        masterTradeId: 'f-1',
        correlationId: 'corr',
        masterAccountId: master.id,
        followerId: follower.id,
        clientOrderId: 'c1',
        originalSymbol: 'BTCUSD',
        originalSide: 'buy',
        originalSize: 10,
        originalPrice: '65000.5',
        copiedSide: 'sell',
        copiedSize: 2,
        copiedPrice: '65001',
        action: 'open',
        status: 'filled',
        latencyMs: 12,
        entryTime: at,
        exitTime: at,
      },
    });
    await db.tradeSyncStatus.create({
      data: {
        masterBrokerId: master.id,
        followerId: follower.id,
        masterTradeId: 'f-1',
        followerTradeId: '991',
        clientOrderId: 'c1',
        syncStatus: 'synced',
        lastVerified: at,
        errorMessage: 'none',
        retryCount: 1,
      },
    });
    await db.positionSyncStatus.create({
      data: {
        followId: follow.id,
        masterAccountId: master.id,
        followerAccountId: follower.id,
        symbol: 'BTCUSD',
        state: 'drifting',
        target: 4,
        totalTarget: 6,
        actual: 5,
        drift: 1,
        repairs: 2,
        errorMessage: 'none',
        entryPrice: '65000.5',
        realizedPnl: '-1.5',
        unrealizedPnl: '2.25',
        lastVerified: at,
      },
    });
    await db.tradeHistory.create({
      data: {
        userId: user.id,
        accountId: follower.id,
        productSymbol: 'BTCUSD',
        side: 'sell',
        size: 2,
        price: '65010',
        orderType: 'limit_order',
        state: 'closed',
        avgFillPrice: '65001',
        orderId: '991',
        clientOrderId: 'c1',
      },
    });
    await db.auditLog.create({
      data: {
        eventId: 'e1',
        type: 'copy.decided',
        correlationId: 'corr',
        accountId: follower.id,
        occurredAt: at,
        payload: { size: 2, nested: { ok: true } },
        prevHash: '0'.repeat(64),
        hash: 'a'.repeat(64),
      },
    });

    // Every column of every table now holds a value: none was left to a default NULL.
    for (const model of models.values()) {
      for (const field of model.fields.filter((f) => f.nullable)) {
        const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM "${test.schema}"."${model.table}" WHERE "${field.column}" IS NULL`,
        );
        expect(`${model.table}.${field.column}: ${row?.n}`).toBe(`${model.table}.${field.column}: 0`);
      }
    }
    const audit = await db.auditLog.findUniqueOrThrow({ where: { eventId: 'e1' } });
    expect(audit.payload).toEqual({ size: 2, nested: { ok: true } });
    const cursor = await db.listenerCursor.findUniqueOrThrow({ where: { accountId: master.id } });
    expect(cursor.lastFillTimeUs).toBe(1732442400123456n);
  });

  it('keeps audit_log append-only', async () => {
    await expect(test.db.auditLog.updateMany({ data: { type: 'x' } })).rejects.toThrow(/append-only/);
    await expect(test.db.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
  });
});

describe('raw SQL', () => {
  it('runs in the schema named by the URL, like Prisma’s own queries', async () => {
    const [row] = await test.db.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
    expect(row?.schema).toBe(test.schema);
  });
});
