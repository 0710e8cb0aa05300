import type { OrderLeg } from '@copytrade/contracts';
import { utcDay } from '@copytrade/copy-engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedAccount, seedCopyGroup, seedFollow } from '../testing/seed.ts';
import { FollowerFailedError, mapMasterFill } from './map-master-fill.ts';

let h: MapperHarness;

beforeAll(async () => {
  h = await createMapperHarness();
});

afterAll(async () => {
  await h?.close();
});

const shape = (l: OrderLeg) => ({ side: l.side, size: l.size, reduceOnly: l.reduceOnly, leg: l.leg });
const signed = (legs: OrderLeg[]) => legs.reduce((sum, l) => sum + (l.side === 'buy' ? l.size : -l.size), 0);

describe('mapMasterFill: sizing modes', () => {
  it('gives each follower its target and outbox legs, one kick each, and copy.decided', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      masterBalances: { USD: '20000' },
      followers: [
        { settings: { mode: 'multiplier', multiplier: '0.5' } },
        { settings: { mode: 'capital_allocation', capitalAllocated: '5000' } },
        { settings: { mode: 'balance_percentage', balancePercentage: '50' }, balances: { USD: '8000' } },
        { settings: { mode: 'fixed_lot', lotSize: 3 } },
      ],
    });
    const job = h.fill(master.accountId, 1, 10);
    const result = await mapMasterFill(h.deps, job);
    expect(result.followers).toBe(4);
    // 0.5·10; 5000/20000·10 = 2.5 → 2; 50 % of 8000 / 20000 · 10 = 2; lot 3.
    const expected = [5, 2, 2, 3];
    for (const [i, f] of followers.entries()) {
      const legs = await h.outbox(f.accountId);
      expect(legs.map(shape)).toEqual([{ side: 'buy', size: expected[i], reduceOnly: false, leg: 'open' }]);
      expect(legs[0]).toMatchObject({
        followerAccountId: f.accountId,
        masterAccountId: master.accountId,
        followId: f.followId,
        correlationId: job.correlationId,
        productId: 27,
        orderType: 'market_order',
        seq: 1,
        targetBefore: 0,
        targetAfter: expected[i],
        // The executor's slippage reference.
        masterPrice: job.price,
      });
      expect(await h.target(f.accountId)).toEqual({ lastSeq: 1, lastTarget: expected[i] });
      const kick = (await h.queuedKicks()).filter((k) => k.followerAccountId === f.accountId);
      expect(kick).toEqual([
        {
          followerAccountId: f.accountId,
          symbol: 'BTCUSD',
          correlationId: job.correlationId,
          clientOrderIds: [legs[0]!.clientOrderId],
          closes: false,
        },
      ]);
      const decided = await h.auditOf('copy.decided', job, f.accountId);
      expect(decided?.payload).toMatchObject({ action: 'open', targetBefore: 0, targetAfter: expected[i] });
    }
  });

  it('open → increase → partial reduce → flip → close: legs add up to each target, reductions reduce-only', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1' } }],
    });
    const follower = followers[0]!.accountId;
    const steps: [number, { side: string; size: number; reduceOnly: boolean; leg: string }[]][] = [
      [4, [{ side: 'buy', size: 4, reduceOnly: false, leg: 'open' }]],
      [10, [{ side: 'buy', size: 6, reduceOnly: false, leg: 'increase' }]],
      [6, [{ side: 'sell', size: 4, reduceOnly: true, leg: 'reduce' }]],
      [
        -5,
        [
          { side: 'sell', size: 6, reduceOnly: true, leg: 'close' },
          { side: 'sell', size: 5, reduceOnly: false, leg: 'open' },
        ],
      ],
      [0, [{ side: 'buy', size: 5, reduceOnly: true, leg: 'close' }]],
    ];
    let seen = 0;
    for (const [i, [position, legs]] of steps.entries()) {
      const job = h.fill(master.accountId, i + 1, position);
      await mapMasterFill(h.deps, job);
      const all = await h.outbox(follower);
      expect(all.slice(seen).map(shape)).toEqual(legs);
      expect(signed(all)).toBe(position);
      const kickIds = all.slice(seen).map((l) => l.clientOrderId);
      // One kick per fill, flagged when its legs close or reduce.
      const kicks = (await h.queuedKicks()).filter((k) => k.correlationId === job.correlationId);
      expect(kicks).toHaveLength(1);
      expect(kicks[0]).toMatchObject({
        clientOrderIds: kickIds,
        closes: legs.some((l) => l.reduceOnly),
      });
      seen = all.length;
    }
    expect(await h.target(follower)).toEqual({ lastSeq: 5, lastTarget: 0 });
  });
});

