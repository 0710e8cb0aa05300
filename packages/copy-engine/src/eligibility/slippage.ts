import { Dec, toDecimal } from '../decimal/decimal.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import type { Side } from '../types/leg.ts';
import type { Skip } from '../types/skip-reason.ts';

export interface SlippageInput {
  /** Side of the opening order. */
  side: Side;
  /** Current market price (mark or best quote). */
  price: string;
  /** The master's fill price. */
  masterPrice: string;
  /** Price increment; the limit price is rounded to it, never past the limit. */
  tickSize?: string;
}

/**
 * Within the limit (or no limit set): proceed at market. Beyond it: `skip` skips, `limit` proceeds
 * with a limit order at masterPrice * (1 ± pct/100), the worst price the follower accepts.
 */
export function checkSlippage(settings: FollowSettings, s: SlippageInput): Skip | { limitPrice?: string } {
  if (settings.slippageLimitPct === undefined) return {};
  const pct = toDecimal(settings.slippageLimitPct, 'slippageLimitPct');
  const price = toDecimal(s.price, 'price');
  const master = toDecimal(s.masterPrice, 'masterPrice');
  if (master.lte(0)) return { ok: false, reason: 'invalid_input', detail: 'master price must be > 0' };
  const moved = price.minus(master).abs().div(master).mul(100);
  if (moved.lte(pct)) return {};
  if (settings.slippageAction === 'skip') {
    return {
      ok: false,
      reason: 'slippage',
      detail: `price moved ${moved.toDecimalPlaces(4).toFixed()}% > limit ${pct.toFixed()}%`,
    };
  }
  const factor = s.side === 'buy' ? new Dec(100).plus(pct) : new Dec(100).minus(pct);
  let limit = master.mul(factor).div(100);
  if (s.tickSize !== undefined) {
    const tick = toDecimal(s.tickSize, 'tickSize');
    if (tick.gt(0)) {
      const ticks = limit.div(tick);
      limit = (s.side === 'buy' ? ticks.floor() : ticks.ceil()).mul(tick);
    }
  }
  return { limitPrice: limit.toFixed() };
}
