import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';
import { parseMemory, type SyncMemory } from './sync-memory.ts';

export interface HeldReads {
  /** The follower book of the symbol (targets, seqs, total). */
  book: Record<string, string>;
  memory: SyncMemory;
  /** Legs waiting in the symbol's outbox. */
  queued: number;
}

/**
 * What a reconcile reads of one follower position in Redis once its drain lock is held, in one round
 * trip (three commands that each took their own did the same work at three times the syscalls).
 */
export async function readHeld(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
): Promise<HeldReads> {
  const replies = await deps.redis
    .pipeline()
    .hgetall(deps.keys.followerBook(followerAccountId, symbol))
    .hgetall(deps.keys.syncState(followerAccountId, symbol))
    .llen(deps.keys.orderOutbox(followerAccountId, symbol))
    .exec();
  if (replies === null) throw new Error('redis pipeline was discarded');
  for (const [err] of replies) if (err) throw err;
  const [book, memory, queued] = replies.map(([, reply]) => reply) as [
    Record<string, string>,
    Record<string, string>,
    number,
  ];
  return { book, memory: parseMemory(memory), queued };
}
