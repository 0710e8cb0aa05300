import type { MasterFillJob } from '@copytrade/contracts';
import { type DecideInput, utcDay } from '@copytrade/copy-engine';
import type { Product } from '@copytrade/delta-client';
import type { ActiveFollower } from '../followers/follower-directory.ts';
import type { FanOutOps } from '../fan-out/fan-out-ops.ts';
import type { RiskSnapshot } from '../risk/equity-book.ts';
import type { MapperDeps } from './mapper-deps.ts';

// The simulator (and Delta's USD-settled perpetuals) settle in USD when a product names no asset.
const DEFAULT_SETTLING_ASSET = 'USD';
// Without the product's default leverage assume none: the margin estimate errs on the safe side.
const FALLBACK_LEVERAGE = '1';

const needsMasterEquity = (f: ActiveFollower) =>
  f.settings.mode === 'capital_allocation' || f.settings.mode === 'balance_percentage';

/** A risk step taken before the decision (beside the state read), and when. */
export interface EarlyRisk {
  snapshot: RiskSnapshot;
  now: number;
}

/**
 * The follower's equity when its product and wallet are in memory (nothing is loaded from the
 * exchange: a replay that turns out stale needs no market data), so its risk step can go out in the
 * same round trip as the follow's state read.
 */
export async function knownEquity(
  deps: MapperDeps,
  job: MasterFillJob,
  follower: ActiveFollower,
): Promise<string | undefined> {
  const id = follower.followerAccountId;
  const product = await deps.market.knownProduct(id, job.symbol);
  if (product === undefined) return undefined;
  return (await deps.market.knownWallet(id, product.settlingAsset ?? DEFAULT_SETTLING_ASSET))?.equity;
}

/** Everything `decideCopy` needs for one follow, read from the exchange (cached) and Redis. */
export async function gatherInputs(
  deps: MapperDeps,
  ops: Pick<FanOutOps, 'riskSnapshot'>,
  job: MasterFillJob,
  follower: ActiveFollower,
  product: Product,
  lastTarget: number,
  early?: EarlyRisk,
): Promise<DecideInput> {
  const id = follower.followerAccountId;
  const asset = product.settlingAsset ?? DEFAULT_SETTLING_ASSET;
  const now = deps.now();
  const [wallet, masterEquity, price] = await Promise.all([
    deps.market.wallet(id, asset),
    needsMasterEquity(follower)
      ? deps.market.wallet(job.masterAccountId, asset).then((w) => w.equity)
      : Promise.resolve(undefined),
    // The slippage check compares the market now with the master's price; otherwise the fill price will do.
    follower.settings.slippageLimitPct === undefined
      ? Promise.resolve(job.price)
      : deps.market.markPrice(id, job.symbol),
  ]);
  // The early step stands when it recorded this equity on this UTC day; otherwise it is taken now.
  const risk =
    early !== undefined &&
    early.snapshot.followerEquity === wallet.equity &&
    utcDay(early.now) === utcDay(now)
      ? early.snapshot
      : await ops.riskSnapshot(id, wallet.equity, now);
  return {
    ...risk,
    masterPosition: job.positionAfter,
    settings: follower.settings,
    masterEquity,
    followerAvailableBalance: wallet.available,
    availableBalance: wallet.available,
    contractValue: product.contractValue,
    price,
    masterPrice: job.price,
    leverage: product.defaultLeverage ?? FALLBACK_LEVERAGE,
    takerCommissionRate: product.takerCommissionRate,
    tickSize: product.tickSize,
    symbol: job.symbol,
    lastTarget,
    now,
  };
}
