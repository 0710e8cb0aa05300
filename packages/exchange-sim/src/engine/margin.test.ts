import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCTS, productConfigSchema } from '../domain/products.ts';
import { createAccount } from './accounts.ts';
import { availableBalance, walletSummary } from './margin.ts';
import { placeOrder } from './orders.ts';
import { SimState } from './state.ts';

describe('availableBalance', () => {
  it('is walletSummary’s available with positions and resting orders in several products', () => {
    const state = new SimState(
      DEFAULT_PRODUCTS.map((p) => productConfigSchema.parse(p)),
      {
        slippageBps: 3,
        limitFillChunk: null,
        marketFillParts: 1,
        partStepBps: 0,
        restFillsLagMs: 0,
        clientOrderIdLookup: 'any',
      },
    );
    const { userId } = createAccount(state, { balances: { USD: '250000' } });
    const account = state.account(userId);
    const order = (symbol: string, side: 'buy' | 'sell', size: number, limit: string | null) =>
      placeOrder(state, account, {
        product: state.productBySymbol(symbol),
        side,
        orderType: limit === null ? 'market_order' : 'limit_order',
        size,
        limitPrice: limit === null ? null : new Decimal(limit),
        timeInForce: limit === null ? 'ioc' : 'gtc',
        postOnly: false,
        reduceOnly: false,
        clientOrderId: null,
      });
    const check = () =>
      expect(availableBalance(state, account, 'USD').toString()).toBe(
        walletSummary(state, account, 'USD').available.toString(),
      );
    check();
    order('BTCUSD', 'buy', 30, null);
    check();
    order('ETHUSD', 'sell', 12, null);
    order('BTCUSD', 'buy', 5, '1000');
    order('ETHUSD', 'buy', 20, '10');
    check();
    order('BTCUSD', 'sell', 45, null);
    check();
    expect(walletSummary(state, account, 'USD').orderMargin.isZero()).toBe(false);
  });
});
