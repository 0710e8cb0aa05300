import { ConfigError, loadConfig } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import { gatewayEnvSchema } from './config.ts';

const vault = { VAULT_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', VAULT_ACTIVE_KEY_ID: 'k1' };

describe('gateway config', () => {
  it('has defaults for everything outside production', () => {
    const config = loadConfig(gatewayEnvSchema, vault);
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
    expect(() => loadConfig(gatewayEnvSchema, { ...vault, NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET \(required in production\)/,
    );
    try {
      loadConfig(gatewayEnvSchema, {
        ...vault,
        NODE_ENV: 'production',
        SESSION_SECRET: 'short-secret-value',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(['SESSION_SECRET']);
      expect((error as Error).message).not.toContain('short-secret-value');
    }
    const ok = loadConfig(gatewayEnvSchema, {
      ...vault,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:pw@db:5432/copytrade',
      SESSION_SECRET: 'x'.repeat(32),
      COOKIE_SECURE: 'false',
    });
    expect(ok.COOKIE_SECURE).toBe(false);
  });

  it('needs the vault keys, and takes only exchange venues given as rest|ws URL pairs', () => {
    expect(() => loadConfig(gatewayEnvSchema, {})).toThrow(/VAULT_KEYS/);
    const config = loadConfig(gatewayEnvSchema, vault);
    expect(config.EXCHANGE_VENUES.map((v) => v.restUrl)).toEqual([
      'https://api.india.delta.exchange',
      'https://api.delta.exchange',
      'https://cdn-ind.testnet.deltaex.org',
    ]);
    const sim = loadConfig(gatewayEnvSchema, {
      ...vault,
      EXCHANGE_VENUES: 'http://127.0.0.1:8900/|ws://127.0.0.1:8900',
    });
    expect(sim.EXCHANGE_VENUES).toEqual([{ restUrl: 'http://127.0.0.1:8900', wsUrl: 'ws://127.0.0.1:8900' }]);
    for (const bad of ['http://127.0.0.1:8900', 'ftp://x|ws://y', 'not a url|ws://y', ''])
      expect(() => loadConfig(gatewayEnvSchema, { ...vault, EXCHANGE_VENUES: bad })).toThrow(
        /EXCHANGE_VENUES/,
      );
  });
});
