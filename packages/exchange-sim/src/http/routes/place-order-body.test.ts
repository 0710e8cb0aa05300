import { describe, expect, it } from 'vitest';
import { DeltaError } from '../../engine/errors.ts';
import { createRng } from '../../engine/rng.ts';
import { placeOrderSchema } from './order-schemas.ts';
import { parseWith } from './parse.ts';
import { parsePlaceOrder } from './place-order-body.ts';

// Values each field may take: valid ones, ones zod coerces (strings for numbers and flags), refused ones.
const ABSENT = Symbol('absent');
const variants: Record<string, unknown[]> = {
  size: [ABSENT, 1, 7, 0, -1, 1.5, '3', '0', 'x', 2 ** 53, Number.MAX_SAFE_INTEGER, null, true],
  side: [ABSENT, 'buy', 'sell', 'BUY', '', null, 1],
  order_type: [ABSENT, 'limit_order', 'market_order', 'stop_order', null],
  limit_price: [ABSENT, null, '100', '100.5', '0', '0.0', '1e3', '-1', '.5', 100, 0, '', true],
  time_in_force: [ABSENT, 'gtc', 'ioc', 'fok', null],
  post_only: [ABSENT, true, false, 'true', 'false', 'yes', 1, null],
  reduce_only: [ABSENT, true, false, 'true', 0, null],
  client_order_id: [ABSENT, null, 'c1', '', 'x'.repeat(32), 'x'.repeat(33), 5, 'ü😀'],
  product_id: [ABSENT, 27, '27', 0, -3, 1.5, 2 ** 60, null, 'abc'],
  product_symbol: [ABSENT, 'BTCUSD', '', null, 3],
  extra: [ABSENT, 'ignored', { nested: true }],
};

function refusal(error: unknown) {
  if (!(error instanceof DeltaError)) throw error;
  return { status: error.status, code: error.code, context: error.context };
}

function zodOutcome(input: unknown): { data?: unknown; error?: unknown } {
  try {
    return { data: parseWith(placeOrderSchema, input) };
  } catch (error) {
    return { error: refusal(error) };
  }
}

function fastOutcome(input: unknown): { data?: unknown; error?: unknown } {
  try {
    return { data: parsePlaceOrder(input) };
  } catch (error) {
    return { error: refusal(error) };
  }
}

describe('parsePlaceOrder', () => {
  it('gives what placeOrderSchema gives, or refuses with the same error, for mixed bodies', () => {
    const rng = createRng(42);
    const random = () => rng.next();
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const body: Record<string, unknown> = {};
      for (const [name, values] of Object.entries(variants)) {
        // Mostly valid values, so the plain shape is reached often.
        const value = random() < 0.8 ? pick(values.slice(0, 3)) : pick(values);
        if (value !== ABSENT) body[name] = value;
      }
      const expected = zodOutcome(body);
      if (expected.data) accepted++;
      expect(fastOutcome(body), JSON.stringify(body)).toStrictEqual(expected);
    }
    // Enough accepted bodies that the plain path's output is compared too, not only refusals.
    expect(accepted).toBeGreaterThan(300);
  });

  it('refuses bodies that are not objects as zod does', () => {
    for (const body of [undefined, null, [], 'x', 5, [{ size: 1 }]]) {
      expect(fastOutcome(body)).toStrictEqual(zodOutcome(body));
    }
  });

  it('fills in the defaults of a bare market order', () => {
    expect(
      parsePlaceOrder({ product_id: 27, size: 1, side: 'buy', order_type: 'market_order' }),
    ).toStrictEqual({
      size: 1,
      side: 'buy',
      order_type: 'market_order',
      time_in_force: 'gtc',
      post_only: false,
      reduce_only: false,
      product_id: 27,
    });
  });
});
