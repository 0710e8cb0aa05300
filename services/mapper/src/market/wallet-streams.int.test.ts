import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedAccount } from '../testing/seed.ts';
import { BALANCES_REQUEST, until } from '../testing/until.ts';
import { WalletStreams } from './wallet-streams.ts';

// The harness reads balances with no cache (BALANCES_TTL_MS 0): every wallet read not answered by
// a stream is a REST request the simulator counts.
let h: MapperHarness;
beforeAll(async () => {
  h = await createMapperHarness({ walletStreams: true });
});
afterAll(() => h.close());

async function readsFrom(source: 'stream' | 'rest'): Promise<number> {
  const counted = await h.deps.metrics.walletReads.get();
  return counted.values.find((v) => v.labels.source === source)?.value ?? 0;
}

async function streamedFollower() {
  const account = await seedAccount(h.seed, { role: 'follower' });
  expect(await h.deps.market.wallet(account.accountId, 'USD')).toEqual({
    equity: '10000',
    available: '10000',
  });
  await until(
    () => h.deps.wallets!.known(account.accountId, 'USD'),
    (w) => w !== undefined,
    'the seed',
  );
  const balanceReads = () => h.sim.control.requests(account.simUserId)[BALANCES_REQUEST] ?? 0;
  return { ...account, balanceReads };
}

describe('wallet streams', () => {
  it('answers decisions from the margins stream: no REST read per decision, a deposit and an order seen as the exchange announces them', async () => {
    const follower = await streamedFollower();
    const reads = follower.balanceReads();
    const [fromStream, fromRest] = [await readsFrom('stream'), await readsFrom('rest')];
    for (let i = 0; i < 20; i++) {
      expect(await h.deps.market.wallet(follower.accountId, 'USD')).toEqual({
        equity: '10000',
        available: '10000',
      });
    }
    expect(await h.deps.market.wallet(follower.accountId, 'BTC')).toEqual({ equity: '0', available: '0' });
    expect(follower.balanceReads()).toBe(reads);
    // What operators see: every one of those reads answered by the stream, and the stream live.
    expect(await readsFrom('stream')).toBe(fromStream + 21);
    expect(await readsFrom('rest')).toBe(fromRest);
    expect(h.deps.wallets!.stats().live).toBeGreaterThanOrEqual(1);

    h.sim.control.fund(follower.simUserId, 'USD', '500');
    await until(
      () => h.deps.market.wallet(follower.accountId, 'USD'),
      (w) => w.equity === '10500',
      'the deposit',
    );
    // A limit order away from the market blocks margin: available drops, the balance does not.
    const rest = await h.deps.accounts.rest(follower.accountId);
    await rest.placeOrder({
      productSymbol: 'BTCUSD',
      size: 1,
      side: 'buy',
      orderType: 'limit_order',
      limitPrice: '30000',
    });
    const onExchange = h.sim.control.balances(follower.simUserId).find((b) => b.asset_symbol === 'USD')!;
    expect(onExchange.available_balance).not.toBe('10500');
    await until(
      () => h.deps.market.knownWallet(follower.accountId, 'USD'),
      (w) => w?.available === onExchange.available_balance,
      'the order margin',
    );
    expect(await h.deps.market.wallet(follower.accountId, 'USD')).toEqual({
      equity: onExchange.balance,
      available: onExchange.available_balance,
    });
    expect(follower.balanceReads()).toBe(reads);
  });

  it('answers from REST while the stream is down, then seeds it again once it reconnects', async () => {
    const follower = await streamedFollower();
    expect(h.sim.control.disconnectWebSockets(follower.simUserId)).toBeGreaterThan(0);
    await until(
      () => h.deps.wallets!.known(follower.accountId, 'USD'),
      (w) => w === undefined,
      'the drop',
    );
    h.sim.control.fund(follower.simUserId, 'USD', '1');
    const before = follower.balanceReads();
    const fromRest = await readsFrom('rest');
    // Down: the REST read answers, and sees the deposit.
    const down = await h.deps.market.wallet(follower.accountId, 'USD');
    if (h.deps.wallets!.known(follower.accountId, 'USD') === undefined) {
      expect(down.equity).toBe('10001');
      expect(follower.balanceReads()).toBeGreaterThan(before);
      expect(await readsFrom('rest')).toBe(fromRest + 1);
    }
    await until(
      async () => {
        await h.deps.market.wallet(follower.accountId, 'USD');
        return h.deps.wallets!.known(follower.accountId, 'USD');
      },
      (w) => w !== undefined,
      'the reconnection',
    );
    const reads = follower.balanceReads();
    h.sim.control.fund(follower.simUserId, 'USD', '2');
    await until(
      () => h.deps.market.wallet(follower.accountId, 'USD'),
      (w) => w.equity === '10003',
      'the deposit after the reconnection',
    );
    expect(follower.balanceReads()).toBe(reads);
  });

  it('closes a stream no decision has read for its idle time, and one whose account changed key', async () => {
    const follower = await seedAccount(h.seed, { role: 'follower' });
    let now = Date.now();
    let opened = 0;
    const streams = new WalletStreams({
      open: (id, options) => {
        opened += 1;
        return h.deps.accounts.socket(id, options);
      },
      logger: createLogger({ service: 'wallet-streams-test', level: 'silent' }),
      idleMs: 1_000,
      retryMs: 60_000,
      now: () => now,
    });
    try {
      const rest = await h.deps.accounts.rest(follower.accountId);
      const reads = { fresh: () => rest.getBalances(), cached: () => rest.getBalances() };
      await streams.wallet(follower.accountId, 'key-1', 'USD', reads);
      await until(
        () => streams.known(follower.accountId, 'USD'),
        (w) => w !== undefined,
        'the seed',
      );
      await streams.wallet(follower.accountId, 'key-2', 'USD', reads);
      expect(opened).toBe(2);
      expect(streams.known(follower.accountId, 'USD')).toBeUndefined();
      now += 1_000;
      await until(
        () => streams.size,
        (n) => n === 0,
        'the idle stream to close',
      );
    } finally {
      await streams.close();
    }
  });

  it('answers from the cached read when the seed cannot be read afresh', async () => {
    const follower = await seedAccount(h.seed, { role: 'follower' });
    const sources: string[] = [];
    const streams = new WalletStreams({
      open: (id, options) => h.deps.accounts.socket(id, options),
      logger: createLogger({ service: 'wallet-streams-test', level: 'silent' }),
      idleMs: 60_000,
      retryMs: 60_000,
      onRead: (source) => sources.push(source),
    });
    try {
      const rest = await h.deps.accounts.rest(follower.accountId);
      const cachedRows = await rest.getBalances();
      const reads = {
        fresh: () => Promise.reject(new Error('exchange down')),
        cached: async () => cachedRows,
      };
      await until(
        async () => {
          await streams.wallet(follower.accountId, 'k', 'USD', reads);
          return streams.stats().open;
        },
        (n) => n === 1,
        'the stream',
      );
      // Connected but never seeded: every read is the cached one, none fails.
      await sleep(300);
      expect(await streams.wallet(follower.accountId, 'k', 'USD', reads)).toEqual({
        equity: '10000',
        available: '10000',
      });
      expect(streams.stats().live).toBe(0);
      expect(new Set(sources)).toEqual(new Set(['rest']));
    } finally {
      await streams.close();
    }
  });
});
