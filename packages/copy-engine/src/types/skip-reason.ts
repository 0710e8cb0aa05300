// Persisted in audit events and trade_sync_status: add new reasons, never rename one.
export const skipReasons = [
  'follow_inactive',
  'account_inactive',
  'symbol_not_allowed',
  'symbol_denied',
  'drawdown_limit',
  'daily_loss_limit',
  'below_min_size',
  'max_position',
  'max_notional',
  'insufficient_margin',
  'slippage',
  'invalid_settings',
  'invalid_input',
  'close_only',
  'follow_frozen',
] as const;

export type SkipReason = (typeof skipReasons)[number];

export interface Skip {
  ok: false;
  reason: SkipReason;
  /** Human-readable, for the audit trail and the dashboard. */
  detail: string;
}
