export type CopyMode = 'multiplier' | 'fixed_lot' | 'capital_allocation' | 'balance_percentage';
/**
 * `active` copies everything; `close_only` copies reductions and exits, never opens or adds;
 * `frozen` copies nothing and leaves the position to its owner; `stopped` has ended.
 */
export type FollowStatus = 'active' | 'close_only' | 'frozen' | 'stopped';
export type AccountStatus = 'active' | 'paused' | 'disabled';
/** What a paused broker account means for its follows. */
export type PauseMode = 'close_only' | 'frozen';
export type SlippageAction = 'skip' | 'limit';
export type DriftPolicy = 'repair' | 'alert' | 'off';

/**
 * A follower's settings for one master. Decimal values are strings (decimal.js inside),
 * sizes are whole contracts. The zod schema lives in `@copytrade/contracts`; this package
 * checks the cross-field rules (see `validateSettings`).
 */
export interface FollowSettings {
  mode: CopyMode;
  /** Mirror the opposite side of the master. */
  reverse: boolean;
  /** `multiplier` mode: r = multiplier (> 0). */
  multiplier?: string;
  /** `fixed_lot` mode: |T| = lotSize contracts (integer > 0). */
  lotSize?: number;
  /** `capital_allocation` mode: r = capitalAllocated / masterEquity. */
  capitalAllocated?: string;
  /** `balance_percentage` mode, 0 < pct <= 100: r = pct/100 * followerAvailable / masterEquity. */
  balancePercentage?: string;
  /** Cap on |target| in contracts. */
  maxPosition?: number;
  /** Cap on |target| * contractValue * price, in quote currency. */
  maxNotional?: string;
  /** Opening is blocked once (peak - equity) / peak * 100 reaches this. */
  maxDrawdownPct?: string;
  /** Opening is blocked once dayStartEquity - equity reaches this (quote currency). */
  dailyLossLimit?: string;
  symbolAllowList: string[];
  symbolDenyList: string[];
  /** Allowed move, in percent of the master's fill price, before `slippageAction` applies. */
  slippageLimitPct?: string;
  slippageAction: SlippageAction;
  driftPolicy: DriftPolicy;
  /** Drift (contracts) tolerated before exit-sync alerts or repairs. */
  driftTolerance: number;
  /** Largest corrective order exit-sync may send in one run (contracts). */
  maxCorrection: number;
  status: FollowStatus;
}
