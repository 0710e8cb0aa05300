import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../test-support/arbitraries.ts';
import { base62FromBytes } from './base62.ts';
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

  it('never change: a job retried after a deploy must find the order its first run placed', () => {
    // Pinned from the code as it was when these ids first went to exchanges.
    expect(clientOrderId('mf_3f0c_fill-1', '0b5e0d3a-1111-4222-8333-444455556666', 'open')).toBe(
      'cpasS6yOn5zuPAXGWiqzrMaLlKujyiQ2',
    );
    expect(clientOrderId('', 'é\u{1F600}', 'close')).toBe('cpN07QnoIodijpzXgNkkqVQh0BDDC1IO');
    expect(correctionOrderId('follower-1', 'BTCUSD', 'run-1', 'reduce')).toBe(
      'croal24D2YcdO0IM93Hux9BrC8WfIfmm',
    );
  });

  it('are the SHA-256 of the length-prefixed fields, whatever the text', () => {
    const reference = (prefix: string, parts: string[]) =>
      prefix +
      base62FromBytes(
        createHash('sha256')
          .update(`${prefix}|${parts.map((p) => `${p.length}:${p}`).join('|')}`)
          .digest(),
        30,
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'grapheme' }), (a, b, c) => {
        expect(clientOrderId(a, b, c)).toBe(reference('cp', [a, b, c]));
        expect(correctionOrderId(a, b, c, 'open')).toBe(reference('cr', [a, b, c, 'open']));
      }),
      runs,
    );
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
