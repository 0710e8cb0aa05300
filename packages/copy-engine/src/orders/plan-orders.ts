import { classifyTrade } from '../classify/classify-trade.ts';
import type { Leg, Side } from '../types/leg.ts';

const sideOf = (delta: number): Side => (delta > 0 ? 'buy' : 'sell');

/**
 * The orders that move a follower from `lastTarget` to `newTarget`. Signed sizes add up to
 * newTarget - lastTarget exactly. A flip is two legs (reduce-only close, then open), so a
 * rejected open can never leave the old side half-closed into the wrong direction.
 */
export function planOrders(lastTarget: number, newTarget: number): Leg[] {
  const kind = classifyTrade(lastTarget, newTarget);
  const delta = newTarget - lastTarget;
  switch (kind) {
    case 'none':
      return [];
    case 'open':
      return [{ side: sideOf(delta), size: Math.abs(delta), reduceOnly: false, leg: 'open' }];
    case 'increase':
      return [{ side: sideOf(delta), size: Math.abs(delta), reduceOnly: false, leg: 'increase' }];
    case 'close':
      return [{ side: sideOf(delta), size: Math.abs(delta), reduceOnly: true, leg: 'close' }];
    case 'reduce':
      return [{ side: sideOf(delta), size: Math.abs(delta), reduceOnly: true, leg: 'reduce' }];
    case 'flip':
      return [
        { side: sideOf(delta), size: Math.abs(lastTarget), reduceOnly: true, leg: 'close' },
        { side: sideOf(delta), size: Math.abs(newTarget), reduceOnly: false, leg: 'open' },
      ];
  }
}

/** Signed contracts a leg adds to the position. */
export function signedSize(leg: Leg): number {
  return leg.side === 'buy' ? leg.size : -leg.size;
}
