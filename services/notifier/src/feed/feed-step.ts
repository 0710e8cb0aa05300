import type { AuditEventType } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Channel, Notification } from '../channels/channel.ts';
import type { NotifierMetrics } from '../metrics/notifier-metrics.ts';
import { lockCursor, moveCursor } from './feed-cursor.ts';
import type { FeedEvent } from './feed-event.ts';
import { loadSubscribers } from './load-subscribers.ts';
import { matchEvent } from './match-event.ts';

export interface FeedDeps {
  db: Db;
  metrics: NotifierMetrics;
  channels: readonly Channel[];
  cursorName: string;
  batchSize: number;
}

export interface FeedStepResult {
  read: number;
  notifications: number;
}

/**
 * Reads the next stretch of the audit log after the cursor, matches each event against the
 * subscriptions, lets each channel record its notifications, and moves the cursor: all in one
 * transaction. Then the channels start delivering. A crash before the commit reads the stretch
 * again; after it, the recorded deliveries are still pending and the sweep enqueues them.
 *
 * Reading by seq skips nothing: audit appends under one advisory lock held to their commit, so a
 * seq is visible only after every smaller one is.
 */
export async function feedStep(deps: FeedDeps): Promise<FeedStepResult> {
  const { notifications, read } = await deps.db.$transaction(
    async (tx) => {
      const cursor = await lockCursor(tx, deps.cursorName);
      const rows = await tx.auditLog.findMany({
        where: { seq: { gt: cursor } },
        orderBy: { seq: 'asc' },
        take: deps.batchSize,
      });
      if (rows.length === 0) return { notifications: [] as Notification[], read: 0 };
      const subscribers = await loadSubscribers(tx);
      const found: Notification[] = [];
      for (const row of rows) {
        const event: FeedEvent = {
          ...row,
          type: row.type as AuditEventType,
          payload: row.payload as Record<string, unknown>,
        };
        for (const match of matchEvent(event, subscribers)) found.push({ event, match });
      }
      for (const channel of deps.channels) {
        const mine = found.filter((notification) => notification.match.channel === channel.name);
        if (mine.length > 0) await channel.record(tx, mine);
      }
      await moveCursor(tx, deps.cursorName, rows.at(-1)!.seq);
      return { notifications: found, read: rows.length };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  for (const channel of deps.channels) {
    const mine = notifications.filter((notification) => notification.match.channel === channel.name);
    if (mine.length > 0) await channel.dispatch(mine);
  }
  deps.metrics.fed(read, notifications.length);
  return { read, notifications: notifications.length };
}
