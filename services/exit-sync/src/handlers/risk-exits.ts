import { makeAuditEvent } from '@copytrade/contracts';
import { dailyLossSkip, drawdownSkip, utcDay } from '@copytrade/copy-engine';
import type { DeltaRestClient } from '@copytrade/delta-client';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

const SETTLING_ASSET = 'USD';

/**
 * A follow whose follower is past its drawdown or daily-loss limit turns close-only (the mapper then
 * copies only reductions and exits); where its settings say so it is flattened too: the follows
 * returned are taken out of their positions this cycle. The equity references are the mapper's
 * (peak, day start), read, not written.
 */
export async function riskExits(
  deps: ReconcileDeps,
  follows: FollowView[],
  client: Pick<DeltaRestClient, 'getBalances'>,
): Promise<Set<string>> {
  const flatten = new Set<string>();
  const limited = follows.filter(
    (f) =>
      f.status === 'active' &&
      !f.ended &&
      (f.settings.maxDrawdownPct !== undefined || f.settings.dailyLossLimit !== undefined),
  );
  if (limited.length === 0) return flatten;
  const accountId = limited[0]!.followerAccountId;
  const [balances, peak, dayStart] = await Promise.all([
    client.getBalances(),
    deps.redis.get(deps.keys.peakEquity(accountId)),
    deps.redis.get(deps.keys.dayStartEquity(accountId, utcDay(deps.now()))),
  ]);
  const equity = balances.find((b) => b.assetSymbol === SETTLING_ASSET)?.balance;
  if (equity === undefined || peak === null) return flatten;
  const snapshot = { followerEquity: equity, peakEquity: peak, dayStartEquity: dayStart ?? equity };
  for (const f of limited) {
    const hit = drawdownSkip(f.settings, snapshot) ?? dailyLossSkip(f.settings, snapshot);
    if (hit === undefined) continue;
    // Conditional on the state read: a concurrent change (an operator, a second replica) wins.
    if (!(await deps.writes.closeOnly(f.followId))) continue;
    await deps.settingsChanged(f.followId);
    f.status = 'close_only';
    if (f.riskExitFlatten) flatten.add(f.followId);
    await deps.audit.publish(
      makeAuditEvent({
        type: 'risk.exit',
        eventId: `risk.exit:${f.followId}:${deps.now()}`,
        correlationId: null,
        accountId,
        service: 'exit-sync',
        payload: {
          followId: f.followId,
          followerAccountId: accountId,
          reason: hit.reason,
          detail: hit.detail,
          flatten: f.riskExitFlatten,
        },
      }),
    );
    deps.logger.warn({ followId: f.followId, reason: hit.reason }, 'risk exit: follow is close-only');
  }
  return flatten;
}
