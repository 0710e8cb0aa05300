import { Dec, type Dec as DecType, toDecimal } from '../decimal/decimal.ts';
import type { FollowSettings } from '../types/follow-settings.ts';

export type CapKind = 'max_position' | 'max_notional';

export interface Cap {
  /** Largest allowed |target|, whole contracts. */
  limit: DecType;
  kind: CapKind;
}

/**
 * The tighter of maxPosition and floor(maxNotional / (contractValue * price)), or undefined
 * when neither is set. contractValue and price must be > 0 (checked by the caller).
 */
export function positionCap(
  settings: FollowSettings,
  contractValue: DecType,
  price: DecType,
): Cap | undefined {
  const position =
    settings.maxPosition === undefined
      ? undefined
      : { limit: new Dec(settings.maxPosition), kind: 'max_position' as const };
  const notional =
    settings.maxNotional === undefined
      ? undefined
      : {
          limit: toDecimal(settings.maxNotional, 'maxNotional').div(contractValue.mul(price)).floor(),
          kind: 'max_notional' as const,
        };
  if (position === undefined) return notional;
  if (notional === undefined) return position;
  return notional.limit.lt(position.limit) ? notional : position;
}

/** Clamps |raw| to the cap, keeping the sign. */
export function applyCap(raw: DecType, cap: Cap | undefined): { value: DecType; capped?: CapKind } {
  if (cap === undefined || raw.abs().lte(cap.limit)) return { value: raw };
  return { value: cap.limit.mul(raw.isNegative() ? -1 : 1), capped: cap.kind };
}
