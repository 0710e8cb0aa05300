import { randomUUID } from 'node:crypto';
import type { api } from '@copytrade/contracts';
import type { Db, PushSubscription } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { pushKeysBinding } from '@copytrade/webhooks';

/** A device as the API shows it: never its push endpoint (a capability) or keys. */
export function toApiDevice(row: PushSubscription): api.PushDevice {
  return {
    id: row.id,
    userAgent: row.userAgent,
    pushService: new URL(row.endpoint).host,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Stores a browser's subscription for the user, its keys sealed to the new row. A browser that
 * subscribes again (new keys, or another user logged in on it) replaces its earlier row: one
 * endpoint, one owner.
 */
export async function savePushDevice(
  db: Db,
  vault: Vault,
  input: { userId: string; body: api.CreatePushSubscriptionBody; userAgent: string | null },
): Promise<PushSubscription> {
  const id = randomUUID();
  const keys = JSON.stringify({ p256dh: input.body.keys.p256dh, auth: input.body.keys.auth });
  const [, row] = await db.$transaction([
    db.pushSubscription.deleteMany({ where: { endpoint: input.body.endpoint } }),
    db.pushSubscription.create({
      data: {
        id,
        userId: input.userId,
        endpoint: input.body.endpoint,
        keysEnvelope: vault.seal(keys, pushKeysBinding(id)),
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
    }),
  ]);
  return row;
}
