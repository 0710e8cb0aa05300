import type { api, RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import { safeJson } from './safe-json.ts';

// The executor checks only that the key exists; its value says who, when and why, for people.
const stored = z.object({ by: z.string(), at: z.string(), reason: z.string() });
const released: api.KillSwitchState = { engaged: false, by: null, at: null, reason: null };

export async function readKillSwitch(redis: Redis, keys: RedisKeys): Promise<api.KillSwitchState> {
  const text = await redis.get(keys.killSwitch());
  if (text === null) return released;
  const parsed = stored.safeParse(safeJson(text));
  // Set by hand with another value: still engaged, whoever set it.
  if (!parsed.success) return { engaged: true, by: null, at: null, reason: text };
  return { engaged: true, ...parsed.data };
}

export async function engageKillSwitch(
  redis: Redis,
  keys: RedisKeys,
  by: string,
  reason: string,
  at: Date,
): Promise<api.KillSwitchState> {
  const value = { by, at: at.toISOString(), reason };
  await redis.set(keys.killSwitch(), JSON.stringify(value));
  return { engaged: true, ...value };
}

/** True when it was engaged. */
export async function releaseKillSwitch(redis: Redis, keys: RedisKeys): Promise<boolean> {
  return (await redis.del(keys.killSwitch())) === 1;
}
