/**
 * The `follows` columns `toFollowSettings` reads, for a plain SQL select of the table under `alias`,
 * named as the Prisma row names them. `trim_scale`: a decimal as Prisma's Decimal prints it (no
 * trailing zeros of the column's scale); enums as their labels.
 */
export function followSettingsColumns(alias: string): string {
  const c = (column: string) => `${alias}."${column}"`;
  const decimal = (column: string, name: string) => `trim_scale(${c(column)})::text AS "${name}"`;
  return [
    `${c('mode')}::text AS "mode"`,
    `${c('reverse')} AS "reverse"`,
    decimal('multiplier', 'multiplier'),
    `${c('lot_size')} AS "lotSize"`,
    decimal('capital_allocated', 'capitalAllocated'),
    decimal('balance_percentage', 'balancePercentage'),
    `${c('max_position')} AS "maxPosition"`,
    decimal('max_notional', 'maxNotional'),
    decimal('max_drawdown_pct', 'maxDrawdownPct'),
    decimal('daily_loss_limit', 'dailyLossLimit'),
    `${c('symbol_allow_list')} AS "symbolAllowList"`,
    `${c('symbol_deny_list')} AS "symbolDenyList"`,
    decimal('slippage_limit_pct', 'slippageLimitPct'),
    `${c('slippage_action')}::text AS "slippageAction"`,
    `${c('drift_policy')}::text AS "driftPolicy"`,
    `${c('drift_tolerance')} AS "driftTolerance"`,
    `${c('max_correction')} AS "maxCorrection"`,
    `${c('status')}::text AS "status"`,
  ].join(', ');
}