describe('mapMasterFill: duplicates and order', () => {
  it('the same job twice gives its legs once, and one kick (the replay is stale)', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '2' } }],
    });
    const follower = followers[0]!.accountId;
    const job = h.fill(master.accountId, 1, 3);
    const first = await mapMasterFill(h.deps, job);
    const again = await mapMasterFill(h.deps, job);
    expect(first.outcomes[0]?.outcome).toBe('decided');
    expect(again.outcomes[0]).toMatchObject({
      outcome: 'stale',
      clientOrderIds: first.outcomes[0]?.clientOrderIds,
    });
    expect((await h.outbox(follower)).map(shape)).toEqual([
      { side: 'buy', size: 6, reduceOnly: false, leg: 'open' },
    ]);
    expect((await h.queuedKicks()).filter((k) => k.followerAccountId === follower)).toHaveLength(1);
    expect((await h.auditOf('copy.stale', job, follower))?.payload).toMatchObject({ seq: 1, lastSeq: 1 });
  });

  it('out of order (seq 2 before seq 1): the final target is seq 2’s and the legs add up to it', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1' } }],
    });
    const follower = followers[0]!.accountId;
    const one = h.fill(master.accountId, 1, 3);
    const two = h.fill(master.accountId, 2, 8);
    await mapMasterFill(h.deps, two);
    const late = await mapMasterFill(h.deps, one);
    expect(late.outcomes[0]).toMatchObject({ outcome: 'stale', clientOrderIds: [] });
    expect(await h.target(follower)).toEqual({ lastSeq: 2, lastTarget: 8 });
    expect(signed(await h.outbox(follower))).toBe(8);
    expect((await h.auditOf('copy.stale', one, follower))?.payload).toMatchObject({ seq: 1, lastSeq: 2 });
  });
});

