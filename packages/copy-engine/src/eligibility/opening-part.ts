import type { Side } from '../types/leg.ts';

export interface OpeningPart {
  /** Contracts that add risk (open or increase); 0 for a reduction, an exit or no change. */
  size: number;
  side: Side;
  /** Where the follower may still go if the opening part is refused: the risk-reducing part only. */
  fallbackTarget: number;
}

/** Splits a move into what adds exposure and what only takes it off. */
export function openingPart(lastTarget: number, target: number): OpeningPart {
  const side: Side = target > lastTarget ? 'buy' : 'sell';
  if (target === 0 || Math.sign(target) === -Math.sign(lastTarget)) {
    // Exit, or a flip: the close half is always allowed, the new side is all opening.
    return { size: Math.abs(target), side, fallbackTarget: 0 };
  }
  if (Math.abs(target) > Math.abs(lastTarget)) {
    return { size: Math.abs(target) - Math.abs(lastTarget), side, fallbackTarget: lastTarget };
  }
  return { size: 0, side, fallbackTarget: target };
}
