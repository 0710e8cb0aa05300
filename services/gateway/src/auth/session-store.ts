import { createHash, randomBytes } from 'node:crypto';
import { redisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';

const sessionRecord = z.object({ userId: z.uuid(), csrfToken: z.string(), createdAt: z.number() });
export type SessionRecord = z.infer<typeof sessionRecord>;

export interface SessionStore {
  /** A new session for the user: its id (for the cookie only) and its record. */
  create(userId: string): Promise<{ id: string; record: SessionRecord }>;
  get(id: string): Promise<SessionRecord | undefined>;
  destroy(id: string): Promise<void>;
}

/**
 * Sessions in Redis, shared by every gateway replica, expiring after `ttlSeconds`. Keys hold the
 * SHA-256 of the session id, so whoever reads Redis cannot take over a session.
 */
export function createSessionStore(redis: Redis, prefix: string, ttlSeconds: number): SessionStore {
  const keys = redisKeys(prefix);
  const keyOf = (id: string) => keys.gatewaySession(createHash('sha256').update(id).digest('hex'));
  return {
    async create(userId) {
      const id = randomBytes(32).toString('base64url');
      const record = { userId, csrfToken: randomBytes(32).toString('base64url'), createdAt: Date.now() };
      await redis.set(keyOf(id), JSON.stringify(record), 'EX', ttlSeconds);
      return { id, record };
    },
    async get(id) {
      const text = await redis.get(keyOf(id));
      if (text === null) return undefined;
      const parsed = sessionRecord.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    },
    async destroy(id) {
      await redis.del(keyOf(id));
    },
  };
}
