import type { WebhookEndpoint } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { webhookSecretBinding } from '@copytrade/webhooks';

/**
 * The secrets that sign for an endpoint now: its current one, and after a rotation the previous one
 * until its overlap ends. Opened only for the attempt; never logged or put in a job.
 */
export function signingSecrets(vault: Vault, endpoint: WebhookEndpoint, now: Date): string[] {
  const binding = webhookSecretBinding(endpoint.id);
  const secrets = [vault.open(endpoint.secretEnvelope, binding)];
  if (
    endpoint.previousSecretEnvelope !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now
  )
    secrets.push(vault.open(endpoint.previousSecretEnvelope, binding));
  return secrets;
}
