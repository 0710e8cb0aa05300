import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from './secret.ts';
import { signWebhook } from './sign.ts';

const body = JSON.stringify({ type: 'copy_placed', data: { size: 3 } });

describe('signWebhook', () => {
  it('signs as Standard Webhooks says: the standardwebhooks package verifies it', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signWebhook({ id: 'evt_1', timestamp: new Date(), body, secrets: [secret] });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('carries one signature per secret during a rotation, each verifiable alone', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook({ id: 'evt_2', timestamp: new Date(), body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous])
      expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('does not verify a changed body or id', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: 'evt_3', timestamp: new Date(), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt_4' })).toThrow();
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook({ id: 'x', timestamp: new Date(), body, secrets: [] })).toThrow(
      /at least one secret/,
    );
  });
});
