import { createHash, randomUUID } from 'node:crypto';
import { insertLogRow } from '@copytrade/db/testing';
import { correlationIdOf } from '@copytrade/contracts';
import type { AccountRole, Db } from '@copytrade/db';

const t0 = Date.parse('2026-01-05T10:00:00.000Z');

/** A time `minutes` after a fixed start, so tests can filter by time. */
export function at(minutes: number): Date {
  return new Date(t0 + minutes * 60_000);
}

/**
 * Record rows written straight into the database, as the services would leave them. Each helper
 * takes what the tests filter or scope by and fills the rest with plain values.
 */
export function recordSeeder(db: Db) {
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };
  return {
    async account(userId: string, role: AccountRole): Promise<string> {
      const row = await db.brokerAccount.create({
        data: {
          userId,
          role,
          label: `${role} ${next()}`,
          baseUrl: 'http://127.0.0.1:1',
          apiKey: `canary-api-key-${n}`,
          secretEnvelope: `canary-envelope-${n}`,
        },
      });
      return row.id;
    },

    async masterFill(accountId: string, symbol: string, minutes: number) {
      const i = next();
      const row = await db.masterFill.create({
        data: {
          accountId,
          fillId: `fill-${i}`,
          productId: 27,
          symbol,
          side: 'buy',
          size: 10,
          price: '65000.5',
          positionAfter: 10 * i,
          sequence: BigInt(1_000_000_000_000 + i),
          fillType: 'normal',
          orderId: `order-${i}`,
          source: 'ws',
          occurredAt: at(minutes),
        },
      });
      return { id: row.id.toString(), correlationId: correlationIdOf(accountId, row.fillId) };
    },

    async copyTrade(o: {
      correlationId: string;
      masterAccountId: string;
      followerId: string;
      symbol?: string;
      status?: string;
      createdAt: Date;
    }): Promise<string> {
      const i = next();
      const row = await db.copyTrade.create({
        data: {
          masterTradeId: o.correlationId.split('_').pop() as string,
          correlationId: o.correlationId,
          masterAccountId: o.masterAccountId,
          followerId: o.followerId,
          clientOrderId: `cp-${i}`,
          originalSymbol: o.symbol ?? 'BTCUSD',
          originalSide: 'buy',
          originalSize: 10,
          originalPrice: '65000.5',
          copiedSide: 'buy',
          copiedSize: 5,
          copiedPrice: '65001',
          action: 'open',
          status: o.status ?? 'synced',
          latencyMs: 12,
          createdAt: o.createdAt,
        },
      });
      return row.id;
    },

    async tradeSync(o: { masterAccountId: string; followerId: string; syncStatus: string; createdAt: Date }) {
      const i = next();
      const row = await db.tradeSyncStatus.create({
        data: {
          masterBrokerId: o.masterAccountId,
          followerId: o.followerId,
          masterTradeId: `fill-${i}`,
          clientOrderId: `ts-${i}`,
          syncStatus: o.syncStatus,
          createdAt: o.createdAt,
        },
      });
      return row.id;
    },

    async positionSync(o: {
      masterAccountId: string;
      followerAccountId: string;
      symbol: string;
      state: string;
      createdAt: Date;
    }) {
      const row = await db.positionSyncStatus.create({
        data: {
          followId: randomUUID(),
          masterAccountId: o.masterAccountId,
          followerAccountId: o.followerAccountId,
          symbol: o.symbol,
          state: o.state,
          target: 5,
          totalTarget: 5,
          actual: 5,
          drift: 0,
          lastVerified: o.createdAt,
          createdAt: o.createdAt,
        },
      });
      return row.id;
    },

    async tradeHistory(o: { userId: string; accountId: string; symbol: string; createdAt: Date }) {
      const i = next();
      const row = await db.tradeHistory.create({
        data: {
          userId: o.userId,
          accountId: o.accountId,
          productSymbol: o.symbol,
          side: 'sell',
          size: 3,
          price: '0.00000001',
          orderType: 'market_order',
          state: 'closed',
          avgFillPrice: '64999.25',
          orderId: `ex-${i}`,
          clientOrderId: `th-${i}`,
          createdAt: o.createdAt,
        },
      });
      return row.id;
    },

    /** An audit row with made-up hashes: these specs read the trail, they do not verify the chain. */
    async audit(o: {
      type: string;
      correlationId: string | null;
      accountId: string | null;
      minutes: number;
    }) {
      const i = next();
      const row = await insertLogRow(db, {
        eventId: `ev-${i}`,
        type: o.type,
        correlationId: o.correlationId,
        accountId: o.accountId,
        occurredAt: at(o.minutes),
        payload: { n: i, nested: { ok: true } },
        prevHash: createHash('sha256').update(`prev-${i}`).digest('hex'),
        hash: createHash('sha256').update(`row-${i}`).digest('hex'),
      });
      return row.seq.toString();
    },
  };
}
