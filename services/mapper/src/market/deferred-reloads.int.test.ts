import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedAccount, seedFollow } from '../testing/seed.ts';
import { BALANCES_REQUEST, until } from '../testing/until.ts';

// Balances and follower lists cached for 100 ms and served stale for a minute: past 100 ms a read
// asks for a reload in the background, which the copy path's busy mark holds back (up to 5 s per burst).
let h: MapperHarness;
beforeAll(async () => {
  h = await createMapperHarness({
    caches: {
      BALANCES_TTL_MS: 100,
      BALANCES_MAX_STALE_MS: 60_000,
      FOLLOWERS_TTL_MS: 100,
      FOLLOWERS_MAX_STALE_MS: 60_000,
      COPY_PATH_DEFER_MAX_MS: 5_000,
    },
  });
});
afterAll(() => h.close());

/** A follower whose balances were read once (10,000 USD) and have gone stale since. */
async function staleFollower() {
  const account = await seedAccount(h.seed, { role: 'follower' });
  const reads = () => h.sim.control.requests(account.simUserId)[BALANCES_REQUEST] ?? 0;
  expect(await h.deps.market.wallet(account.accountId, 'USD')).toMatchObject({ equity: '10000' });
  expect(reads()).toBe(1);
  // A deposit the cache has not seen, then past the time limit.
  h.sim.control.fund(account.simUserId, 'USD', '500');
  await sleep(150);
  return { ...account, reads };
}

describe('reloads of stale balances', () => {
  it('wait while copies are under way, and read the exchange once the burst has passed', async () => {
    const follower = await staleFollower();
    // A fan-out marks the copy path busy (the mapper per batch, the executor per drain).
    await h.redis.set(h.deps.keys.copyPathBusy(), '1', 'PX', 800);
    const startedAt = Date.now();
    // The decision reads the stale balance at once, and asks for no exchange call during the burst.
    expect(await h.deps.market.wallet(follower.accountId, 'USD')).toMatchObject({ equity: '10000' });
    await sleep(400);
    expect(await h.deps.market.wallet(follower.accountId, 'USD')).toMatchObject({ equity: '10000' });
    expect(follower.reads()).toBe(1);
    // Once the mark has expired, the one reload runs and the next decision sees the deposit.
    await until(
      () => follower.reads(),
      (n) => n === 2,
      'the deferred reload',
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(700);
    await until(
      () => h.deps.market.wallet(follower.accountId, 'USD'),
      (w) => w.equity === '10500',
      'the reloaded balance',
    );
    expect(follower.reads()).toBe(2);
  });

  it('run at once while the copy path is quiet', async () => {
    const follower = await staleFollower();
    await h.redis.del(h.deps.keys.copyPathBusy());
    const startedAt = Date.now();
    expect(await h.deps.market.wallet(follower.accountId, 'USD')).toMatchObject({ equity: '10000' });
    await until(
      () => follower.reads(),
      (n) => n === 2,
      'the reload',
    );
    expect(Date.now() - startedAt).toBeLessThan(500);
    await until(
      () => h.deps.market.wallet(follower.accountId, 'USD'),
      (w) => w.equity === '10500',
      'the reloaded balance',
    );
  });
});

describe('the reload of a master’s stale follower list', () => {
  it('waits while copies are under way too, the fan-out using the list it has', async () => {
    const master = await seedAccount(h.seed, { role: 'master' });
    const [first, second] = [
      await seedAccount(h.seed, { role: 'follower' }),
      await seedAccount(h.seed, { role: 'follower' }),
    ];
    const follow = (id: string) =>
      seedFollow(h.seed.db, master.accountId, id, { mode: 'multiplier', multiplier: '1' });
    const ids = async () => (await h.deps.followers.of(master.accountId)).map((f) => f.followerAccountId);
    await follow(first.accountId);
    expect(await ids()).toEqual([first.accountId]);
    await follow(second.accountId);
    await sleep(150);
    await h.redis.set(h.deps.keys.copyPathBusy(), '1', 'PX', 800);
    // Past its time limit: the list read before, its reload held while the mark lives.
    expect(await ids()).toEqual([first.accountId]);
    await sleep(400);
    expect(await ids()).toEqual([first.accountId]);
    await until(
      () => ids(),
      (list) => list.length === 2,
      'the deferred reload',
    );
  });
});
