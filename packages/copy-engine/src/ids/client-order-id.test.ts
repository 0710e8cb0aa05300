import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../test-support/arbitraries.ts';
import { CLIENT_ORDER_ID_MAX_LENGTH, clientOrderId, correctionOrderId } from './client-order-id.ts';

const shape = /^[A-Za-z0-9]{1,32}$/;

describe('client order ids', () => {
  it('are deterministic, at most 32 alphanumeric characters', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (event, follower, leg) => {
        const id = clientOrderId(event, follower, leg);
        expect(id).toBe(clientOrderId(event, follower, leg));
        expect(id).toMatch(shape);
        expect(id.length).toBeLessThanOrEqual(CLIENT_ORDER_ID_MAX_LENGTH);
        expect(correctionOrderId(follower, event, leg, 'open')).toMatch(shape);
      }),
      runs,
    );
  });

  it('keep field boundaries apart and copies apart from corrections', () => {
    expect(clientOrderId('ab', 'c', 'open')).not.toBe(clientOrderId('a', 'bc', 'open'));
    expect(clientOrderId('a|1:b', 'c', 'open')).not.toBe(clientOrderId('a', 'b|1:c', 'open'));
    expect(clientOrderId('f', 'BTCUSD', 'run1')).not.toBe(correctionOrderId('f', 'BTCUSD', 'run1', ''));
    expect(clientOrderId('fill-1', 'follower-1', 'close')).toMatch(/^cp[A-Za-z0-9]{30}$/);
    expect(correctionOrderId('follower-1', 'BTCUSD', 'run-1', 'close')).toMatch(/^cr[A-Za-z0-9]{30}$/);
  });

  it('do not collide across 100,000 distinct inputs', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      ids.add(clientOrderId(`acct-7:fill-${i}`, `follower-${i % 97}`, i % 2 === 0 ? 'open' : 'close'));
      ids.add(correctionOrderId(`follower-${i % 97}`, 'BTCUSD', `run-${i}`, 'reduce'));
    }
    expect(ids.size).toBe(100_000);
  });

  it('distinct tuples give distinct ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string(), fc.string(), fc.string()), {
          minLength: 2,
          maxLength: 20,
          selector: (t) => JSON.stringify(t),
        }),
        (tuples) => {
          const ids = new Set(tuples.map(([a, b, c]) => clientOrderId(a, b, c)));
          expect(ids.size).toBe(tuples.length);
        },
      ),
      runs,
    );
  });
});
