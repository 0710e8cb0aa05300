import { describe, expect, it } from 'vitest';
import { mapperEnvSchema } from './config.ts';

describe('mapper env: wallet streams', () => {
  const streams = mapperEnvSchema.shape.WALLET_STREAMS;
  const idle = mapperEnvSchema.shape.WALLET_STREAM_IDLE_MS;

  it('reads true and false, off when unset', () => {
    expect(streams.parse('true')).toBe(true);
    expect(streams.parse('false')).toBe(false);
    expect(streams.parse(undefined)).toBe(false);
    expect(idle.parse(undefined)).toBe(900_000);
    expect(idle.parse('60000')).toBe(60_000);
  });

  it('refuses anything else with a clear error', () => {
    const wrong = streams.safeParse('yes');
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toMatch(/"true"|"false"/);
    expect(idle.safeParse('500').success).toBe(false);
    expect(idle.safeParse('soon').success).toBe(false);
  });
});

describe('mapper env: deferred reloads', () => {
  const defer = mapperEnvSchema.shape.COPY_PATH_DEFER_MAX_MS;

  it('waits up to 2 s per burst unless told, 0 reloading at once', () => {
    expect(defer.parse(undefined)).toBe(2_000);
    expect(defer.parse('0')).toBe(0);
    expect(defer.parse('500')).toBe(500);
  });

  it('refuses a negative, fractional, huge or non-numeric wait', () => {
    for (const bad of ['-1', '1.5', '60001', 'later']) expect(defer.safeParse(bad).success).toBe(false);
  });
});

describe('mapper env: batches in flight', () => {
  const inFlight = mapperEnvSchema.shape.MAPPER_BATCHES_IN_FLIGHT;

  it('decides two batches of a fill at once unless told', () => {
    expect(inFlight.parse(undefined)).toBe(2);
    expect(inFlight.parse('8')).toBe(8);
  });

  it('refuses none, too many, or not a number', () => {
    for (const bad of ['0', '65', '1.5', 'many']) expect(inFlight.safeParse(bad).success).toBe(false);
  });
});
