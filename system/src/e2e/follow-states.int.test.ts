import { channels } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// A paused follow never strands a position: close-only followers and paused accounts still leave
// with the master; a frozen follow keeps its position for its owner. Judged on the simulator.
const SYMBOL = 'BTCUSD';
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: ['active', 'close-only', 'frozen', 'paused-account', 'stopped'].map((label) => ({
      label,
      settings: { mode: 'multiplier' as const, multiplier: '1' },
    })),
  });
});
afterAll(async () => {
  await s?.close();
});

const position = (label: string) => positionOf(s.sim, s.follower(label).simUserId, SYMBOL);
const followIdOf = async (label: string) =>
  (await s.db.follow.findFirstOrThrow({ where: { followerAccountId: s.follower(label).accountId } })).id;

describe('follow states on a master exit', () => {
  it('close-only and a paused account exit with the master, frozen and stopped keep their position', async () => {
    await s.trade(SYMBOL, 'buy', 4, '60000');
    await s.settle([SYMBOL]);
    for (const label of ['active', 'close-only', 'frozen', 'paused-account', 'stopped'])
      expect(position(label)).toBe(4);

    await s.db.follow.update({
      where: { id: await followIdOf('close-only') },
      data: { status: 'close_only' },
    });
    await s.db.follow.update({ where: { id: await followIdOf('frozen') }, data: { status: 'frozen' } });
    await s.db.follow.update({ where: { id: await followIdOf('stopped') }, data: { status: 'stopped' } });
    await s.db.brokerAccount.update({
      where: { id: s.follower('paused-account').accountId },
      data: { status: 'paused' },
    });
    await s.redis.publish(channels(s.prefix).settingsChanged, JSON.stringify({ reason: 'test' }));

    // An add: only the active follower adds; the others hold.
    await s.trade(SYMBOL, 'buy', 2, '60000');
    await s.settle([SYMBOL], [s.follower('active')]);
    await s.settle([SYMBOL]);
    expect(position('active')).toBe(6);
    for (const label of ['close-only', 'frozen', 'paused-account', 'stopped'])
      expect(position(label)).toBe(4);

    // A reduction copies into close-only followers too, then the exit closes them.
    await s.trade(SYMBOL, 'sell', 3, '60000');
    await s.settle([SYMBOL], [s.follower('active'), s.follower('close-only'), s.follower('paused-account')]);
    expect(position('active')).toBe(3);
    // Their target is the master's 3 again; down from the 4 they held.
    expect(position('close-only')).toBe(3);
    expect(position('paused-account')).toBe(3);
    await s.trade(SYMBOL, 'sell', 3, '60000');
    await s.settle([SYMBOL], [s.follower('active'), s.follower('close-only'), s.follower('paused-account')]);
    expect(position('active')).toBe(0);
    expect(position('close-only')).toBe(0);
    expect(position('paused-account')).toBe(0);
    expect(position('frozen')).toBe(4);
    expect(position('stopped')).toBe(4);
  });
});
