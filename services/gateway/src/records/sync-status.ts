import { api } from '@copytrade/contracts';
import type { Db, PositionSyncStatus, TradeSyncStatus } from '@copytrade/db';
import { afterTimeId, byTimeId, pageOf } from './keyset.ts';

export function toApiPositionSync(row: PositionSyncStatus): api.PositionSync {
  return {
    id: row.id,
    followId: row.followId,
    masterAccountId: row.masterAccountId,
    followerAccountId: row.followerAccountId,
    symbol: row.symbol,
    state: row.state,
    target: row.target,
    totalTarget: row.totalTarget,
    actual: row.actual,
    drift: row.drift,
    repairs: row.repairs,
    errorMessage: row.errorMessage,
    entryPrice: row.entryPrice?.toFixed() ?? null,
    realizedPnl: row.realizedPnl?.toFixed() ?? null,
    unrealizedPnl: row.unrealizedPnl?.toFixed() ?? null,
    lastVerified: row.lastVerified.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toApiTradeSync(row: TradeSyncStatus): api.TradeSync {
  return {
    id: row.id,
    masterAccountId: row.masterBrokerId,
    followerAccountId: row.followerId,
    masterTradeId: row.masterTradeId,
    followerTradeId: row.followerTradeId,
    clientOrderId: row.clientOrderId,
    syncStatus: row.syncStatus,
    lastVerified: row.lastVerified?.toISOString() ?? null,
    errorMessage: row.errorMessage,
    retryCount: row.retryCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// Both tables are updated in place: pages follow creation time, which an update does not move.

export async function listPositionSync(db: Db, query: api.SyncStatusQuery, accounts: string[] | null) {
  const rows = await db.positionSyncStatus.findMany({
    where: {
      AND: [
        {
          followerAccountId: query.followerAccountId,
          masterAccountId: query.masterAccountId,
          symbol: query.symbol,
          state: query.state,
        },
        accounts === null
          ? {}
          : { OR: [{ followerAccountId: { in: accounts } }, { masterAccountId: { in: accounts } }] },
        afterTimeId(query.cursor),
      ],
    },
    orderBy: byTimeId,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) =>
    api.encodeTimeIdCursor({ at: last.createdAt, id: last.id }),
  );
  return { syncStatus: page.rows.map(toApiPositionSync), nextCursor: page.nextCursor };
}

export async function listTradeSync(db: Db, query: api.TradeSyncQuery, accounts: string[] | null) {
  const rows = await db.tradeSyncStatus.findMany({
    where: {
      AND: [
        {
          followerId: query.followerAccountId,
          masterBrokerId: query.masterAccountId,
          syncStatus: query.syncStatus,
        },
        accounts === null
          ? {}
          : { OR: [{ followerId: { in: accounts } }, { masterBrokerId: { in: accounts } }] },
        afterTimeId(query.cursor),
      ],
    },
    orderBy: byTimeId,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) =>
    api.encodeTimeIdCursor({ at: last.createdAt, id: last.id }),
  );
  return { tradeSyncStatus: page.rows.map(toApiTradeSync), nextCursor: page.nextCursor };
}
