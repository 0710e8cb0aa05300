import { ConfigError, loadConfig } from '@copytrade/runtime';
import { describe, expect, it } from 'vitest';
import webPush from 'web-push';
import { redactSmtpUrl } from './channels/email/email-transport.ts';
import { notifierEnvSchema } from './config.ts';

const base = { VAULT_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, VAULT_ACTIVE_KEY_ID: 'k1' };

describe('notifier config', () => {
  it('reads the retry schedule as milliseconds, the Standard Webhooks example by default', () => {
    expect(loadConfig(notifierEnvSchema, base).WEBHOOK_RETRY_SCHEDULE_MS).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(
      loadConfig(notifierEnvSchema, { ...base, WEBHOOK_RETRY_SCHEDULE_MS: '100,200' })
        .WEBHOOK_RETRY_SCHEDULE_MS,
    ).toEqual([100, 200]);
  });

  it('names a bad schedule, and refuses more retries than a delivery job may take', () => {
    expect(() => loadConfig(notifierEnvSchema, { ...base, WEBHOOK_RETRY_SCHEDULE_MS: '5s,1m' })).toThrow(
      /WEBHOOK_RETRY_SCHEDULE_MS \(must be comma-separated milliseconds\)/,
    );
    const tooMany = Array.from({ length: 50 }, () => '1').join(',');
    expect(() => loadConfig(notifierEnvSchema, { ...base, WEBHOOK_RETRY_SCHEDULE_MS: tooMany })).toThrow(
      /at most 49 retries/,
    );
  });

  it('refuses private endpoint addresses in production', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      VAULT_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
      DATABASE_URL: 'postgresql://app:pw@db:5432/copytrade',
    };
    expect(loadConfig(notifierEnvSchema, production).WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(() =>
      loadConfig(notifierEnvSchema, { ...production, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }),
    ).toThrow(ConfigError);
    expect(
      loadConfig(notifierEnvSchema, { ...base, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' })
        .WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    ).toBe(true);
  });

  it('reads the email and Web Push settings, and names what is wrong without echoing a value', () => {
    const vapid = webPush.generateVAPIDKeys();
    const config = loadConfig(notifierEnvSchema, {
      ...base,
      EMAIL_SMTP_URL: 'smtps://mailer:hunter2-secret@smtp.example.com:465',
      WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
      WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
    });
    expect(config.EMAIL_SMTP_URL).toBe('smtps://mailer:hunter2-secret@smtp.example.com:465');
    expect(config.EMAIL_DIGEST_WINDOW_MS).toBe(300_000);
    expect(redactSmtpUrl(config.EMAIL_SMTP_URL!)).toBe('smtps://***:***@smtp.example.com:465');
    expect(loadConfig(notifierEnvSchema, base).EMAIL_SMTP_URL).toBeUndefined();

    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(notifierEnvSchema, { ...base, ...env });
      } catch (error) {
        return String(error);
      }
      throw new Error('accepted');
    };
    const bad = refused({ EMAIL_SMTP_URL: 'https://mailer:hunter2-secret@smtp.example.com' });
    expect(bad).toMatch(/EMAIL_SMTP_URL/);
    expect(bad).not.toContain('hunter2-secret');
    expect(refused({ WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey })).toMatch(
      /WEB_PUSH_VAPID_PRIVATE_KEY \(set both VAPID keys, or neither\)/,
    );
    expect(
      refused({ WEB_PUSH_VAPID_PUBLIC_KEY: vapid.privateKey, WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey }),
    ).toMatch(/WEB_PUSH_VAPID_PUBLIC_KEY \(must be an uncompressed P-256 public key \(65 bytes\)\)/);
    expect(refused({ WEB_PUSH_SUBJECT: 'ops@example.com' })).toMatch(/WEB_PUSH_SUBJECT/);
  });
});
