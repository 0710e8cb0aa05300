import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCTS, productConfigSchema } from '../domain/products.ts';
import { roundToTick } from './position-math.ts';
import { SimState } from './state.ts';
import { averagePrice, takerParts, takerPrice } from './taker-fills.ts';

function freshState(): SimState {
  return new SimState(
    DEFAULT_PRODUCTS.map((p) => productConfigSchema.parse(p)),
    {
      slippageBps: 0,
      limitFillChunk: null,
      marketFillParts: 1,
      partStepBps: 0,
      restFillsLagMs: 0,
      clientOrderIdLookup: 'any',
    },
  );
}

/** The taker price worked out from scratch, as before prices were cached per mark. */
function expected(mark: Decimal, tick: Decimal, side: 'buy' | 'sell', bps: number): string {
  const move = new Decimal(bps).div(10_000);
  const raw = mark.mul(side === 'buy' ? move.add(1) : new Decimal(1).sub(move));
  return Decimal.max(roundToTick(raw, tick), tick).toString();
}

describe('taker prices (cached per mark)', () => {
  it('follow the mark when it moves', () => {
    const state = freshState();
    const product = state.productBySymbol('BTCUSD');
    for (const mark of ['60000', '60000.5', '59000', '60000']) {
      product.mark = new Decimal(mark);
      for (const side of ['buy', 'sell'] as const) {
        expect(takerPrice(state, product, side, null).toString()).toBe(
          expected(product.mark, product.tickSize, side, 0),
        );
      }
    }
  });

  it('follow a change of slippage and of the part step at the same mark', () => {
    const state = freshState();
    const product = state.productBySymbol('ETHUSD');
    for (const slippageBps of [0, 10, 2.5, 0]) {
      state.matching = { ...state.matching, slippageBps, marketFillParts: 3, partStepBps: 0 };
      expect(takerPrice(state, product, 'buy', null).toString()).toBe(
        expected(product.mark, product.tickSize, 'buy', slippageBps),
      );
      for (const partStepBps of [0, 1, 0.1]) {
        state.matching = { ...state.matching, partStepBps };
        const parts = takerParts(state, product, 'sell', 7, null);
        expect(parts.map((p) => [p.size, p.price.toString()])).toEqual(
          [3, 2, 2].map((size, i) => [
            size,
            expected(
              product.mark,
              product.tickSize,
              'sell',
              new Decimal(partStepBps).mul(i).add(slippageBps).toNumber(),
            ),
          ]),
        );
      }
    }
  });

  it('keep products apart and stay within a limit', () => {
    const state = freshState();
    const btc = state.productBySymbol('BTCUSD');
    const eth = state.productBySymbol('ETHUSD');
    // One mark object on two products of different ticks (0.5 and 0.05).
    const shared = new Decimal('3000.1');
    btc.mark = shared;
    eth.mark = shared;
    expect(takerPrice(state, btc, 'buy', null).toString()).toBe(expected(shared, btc.tickSize, 'buy', 0));
    expect(takerPrice(state, eth, 'buy', null).toString()).toBe(expected(shared, eth.tickSize, 'buy', 0));
    state.matching = { ...state.matching, slippageBps: 50 };
    expect(takerPrice(state, eth, 'buy', new Decimal('3001')).toString()).toBe('3001');
    expect(takerPrice(state, eth, 'sell', new Decimal('2999')).toString()).toBe('2999');
  });
});

describe('averagePrice', () => {
  /** The size-weighted average worked out in full, as for several parts. */
  function reference(price: string, size: number): string {
    return new Decimal(0).add(new Decimal(price).mul(size)).div(size).toString();
  }

  it('gives one part’s price exactly as the full computation, also where the product would round', () => {
    const prices = [
      '60000.5',
      '0.001',
      '123456789.123456789',
      '1.2345678901234567891',
      '98765432109876543210.5',
    ];
    const sizes = [1, 3, 7, 1_000_000, 123_456_789_012];
    for (const price of prices) {
      for (const size of sizes) {
        expect(averagePrice([{ size, price: new Decimal(price) }]).toString(), `${price} × ${size}`).toBe(
          reference(price, size),
        );
      }
    }
  });
});
