import { ConfigError, loadConfig } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import { auditEnvSchema } from './config.ts';

describe('audit config', () => {
  it('holds 32 jobs and appends at most 500 events per transaction by default', () => {
    const config = loadConfig(auditEnvSchema, {});
    expect(config.AUDIT_CONCURRENCY).toBe(32);
    expect(config.AUDIT_BATCH_MAX).toBe(500);
    expect(config.AUDIT_LINGER_MS).toBe(20);
    expect(loadConfig(auditEnvSchema, { AUDIT_LINGER_MS: '0' }).AUDIT_LINGER_MS).toBe(0);
    expect(loadConfig(auditEnvSchema, { AUDIT_BATCH_MAX: '40' }).AUDIT_BATCH_MAX).toBe(40);
  });

  it('names a batch bound or a concurrency that is not a whole number in range', () => {
    expect(() => loadConfig(auditEnvSchema, { AUDIT_BATCH_MAX: '0' })).toThrow(
      /AUDIT_BATCH_MAX \(must be at least 1\)/,
    );
    expect(() => loadConfig(auditEnvSchema, { AUDIT_BATCH_MAX: '5001' })).toThrow(
      /AUDIT_BATCH_MAX \(must be at most 5000\)/,
    );
    expect(() => loadConfig(auditEnvSchema, { AUDIT_BATCH_MAX: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig(auditEnvSchema, { AUDIT_CONCURRENCY: '2.5' })).toThrow(/AUDIT_CONCURRENCY/);
    expect(() => loadConfig(auditEnvSchema, { AUDIT_LINGER_MS: '-1' })).toThrow(/AUDIT_LINGER_MS/);
    expect(() => loadConfig(auditEnvSchema, { AUDIT_LINGER_MS: '1001' })).toThrow(/AUDIT_LINGER_MS/);
  });

  it('needs AUDIT_CHECKPOINT_KEY in production only', () => {
    const base = { DATABASE_URL: 'postgresql://u:p@db/x' };
    const key = 'checkpoint-key-of-this-test-0123456789abcdef';
    expect(() => loadConfig(auditEnvSchema, { ...base, NODE_ENV: 'production' })).toThrow(
      'AUDIT_CHECKPOINT_KEY (AUDIT_CHECKPOINT_KEY is required in production)',
    );
    expect(
      loadConfig(auditEnvSchema, { ...base, NODE_ENV: 'production', AUDIT_CHECKPOINT_KEY: key }).NODE_ENV,
    ).toBe('production');
    expect(loadConfig(auditEnvSchema, { ...base, NODE_ENV: 'test' }).AUDIT_CHECKPOINT_INTERVAL_MS).toBe(
      5_000,
    );
  });
});
