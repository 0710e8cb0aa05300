import { readFileSync } from 'node:fs';
import type { Redis } from '@copytrade/runtime';

const lua = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

/** The executor's Lua scripts, registered on one connection (EVALSHA, loaded on first use). */
export interface ExecutorScripts {
  renewLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  releaseLock(key: string, token: string): Promise<boolean>;
  /** Replaces the lock value `seen` by `token` if the holder's heartbeat key is gone. */
  takeOverLock(
    key: string,
    holderAlive: string,
    seen: string,
    token: string,
    ttlMs: number,
  ): Promise<boolean>;
  popHead(outbox: string, entry: string): Promise<boolean>;
  deadLetterHead(outbox: string, dead: string, entry: string): Promise<boolean>;
  /** Holds an account until `untilMs` (or a later hold already set); returns the hold in force. */
  holdRateLimit(key: string, untilMs: number, ttlMs: number): Promise<number>;
}

type Command = (...args: (string | number)[]) => Promise<number>;

export function loadScripts(redis: Redis): ExecutorScripts {
  redis.defineCommand('ctExecRenewLock', { numberOfKeys: 1, lua: lua('./renew-lock-1.lua') });
  redis.defineCommand('ctExecReleaseLock', { numberOfKeys: 1, lua: lua('./release-lock-1.lua') });
  redis.defineCommand('ctExecTakeOverLock', { numberOfKeys: 2, lua: lua('./take-over-lock-2.lua') });
  redis.defineCommand('ctExecPopHead', { numberOfKeys: 1, lua: lua('./pop-head-1.lua') });
  redis.defineCommand('ctExecDeadLetterHead', { numberOfKeys: 2, lua: lua('./dead-letter-head-2.lua') });
  redis.defineCommand('ctExecHoldRateLimit', { numberOfKeys: 1, lua: lua('./hold-rate-limit-1.lua') });
  const call = redis as unknown as Record<string, Command>;
  return {
    renewLock: async (key, token, ttlMs) => (await call.ctExecRenewLock!(key, token, ttlMs)) === 1,
    releaseLock: async (key, token) => (await call.ctExecReleaseLock!(key, token)) === 1,
    takeOverLock: async (key, holderAlive, seen, token, ttlMs) =>
      (await call.ctExecTakeOverLock!(key, holderAlive, seen, token, ttlMs)) === 1,
    popHead: async (outbox, entry) => (await call.ctExecPopHead!(outbox, entry)) === 1,
    deadLetterHead: async (outbox, dead, entry) =>
      (await call.ctExecDeadLetterHead!(outbox, dead, entry)) === 1,
    holdRateLimit: (key, untilMs, ttlMs) => call.ctExecHoldRateLimit!(key, untilMs, ttlMs),
  };
}
