import { describe, expect, it } from 'vitest';
import { balanceSchema } from './balance.ts';
import { decimalSchema, microsSchema } from './common.ts';
import { fillSchema } from './fill.ts';
import { orderSchema } from './order.ts';
import { positionSchema } from './position.ts';
import { productSchema } from './product.ts';

describe('common schemas', () => {
  it('keeps decimals as strings and rejects junk', () => {
    expect(decimalSchema.parse('65000.5')).toBe('65000.5');
    expect(decimalSchema.parse(42)).toBe('42');
    expect(decimalSchema.safeParse('1e5').success).toBe(false);
  });

  it('reads microsecond timestamps from numbers, digit strings and ISO text', () => {
    expect(microsSchema.parse('1725865012000000')).toBe(1725865012000000);
    expect(microsSchema.parse(1725865012000001)).toBe(1725865012000001);
    expect(microsSchema.parse('2024-09-09T06:56:52.123456Z')).toBe(1725865012123456);
    expect(microsSchema.safeParse('yesterday').success).toBe(false);
  });
});

describe('entity schemas', () => {
  it('parses an order into camelCase with integer sizes and string ids', () => {
    const order = orderSchema.parse({
      id: 123,
      user_id: 9,
      size: 10,
      unfilled_size: 4,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '65000',
      reduce_only: false,
      client_order_id: 'cid-1',
      state: 'open',
      created_at: '1725865012000000',
      product_id: 27,
      product_symbol: 'BTCUSD',
      paid_commission: '0.01',
    });
    expect(order).toMatchObject({ id: '123', userId: '9', size: 10, unfilledSize: 4, limitPrice: '65000' });
    expect(order.createdAt).toBe(1725865012000000);
  });

  it('rejects a fractional size', () => {
    const fill = {
      id: 1,
      size: 1.5,
      side: 'sell',
      price: '1',
      created_at: 1,
      product_id: 27,
    };
    expect(fillSchema.safeParse(fill).success).toBe(false);
    expect(fillSchema.parse({ ...fill, size: 2 })).toMatchObject({ id: '1', size: 2, fillType: 'normal' });
  });

  it('parses products, positions and balances', () => {
    expect(
      productSchema.parse({
        id: 27,
        symbol: 'BTCUSD',
        contract_type: 'perpetual_futures',
        contract_value: '0.001',
        tick_size: '0.5',
        settling_asset: { symbol: 'USD' },
      }),
    ).toMatchObject({ id: 27, contractValue: '0.001', settlingAsset: 'USD' });
    expect(positionSchema.parse({ size: -3, entry_price: '100', product_id: 27 })).toMatchObject({
      size: -3,
    });
    expect(
      balanceSchema.parse({ asset_symbol: 'USD', balance: '100.5', available_balance: '90' })
        .availableBalance,
    ).toBe('90');
  });
});
