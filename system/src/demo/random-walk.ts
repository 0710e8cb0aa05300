/** The watchable demo's master: a slow random walk of one position, bounded, now and then flat. */
export interface WalkLimits {
  /** The position stays within ±bound contracts. */
  bound: number;
  /** The largest single trade, in contracts. */
  maxTrade: number;
  /** Chance, per trade, that a master holding a position closes all of it (so exits are seen). */
  flatChance: number;
}

export interface WalkStep {
  side: 'buy' | 'sell';
  size: number;
  /** The position after the trade. */
  after: number;
  /** True when the trade takes the position to zero. */
  exit: boolean;
}

/** A source of numbers in [0, 1), as Math.random gives: passed in so tests can drive it. */
export type RandomSource = () => number;

/**
 * The master's next trade from its current position: a full exit with `flatChance`, else a trade of
 * 1..maxTrade contracts in a direction leaning back toward flat the further out it is, cut so the
 * position never leaves ±bound (at the bound, the only way is back).
 */
export function nextWalkStep(position: number, limits: WalkLimits, random: RandomSource): WalkStep {
  const { bound, maxTrade, flatChance } = limits;
  if (!(Number.isInteger(bound) && bound >= 1 && Number.isInteger(maxTrade) && maxTrade >= 1))
    throw new Error(`walk limits must be whole contracts ≥ 1 (bound ${bound}, maxTrade ${maxTrade})`);
  if (!Number.isInteger(position) || Math.abs(position) > bound)
    throw new Error(`position ${position} is outside ±${bound}`);
  if (position !== 0 && random() < flatChance) return step(position, -position);
  // Flat: a coin toss; at +bound, buying has chance 0; at -bound, chance 1.
  const buyChance = 0.5 - position / (2 * bound);
  const direction = random() < buyChance ? 1 : -1;
  const room = direction > 0 ? bound - position : bound + position;
  const wanted = 1 + Math.floor(random() * maxTrade);
  return step(position, direction * Math.min(wanted, room));
}

function step(position: number, delta: number): WalkStep {
  const after = position + delta;
  return { side: delta > 0 ? 'buy' : 'sell', size: Math.abs(delta), after, exit: after === 0 };
}

/** The pause before the next trade: uniform in [minMs, maxMs). */
export function nextPauseMs(minMs: number, maxMs: number, random: RandomSource): number {
  return Math.round(minMs + random() * (maxMs - minMs));
}

/** The next mark price: within ±0.2% of the last, in whole units (a multiple of every tick the demo trades). */
export function nextMarkPrice(price: number, random: RandomSource): number {
  return Math.max(1, Math.round(price * (1 + (random() - 0.5) * 0.004)));
}
