import { type Dec as DecType, tryDecimal } from '../decimal/decimal.ts';
import type { FollowSettings } from '../types/follow-settings.ts';

/** Checks a decimal field; `required` fields must be present. Pushes a problem, returns nothing. */
function checkDecimal(
  problems: string[],
  field: string,
  value: string | undefined,
  required: boolean,
  valid: (d: DecType) => boolean,
  rule: string,
): void {
  if (value === undefined) {
    if (required) problems.push(`${field} is required`);
    return;
  }
  const d = tryDecimal(value);
  if (d === undefined || !valid(d)) problems.push(`${field} must be ${rule}`);
}

function checkInt(
  problems: string[],
  field: string,
  value: number | undefined,
  min: number,
  required: boolean,
) {
  if (value === undefined) {
    if (required) problems.push(`${field} is required`);
    return;
  }
  if (!Number.isSafeInteger(value) || value < min) problems.push(`${field} must be an integer >= ${min}`);
}

const positive = (d: DecType) => d.gt(0);
const nonNegative = (d: DecType) => d.gte(0);
const percent = (d: DecType) => d.gt(0) && d.lte(100);

/**
 * The rules a zod schema cannot see alone (the mode's own field, ranges). Returns the problems,
 * empty when the settings are usable.
 */
export function validateSettings(s: FollowSettings): string[] {
  const p: string[] = [];
  checkDecimal(p, 'multiplier', s.multiplier, s.mode === 'multiplier', positive, 'a decimal > 0');
  checkInt(p, 'lotSize', s.lotSize, 1, s.mode === 'fixed_lot');
  checkDecimal(
    p,
    'capitalAllocated',
    s.capitalAllocated,
    s.mode === 'capital_allocation',
    positive,
    'a decimal > 0',
  );
  checkDecimal(
    p,
    'balancePercentage',
    s.balancePercentage,
    s.mode === 'balance_percentage',
    percent,
    'in (0, 100]',
  );
  checkInt(p, 'maxPosition', s.maxPosition, 0, false);
  checkDecimal(p, 'maxNotional', s.maxNotional, false, nonNegative, 'a decimal >= 0');
  checkDecimal(p, 'maxDrawdownPct', s.maxDrawdownPct, false, percent, 'in (0, 100]');
  checkDecimal(p, 'dailyLossLimit', s.dailyLossLimit, false, positive, 'a decimal > 0');
  checkDecimal(p, 'slippageLimitPct', s.slippageLimitPct, false, (d) => d.gte(0) && d.lt(100), 'in [0, 100)');
  checkInt(p, 'driftTolerance', s.driftTolerance, 0, true);
  checkInt(p, 'maxCorrection', s.maxCorrection, 1, true);
  if (!['multiplier', 'fixed_lot', 'capital_allocation', 'balance_percentage'].includes(s.mode)) {
    p.push('mode is unknown');
  }
  if (!['skip', 'limit'].includes(s.slippageAction)) p.push('slippageAction must be skip or limit');
  if (!['repair', 'alert', 'off'].includes(s.driftPolicy)) p.push('driftPolicy must be repair, alert or off');
  if (!['active', 'close_only', 'frozen', 'stopped'].includes(s.status))
    p.push('status must be active, close_only, frozen or stopped');
  if (!Array.isArray(s.symbolAllowList) || !Array.isArray(s.symbolDenyList)) {
    p.push('symbolAllowList and symbolDenyList must be arrays');
  }
  return p;
}
