import type { AuditEventOf } from '@copytrade/contracts';
import { type OrderEvent, updateOrderRows } from './order-rows.ts';
import type { ProjectionRows } from './projection-rows.ts';
import { acceptedCopyStatus, legTimeColumn } from './sync-status.ts';

/** copy_trades and trade_sync_status (and, once accepted, trade_history) from one order event. */
export function projectOrder(rows: ProjectionRows, event: OrderEvent, occurredAt: Date): void {
  switch (event.type) {
    case 'order.submitted':
      updateOrderRows(rows, event, {}, { status: 'submitted', retryCount: event.payload.attempt - 1 });
      return;
    case 'order.retrying':
      updateOrderRows(rows, event, {}, { retryCount: event.payload.attempt });
      return;
    case 'order.unknown':
      updateOrderRows(rows, event, {}, { status: 'unknown', fields: { errorMessage: event.payload.reason } });
      return;
    case 'order.rejected': {
      const errorMessage = `${event.payload.code}: ${event.payload.message}`;
      updateOrderRows(rows, event, { status: 'rejected' }, { status: 'failed', fields: { errorMessage } });
      return;
    }
    case 'order.accepted':
      projectAccepted(rows, event, occurredAt);
      return;
  }
}

function projectAccepted(
  rows: ProjectionRows,
  event: AuditEventOf<'order.accepted'>,
  occurredAt: Date,
): void {
  const p = event.payload;
  const timeColumn = legTimeColumn(p.leg);
  updateOrderRows(
    rows,
    event,
    {
      status: acceptedCopyStatus(p.state),
      copiedPrice: p.avgFillPrice,
      latencyMs: p.latencyMs,
      ...(timeColumn ? { [timeColumn]: occurredAt } : {}),
    },
    {
      status: 'synced',
      fields: { followerTradeId: p.exchangeOrderId, lastVerified: new Date(), errorMessage: null },
    },
  );
  const history = {
    userId: p.followerUserId,
    accountId: p.followerAccountId,
    productSymbol: p.symbol,
    side: p.side,
    size: p.size,
    price: p.limitPrice ?? p.avgFillPrice,
    orderType: p.orderType,
    state: p.state,
    avgFillPrice: p.avgFillPrice,
    orderId: p.exchangeOrderId,
  };
  rows.tradeHistory.upsert(p.clientOrderId, { ...history, clientOrderId: p.clientOrderId }, history);
}
