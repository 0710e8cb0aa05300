import { describe, expect, it } from 'vitest';
import { cancelOrderBody, placeOrderBody, placeOrderInputSchema, validateInput } from './order-input.ts';

describe('order input', () => {
  it('maps a place-order input to Delta field names', () => {
    const input = placeOrderInputSchema.parse({
      productId: 27,
      size: 3,
      side: 'buy',
      orderType: 'limit_order',
      limitPrice: '100.5',
      reduceOnly: true,
      clientOrderId: 'abc',
    });
    expect(placeOrderBody(input)).toEqual({
      product_id: 27,
      size: 3,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '100.5',
      reduce_only: true,
      client_order_id: 'abc',
    });
  });

  it('refuses bad input before sending', () => {
    const bad = [
      { productId: 27, size: 0, side: 'buy', orderType: 'market_order' },
      { productId: 27, size: 1, side: 'buy', orderType: 'limit_order' },
      { productId: 27, size: 1, side: 'buy', orderType: 'market_order', clientOrderId: 'x'.repeat(33) },
      { productId: 27, productSymbol: 'BTCUSD', size: 1, side: 'buy', orderType: 'market_order' },
    ];
    for (const input of bad) {
      expect(() => validateInput(placeOrderInputSchema, input, 'POST', '/v2/orders')).toThrow(
        expect.objectContaining({ kind: 'rejected', code: 'invalid_request' }),
      );
    }
  });

  it('sends numeric order ids as integers when cancelling', () => {
    expect(cancelOrderBody({ id: '42', productId: 27 })).toEqual({ id: 42, product_id: 27 });
    expect(cancelOrderBody({ clientOrderId: 'c1', productId: 27 })).toEqual({
      client_order_id: 'c1',
      product_id: 27,
    });
  });
});
