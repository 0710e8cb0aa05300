import type { AuditEventOf } from '@copytrade/contracts';
import { positionKey, type ProjectionRows } from './projection-rows.ts';

/**
 * One position_sync_status row per (follow, symbol), from exit-sync's checks. Events may arrive out
 * of order: an older check never overwrites a newer one.
 */
export function projectSync(
  rows: ProjectionRows,
  event: AuditEventOf<'sync.status'>,
  occurredAt: Date,
): void {
  const p = event.payload;
  const row = {
    masterAccountId: p.masterAccountId,
    followerAccountId: p.followerAccountId,
    state: p.state,
    target: p.target,
    totalTarget: p.totalTarget,
    actual: p.actual,
    drift: p.drift,
    repairs: p.repairs,
    errorMessage: p.message,
    // Older events carry no value: they leave what a newer one wrote.
    entryPrice: p.entryPrice,
    realizedPnl: p.realizedPnl,
    unrealizedPnl: p.unrealizedPnl,
    lastVerified: occurredAt,
  };
  const key = positionKey(p.followId, p.symbol);
  const current = rows.positions.get(key);
  if (current === undefined) {
    rows.positions.create(key, {
      followId: p.followId,
      symbol: p.symbol,
      ...row,
      entryPrice: p.entryPrice ?? null,
      realizedPnl: p.realizedPnl ?? null,
      unrealizedPnl: p.unrealizedPnl ?? null,
    });
    return;
  }
  if (current.lastVerified > occurredAt) return;
  rows.positions.update(key, row);
}
