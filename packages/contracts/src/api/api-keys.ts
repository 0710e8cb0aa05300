import { z } from 'zod';
import { uuid } from '../primitives.ts';

/** An API key as listed: its public prefix, never its secret or the secret's hash. */
export const apiKey = z
  .object({
    id: uuid,
    userId: uuid,
    name: z.string(),
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKey>;

/** The answer to creating a key: the only time the full key (`ct_<prefix>_<secret>`) is shown. */
export const createdApiKey = apiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Admins only: create the key for another user. */
  userId: uuid.optional(),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

export const apiKeyParams = z.object({ id: uuid });
export const apiKeyListQuery = z.strictObject({
  /** Operators and admins: only this user's keys. */
  userId: uuid.optional(),
});
export const apiKeyList = z.object({ apiKeys: z.array(apiKey) });
