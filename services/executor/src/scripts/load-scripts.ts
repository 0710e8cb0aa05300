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
  /** `settle-head-3.lua`: pop, take back what will never trade, drop dependents (their entries). */
  settleHead(input: SettleHead): Promise<{ popped: boolean; dropped: string[] }>;
  /** Holds an account until `untilMs` (or a later hold already set); returns the hold in force. */
  holdRateLimit(key: string, untilMs: number, ttlMs: number): Promise<number>;
  /** `settle-resting-2.lua`: forgets a resting order and takes back its remainder; false if already forgotten. */
  settleResting(input: SettleResting): Promise<boolean>;
  /** `begin-drain-5.lua`: the rate-limit hold, the drain lock, the head, the kill switch, in one step. */
  beginDrain(input: BeginDrain): Promise<DrainStart>;
  /** `peek-head-4.lua`: the next head with the kill switch; releases the lock when the outbox is empty. */
  peekHead(input: PeekHead): Promise<NextHead>;
}

export interface BeginDrain {
  rateLimitHold: string;
  lock: string;
  outbox: string;
  killSwitch: string;
  resting: string;
  token: string;
  ttlMs: number;
  nowMs: number;
}

/** How a drain starts: held (rate limit, until epoch ms), busy (locked, by whom), empty, killed, or ready with the lock. */
export type DrainStart =
  | { state: 'held'; untilMs: number }
  | { state: 'busy'; holder: string }
  | { state: 'empty' | 'killed' }
  | { state: 'ready'; head: string; restingCount: number };

export interface PeekHead {
  outbox: string;
  killSwitch: string;
  resting: string;
  lock: string;
  /** This drainer's token: an empty outbox releases the lock in the same step; '' keeps it. */
  releaseToken: string;
}

export interface NextHead {
  head: string | null;
  killed: boolean;
  restingCount: number;
  /** The lock was released (the outbox was empty and the lock still this drainer's). */
  released: boolean;
}

export interface SettleResting {
  /** The follower's resting orders on the symbol. */
  resting: string;
  book: string;
  clientOrderId: string;
  followId: string | null;
  /** Signed contracts to take back out of the follow's target and the total. */
  takeBack: number;
}

export interface SettleHead {
  outbox: string;
  book: string;
  /** Where a dead-lettered head goes. */
  dead: string;
  /** Move the head to `dead` instead of dropping it. */
  deadLetter?: boolean;
  /** The head entry to pop, or '' to pop nothing. */
  entry: string;
  followId: string | null;
  /** Signed contracts to take back out of the follow's target and the total. */
  takeBack: number;
  /** Drop the legs that depend on this client order id. */
  dropDependentsOf: string | null;
  /** Forget what the follow's target was decided on, so exit-sync has it decided again. */
  redecide?: boolean;
}

type Command = (...args: (string | number)[]) => Promise<number>;

export function loadScripts(redis: Redis): ExecutorScripts {
  redis.defineCommand('ctExecRenewLock', { numberOfKeys: 1, lua: lua('./renew-lock-1.lua') });
  redis.defineCommand('ctExecReleaseLock', { numberOfKeys: 1, lua: lua('./release-lock-1.lua') });
  redis.defineCommand('ctExecTakeOverLock', { numberOfKeys: 2, lua: lua('./take-over-lock-2.lua') });
  redis.defineCommand('ctExecPopHead', { numberOfKeys: 1, lua: lua('./pop-head-1.lua') });
  redis.defineCommand('ctExecDeadLetterHead', { numberOfKeys: 2, lua: lua('./dead-letter-head-2.lua') });
  redis.defineCommand('ctExecSettleHead', { numberOfKeys: 3, lua: lua('./settle-head-3.lua') });
  redis.defineCommand('ctExecHoldRateLimit', { numberOfKeys: 1, lua: lua('./hold-rate-limit-1.lua') });
  redis.defineCommand('ctExecSettleResting', { numberOfKeys: 2, lua: lua('./settle-resting-2.lua') });
  redis.defineCommand('ctExecBeginDrain', { numberOfKeys: 5, lua: lua('./begin-drain-5.lua') });
  redis.defineCommand('ctExecPeekHead', { numberOfKeys: 4, lua: lua('./peek-head-4.lua') });
  const call = redis as unknown as Record<string, Command>;
  const settle = call as unknown as Record<
    string,
    (...args: (string | number)[]) => Promise<[number, ...string[]]>
  >;
  const replies = call as unknown as Record<
    string,
    (...args: (string | number)[]) => Promise<(string | number | null)[]>
  >;
  return {
    renewLock: async (key, token, ttlMs) => (await call.ctExecRenewLock!(key, token, ttlMs)) === 1,
    releaseLock: async (key, token) => (await call.ctExecReleaseLock!(key, token)) === 1,
    takeOverLock: async (key, holderAlive, seen, token, ttlMs) =>
      (await call.ctExecTakeOverLock!(key, holderAlive, seen, token, ttlMs)) === 1,
    popHead: async (outbox, entry) => (await call.ctExecPopHead!(outbox, entry)) === 1,
    deadLetterHead: async (outbox, dead, entry) =>
      (await call.ctExecDeadLetterHead!(outbox, dead, entry)) === 1,
    async settleHead(s) {
      const [popped, ...dropped] = await settle.ctExecSettleHead!(
        s.outbox,
        s.book,
        s.dead,
        s.entry,
        s.followId ?? '',
        s.takeBack,
        s.dropDependentsOf ?? '',
        s.deadLetter ? '1' : '0',
        s.redecide ? '1' : '0',
      );
      return { popped: popped === 1, dropped };
    },
    holdRateLimit: (key, untilMs, ttlMs) => call.ctExecHoldRateLimit!(key, untilMs, ttlMs),
    settleResting: async (s) =>
      (await call.ctExecSettleResting!(s.resting, s.book, s.clientOrderId, s.followId ?? '', s.takeBack)) ===
      1,
    async beginDrain(b) {
      const [state, head, restingCount] = await replies.ctExecBeginDrain!(
        b.rateLimitHold,
        b.lock,
        b.outbox,
        b.killSwitch,
        b.resting,
        b.token,
        b.ttlMs,
        b.nowMs,
      );
      if (state === 'held') return { state, untilMs: Number(head) };
      if (state === 'ready') return { state, head: String(head), restingCount: Number(restingCount) };
      if (state === 'busy') return { state, holder: String(head) };
      if (state === 'empty' || state === 'killed') return { state };
      throw new Error(`begin-drain answered ${String(state)}`);
    },
    async peekHead(p) {
      const [head, killed, restingCount, released] = await replies.ctExecPeekHead!(
        p.outbox,
        p.killSwitch,
        p.resting,
        p.lock,
        p.releaseToken,
      );
      return {
        head: typeof head === 'string' ? head : null,
        killed: killed === 1,
        restingCount: Number(restingCount),
        released: released === 1,
      };
    },
  };
}
