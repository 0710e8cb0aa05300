import type { AuditEventOf } from '@copytrade/contracts';
import type { Tx } from '../chain/append-event.ts';
import { type OrderEvent, updateOrderRows } from './order-rows.ts';
import { acceptedCopyStatus, legTimeColumn } from './sync-status.ts';

/** copy_trades and trade_sync_status (and, once accepted, trade_history) from one order event. */
export async function projectOrder(tx: Tx, event: OrderEvent, occurredAt: Date): Promise<void> {
  switch (event.type) {
    case 'order.submitted':
      return updateOrderRows(tx, event, {}, { status: 'submitted', retryCount: event.payload.attempt - 1 });
    case 'order.retrying':
      return updateOrderRows(tx, event, {}, { retryCount: event.payload.attempt });
    case 'order.unknown':
      return updateOrderRows(
        tx,
        event,
        {},
        { status: 'unknown', fields: { errorMessage: event.payload.reason } },
      );
    case 'order.rejected': {
      const errorMessage = `${event.payload.code}: ${event.payload.message}`;
      return updateOrderRows(
        tx,
        event,
        { status: 'rejected' },
        { status: 'failed', fields: { errorMessage } },
      );
    }
    case 'order.accepted':
      return projectAccepted(tx, event, occurredAt);
  }
}

async function projectAccepted(tx: Tx, event: AuditEventOf<'order.accepted'>, occurredAt: Date) {
  const p = event.payload;
  const timeColumn = legTimeColumn(p.leg);
  await updateOrderRows(
    tx,
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
  await tx.tradeHistory.upsert({
    where: { clientOrderId: p.clientOrderId },
    create: { ...history, clientOrderId: p.clientOrderId },
    update: history,
  });
}
