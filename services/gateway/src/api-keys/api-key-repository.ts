import type { api } from '@copytrade/contracts';
import type { ApiKey, Db, User } from '@copytrade/db';
import { generateApiKey } from '../auth/api-key-token.ts';

/** A key as the API lists it: prefix and times, never the secret or its hash. */
export function toApiKey(key: ApiKey): api.ApiKey {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key; the full key is returned here once and never stored. */
export async function createApiKey(
  db: Db,
  userId: string,
  name: string,
): Promise<{ row: ApiKey; key: string }> {
  const generated = generateApiKey();
  const row = await db.apiKey.create({
    data: { userId, name, prefix: generated.prefix, secretHash: generated.secretHash },
  });
  return { row, key: generated.key };
}

export function listApiKeys(db: Db, userId?: string): Promise<ApiKey[]> {
  return db.apiKey.findMany({
    where: userId === undefined ? {} : { userId },
    orderBy: { createdAt: 'asc' },
  });
}

export function findApiKey(db: Db, id: string): Promise<ApiKey | null> {
  return db.apiKey.findUnique({ where: { id } });
}

export function findApiKeyByPrefix(db: Db, prefix: string): Promise<(ApiKey & { user: User }) | null> {
  return db.apiKey.findUnique({ where: { prefix }, include: { user: true } });
}

/** Revoking twice keeps the first revocation time. */
export async function revokeApiKey(db: Db, id: string, at: Date): Promise<ApiKey> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return db.apiKey.findUniqueOrThrow({ where: { id } });
}

/** Last-used time at a minute's resolution: a busy key costs one write a minute, not one per request. */
export async function touchApiKey(db: Db, key: ApiKey, now: Date): Promise<void> {
  if (key.lastUsedAt !== null && now.getTime() - key.lastUsedAt.getTime() < 60_000) return;
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
}
