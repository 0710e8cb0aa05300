import { api, correlationIdOf } from '@copytrade/contracts';
import type { Db, MasterFill } from '@copytrade/db';
import { pageOf, timeRange } from './keyset.ts';

/** A master fill as the API shows it (bigints as text). */
export function toApiMasterFill(row: MasterFill): api.MasterFill {
  return {
    id: row.id.toString(),
    masterAccountId: row.accountId,
    correlationId: correlationIdOf(row.accountId, row.fillId),
    fillId: row.fillId,
    productId: row.productId,
    symbol: row.symbol,
    side: row.side,
    size: row.size,
    price: row.price.toFixed(),
    positionAfter: row.positionAfter,
    sequence: row.sequence.toString(),
    fillType: row.fillType,
    orderId: row.orderId,
    source: row.source,
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Fills in the order they were recorded (their id), newest first. */
export async function listMasterFills(db: Db, query: api.MasterFillListQuery, accounts: string[] | null) {
  const rows = await db.masterFill.findMany({
    where: {
      AND: [
        {
          accountId: query.masterAccountId,
          symbol: query.symbol,
          occurredAt: timeRange(query.from, query.to),
        },
        accounts === null ? {} : { accountId: { in: accounts } },
        query.cursor === undefined ? {} : { id: { lt: BigInt(query.cursor.seq) } },
      ],
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, (last) => api.encodeSeqCursor({ seq: last.id.toString() }));
  return { masterFills: page.rows.map(toApiMasterFill), nextCursor: page.nextCursor };
}

export function findMasterFill(db: Db, id: string): Promise<MasterFill | null> {
  return db.masterFill.findUnique({ where: { id: BigInt(id) } });
}
