import { api } from '@copytrade/contracts';
import type { CopyTrade, Db } from '@copytrade/db';
import { afterTimeId, byTimeId, pageOf, timeRange } from './keyset.ts';

/** A copy as the API shows it. */
export function toApiCopyTrade(row: CopyTrade): api.CopyTrade {
  return {
    id: row.id,
    masterTradeId: row.masterTradeId,
    correlationId: row.correlationId,
    masterAccountId: row.masterAccountId,
    followerAccountId: row.followerId,
    clientOrderId: row.clientOrderId,
    originalSymbol: row.originalSymbol,
    originalSide: row.originalSide,
    originalSize: row.originalSize,
    originalPrice: row.originalPrice.toFixed(),
    copiedSide: row.copiedSide,
    copiedSize: row.copiedSize,
    copiedPrice: row.copiedPrice?.toFixed() ?? null,
    action: row.action,
    status: row.status,
    latencyMs: row.latencyMs,
    entryTime: row.entryTime?.toISOString() ?? null,
    exitTime: row.exitTime?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Copies whose follower or master is one of `accounts` (null: all). */
export function copyTradeScope(accounts: string[] | null) {
  if (accounts === null) return {};
  return { OR: [{ followerId: { in: accounts } }, { masterAccountId: { in: accounts } }] };
}

export async function listCopyTrades(db: Db, query: api.CopyTradeListQuery, accounts: string[] | null) {
  const rows = await db.copyTrade.findMany({
    where: {
      AND: [
        {
          masterAccountId: query.masterAccountId,
          followerId: query.followerAccountId,
          originalSymbol: query.symbol,
          status: query.status,
          createdAt: timeRange(query.from, query.to),
        },
        copyTradeScope(accounts),
        afterTimeId(query.cursor),
      ],
    },
    orderBy: byTimeId,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) =>
    api.encodeTimeIdCursor({ at: last.createdAt, id: last.id }),
  );
  return { copyTrades: page.rows.map(toApiCopyTrade), nextCursor: page.nextCursor };
}

export function findCopyTrade(db: Db, id: string): Promise<CopyTrade | null> {
  return db.copyTrade.findUnique({ where: { id } });
}

/** The copies of one master fill (its correlation id) the caller may see, oldest first. */
export function copiesOf(db: Db, correlationId: string, accounts: string[] | null): Promise<CopyTrade[]> {
  return db.copyTrade.findMany({
    where: { AND: [{ correlationId }, copyTradeScope(accounts)] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}
