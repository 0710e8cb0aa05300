import { DeltaError } from '@copytrade/delta-client';
import { describe, expect, it } from 'vitest';
import { type BreakerState, countsAsBrokerFailure, createBrokerBreakers } from './broker-breakers.ts';

const fail = (kind: DeltaError['kind']) => new DeltaError({ kind, message: kind });

describe('broker breakers', () => {
  it('count only transport failures and 5xx against the host', () => {
    expect(countsAsBrokerFailure(fail('transient'))).toBe(true);
    expect(countsAsBrokerFailure(fail('unknown_outcome'))).toBe(true);
    for (const kind of ['rejected', 'auth', 'rate_limited'] as const)
      expect(countsAsBrokerFailure(fail(kind))).toBe(false);
    expect(countsAsBrokerFailure(new Error('bug'))).toBe(false);
  });

  it('open per host after repeated failures, refuse until the reset, and leave other hosts alone', async () => {
    const states: [string, BreakerState][] = [];
    const breakers = createBrokerBreakers({
      resetTimeoutMs: 1_000,
      onState: (host, state) => states.push([host, state]),
    });
    for (let i = 0; i < 5; i++) {
      await expect(
        breakers.run('a.test', async () => {
          throw fail('transient');
        }),
      ).rejects.toThrow();
    }
    const until = breakers.refusingUntil('a.test');
    expect(until).toBeGreaterThan(Date.now() + 500);
    await expect(breakers.run('a.test', async () => 1)).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    expect(breakers.refusingUntil('b.test')).toBeNull();
    expect(await breakers.run('b.test', async () => 2)).toBe(2);
    expect(states).toContainEqual(['a.test', 'open']);
    breakers.shutdown();
  });

  it('stay closed under business rejections', async () => {
    const breakers = createBrokerBreakers();
    for (let i = 0; i < 10; i++) {
      await expect(
        breakers.run('c.test', async () => {
          throw fail('rejected');
        }),
      ).rejects.toThrow();
    }
    expect(breakers.refusingUntil('c.test')).toBeNull();
    breakers.shutdown();
  });
});
