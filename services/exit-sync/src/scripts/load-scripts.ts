import { readFileSync } from 'node:fs';
import type { Redis } from '@copytrade/runtime';

const lua = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

/** Exit-sync's Lua scripts (EVALSHA, loaded on first use). */
export interface ExitSyncScripts {
  appendCorrection(outbox: string, legs: string[]): Promise<boolean>;
  initBook(book: string, position: number, followId: string): Promise<boolean>;
  dropFollow(book: string, followId: string): Promise<number>;
  releaseLock(key: string, token: string): Promise<boolean>;
  /** A position's book, sync memory (flat field/value lists) and outbox length. */
  readHeld(book: string, memory: string, outbox: string): Promise<[string[], string[], number]>;
}

type Command = (...args: (string | number)[]) => Promise<number>;

export function loadScripts(redis: Redis): ExitSyncScripts {
  redis.defineCommand('ctSyncAppendCorrection', { numberOfKeys: 1, lua: lua('./append-correction-1.lua') });
  redis.defineCommand('ctSyncInitBook', { numberOfKeys: 1, lua: lua('./init-book-1.lua') });
  redis.defineCommand('ctSyncDropFollow', { numberOfKeys: 1, lua: lua('./drop-follow-1.lua') });
  redis.defineCommand('ctSyncReleaseLock', { numberOfKeys: 1, lua: lua('./release-lock-1.lua') });
  redis.defineCommand('ctSyncReadHeld', { numberOfKeys: 3, lua: lua('./read-held-3.lua') });
  const call = redis as unknown as Record<string, Command>;
  return {
    appendCorrection: async (outbox, legs) => (await call.ctSyncAppendCorrection!(outbox, ...legs)) === 1,
    initBook: async (book, position, followId) =>
      (await call.ctSyncInitBook!(book, position, followId)) === 1,
    dropFollow: (book, followId) => call.ctSyncDropFollow!(book, followId),
    releaseLock: async (key, token) => (await call.ctSyncReleaseLock!(key, token)) === 1,
    readHeld: async (book, memory, outbox) =>
      (await call.ctSyncReadHeld!(book, memory, outbox)) as unknown as [string[], string[], number],
  };
}
