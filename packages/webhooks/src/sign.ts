import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers for one message: one `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * per secret, space-separated, so during a rotation's overlap a receiver holding either secret verifies.
 */
export function signWebhook(input: {
  id: string;
  timestamp: Date;
  body: string;
  /** The current secret first, then the previous one while it still signs. */
  secrets: readonly string[];
}): SignedHeaders {
  if (input.secrets.length === 0) throw new Error('a webhook needs at least one secret to be signed');
  const signatures = input.secrets.map((secret) =>
    new Webhook(secret).sign(input.id, input.timestamp, input.body),
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.timestamp.getTime() / 1_000)),
    'webhook-signature': signatures.join(' '),
  };
}
