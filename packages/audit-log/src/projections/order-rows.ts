import type { AuditEventOf } from '@copytrade/contracts';
import type { CopyTradeRow, ProjectionRows, SyncRow } from './projection-rows.ts';
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
  const copy: Omit<CopyTradeRow, 'id' | 'updatedAt'> = {
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
    copiedPrice: null,
    action: p.leg,
    status: 'pending',
    latencyMs: null,
    entryTime: null,
    exitTime: null,
  };
  const sync: Omit<SyncRow, 'id' | 'updatedAt'> = {
    masterBrokerId: p.masterAccountId,
    followerId: p.followerAccountId,
    masterTradeId,
    followerTradeId: null,
    clientOrderId: p.clientOrderId,
    syncStatus: 'pending',
    lastVerified: null,
    errorMessage: null,
    retryCount: 0,
  };
  return { copy, sync };
}

export interface SyncChange {
  status?: SyncStatus;
  /** Raised to at least this value, never lowered by a late event. */
  retryCount?: number;
  fields?: Partial<Omit<SyncRow, 'syncStatus' | 'retryCount'>>;
}

/** Applies an order event's change to its copy_trades and trade_sync_status rows, creating them if needed. */
export function updateOrderRows(
  rows: ProjectionRows,
  event: OrderEvent,
  copyChange: Partial<CopyTradeRow>,
  syncChange: SyncChange,
): void {
  const created = placeholders(event);
  if (created === null) return;
  const clientOrderId = event.payload.clientOrderId;
  rows.copyTrades.upsert(clientOrderId, { ...created.copy, ...copyChange }, copyChange);
  const current = rows.syncStatuses.get(clientOrderId);
  const before = current?.syncStatus ?? created.sync.syncStatus;
  const status = syncChange.status === undefined ? before : nextSyncStatus(before, syncChange.status);
  // The event's fields (error, exchange order id) belong to its status: dropped when a late event lost.
  const applies = syncChange.status !== undefined && status === syncChange.status;
  const data = {
    ...(applies ? syncChange.fields : {}),
    syncStatus: status,
    retryCount: Math.max(current?.retryCount ?? 0, syncChange.retryCount ?? 0),
  };
  if (current) rows.syncStatuses.update(clientOrderId, data);
  else rows.syncStatuses.create(clientOrderId, { ...created.sync, ...data });
}
