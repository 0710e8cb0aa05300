import type { AuditEvent } from '@copytrade/contracts';
import { redisKeys } from '@copytrade/contracts';
import { describe, expect, it } from 'vitest';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { type PositionStatus, reportStatus } from './report-status.ts';

// Ids as the audit payload wants them: a, b and c stand for three follows of one follower.
const id = (c: string) =>
  `0000000${c === 'a' ? 1 : c === 'b' ? 2 : c === 'c' ? 3 : 9}-0000-4000-8000-000000000000`;
const follow = (name: string): FollowView =>
  ({ followId: id(name), masterAccountId: id('m'), followerAccountId: id('f') }) as FollowView;

function stage() {
  const published: AuditEvent[][] = [];
  const writes: Record<string, string>[] = [];
  const deps = {
    keys: redisKeys('t'),
    now: () => 10_000,
    settings: { statusHeartbeatMs: 60_000 },
    metrics: { drift: () => undefined },
    statusEvents: {
      publish: async () => {
        throw new Error('one publish per event');
      },
      publishMany: async (events: AuditEvent[]) => {
        published.push(events);
      },
    },
    redis: {
      hset: async (_key: string, fields: Record<string, string>) => {
        writes.push(fields);
        return 1;
      },
    },
  } as unknown as ReconcileDeps;
  return { deps, published, writes };
}

const status: PositionStatus = {
  followerAccountId: id('f'),
  symbol: 'BTCUSD',
  state: 'in_sync',
  total: 5,
  actual: 5,
  repairs: 0,
  message: null,
  targets: new Map([
    [id('a'), 2],
    [id('b'), 3],
    [id('c'), 0],
  ]),
  value: { entryPrice: null, realizedPnl: null, unrealizedPnl: null },
};

describe('sync status reports', () => {
  it('put the changed statuses of a position in one publish and one write, and skip what is unchanged', async () => {
    const s = stage();
    const memory = {
      repairs: 0,
      backoffUntil: 0,
      // c reported the same key 1 s ago: unchanged within the heartbeat.
      reported: new Map([[id('c'), { key: 'in_sync|0|0|5|5|0', at: 9_000 }]]),
    };
    await reportStatus(s.deps, [follow('a'), follow('b'), follow('c')], memory, status);
    expect(
      s.published.map((events) => events.map((e) => (e.payload as { followId: string }).followId)),
    ).toEqual([[id('a'), id('b')]]);
    expect(s.writes).toEqual([
      { [`r:${id('a')}`]: 'in_sync|0|2|5|5|0@10000', [`r:${id('b')}`]: 'in_sync|0|3|5|5|0@10000' },
    ]);
  });

  it('publish and write nothing when nothing changed', async () => {
    const s = stage();
    const memory = {
      repairs: 0,
      backoffUntil: 0,
      reported: new Map([[id('a'), { key: 'in_sync|0|2|5|5|0', at: 9_000 }]]),
    };
    await reportStatus(s.deps, [follow('a')], memory, status);
    expect(s.published).toEqual([]);
    expect(s.writes).toEqual([]);
  });
});
