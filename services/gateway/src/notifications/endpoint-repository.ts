import { randomUUID } from 'node:crypto';
import type { api } from '@copytrade/contracts';
import type { Db, WebhookEndpoint } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { generateWebhookSecret, webhookSecretBinding } from '@copytrade/webhooks';

/** An endpoint as the API shows it: never a secret or its envelope. */
export function toApiEndpoint(row: WebhookEndpoint): api.WebhookEndpoint {
  return {
    id: row.id,
    userId: row.userId,
    url: row.url,
    description: row.description,
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Creates the endpoint with a fresh secret, sealed to the endpoint; the secret is returned once. */
export async function createEndpoint(
  db: Db,
  vault: Vault,
  input: { userId: string; url: string; description: string | null },
): Promise<{ row: WebhookEndpoint; secret: string }> {
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const row = await db.webhookEndpoint.create({
    data: { id, ...input, secretEnvelope: vault.seal(secret, webhookSecretBinding(id)) },
  });
  return { row, secret };
}

/**
 * A new secret; the one it replaces keeps signing beside it for `overlapSeconds` (none: it stops at
 * once). The compare on the old envelope makes two rotations at once end with one winner.
 */
export async function rotateSecret(
  db: Db,
  vault: Vault,
  endpoint: WebhookEndpoint,
  overlapSeconds: number,
  now: Date,
): Promise<{ row: WebhookEndpoint | null; secret: string }> {
  const secret = generateWebhookSecret();
  const overlap = overlapSeconds > 0;
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: endpoint.id, secretEnvelope: endpoint.secretEnvelope },
    data: {
      secretEnvelope: vault.seal(secret, webhookSecretBinding(endpoint.id)),
      previousSecretEnvelope: overlap ? endpoint.secretEnvelope : null,
      previousSecretExpiresAt: overlap ? new Date(now.getTime() + overlapSeconds * 1_000) : null,
    },
  });
  const row = count === 1 ? await db.webhookEndpoint.findUnique({ where: { id: endpoint.id } }) : null;
  return { row, secret };
}

export function updateEndpoint(
  db: Db,
  id: string,
  changes: api.UpdateWebhookEndpointBody,
): Promise<WebhookEndpoint> {
  const { status, ...rest } = changes;
  const statusChange =
    status === undefined
      ? {}
      : status === 'active'
        ? { status, disabledReason: null, disabledAt: null, consecutiveFailures: 0 }
        : { status, disabledReason: 'owner' as const, disabledAt: new Date() };
  return db.webhookEndpoint.update({ where: { id }, data: { ...rest, ...statusChange } });
}
