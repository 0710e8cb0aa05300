import type { FollowSettings } from '@copytrade/copy-engine';
import type { Follow } from '@copytrade/db';

interface DecimalLike {
  toFixed(): string;
}

type DecimalField =
  | 'multiplier'
  | 'capitalAllocated'
  | 'balancePercentage'
  | 'maxNotional'
  | 'maxDrawdownPct'
  | 'dailyLossLimit'
  | 'slippageLimitPct';

/**
 * The columns the settings come from: a Prisma row, or one read with plain SQL, whose decimals are
 * PostgreSQL's text for `numeric` with the scale's trailing zeros trimmed (`trim_scale`).
 */
export type FollowSettingsRow = Pick<
  Follow,
  | 'mode'
  | 'reverse'
  | 'lotSize'
  | 'maxPosition'
  | 'symbolAllowList'
  | 'symbolDenyList'
  | 'slippageAction'
  | 'driftPolicy'
  | 'driftTolerance'
  | 'maxCorrection'
  | 'status'
> &
  Record<DecimalField, DecimalLike | string | null>;

// toFixed, not toString: Prisma's Decimal prints small values as "1e-7", which is not a decimal string.
const dec = (value: DecimalLike | string | null): string | undefined =>
  value === null ? undefined : typeof value === 'string' ? value : value.toFixed();
const int = (value: number | null): number | undefined => (value === null ? undefined : value);

/** A follows row as copy-engine settings: decimals become strings, nulls become absent fields. */
export function toFollowSettings(row: FollowSettingsRow): FollowSettings {
  const settings: FollowSettings = {
    mode: row.mode,
    reverse: row.reverse,
    symbolAllowList: row.symbolAllowList,
    symbolDenyList: row.symbolDenyList,
    slippageAction: row.slippageAction,
    driftPolicy: row.driftPolicy,
    driftTolerance: row.driftTolerance,
    maxCorrection: row.maxCorrection,
    status: row.status,
  };
  const optional = {
    multiplier: dec(row.multiplier),
    lotSize: int(row.lotSize),
    capitalAllocated: dec(row.capitalAllocated),
    balancePercentage: dec(row.balancePercentage),
    maxPosition: int(row.maxPosition),
    maxNotional: dec(row.maxNotional),
    maxDrawdownPct: dec(row.maxDrawdownPct),
    dailyLossLimit: dec(row.dailyLossLimit),
    slippageLimitPct: dec(row.slippageLimitPct),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  return settings;
}
