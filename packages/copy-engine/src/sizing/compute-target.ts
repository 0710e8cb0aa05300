import { Dec, type Dec as DecType, assertContracts, decimalString, toDecimal } from '../decimal/decimal.ts';
import { validateSettings } from '../settings/validate-settings.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import type { Skip } from '../types/skip-reason.ts';
import { applyCap, type CapKind, positionCap } from './caps.ts';
import { ratioParts } from './ratio.ts';

export interface TargetInput {
  /** The master's signed position after the fill, in contracts. */
  masterPosition: number;
  settings: FollowSettings;
  /** Quote currency; needed by `capital_allocation` and `balance_percentage`. */
  masterEquity?: string;
  /** Quote currency; needed by `balance_percentage`. */
  followerAvailableBalance?: string;
  /** Underlying per contract (Delta `contract_value`). */
  contractValue: string;
  /** Price used for the notional cap (mark or the master's fill price). */
  price: string;
}

export interface TargetResult {
  ok: true;
  /** Signed whole contracts, after caps. */
  target: number;
  /** Before caps (same sign as target). */
  uncapped: number;
  /** Signed effective ratio T/P before rounding (negative with `reverse`); '0' for an exit. */
  ratio: string;
  capped?: CapKind;
}

const MAX_CONTRACTS = new Dec(Number.MAX_SAFE_INTEGER);

function exit(): TargetResult {
  return { ok: true, target: 0, uncapped: 0, ratio: '0' };
}

/**
 * T = clamp(trunc(r * P)) (fixed lot: sign(P) * lot), sign flipped with `reverse`. A master exit
 * (P = 0) is always target 0, whatever the settings or the market data say.
 */
export function computeTarget(input: TargetInput): TargetResult | Skip {
  const p = assertContracts(input.masterPosition, 'masterPosition');
  if (p === 0) return exit();
  const contractValue = toDecimal(input.contractValue, 'contractValue');
  const price = toDecimal(input.price, 'price');

  const problems = validateSettings(input.settings);
  if (problems.length > 0) return { ok: false, reason: 'invalid_settings', detail: problems.join('; ') };
  if (contractValue.lte(0) || price.lte(0)) {
    return { ok: false, reason: 'invalid_input', detail: 'contract value and price must be > 0' };
  }

  const s = input.settings;
  const direction = s.reverse ? -1 : 1;
  let raw: DecType;
  let ratio: DecType;
  if (s.mode === 'fixed_lot') {
    raw = new Dec(s.lotSize ?? 0).mul(Math.sign(p));
    ratio = new Dec(s.lotSize ?? 0).div(Math.abs(p));
  } else {
    const parts = ratioParts(s, input.masterEquity, input.followerAvailableBalance);
    if ('ok' in parts) return parts;
    raw = parts.num.mul(p).div(parts.den).trunc();
    ratio = parts.num.div(parts.den);
  }
  raw = raw.mul(direction);

  const { value, capped } = applyCap(raw, positionCap(s, contractValue, price));
  if (value.abs().gt(MAX_CONTRACTS)) {
    return {
      ok: false,
      reason: 'invalid_input',
      detail: 'target exceeds the safe integer range; set maxPosition',
    };
  }
  const result: TargetResult = {
    ok: true,
    target: assertContracts(value.toNumber(), 'target'),
    uncapped: raw.abs().gt(MAX_CONTRACTS)
      ? Math.sign(raw.toNumber()) * Number.MAX_SAFE_INTEGER
      : raw.toNumber() || 0,
    ratio: decimalString(ratio.mul(direction).toSignificantDigits(20)),
  };
  if (capped !== undefined) result.capped = capped;
  return result;
}
