import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type GatewaySystem, quickLeases, startGatewaySystem } from './support/gateway-system.ts';

// The platform driven the way its users drive it: accounts and follows created through the gateway's
// API, a live event stream per client, the kill switch and "monitor now" pulled over HTTP. Judged on
// the simulator's record.
const wait = { timeout: 15_000, interval: 50 };
let platform: GatewaySystem<'alice' | 'bob' | 'ops'>;

beforeAll(async () => {
  platform = await startGatewaySystem({
    name: 'gw',
    users: { alice: 'client', bob: 'client', ops: 'operator' },
    env: quickLeases,
  });
});

afterAll(async () => {
  await platform?.stop();
});

describe('the platform through its gateway', () => {
  it('copies a master fill to accounts and follows made over the API, streams each client only its own, and stops at the kill switch', async () => {
    const { sim, call } = platform;
    const exchange = (label: string) => sim.control.createAccount({ label, balances: { USD: '50000' } });
    const masterKeys = exchange('master');
    const aliceKeys = exchange('alice-follower');
    const bobKeys = exchange('bob-follower');
    const account = async (
      who: 'alice' | 'bob',
      label: string,
      role: 'master' | 'follower',
      k: typeof masterKeys,
    ) => {
      const created = await platform.addAccount(who, label, role, k);
      expect(JSON.stringify(created)).not.toContain(k.apiSecret);
      return created.id as string;
    };
    const master = await account('alice', 'alice master', 'master', masterKeys);
    const aliceFollower = await account('alice', 'alice follower', 'follower', aliceKeys);
    const bobFollower = await account('bob', 'bob follower', 'follower', bobKeys);
    for (const [who, follower, multiplier] of [
      ['alice', aliceFollower, '1'],
      ['bob', bobFollower, '2'],
    ] as const)
      await platform.addFollow(who, master, follower, multiplier);
    await platform.watched(master, wait);

    // "Real-Time Monitor & Copy": the master's active followers.
    const monitor = await call('alice', 'POST', '/v1/triggers/monitor', { masterAccountId: master });
    expect(monitor.status, JSON.stringify(monitor.body)).toBe(200);
    expect(monitor.body.masters).toEqual([{ masterAccountId: master, newFills: 0, activeFollowers: 2 }]);

    const bobStream = await platform.listen('bob');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const trader = platform.trader(masterKeys);
    await trader.placeOrder({ productSymbol: 'BTCUSD', side: 'buy', size: 3, orderType: 'market_order' });
    await vi.waitFor(() => {
      expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(3);
      expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(6);
    }, wait);
    await vi.waitFor(() => {
      const accepted = bobStream.events.filter((e) => e.data.type === 'order.accepted');
      expect(accepted.map((e) => e.data.payload.followerAccountId)).toEqual([bobFollower]);
    }, wait);
    // Bob sees nothing of Alice's follower.
    expect(JSON.stringify(bobStream.events)).not.toContain(aliceFollower);

    // The kill switch stops every new copy at once; release resumes.
    expect((await call('ops', 'POST', '/v1/kill-switch', { reason: 'drill' })).status).toBe(200);
    expect((await call('alice', 'POST', '/v1/kill-switch', { reason: 'not mine' })).status).toBe(403);
    await trader.placeOrder({ productSymbol: 'BTCUSD', side: 'buy', size: 1, orderType: 'market_order' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(3);
    expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(6);
    expect((await call('ops', 'GET', '/v1/status')).body).toMatchObject({ killSwitch: { engaged: true } });
    expect((await call('ops', 'DELETE', '/v1/kill-switch', { reason: 'drill over' })).status).toBe(200);
    await vi.waitFor(() => {
      expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(4);
      expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(8);
    }, wait);
    bobStream.close();
    await trader.close();
  });
});
