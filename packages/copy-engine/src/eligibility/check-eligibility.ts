import { assertContracts } from '../decimal/decimal.ts';
import { validateSettings } from '../settings/validate-settings.ts';
import type { CapKind } from '../sizing/caps.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import type { Skip } from '../types/skip-reason.ts';
import { marginSkip } from './margin.ts';
import { openingPart } from './opening-part.ts';
import { dailyLossSkip, drawdownSkip, type EquitySnapshot } from './risk-limits.ts';
import { checkSlippage } from './slippage.ts';
import { symbolSkip } from './symbol-rules.ts';

export interface EligibilityInput extends EquitySnapshot {
  /** `settings.status` is the effective one: the follow's and its account's (`effectiveStatus`). */
  settings: FollowSettings;
  symbol: string;
  /** Master position after the fill (signed contracts). */
  masterPosition: number;
  /** The follower's current target (from the mapper state; 0 when none). */
  lastTarget: number;
  /** The new target from `computeTarget`, and its cap if one applied. */
  target: number;
  capped?: CapKind;
  availableBalance: string;
  contractValue: string;
  /** Current market price. */
  price: string;
  /** The master's fill price (slippage reference). */
  masterPrice: string;
  leverage: string;
  /** Taker fee rate of the product, held back with the margin when opening. */
  takerCommissionRate?: string | undefined;
  tickSize?: string;
}

export type Eligibility =
  | { ok: true; limitPrice?: string }
  | (Skip & {
      /** The target the follower may still move to: the risk-reducing part of the move. */
      fallbackTarget: number;
    });

/**
 * Whether the move lastTarget → target may go ahead. Only the opening part (open, increase, the
 * new side of a flip) is ever refused: reductions and exits pass every risk check, because closing
 * risk is always allowed. Only a frozen or stopped follow blocks everything (there is no mandate
 * to trade at all: the position is its owner's).
 */
export function checkEligibility(input: EligibilityInput): Eligibility {
  const last = assertContracts(input.lastTarget, 'lastTarget');
  const target = assertContracts(input.target, 'target');
  const master = assertContracts(input.masterPosition, 'masterPosition');
  const s = input.settings;
  const refuse = (skip: Skip, fallbackTarget: number) => ({ ...skip, fallbackTarget });

  if (s.status === 'stopped') {
    return refuse({ ok: false, reason: 'follow_inactive', detail: 'follow is stopped' }, last);
  }
  if (s.status === 'frozen') {
    return refuse(
      { ok: false, reason: 'follow_frozen', detail: 'follow is frozen: the position is left to its owner' },
      last,
    );
  }

  const opening = openingPart(last, target);
  if (opening.size === 0) {
    if (target !== last || master === 0) return { ok: true };
    if (input.capped !== undefined) {
      return refuse(
        { ok: false, reason: input.capped, detail: `target held at ${target} by ${input.capped}` },
        last,
      );
    }
    if (target === 0) {
      return refuse(
        { ok: false, reason: 'below_min_size', detail: 'target rounds to less than 1 contract' },
        last,
      );
    }
    return { ok: true };
  }

  const fallback = opening.fallbackTarget;
  if (s.status === 'close_only') {
    return refuse(
      { ok: false, reason: 'close_only', detail: 'follow is close-only: reductions and exits only' },
      fallback,
    );
  }
  const problems = validateSettings(s);
  if (problems.length > 0) {
    return refuse({ ok: false, reason: 'invalid_settings', detail: problems.join('; ') }, fallback);
  }
  const skip =
    symbolSkip(s, input.symbol) ??
    drawdownSkip(s, input) ??
    dailyLossSkip(s, input) ??
    marginSkip({ ...input, openingSize: opening.size });
  if (skip !== undefined) return refuse(skip, fallback);

  const slippage = checkSlippage(s, { ...input, side: opening.side });
  if ('ok' in slippage) return refuse(slippage, fallback);
  return slippage.limitPrice === undefined ? { ok: true } : { ok: true, limitPrice: slippage.limitPrice };
}
