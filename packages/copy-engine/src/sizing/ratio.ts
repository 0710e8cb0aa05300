import { Dec, type Dec as DecType, toDecimal } from '../decimal/decimal.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import type { Skip } from '../types/skip-reason.ts';

/** r = num / den, kept apart so the target is one division: trunc(num * P / den). */
export interface RatioParts {
  num: DecType;
  den: DecType;
}

function masterEquityOf(masterEquity: string | undefined): DecType | Skip {
  if (masterEquity === undefined) {
    return { ok: false, reason: 'invalid_input', detail: 'master equity is required for this mode' };
  }
  const equity = toDecimal(masterEquity, 'masterEquity');
  if (equity.lte(0)) {
    return { ok: false, reason: 'invalid_input', detail: `master equity must be > 0, got ${masterEquity}` };
  }
  return equity;
}

/**
 * The follower/master ratio for proportional modes (`fixed_lot` has none: its size does not
 * scale). Settings are assumed valid (see `validateSettings`).
 */
export function ratioParts(
  settings: FollowSettings,
  masterEquity: string | undefined,
  followerAvailableBalance: string | undefined,
): RatioParts | Skip {
  switch (settings.mode) {
    case 'multiplier':
      return { num: toDecimal(settings.multiplier ?? '', 'multiplier'), den: new Dec(1) };
    case 'capital_allocation': {
      const equity = masterEquityOf(masterEquity);
      if (!(equity instanceof Dec)) return equity;
      return { num: toDecimal(settings.capitalAllocated ?? '', 'capitalAllocated'), den: equity };
    }
    case 'balance_percentage': {
      const equity = masterEquityOf(masterEquity);
      if (!(equity instanceof Dec)) return equity;
      if (followerAvailableBalance === undefined) {
        return { ok: false, reason: 'invalid_input', detail: 'follower available balance is required' };
      }
      // A negative available balance (unrealised loss beyond the wallet) scales to nothing.
      const available = Dec.max(0, toDecimal(followerAvailableBalance, 'followerAvailableBalance'));
      const pct = toDecimal(settings.balancePercentage ?? '', 'balancePercentage');
      return { num: pct.mul(available), den: equity.mul(100) };
    }
    case 'fixed_lot':
      return { ok: false, reason: 'invalid_settings', detail: 'fixed_lot has no ratio' };
  }
}
