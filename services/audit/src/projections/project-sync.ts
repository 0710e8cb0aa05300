import type { AuditEventOf } from '@copytrade/contracts';
import type { Tx } from '../chain/append-event.ts';

/**
 * One position_sync_status row per (follow, symbol), from exit-sync's checks. Events may arrive out
 * of order: an older check never overwrites a newer one.
 */
export async function projectSync(
  tx: Tx,
  event: AuditEventOf<'sync.status'>,
  occurredAt: Date,
): Promise<void> {
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
    ...(p.entryPrice === undefined ? {} : { entryPrice: p.entryPrice }),
    ...(p.realizedPnl === undefined ? {} : { realizedPnl: p.realizedPnl }),
    ...(p.unrealizedPnl === undefined ? {} : { unrealizedPnl: p.unrealizedPnl }),
    lastVerified: occurredAt,
  };
  const key = { followId: p.followId, symbol: p.symbol };
  const current = await tx.positionSyncStatus.findUnique({
    where: { followId_symbol: key },
    select: { lastVerified: true },
  });
  if (current === null) {
    await tx.positionSyncStatus.create({ data: { ...key, ...row } });
    return;
  }
  if (current.lastVerified > occurredAt) return;
  await tx.positionSyncStatus.update({ where: { followId_symbol: key }, data: row });
}
