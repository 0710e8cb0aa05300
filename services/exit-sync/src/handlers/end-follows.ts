import { bookFields } from '@copytrade/contracts';
import { followEvent } from './follow-event.ts';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/**
 * Ends what an unsubscribe started: `preserve` releases the follow's share of each position to its
 * owner at once; `close_immediately` (exited by resync) and `close_gracefully` (close-only until its
 * master leaves) stop once the follow holds nothing. Each step is audited.
 */
export async function finishEndedFollows(
  deps: Pick<ReconcileDeps, 'scripts' | 'redis' | 'keys' | 'writes' | 'settingsChanged' | 'audit'>,
  follows: FollowView[],
  symbols: string[],
): Promise<void> {
  for (const f of follows) {
    if (!f.ended || f.status === 'stopped' || f.unsubscribeMode === null) continue;
    const books = symbols.map((symbol) => deps.keys.followerBook(f.followerAccountId, symbol));
    if (f.unsubscribeMode === 'preserve') {
      for (const book of books) await deps.scripts.dropFollow(book, f.followId);
    } else {
      const targets = await Promise.all(
        books.map((book) => deps.redis.hget(book, bookFields.target(f.followId))),
      );
      if (targets.some((t) => t !== null && Number(t) !== 0)) continue;
    }
    // Queued before the stop: a stopped follow is never looked at again, so an exit-sync that died (or
    // whose event was refused) between the two would leave it unaudited. The id is the same each
    // cycle, and a stop another replica made first is just as true.
    await deps.audit.publish(
      followEvent('follow.ended', `follow.ended:${f.followId}:stopped`, f.followerAccountId, {
        followId: f.followId,
        followerAccountId: f.followerAccountId,
        masterAccountId: f.masterAccountId,
        mode: f.unsubscribeMode,
        step: f.unsubscribeMode === 'preserve' ? 'released' : 'stopped',
      }),
    );
    if (await deps.writes.stop(f.followId)) await deps.settingsChanged(f.followId);
  }
}
