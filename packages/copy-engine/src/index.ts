export { classifyTrade } from './classify/classify-trade.ts';
export { CopyEngineInputError } from './decimal/copy-engine-input-error.ts';
export {
  assertContracts,
  Dec,
  decimalString,
  isDecimalString,
  toDecimal,
  tryDecimal,
} from './decimal/decimal.ts';
export { type CopyDecision, type DecideInput, decideCopy } from './decide/decide-copy.ts';
export {
  checkEligibility,
  type Eligibility,
  type EligibilityInput,
} from './eligibility/check-eligibility.ts';
export { isFromEarlierDay, tradingDayStart } from './eligibility/day-boundary.ts';
export { utcDay } from './eligibility/utc-day.ts';
export { effectiveStatus } from './eligibility/effective-status.ts';
export { estimateMargin, type MarginInput, marginSkip } from './eligibility/margin.ts';
export { type OpeningPart, openingPart } from './eligibility/opening-part.ts';
export { dailyLossSkip, drawdownSkip, type EquitySnapshot } from './eligibility/risk-limits.ts';
export { checkSlippage, type SlippageInput } from './eligibility/slippage.ts';
export { type FillSlippageInput, fillSlippageBps } from './fills/fill-slippage.ts';
export { symbolSkip } from './eligibility/symbol-rules.ts';
export { CLIENT_ORDER_ID_MAX_LENGTH, clientOrderId, correctionOrderId } from './ids/client-order-id.ts';
export { planOrders, signedSize } from './orders/plan-orders.ts';
export { type ReconcileAction, type ReconcileInput, reconcile } from './reconcile/reconcile.ts';
export { validateSettings } from './settings/validate-settings.ts';
export { applyCap, type Cap, type CapKind, positionCap } from './sizing/caps.ts';
export {
  type FollowDriftSettings,
  type SyncDecision,
  type SyncInput,
  type SyncState,
  syncDecision,
} from './sync/sync-decision.ts';
export { computeTarget, type TargetInput, type TargetResult } from './sizing/compute-target.ts';
export { type RatioParts, ratioParts } from './sizing/ratio.ts';
export { closesFirst, servingOrder } from './fan-out/serving-order.ts';
export { applyUpdate, type UpdateResult } from './state/apply-update.ts';
export {
  applyToBook,
  type BookUpdate,
  emptyBook,
  type FollowerBook,
  revertLeg,
} from './state/follower-book.ts';
export { type TransitionExample, transitionExamples } from './state/transition-examples.ts';
export type {
  AccountStatus,
  CopyMode,
  DriftPolicy,
  FollowSettings,
  FollowStatus,
  PauseMode,
  SlippageAction,
} from './types/follow-settings.ts';
export type { Leg, LegKind, Side, TradeKind } from './types/leg.ts';
export { type Skip, type SkipReason, skipReasons } from './types/skip-reason.ts';
export type { TargetState } from './types/target-state.ts';
