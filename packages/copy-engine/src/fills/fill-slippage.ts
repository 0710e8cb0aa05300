import { Dec, toDecimal } from '../decimal/decimal.ts';
import { CopyEngineInputError } from '../decimal/copy-engine-input-error.ts';
import type { Side } from '../types/leg.ts';

export interface FillSlippageInput {
  /** The follower order's side: buying dearer or selling cheaper than the master is worse. */
  side: Side;
  /** The master's fill price. */
  masterPrice: string;
  /** The follower's average fill price. */
  fillPrice: string;
}

/**
 * The follower's fill against the master's price in basis points, rounded half away from zero to
 * 0.01 bp, signed so that a fill worse for the follower is positive and a better one negative.
 */
export function fillSlippageBps(s: FillSlippageInput): number {
  const master = toDecimal(s.masterPrice, 'masterPrice');
  const fill = toDecimal(s.fillPrice, 'fillPrice');
  if (master.lte(0)) throw new CopyEngineInputError('masterPrice', 'must be > 0');
  if (fill.lte(0)) throw new CopyEngineInputError('fillPrice', 'must be > 0');
  const worse = s.side === 'buy' ? fill.minus(master) : master.minus(fill);
  const bps = worse.div(master).mul(10_000).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
  return bps.isZero() ? 0 : bps.toNumber();
}
