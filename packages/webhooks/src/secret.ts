import { randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` and the base64 of 32 random bytes (the HMAC key). */
export const webhookSecretPrefix = 'whsec_';

export function generateWebhookSecret(): string {
  return `${webhookSecretPrefix}${randomBytes(32).toString('base64')}`;
}

/**
 * What an endpoint's secret is sealed to in the vault: the endpoint's id under its own namespace,
 * so an envelope copied to another endpoint's row, or to a broker account's, does not open.
 */
export function webhookSecretBinding(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

/** What a browser's push keys (`{ p256dh, auth }` as JSON) are sealed to: one subscription. */
export function pushKeysBinding(subscriptionId: string): string {
  return `push-subscription:${subscriptionId}`;
}
