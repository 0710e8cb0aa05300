import { type EligibilityInput, checkEligibility } from '../eligibility/check-eligibility.ts';
import type { CapKind } from '../sizing/caps.ts';
import { computeTarget, type TargetInput } from '../sizing/compute-target.ts';
import type { SkipReason } from '../types/skip-reason.ts';

export type DecideInput = TargetInput & Omit<EligibilityInput, 'target' | 'capped'>;

export type CopyDecision =
  | { ok: true; target: number; ratio: string; capped?: CapKind; limitPrice?: string }
  | {
      ok: false;
      reason: SkipReason;
      detail: string;
      /** Still the target to apply: lastTarget, or the risk-reducing part (0 for a refused flip). */
      target: number;
    };

// Without a usable ratio the size is unknown, but the side is not: a follower on the wrong side closes.
function sideOnlyFallback(input: DecideInput): number {
  const expected = Math.sign(input.masterPosition) * (input.settings.reverse ? -1 : 1);
  const current = Math.sign(input.lastTarget);
  return current === 0 || current === expected ? input.lastTarget : 0;
}

/**
 * Target + eligibility in one step, for the mapper. Whatever the outcome, `target` is what to
 * feed `applyUpdate`, so a refusal still lets the reducing part through.
 */
export function decideCopy(input: DecideInput): CopyDecision {
  const sized = computeTarget({
    ...input,
    followerAvailableBalance: input.followerAvailableBalance ?? input.availableBalance,
  });
  if (!sized.ok) return { ...sized, target: sideOnlyFallback(input) };
  const eligibility = checkEligibility({ ...input, target: sized.target, capped: sized.capped });
  if (!eligibility.ok) {
    const { fallbackTarget, ...skip } = eligibility;
    return { ...skip, target: fallbackTarget };
  }
  const decision: CopyDecision = { ok: true, target: sized.target, ratio: sized.ratio };
  if (sized.capped !== undefined) decision.capped = sized.capped;
  if (eligibility.limitPrice !== undefined) decision.limitPrice = eligibility.limitPrice;
  return decision;
}
