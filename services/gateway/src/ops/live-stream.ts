import type { api } from '@copytrade/contracts';
import type { ReplayFrom } from './audit-replay.ts';
import { type Audience, mayReceive } from './live-audience.ts';
import type { LiveHub } from './live-hub.ts';

export interface LiveStreamDeps {
  live: LiveHub;
  /** The stored events the audience may see, oldest first (`replayAfter`). */
  replay(audience: Audience, from: ReplayFrom): Promise<api.LiveEvent[]>;
}

/**
 * Sends the caller what it may see: first the stored events `from` asks for (when resuming, those
 * after its Last-Event-ID; on a page's first load, the newest few), then live ones. Live events are
 * held while the database is read, and those the replay already covered (seq at or below its last)
 * are dropped, so the seam has neither gap nor duplicate.
 * `onReplayed` hears, after the replay was sent, how many stored events it held (a page says so).
 * Returns the function that unsubscribes.
 */
export async function openLiveStream(
  deps: LiveStreamDeps,
  audience: Audience,
  from: ReplayFrom | undefined,
  send: (event: api.LiveEvent) => void,
  onReplayed?: (count: number) => void,
): Promise<() => void> {
  let held: api.LiveEvent[] | null = from === undefined ? null : [];
  let seam = from?.afterSeq ?? 0;
  const stop = deps.live.listen((event) => {
    if (!mayReceive(audience, event)) return;
    if (held) held.push(event);
    else if (event.seq > seam) send(event);
  });
  if (from === undefined) return stop;
  try {
    const replayed = await deps.replay(audience, from);
    for (const event of replayed) send(event);
    onReplayed?.(replayed.length);
    seam = Math.max(seam, replayed.at(-1)?.seq ?? 0);
    const waiting = held ?? [];
    held = null;
    for (const event of waiting) if (event.seq > seam) send(event);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
