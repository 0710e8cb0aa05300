import { randomUUID } from 'node:crypto';
import { makeAuditEvent, queueNames } from '@copytrade/contracts';
import { createQueue } from '@copytrade/runtime';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type NotifierStage, startNotifierStage } from '../testing/notifier-stage.ts';
import { seedEndpoint } from '../testing/seed-endpoint.ts';

// The daily summary: a day of copies, rejections and skips per follow, counted from the records,
// recorded as an audit event and sent like any other to the subscribers of `daily_summary`.
const wait = { timeout: 15_000, interval: 50 };
const day = '2026-11-29';
const at = (time: string) => new Date(`${day}T${time}Z`);
let stage: NotifierStage;

beforeAll(async () => {
  stage = await startNotifierStage();
});
afterAll(async () => {
  await stage?.stop();
});

describe('daily summaries', () => {
  it('count each follow’s copies, rejections and skips of the UTC day, for its subscribers only', async () => {
    const { db } = stage.database;
    const alice = await stage.seedOwner('alice');
    const bob = await stage.seedOwner('bob');
    const { follower, follow } = await stage.seedFollow(alice, 'alice follower', at('00:00:00'));
    const trade = (status: string, createdAt: Date) =>
      db.copyTrade.create({
        data: {
          masterTradeId: randomUUID(),
          correlationId: randomUUID(),
          masterAccountId: alice.masterAccountId,
          followerId: follower.id,
          clientOrderId: randomUUID().slice(0, 32),
          originalSymbol: 'BTCUSD',
          originalSide: 'buy',
          originalSize: 1,
          originalPrice: '65000',
          copiedSide: 'buy',
          copiedSize: 1,
          action: 'open',
          status,
          createdAt,
        },
      });
    await trade('filled', at('09:00:00'));
    await trade('accepted', at('10:00:00'));
    await trade('rejected', at('11:00:00'));
    await trade('filled', new Date('2026-11-30T00:00:01Z')); // the next day
    for (const time of ['12:00:00', '13:00:00', '23:59:59'])
      await stage.recorder.record(
        makeAuditEvent({
          type: 'copy.skipped',
          eventId: `copy.skipped:${randomUUID()}`,
          correlationId: null,
          accountId: follower.id,
          service: 'mapper',
          at: at(time),
          payload: {
            followId: follow.id,
            followerAccountId: follower.id,
            masterAccountId: alice.masterAccountId,
            symbol: 'BTCUSD',
            seq: 1,
            reason: 'below_min_size',
            detail: 'rounds to 0 contracts',
            master: { fillId: 'f', side: 'buy', size: 1, price: '65000' },
          },
        }),
      );
    await vi.waitFor(
      async () => expect(await db.auditLog.count({ where: { type: 'copy.skipped' } })).toBe(3),
      wait,
    );

    const aliceHook = await seedEndpoint(db, stage.vault, {
      userId: alice.userId,
      url: `${stage.receiver.url}/alice-daily`,
      kinds: ['daily_summary'],
    });
    await seedEndpoint(db, stage.vault, {
      userId: bob.userId,
      url: `${stage.receiver.url}/bob-daily`,
      kinds: ['daily_summary'],
    });
    await seedEndpoint(db, stage.vault, {
      userId: bob.userId,
      url: `${stage.receiver.url}/bob-fills`,
      kinds: ['master_fill'],
    });

    const queue = createQueue(queueNames.dailySummaries, {
      connection: stage.redis,
      prefix: stage.prefix,
    });
    await queue.add('daily-summary', { day });
    await queue.close();

    const summaryOf = (path: string) =>
      stage.receiver.received.filter((hook) => hook.path === path).map((hook) => JSON.parse(hook.body));
    await vi.waitFor(() => {
      expect(summaryOf('/alice-daily')).toHaveLength(1);
      expect(summaryOf('/bob-daily')).toHaveLength(1);
    }, wait);
    const [aliceSummary] = stage.receiver.received.filter((hook) => hook.path === '/alice-daily');
    expect(
      new Webhook(aliceHook.secret).verify(
        aliceSummary!.body,
        aliceSummary!.headers as Record<string, string>,
      ),
    ).toMatchObject({
      type: 'daily_summary',
      data: {
        eventType: 'notification.daily_summary',
        payload: {
          userId: alice.userId,
          day,
          follows: [
            {
              followId: follow.id,
              masterAccountId: alice.masterAccountId,
              followerAccountId: follower.id,
              copies: 2,
              rejected: 1,
              skips: 3,
            },
          ],
        },
      },
    });
    expect(summaryOf('/bob-daily')[0].data.payload).toEqual({ userId: bob.userId, day, follows: [] });
    expect(summaryOf('/bob-fills')).toEqual([]);
  });
});
