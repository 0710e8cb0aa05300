export type Side = 'buy' | 'sell';

/** What one order does to the follower's position. */
export type LegKind = 'open' | 'close' | 'increase' | 'reduce';

/** How a position change reads: `flip` is a close followed by an open. */
export type TradeKind = 'open' | 'increase' | 'reduce' | 'close' | 'flip' | 'none';

export interface Leg {
  side: Side;
  /** Whole contracts, > 0. */
  size: number;
  /** Every leg that shrinks |position| is reduce-only, so it can never open the other side. */
  reduceOnly: boolean;
  leg: LegKind;
}
