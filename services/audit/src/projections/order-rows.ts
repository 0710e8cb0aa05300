import type { AuditEventOf } from '@copytrade/contracts';
import type { Prisma } from '@copytrade/db';
import type { Tx } from '../chain/append-event.ts';
import { nextSyncStatus, type SyncStatus } from './sync-status.ts';

export type OrderEvent = AuditEventOf<
  'order.submitted' | 'order.accepted' | 'order.rejected' | 'order.unknown' | 'order.retrying'
>;

/** The master fill id inside a correlation id `mf_<master>_<fillId>` (contracts' correlationIdOf). */
export function masterTradeIdOf(correlationId: string | null, masterAccountId: string): string | null {
  const prefix = `mf_${masterAccountId}_`;
  return correlationId?.startsWith(prefix) ? correlationId.slice(prefix.length) : null;
}

/**
 * The copy_trades and trade_sync_status rows of an order whose `copy.decided` has not been recorded
 * yet (events lag and reorder): built from what the order event carries, the master's original_*
 * standing in as the copied values until the decision overwrites them. Orders without a master
 * (exit-sync corrections) copy no master trade and have no such rows.
 */
function placeholders(event: OrderEvent) {
  const p = event.payload;
  if (p.masterAccountId === null) return null;
  const masterTradeId = masterTradeIdOf(event.correlationId, p.masterAccountId) ?? p.clientOrderId;
  const copy: Prisma.CopyTradeUncheckedCreateInput = {
    masterTradeId,
    correlationId: event.correlationId ?? p.clientOrderId,
    masterAccountId: p.masterAccountId,
    followerId: p.followerAccountId,
    clientOrderId: p.clientOrderId,
    originalSymbol: p.symbol,
    originalSide: p.side,
    originalSize: p.size,
    originalPrice: p.limitPrice ?? ('avgFillPrice' in p ? p.avgFillPrice : null) ?? '0',
    copiedSide: p.side,
    copiedSize: p.size,
    action: p.leg,
    status: 'pending',
  };
  const sync: Prisma.TradeSyncStatusUncheckedCreateInput = {
    masterBrokerId: p.masterAccountId,
    followerId: p.followerAccountId,
    masterTradeId,
    clientOrderId: p.clientOrderId,
    syncStatus: 'pending',
  };
  return { copy, sync };
}

export interface SyncChange {
  status?: SyncStatus;
  /** Raised to at least this value, never lowered by a late event. */
  retryCount?: number;
  fields?: Omit<Prisma.TradeSyncStatusUncheckedUpdateInput, 'syncStatus' | 'retryCount'>;
}

/** Applies an order event's change to its copy_trades and trade_sync_status rows, creating them if needed. */
export async function updateOrderRows(
  tx: Tx,
  event: OrderEvent,
  copyChange: Prisma.CopyTradeUncheckedUpdateInput,
  syncChange: SyncChange,
): Promise<void> {
  const rows = placeholders(event);
  if (rows === null) return;
  const clientOrderId = event.payload.clientOrderId;
  await tx.copyTrade.upsert({
    where: { clientOrderId },
    create: { ...rows.copy, ...(copyChange as Prisma.CopyTradeUncheckedCreateInput) },
    update: copyChange,
  });
  const current = await tx.tradeSyncStatus.findUnique({
    where: { clientOrderId },
    select: { syncStatus: true, retryCount: true },
  });
  const before = current?.syncStatus ?? rows.sync.syncStatus;
  const status = syncChange.status === undefined ? before : nextSyncStatus(before, syncChange.status);
  // The event's fields (error, exchange order id) belong to its status: dropped when a late event lost.
  const applies = syncChange.status !== undefined && status === syncChange.status;
  const data = {
    ...(applies ? syncChange.fields : {}),
    syncStatus: status,
    retryCount: Math.max(current?.retryCount ?? 0, syncChange.retryCount ?? 0),
  };
  if (current) await tx.tradeSyncStatus.update({ where: { clientOrderId }, data });
  else await tx.tradeSyncStatus.create({ data: { ...rows.sync, ...(data as typeof rows.sync) } });
}