describe('mapMasterFill: eligibility', () => {
  it('skips a symbol outside the allow list or inside the deny list, with the reason audited', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '1', symbolAllowList: ['ETHUSD'] } },
        { settings: { mode: 'multiplier', multiplier: '1', symbolDenyList: ['BTCUSD'] } },
      ],
    });
    const job = h.fill(master.accountId, 1, 5);
    const result = await mapMasterFill(h.deps, job);
    expect(result.outcomes.map((o) => o.reason)).toEqual(['symbol_not_allowed', 'symbol_denied']);
    for (const [i, f] of followers.entries()) {
      expect(await h.outbox(f.accountId)).toEqual([]);
      expect(await h.target(f.accountId)).toEqual({ lastSeq: 1, lastTarget: 0 });
      const skipped = await h.auditOf('copy.skipped', job, f.accountId);
      expect(skipped?.payload).toMatchObject({ reason: result.outcomes[i]?.reason, legs: [] });
    }
  });

  it('refuses to add over the drawdown limit but never blocks the exit', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1', maxDrawdownPct: '10' } }],
    });
    const follower = followers[0]!.accountId;
    await mapMasterFill(h.deps, h.fill(master.accountId, 1, 4));
    // Equity 10,000 against a recorded peak of 20,000: a 50 % drawdown.
    await h.redis.set(h.deps.keys.peakEquity(follower), '20000');
    const more = h.fill(master.accountId, 2, 9);
    expect((await mapMasterFill(h.deps, more)).outcomes[0]?.reason).toBe('drawdown_limit');
    expect((await h.auditOf('copy.skipped', more, follower))?.payload).toMatchObject({
      reason: 'drawdown_limit',
      detail: expect.stringContaining('50'),
      targetBefore: 4,
      targetAfter: 4,
    });
    const exit = h.fill(master.accountId, 3, 0);
    expect((await mapMasterFill(h.deps, exit)).outcomes[0]?.outcome).toBe('decided');
    const legs = await h.outbox(follower);
    expect(legs.map(shape)).toEqual([
      { side: 'buy', size: 4, reduceOnly: false, leg: 'open' },
      { side: 'sell', size: 4, reduceOnly: true, leg: 'close' },
    ]);
    expect(await h.target(follower)).toEqual({ lastSeq: 3, lastTarget: 0 });
  });

  it('keeps peak and day-start equity in Redis and refuses to open past the daily loss limit', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '1', dailyLossLimit: '200' } },
      ],
    });
    const [fresh, losing] = followers.map((f) => f.accountId) as [string, string];
    const today = utcDay(Date.now());
    // The losing follower started the day at 10,500 and sits at 10,000 now.
    await h.redis.set(h.deps.keys.dayStartEquity(losing, today), '10500');
    const job = h.fill(master.accountId, 1, 3);
    const result = await mapMasterFill(h.deps, job);
    expect(result.outcomes.map((o) => o.reason)).toEqual([undefined, 'daily_loss_limit']);
    expect(await h.redis.get(h.deps.keys.peakEquity(fresh))).toBe('10000');
    expect(await h.redis.get(h.deps.keys.dayStartEquity(fresh, today))).toBe('10000');
    expect(await h.redis.get(h.deps.keys.dayStartEquity(losing, today))).toBe('10500');
    expect((await h.auditOf('copy.skipped', job, losing))?.payload).toMatchObject({
      reason: 'daily_loss_limit',
      detail: 'loss today 500 >= limit 200',
    });
  });

  it('keeps close-only, frozen and paused-account follows in the fan-out: each exits or holds as its state says', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '1' } },
      ],
    });
    const [closeOnly, frozen, pausedAccount, frozenAccount, stopped] = followers as [
      (typeof followers)[0],
      (typeof followers)[0],
      (typeof followers)[0],
      (typeof followers)[0],
      (typeof followers)[0],
    ];
    await mapMasterFill(h.deps, h.fill(master.accountId, 1, 4));
    const db = h.seed.db;
    await db.follow.update({ where: { id: closeOnly.followId }, data: { status: 'close_only' } });
    await db.follow.update({ where: { id: frozen.followId }, data: { status: 'frozen' } });
    await db.follow.update({ where: { id: stopped.followId }, data: { status: 'stopped' } });
    await db.brokerAccount.update({ where: { id: pausedAccount.accountId }, data: { status: 'paused' } });
    await db.brokerAccount.update({
      where: { id: frozenAccount.accountId },
      data: { status: 'paused', pauseMode: 'frozen' },
    });

    const add = h.fill(master.accountId, 2, 9);
    const added = await mapMasterFill(h.deps, add);
    expect(added.followers).toBe(4);
    expect(added.outcomes.map((o) => o.reason)).toEqual([
      'close_only',
      'follow_frozen',
      'close_only',
      'follow_frozen',
    ]);
    const exit = h.fill(master.accountId, 3, 0);
    await mapMasterFill(h.deps, exit);
    const net = async (f: (typeof followers)[0]) => signed(await h.outbox(f.accountId));
    expect(await net(closeOnly)).toBe(0);
    expect(await net(pausedAccount)).toBe(0);
    expect(await net(frozen)).toBe(4);
    expect(await net(frozenAccount)).toBe(4);
    expect(await net(stopped)).toBe(4);
    expect(await h.auditOf('copy.skipped', exit, frozen.accountId)).toMatchObject({
      payload: { reason: 'follow_frozen', targetAfter: 4 },
    });
  });

  it('places a limit order at the worst accepted price when the market moved past the slippage limit', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        {
          settings: {
            mode: 'multiplier',
            multiplier: '1',
            slippageLimitPct: '1',
            slippageAction: 'limit',
            restingOrderTtlMs: 4_000,
          },
        },
        { settings: { mode: 'multiplier', multiplier: '1', slippageLimitPct: '1', slippageAction: 'skip' } },
      ],
    });
    h.sim.control.setMarkPrice('BTCUSD', '61500');
    try {
      const result = await mapMasterFill(h.deps, h.fill(master.accountId, 1, 2));
      expect(result.outcomes.map((o) => o.reason)).toEqual([undefined, 'slippage']);
      const [leg] = await h.outbox(followers[0]!.accountId);
      // It carries the follow's resting time limit: the executor cancels it if it rests longer.
      expect(leg).toMatchObject({
        orderType: 'limit_order',
        limitPrice: '60600',
        size: 2,
        side: 'buy',
        restingOrderTtlMs: 4_000,
      });
      expect(await h.outbox(followers[1]!.accountId)).toEqual([]);
    } finally {
      h.sim.control.setMarkPrice('BTCUSD', '60000');
    }
  });
});

