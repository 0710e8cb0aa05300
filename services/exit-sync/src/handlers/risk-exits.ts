import { dailyLossSkip, drawdownSkip, utcDay } from '@copytrade/copy-engine';
import type { DeltaRestClient } from '@copytrade/delta-client';
import { followEvent } from './follow-event.ts';
import type { FollowView, RiskExit } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

const SETTLING_ASSET = 'USD';

/** This cycle's risk exits: the follows to flatten, and how to mark the exits done once they are. */
export interface RiskExits {
  flatten: ReadonlySet<string>;
  /**
   * After the cycle: an exit whose event is queued needs nothing more once the cycle has requested
   * its flatten on every symbol (`everySymbol`). Throws when an event was refused, so the cycle fails
   * (and comes again) after its flattens and repairs have gone out.
   */
  settle(everySymbol: boolean): Promise<void>;
}

/**
 * A follow whose follower is past its drawdown or daily-loss limit turns close-only (the mapper then
 * copies only reductions and exits); where its settings say so it is flattened too: the follows
 * returned are taken out of their positions this cycle. The equity references are the mapper's
 * (peak, day start), read, not written. The exit is kept with the follow until its event is queued
 * and the cycle has requested its flatten, so an exit an earlier cycle made and did not finish (it
 * died, or the audit queue refused the event) is finished here.
 */
export async function riskExits(
  deps: Pick<ReconcileDeps, 'redis' | 'keys' | 'writes' | 'settingsChanged' | 'audit' | 'logger' | 'now'>,
  follows: FollowView[],
  client: Pick<DeltaRestClient, 'getBalances'>,
): Promise<RiskExits> {
  const flatten = new Set<string>();
  const recorded: { followId: string; at: Date }[] = [];
  let refused: unknown;
  // An audit queue that refuses the event holds up neither the flatten nor the rest of the cycle.
  const finish = async (f: FollowView, exit: RiskExit) => {
    await deps.settingsChanged(f.followId);
    // A state set since (a follow ended with its positions released: frozen) leaves the position be.
    if (f.riskExitFlatten && f.status === 'close_only') flatten.add(f.followId);
    const event = followEvent(
      'risk.exit',
      `risk.exit:${f.followId}:${exit.at.getTime()}`,
      f.followerAccountId,
      {
        followId: f.followId,
        followerAccountId: f.followerAccountId,
        reason: exit.reason,
        detail: exit.detail,
        flatten: f.riskExitFlatten,
      },
      exit.at,
    );
    try {
      await deps.audit.publish(event);
      recorded.push({ followId: f.followId, at: exit.at });
    } catch (error) {
      deps.logger.warn({ followId: f.followId, err: error }, 'risk exit not recorded yet; kept pending');
      refused ??= error;
    }
  };
  const result: RiskExits = {
    flatten,
    async settle(everySymbol) {
      if (everySymbol) for (const { followId, at } of recorded) await deps.writes.riskExitDone(followId, at);
      if (refused !== undefined) throw refused;
    },
  };

  for (const f of follows) if (f.pendingRiskExit !== null) await finish(f, f.pendingRiskExit);
  const limited = follows.filter(
    (f) =>
      f.status === 'active' &&
      !f.ended &&
      (f.settings.maxDrawdownPct !== undefined || f.settings.dailyLossLimit !== undefined),
  );
  if (limited.length === 0) return result;
  const accountId = limited[0]!.followerAccountId;
  const [balances, peak, dayStart] = await Promise.all([
    client.getBalances(),
    deps.redis.get(deps.keys.peakEquity(accountId)),
    deps.redis.get(deps.keys.dayStartEquity(accountId, utcDay(deps.now()))),
  ]);
  const equity = balances.find((b) => b.assetSymbol === SETTLING_ASSET)?.balance;
  if (equity === undefined || peak === null) return result;
  const snapshot = { followerEquity: equity, peakEquity: peak, dayStartEquity: dayStart ?? equity };
  for (const f of limited) {
    const hit = drawdownSkip(f.settings, snapshot) ?? dailyLossSkip(f.settings, snapshot);
    if (hit === undefined) continue;
    const exit: RiskExit = { at: new Date(deps.now()), reason: hit.reason, detail: hit.detail };
    // Conditional on the state read: a concurrent change (an operator, a second replica) wins.
    if (!(await deps.writes.closeOnly(f.followId, exit))) continue;
    f.status = 'close_only';
    deps.logger.warn({ followId: f.followId, reason: hit.reason }, 'risk exit: follow is close-only');
    await finish(f, exit);
  }
  return result;
}
