import { ConfigError, loadConfig } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import { gatewayEnvSchema } from './config.ts';

describe('gateway config', () => {
  it('has defaults for everything outside production', () => {
    const config = loadConfig(gatewayEnvSchema, {});
    expect(config).toMatchObject({
      GATEWAY_PORT: 3000,
      COOKIE_SECURE: true,
      SESSION_TTL_SECONDS: 28_800,
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_IP_MAX: 120,
      RATE_LIMIT_LOGIN_MAX: 10,
    });
    expect(config.SESSION_SECRET).toBeUndefined();
  });

  it('requires a session secret of 32 characters in production, naming it without its value', () => {
    // A production database URL carries a password (the runtime refuses one without).
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://app:pw@db:5432/copytrade' };
    expect(() => loadConfig(gatewayEnvSchema, production)).toThrow(
      /SESSION_SECRET \(required in production\)/,
    );
    try {
      loadConfig(gatewayEnvSchema, { ...production, SESSION_SECRET: 'short-secret-value' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(['SESSION_SECRET']);
      expect((error as Error).message).not.toContain('short-secret-value');
    }
    const ok = loadConfig(gatewayEnvSchema, {
      ...production,
      SESSION_SECRET: 'x'.repeat(32),
      COOKIE_SECURE: 'false',
    });
    expect(ok.COOKIE_SECURE).toBe(false);
  });
});
