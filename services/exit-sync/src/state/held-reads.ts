import type { ReconcileDeps } from '../handlers/reconcile-deps.ts';
import { parseMemory, type SyncMemory } from './sync-memory.ts';

export interface HeldReads {
  /** The follower book of the symbol (targets, seqs, total). */
  book: Record<string, string>;
  memory: SyncMemory;
  /** Legs waiting in the symbol's outbox. */
  queued: number;
}

const toRecord = (flat: string[]) => {
  const record: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) record[flat[i]!] = flat[i + 1]!;
  return record;
};

/**
 * What a reconcile reads of one follower position in Redis once its drain lock is held, in one script
 * call: three commands took three round trips, and an ioredis pipeline costs more CPU to build than
 * the commands themselves.
 */
export async function readHeld(
  deps: ReconcileDeps,
  followerAccountId: string,
  symbol: string,
): Promise<HeldReads> {
  const [book, memory, queued] = await deps.scripts.readHeld(
    deps.keys.followerBook(followerAccountId, symbol),
    deps.keys.syncState(followerAccountId, symbol),
    deps.keys.orderOutbox(followerAccountId, symbol),
  );
  return { book: toRecord(book), memory: parseMemory(toRecord(memory)), queued };
}
