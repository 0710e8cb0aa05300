import { api } from '@copytrade/contracts';
import type { Db, TradeHistory } from '@copytrade/db';
import { afterTimeId, byTimeId, pageOf, timeRange } from './keyset.ts';

export function toApiTradeHistory(row: TradeHistory): api.TradeHistoryEntry {
  return {
    id: row.id,
    userId: row.userId,
    accountId: row.accountId,
    symbol: row.productSymbol,
    side: row.side,
    size: row.size,
    price: row.price?.toFixed() ?? null,
    orderType: row.orderType,
    state: row.state,
    avgFillPrice: row.avgFillPrice?.toFixed() ?? null,
    orderId: row.orderId,
    clientOrderId: row.clientOrderId,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listTradeHistory(db: Db, query: api.TradeHistoryQuery, accounts: string[] | null) {
  const rows = await db.tradeHistory.findMany({
    where: {
      AND: [
        {
          accountId: query.accountId,
          productSymbol: query.symbol,
          createdAt: timeRange(query.from, query.to),
        },
        accounts === null ? {} : { accountId: { in: accounts } },
        afterTimeId(query.cursor),
      ],
    },
    orderBy: byTimeId,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) =>
    api.encodeTimeIdCursor({ at: last.createdAt, id: last.id }),
  );
  return { trades: page.rows.map(toApiTradeHistory), nextCursor: page.nextCursor };
}
