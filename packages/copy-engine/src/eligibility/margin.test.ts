import { describe, expect, it } from 'vitest';
import { estimateMargin, marginSkip } from './margin.ts';

// 10 BTCUSD contracts of 0.001 BTC at 60,000 = 600 notional; at 10x leverage 60 of margin,
// plus the 0.05 % taker fee on the notional (0.30) that the exchange also holds back.
const opening = { openingSize: 10, contractValue: '0.001', price: '60000', leverage: '10' };

describe('margin estimate', () => {
  it('adds the taker fee on the notional to the initial margin', () => {
    expect(estimateMargin(10, '0.001', '60000', '10').toFixed()).toBe('60');
    expect(estimateMargin(10, '0.001', '60000', '10', '0.0005').toFixed()).toBe('60.3');
  });

  it('skips an opening the balance covers in margin but not with its fee', () => {
    const skip = marginSkip({ ...opening, availableBalance: '60.15', takerCommissionRate: '0.0005' });
    expect(skip).toMatchObject({ ok: false, reason: 'insufficient_margin' });
    expect(
      marginSkip({ ...opening, availableBalance: '60.3', takerCommissionRate: '0.0005' }),
    ).toBeUndefined();
  });

  it('needs nothing for a reduction', () => {
    expect(marginSkip({ ...opening, openingSize: 0, availableBalance: '0' })).toBeUndefined();
  });
});
