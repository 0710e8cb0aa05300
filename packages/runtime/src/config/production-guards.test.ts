import { randomBytes } from 'node:crypto';
import { developmentVaultKey } from '@copytrade/vault';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { baseEnvSchema } from './env-schema.ts';
import { ConfigError, loadConfig } from './load-config.ts';

const schema = baseEnvSchema.extend({ VAULT_KEYS: z.string().min(1) });
const devKeys = `dev:${developmentVaultKey.toString('base64')}`;
const realKeys = `k2026a:${randomBytes(32).toString('base64')}`;
const password = 'canary-password-4711';
const withPassword = `postgresql://copytrade:${password}@db:5432/copytrade`;

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('production start-up guards', () => {
  it('refuses the public development vault key, naming the variable and not its value', () => {
    const error = refusal({ NODE_ENV: 'production', VAULT_KEYS: devKeys, DATABASE_URL: withPassword });
    expect(error.variables).toEqual(['VAULT_KEYS']);
    expect(error.message).toContain('VAULT_KEYS (holds the public development key');
    expect(error.message).not.toContain(developmentVaultKey.toString('base64'));
  });

  it('refuses a DATABASE_URL without a password (and the default one), never echoing the URL', () => {
    const error = refusal({
      NODE_ENV: 'production',
      VAULT_KEYS: realKeys,
      DATABASE_URL: 'postgresql://svc@db/x',
    });
    expect(error.variables).toEqual(['DATABASE_URL']);
    expect(error.message).not.toContain('svc@db');
    expect(refusal({ NODE_ENV: 'production', VAULT_KEYS: realKeys }).variables).toEqual(['DATABASE_URL']);
  });

  it('names both when both are wrong', () => {
    expect(refusal({ NODE_ENV: 'production', VAULT_KEYS: devKeys }).variables.sort()).toEqual([
      'DATABASE_URL',
      'VAULT_KEYS',
    ]);
  });

  it('accepts real keys and a password in production', () => {
    const config = loadConfig(schema, {
      NODE_ENV: 'production',
      VAULT_KEYS: realKeys,
      DATABASE_URL: withPassword,
    });
    expect(config.NODE_ENV).toBe('production');
  });

  it('lets development and test start with the development key and no password', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadConfig(schema, { NODE_ENV, VAULT_KEYS: devKeys }).DATABASE_URL).toBe(
        'postgresql://postgres@127.0.0.1:5432/copytrade',
      );
    }
    expect(loadConfig(schema, { VAULT_KEYS: devKeys }).NODE_ENV).toBe('development');
  });
});
