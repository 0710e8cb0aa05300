import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { baseEnvSchema } from './env-schema.ts';
import { ConfigError, loadConfig } from './load-config.ts';

const schema = baseEnvSchema.extend({
  VAULT_KEYS: z.string().min(10),
  EXECUTOR_CONCURRENCY: z.coerce.number().int().min(1),
});

describe('loadConfig', () => {
  it('applies defaults for the local servers', () => {
    const config = loadConfig(schema, { VAULT_KEYS: 'k1:abcdefghijkl', EXECUTOR_CONCURRENCY: '4' });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.EXECUTOR_CONCURRENCY).toBe(4);
    expect(config.QUEUE_PREFIX).toBe('copytrade');
  });

  it('names every offending variable in one error', () => {
    const attempt = () =>
      loadConfig(schema, { REDIS_URL: 'http://nope', EXECUTOR_CONCURRENCY: 'zero', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).variables.sort()).toEqual(
        ['EXECUTOR_CONCURRENCY', 'LOG_LEVEL', 'REDIS_URL', 'VAULT_KEYS'].sort(),
      );
      expect((error as Error).message).toContain('VAULT_KEYS (missing)');
    }
  });

  it('never echoes a received value', () => {
    const canary = 'canary-secret-value-123';
    try {
      loadConfig(schema, { VAULT_KEYS: 'short', DATABASE_URL: canary, EXECUTOR_CONCURRENCY: canary });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(canary);
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });
});