describe('mapMasterFill: marks for the slippage check', () => {
  it("follow the exchange's mark price stream, with its ticker endpoint down", async () => {
    const { master } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '1', slippageLimitPct: '1', slippageAction: 'skip' } },
      ],
    });
    let seq = 0;
    const decide = async (markPrice: string) => {
      h.sim.control.setMarkPrice('BTCUSD', markPrice);
      seq += 1;
      const result = await mapMasterFill(h.deps, h.fill(master.accountId, seq, seq));
      return result.outcomes.map((o) => o.reason ?? 'copied');
    };
    // Before the stream runs, a ticker read answers.
    expect(await decide('60000')).toEqual(['copied']);
    const tickerDown = h.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      scope: { route: 'GET /v2/tickers/{symbol}' },
    });
    try {
      // The market 2.5 % above the master's price, heard on the stream: the copy is skipped.
      await vi.waitFor(async () => expect(await decide('61500')).toEqual(['slippage']), { timeout: 5_000 });
      // Back at the master's price: copied.
      await vi.waitFor(async () => expect(await decide('60000')).toEqual(['copied']), { timeout: 5_000 });
    } finally {
      h.sim.control.clearFault(tickerDown);
      h.sim.control.setMarkPrice('BTCUSD', '60000');
    }
  });
});

describe('mapMasterFill: failures', () => {
  it('maps the healthy followers and hands only the broken follow to a retry of its own', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1' } }],
    });
    const healthy = followers[0]!.accountId;
    const broken = await seedAccount(h.seed, { role: 'follower' });
    const brokenFollow = await seedFollow(h.seed.db, master.accountId, broken.accountId, {
      mode: 'multiplier',
      multiplier: '3',
    });
    await h.seed.db.brokerAccount.update({
      where: { id: broken.accountId },
      data: { baseUrl: 'http://127.0.0.1:1' },
    });
    const job = h.fill(master.accountId, 1, 2);

    const first = await mapMasterFill(h.deps, job);
    expect(first.retrying).toEqual([brokenFollow]);
    expect(signed(await h.outbox(healthy))).toBe(2);
    expect(await h.target(broken.accountId)).toBeNull();
    const retryJob = await h.retries.getJob(`mf_${master.accountId}_${job.fillId}_f_${brokenFollow}`);
    expect(retryJob?.data).toEqual({ ...job, followId: brokenFollow });

    await h.seed.db.brokerAccount.update({
      where: { id: broken.accountId },
      data: { baseUrl: h.sim.restUrl },
    });
    await h.deps.accounts.invalidate(broken.accountId);
    const retry = await mapMasterFill(h.deps, retryJob!.data);
    // Only the broken follow is decided again; the healthy one is not even looked at.
    expect(retry.outcomes.map((o) => [o.followerAccountId, o.outcome])).toEqual([
      [broken.accountId, 'decided'],
    ]);
    expect((await h.outbox(healthy)).length).toBe(1);
    expect((await h.outbox(broken.accountId)).map(shape)).toEqual([
      { side: 'buy', size: 6, reduceOnly: false, leg: 'open' },
    ]);
  });

  it('a follow whose balance read is rate limited waits for the reset in its own retry; a failing retry throws', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        { settings: { mode: 'multiplier', multiplier: '1' } },
        { settings: { mode: 'multiplier', multiplier: '2' } },
      ],
    });
    const stormed = followers[1]!;
    const fault = h.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: 1_500,
      scope: { userId: stormed.simUserId },
    });
    try {
      const job = h.fill(master.accountId, 1, 3);
      const result = await mapMasterFill(h.deps, job);
      expect(result.retrying).toEqual([stormed.followId]);
      expect(signed(await h.outbox(followers[0]!.accountId))).toBe(3);
      const retryJob = await h.retries.getJob(`mf_${master.accountId}_${job.fillId}_f_${stormed.followId}`);
      // Delayed until the storm's reset, not retried at once.
      expect(retryJob?.opts.delay).toBeGreaterThan(500);
      await expect(mapMasterFill(h.deps, retryJob!.data)).rejects.toBeInstanceOf(FollowerFailedError);
    } finally {
      h.sim.control.clearFault(fault);
    }
  });
});
