import { describe, expect, it } from 'vitest';
import { eventLingerEnvSchema } from './event-linger-env.ts';

describe('EVENT_LINGER_MS', () => {
  const linger = eventLingerEnvSchema.shape.EVENT_LINGER_MS;

  it('holds events 10 ms unless told, 0 queueing them at once', () => {
    expect(linger.parse(undefined)).toBe(10);
    expect(linger.parse('0')).toBe(0);
    expect(linger.parse('25')).toBe(25);
  });

  it('refuses a negative, fractional, huge or non-numeric linger', () => {
    for (const bad of ['-1', '2.5', '60001', 'soon']) expect(linger.safeParse(bad).success).toBe(false);
  });
});
