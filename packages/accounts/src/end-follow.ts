import type { Db } from '@copytrade/db';

export type UnsubscribeMode = 'close_immediately' | 'close_gracefully' | 'preserve';

/**
 * Ends a follow. Nothing new is opened from now on: `close_immediately` and `close_gracefully`
 * turn it close-only (exit-sync then closes its share at once, or lets it follow its master out),
 * `preserve` freezes it (exit-sync then releases its share of the positions to the owner). Exit-sync
 * stops the follow once it holds nothing. Callers publish the settings-changed event.
 */
export async function endFollow(
  db: Db,
  followId: string,
  mode: UnsubscribeMode,
  at = new Date(),
): Promise<void> {
  await db.follow.update({
    where: { id: followId },
    data: { endedAt: at, unsubscribeMode: mode, status: mode === 'preserve' ? 'frozen' : 'close_only' },
  });
}
