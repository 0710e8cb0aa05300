import type { NotificationKind } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { generateWebhookSecret, webhookSecretBinding } from '@copytrade/webhooks';
import { randomUUID } from 'node:crypto';

/** An endpoint and its subscription as the gateway stores them (secret sealed to the endpoint). */
export async function seedEndpoint(
  db: Db,
  vault: Vault,
  input: { userId: string; url: string; kinds: NotificationKind[]; followIds?: string[] },
): Promise<{ endpointId: string; secret: string }> {
  const endpointId = randomUUID();
  const secret = generateWebhookSecret();
  await db.webhookEndpoint.create({
    data: {
      id: endpointId,
      userId: input.userId,
      url: input.url,
      secretEnvelope: vault.seal(secret, webhookSecretBinding(endpointId)),
    },
  });
  await db.notificationSubscription.create({
    data: {
      userId: input.userId,
      channel: 'webhook',
      endpointId,
      kinds: input.kinds,
      followIds: input.followIds ?? [],
    },
  });
  return { endpointId, secret };
}
