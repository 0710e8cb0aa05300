import { describe, expect, it } from 'vitest';
import { type Emit, routeDataFrame } from './route-message.ts';

function collect() {
  const events: [string, unknown][] = [];
  const emit = ((event: string, value: unknown) => events.push([event, value])) as Emit;
  return { events, emit };
}

describe('routeDataFrame', () => {
  it('turns v2/user_trades into a typed userTrade', () => {
    const { events, emit } = collect();
    const frame = {
      type: 'v2/user_trades',
      sy: 'BTCUSD',
      f: 77,
      R: 'normal',
      u: 5,
      o: '901',
      S: 'buy',
      s: 3,
      p: '65000.5',
      po: 7,
      r: 'taker',
      c: 'cid-1',
      t: '1725865012000000',
      se: 12,
    };
    expect(routeDataFrame('v2/user_trades', frame, emit)).toBe(true);
    expect(events).toEqual([
      [
        'userTrade',
        {
          symbol: 'BTCUSD',
          fillId: '77',
          fillType: 'normal',
          userId: '5',
          orderId: '901',
          side: 'buy',
          size: 3,
          price: '65000.5',
          positionAfter: 7,
          role: 'taker',
          clientOrderId: 'cid-1',
          timestamp: 1725865012000000,
          sequence: 12,
        },
      ],
    ]);
  });

  it('reports an invalid frame instead of throwing', () => {
    const { events, emit } = collect();
    routeDataFrame('v2/user_trades', { type: 'v2/user_trades', sy: 'BTCUSD', s: 1.5 }, emit);
    expect(events).toHaveLength(1);
    expect(events[0]?.[0]).toBe('invalidMessage');
  });

  it('emits one position per snapshot row, then updates', () => {
    const { events, emit } = collect();
    routeDataFrame(
      'positions',
      {
        type: 'positions',
        action: 'snapshot',
        result: [{ product_id: 27, product_symbol: 'BTCUSD', size: 2 }],
      },
      emit,
    );
    routeDataFrame(
      'positions',
      { type: 'positions', action: 'update', symbol: 'BTCUSD', product_id: 27, size: -1 },
      emit,
    );
    expect(events.map(([, value]) => value)).toMatchObject([
      { action: 'snapshot', productSymbol: 'BTCUSD', size: 2 },
      { action: 'update', productSymbol: 'BTCUSD', size: -1 },
    ]);
  });

  it('strips the MARK: prefix from mark prices and ignores unknown channels', () => {
    const { events, emit } = collect();
    routeDataFrame('mark_price', { type: 'mark_price', symbol: 'MARK:BTCUSD', price: '65000' }, emit);
    expect(events).toEqual([['markPrice', { symbol: 'BTCUSD', price: '65000', timestamp: undefined }]]);
    expect(routeDataFrame('l2_orderbook', { type: 'l2_orderbook' }, emit)).toBe(false);
  });

  it('turns a margins update into a wallet event, and refuses one without its balances', () => {
    const { events, emit } = collect();
    routeDataFrame(
      'margins',
      {
        type: 'margins',
        action: 'update',
        asset_id: 3,
        asset_symbol: 'USD',
        balance: '1000.5',
        available_balance: '900.25',
        blocked_margin: '100.25',
        timestamp: 1719397302569921,
        user_id: 1,
      },
      emit,
    );
    routeDataFrame('margins', { type: 'margins', asset_symbol: 'USD', balance: '1' }, emit);
    routeDataFrame(
      'margins',
      { type: 'margins', asset_symbol: 'USD', balance: 'lots', available_balance: '1' },
      emit,
    );
    expect(events[0]).toEqual([
      'wallet',
      {
        assetSymbol: 'USD',
        balance: '1000.5',
        availableBalance: '900.25',
        blockedMargin: '100.25',
        timestamp: 1719397302569921,
      },
    ]);
    expect(events.slice(1).map(([event]) => event)).toEqual(['invalidMessage', 'invalidMessage']);
  });
});
