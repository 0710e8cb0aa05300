import { walletSummary } from '../engine/margin.ts';
import type { SimState } from '../engine/state.ts';
import type { Account } from '../engine/types.ts';

/** Wallet rows for every asset the account holds or settles in, as `GET /v2/wallet/balances`. */
export function balancesToWire(state: SimState, account: Account) {
  const assets = new Set<string>(account.balances.keys());
  for (const product of state.products.values()) assets.add(product.config.settling);
  return [...assets].sort().map((symbol) => walletToWire(state, account, symbol));
}

/** One asset's wallet row (also the body of a `margins` message). */
export function walletToWire(state: SimState, account: Account, symbol: string) {
  const w = walletSummary(state, account, symbol);
  const asset = state.assets.get(symbol);
  return {
    id: asset?.id ?? 0,
    user_id: account.userId,
    asset_id: asset?.id ?? 0,
    asset_symbol: symbol,
    balance: w.balance.toString(),
    available_balance: w.available.toString(),
    available_balance_for_robo: w.available.toString(),
    blocked_margin: w.blockedMargin.toString(),
    order_margin: w.orderMargin.toString(),
    position_margin: w.positionMargin.toString(),
    portfolio_margin: '0',
    commission: '0',
    cross_order_margin: '0',
    cross_position_margin: '0',
    cross_commission: '0',
    cross_locked_collateral: '0',
    cross_asset_liability: '0',
    interest_credit: '0',
    pending_referral_bonus: '0',
    pending_trading_fee_credit: '0',
    trading_fee_credit: '0',
    unvested_amount: '0',
    unrealized_pnl: w.unrealizedPnl.toString(),
  };
}
