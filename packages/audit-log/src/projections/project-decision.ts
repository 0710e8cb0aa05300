import type { AuditEventOf } from '@copytrade/contracts';
import type { ProjectionRows } from './projection-rows.ts';

type Decision = AuditEventOf<'copy.decided'> | AuditEventOf<'copy.skipped'>;

/**
 * One copy_trades row and one trade_sync_status row per leg, keyed by client order id. An order event
 * that arrived first created them with placeholders; the decision fills in the master's side of them
 * and leaves every outcome column alone.
 */
export function projectDecision(rows: ProjectionRows, event: Decision): void {
  const p = event.payload;
  const original = {
    masterTradeId: p.master.fillId,
    correlationId: event.correlationId ?? `${p.masterAccountId}_${p.master.fillId}`,
    masterAccountId: p.masterAccountId,
    originalSymbol: p.symbol,
    originalSide: p.master.side,
    originalSize: p.master.size,
    originalPrice: p.master.price,
  };
  for (const leg of p.legs ?? []) {
    const copied = { copiedSide: leg.side, copiedSize: leg.size, action: leg.leg };
    rows.copyTrades.upsert(
      leg.clientOrderId,
      {
        ...original,
        ...copied,
        followerId: p.followerAccountId,
        clientOrderId: leg.clientOrderId,
        status: 'pending',
        copiedPrice: null,
        latencyMs: null,
        entryTime: null,
        exitTime: null,
      },
      { ...original, ...copied },
    );
    rows.syncStatuses.upsert(
      leg.clientOrderId,
      {
        masterBrokerId: p.masterAccountId,
        followerId: p.followerAccountId,
        masterTradeId: p.master.fillId,
        clientOrderId: leg.clientOrderId,
        syncStatus: 'pending',
        followerTradeId: null,
        lastVerified: null,
        errorMessage: null,
        retryCount: 0,
      },
      { masterBrokerId: p.masterAccountId, masterTradeId: p.master.fillId },
    );
  }
}
