// An exact oracle for the specs: decimal strings as BigInt fractions, independent of decimal.js.
import type { FollowSettings } from '../types/follow-settings.ts';

export interface Fraction {
  n: bigint;
  d: bigint;
}

export function fraction(decimal: string): Fraction {
  const [whole = '0', frac = ''] = decimal.split('.');
  return { n: BigInt(whole + frac), d: 10n ** BigInt(frac.length) };
}

/** trunc(r * P) with exact integers; r per the mode's formula (fixed lot excluded). */
export function exactTarget(
  s: FollowSettings,
  masterPosition: number,
  masterEquity: string,
  followerAvailable: string,
): bigint {
  const p = BigInt(masterPosition);
  const eq = fraction(masterEquity);
  let num: bigint;
  let den: bigint;
  if (s.mode === 'multiplier') {
    const m = fraction(s.multiplier ?? '0');
    [num, den] = [m.n, m.d];
  } else if (s.mode === 'capital_allocation') {
    const c = fraction(s.capitalAllocated ?? '0');
    [num, den] = [c.n * eq.d, c.d * eq.n];
  } else {
    const pct = fraction(s.balancePercentage ?? '0');
    const avail = fraction(followerAvailable);
    [num, den] = [pct.n * avail.n * eq.d, pct.d * avail.d * eq.n * 100n];
  }
  const t = (num * p) / den; // BigInt division truncates toward zero
  return s.reverse ? -t : t;
}
