import type { api } from '@copytrade/contracts';
import { describe, expect, it } from 'vitest';
import type { ReplayFrom } from './audit-replay.ts';
import type { LiveHub, LiveListener } from './live-hub.ts';
import { openLiveStream } from './live-stream.ts';

const account = '3f7c0a9e-2c41-4d1e-9a55-0b8f6e1d2c33';
const event = (seq: number): api.LiveEvent => ({
  seq,
  eventId: `e${seq}`,
  type: 'sync.corrected',
  occurredAt: new Date(0).toISOString(),
  correlationId: null,
  accountId: account,
  payload: { followerAccountId: account },
});

function fakeHub(): LiveHub & { deliver(e: api.LiveEvent): void } {
  const listeners = new Set<LiveListener>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return listeners.size;
    },
    deliver(e) {
      for (const listener of listeners) listener(e);
    },
  };
}

describe('openLiveStream', () => {
  it('holds live events during the replay and drops those it covered: no gap, no duplicate at the seam', async () => {
    const live = fakeHub();
    const sent: number[] = [];
    // Events 11 and 12 are committed (so in the replay) and published while the replay reads;
    // 13 is committed after the read.
    const replay = async (_audience: unknown, from: ReplayFrom) => {
      expect(from).toEqual({ afterSeq: 10, newest: 1_000 });
      live.deliver(event(11));
      live.deliver(event(12));
      live.deliver(event(13));
      return [event(11), event(12)];
    };
    const replayedCounts: Array<{ count: number; sentBefore: number }> = [];
    const stop = await openLiveStream(
      { live, replay },
      { everything: true },
      { afterSeq: 10, newest: 1_000 },
      (e) => sent.push(e.seq),
      (count) => replayedCounts.push({ count, sentBefore: sent.length }),
    );
    live.deliver(event(14));
    expect(sent).toEqual([11, 12, 13, 14]);
    // Told once, right after the stored events and before the held live one.
    expect(replayedCounts).toEqual([{ count: 2, sentBefore: 2 }]);
    stop();
    live.deliver(event(15));
    expect(sent).toEqual([11, 12, 13, 14]);
    expect(live.size).toBe(0);
  });

  it('starts a new stream with the newest stored events, then the live ones after them, none twice', async () => {
    const live = fakeHub();
    const sent: number[] = [];
    // Event 7 is stored and published while the newest are read; 8 comes after the read.
    const replay = async (_audience: unknown, from: ReplayFrom) => {
      expect(from).toEqual({ afterSeq: 0, newest: 3 });
      live.deliver(event(7));
      live.deliver(event(8));
      return [event(5), event(6), event(7)];
    };
    const counts: number[] = [];
    const stop = await openLiveStream(
      { live, replay },
      { everything: true },
      { afterSeq: 0, newest: 3 },
      (e) => sent.push(e.seq),
      (count) => counts.push(count),
    );
    live.deliver(event(9));
    expect(sent).toEqual([5, 6, 7, 8, 9]);
    expect(counts).toEqual([3]);
    stop();
  });

  it('sends only live events without a Last-Event-ID, and only those the audience may see', async () => {
    const live = fakeHub();
    const sent: string[] = [];
    const replay = async () => {
      throw new Error('no replay without a Last-Event-ID');
    };
    const audience = { everything: false as const, accountIds: new Set([account]) };
    const stop = await openLiveStream({ live, replay }, audience, undefined, (e) => sent.push(e.eventId));
    live.deliver(event(1));
    live.deliver({ ...event(2), accountId: null, payload: { masterAccountId: account } });
    live.deliver({ ...event(3), accountId: null, payload: { followerAccountId: 'someone-else' } });
    live.deliver({ ...event(4), type: 'copy.stale' });
    expect(sent).toEqual(['e1', 'e2']);
    stop();
  });
});
