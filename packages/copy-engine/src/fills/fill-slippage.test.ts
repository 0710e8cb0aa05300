import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyEngineInputError } from '../decimal/copy-engine-input-error.ts';
import { fillSlippageBps } from './fill-slippage.ts';

const price = fc
  .integer({ min: 1, max: 10_000_000 })
  .chain((units) => fc.integer({ min: 0, max: 4 }).map((places) => (units / 10 ** places).toFixed(places)));

describe('fillSlippageBps', () => {
  it.each([
    { side: 'buy', masterPrice: '65000', fillPrice: '65013', bps: 2 },
    { side: 'buy', masterPrice: '65000', fillPrice: '64987', bps: -2 },
    { side: 'sell', masterPrice: '65000', fillPrice: '64987', bps: 2 },
    { side: 'sell', masterPrice: '65000', fillPrice: '65013', bps: -2 },
    { side: 'buy', masterPrice: '100', fillPrice: '100', bps: 0 },
    { side: 'sell', masterPrice: '3', fillPrice: '2.9999', bps: 0.33 },
    { side: 'buy', masterPrice: '0.5', fillPrice: '0.50005', bps: 1 },
  ] as const)('$side at $fillPrice against $masterPrice is $bps bp', (example) => {
    expect(fillSlippageBps(example)).toBe(example.bps);
  });

  it('is positive exactly when the follower paid more on a buy or got less on a sell', () => {
    fc.assert(
      fc.property(price, price, fc.constantFrom('buy', 'sell'), (masterPrice, fillPrice, side) => {
        const bps = fillSlippageBps({ side, masterPrice, fillPrice });
        const dearer = Number(fillPrice) > Number(masterPrice);
        const cheaper = Number(fillPrice) < Number(masterPrice);
        const worse = side === 'buy' ? dearer : cheaper;
        const better = side === 'buy' ? cheaper : dearer;
        if (bps > 0) expect(worse).toBe(true);
        if (bps < 0) expect(better).toBe(true);
        if (!worse && !better) expect(bps).toBe(0);
      }),
    );
  });

  it('is the same size with the opposite sign for the other side', () => {
    fc.assert(
      fc.property(price, price, (masterPrice, fillPrice) => {
        const buy = fillSlippageBps({ side: 'buy', masterPrice, fillPrice });
        const sell = fillSlippageBps({ side: 'sell', masterPrice, fillPrice });
        expect(buy + sell).toBe(0);
      }),
    );
  });

  it('refuses prices that are not positive decimals', () => {
    expect(() => fillSlippageBps({ side: 'buy', masterPrice: '0', fillPrice: '1' })).toThrow(
      CopyEngineInputError,
    );
    expect(() => fillSlippageBps({ side: 'buy', masterPrice: '1', fillPrice: '-1' })).toThrow(/fillPrice/);
    expect(() => fillSlippageBps({ side: 'sell', masterPrice: 'NaN', fillPrice: '1' })).toThrow(
      /masterPrice/,
    );
  });
});
