import { assertContracts } from '../decimal/decimal.ts';
import type { TradeKind } from '../types/leg.ts';

/** How a position change from `before` to `after` (signed contracts) reads. */
export function classifyTrade(before: number, after: number): TradeKind {
  const from = assertContracts(before, 'before');
  const to = assertContracts(after, 'after');
  if (from === to) return 'none';
  if (from === 0) return 'open';
  if (to === 0) return 'close';
  if (Math.sign(from) !== Math.sign(to)) return 'flip';
  return Math.abs(to) > Math.abs(from) ? 'increase' : 'reduce';
}
