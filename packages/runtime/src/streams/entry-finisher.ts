import { createGroupCommit } from '../batching/group-commit.ts';
import type { Redis } from '../redis/create-redis.ts';

/** Ids acknowledged and deleted by one pair of commands at most. */
const MAX_IDS = 1_000;

/**
 * Finishes a consumer group's entries: each is acknowledged and deleted, so what the stream holds is
 * what is still to be handled. The entries finished in the same turn (a fan-out's kicks, drained side
 * by side) go in one `XACK` and one `XDEL`, and those finished while that pair runs in the next: at
 * 1,000 followers a few commands instead of 2,000. Resolves once the entry's pair ran.
 */
export function entryFinisher(redis: Redis, streamKey: string, group: string): (id: string) => Promise<void> {
  const finish = createGroupCommit<string, void>({
    maxBatch: MAX_IDS,
    async commit(ids) {
      await Promise.all([redis.xack(streamKey, group, ...ids), redis.xdel(streamKey, ...ids)]);
      return ids.map(() => undefined);
    },
  });
  return (id) => finish.submit(id);
}
