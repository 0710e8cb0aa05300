import { startWebhookReceiver, type WebhookReceiver } from '@copytrade/notifier/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GatewaySystem, startGatewaySystem } from './support/gateway-system.ts';
import { measureFillToNotification } from './support/fill-latency.ts';

// Notifications as users set them up: endpoints and subscriptions made through the gateway, a
// master trading on the simulator, webhooks arriving at a receiver on loopback (allowed by the
// test flag), verified with the standardwebhooks package. Also measures master fill → webhook.
const wait = { timeout: 20_000, interval: 25 };
let platform: GatewaySystem<'alice' | 'bob'>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  platform = await startGatewaySystem({
    name: 'notify',
    users: { alice: 'client', bob: 'client' },
    notifier: true,
    env: {
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400',
      WEBHOOK_TIMEOUT_MS: '1000',
    },
  });
});

afterAll(async () => {
  await platform?.stop();
  await receiver?.close();
});

type Message = {
  type: string;
  data: { eventId: string; eventType: string; payload: Record<string, unknown> };
};

describe('notifications through the gateway', () => {
  it('sends each user signed webhooks of their own accounts only, and measures master fill → webhook', async () => {
    const { sim, db, call } = platform;
    const exchange = (label: string) => sim.control.createAccount({ label, balances: { USD: '50000' } });
    const masterKeys = exchange('master');
    const account = async (who: 'alice' | 'bob', role: 'master' | 'follower', k: typeof masterKeys) =>
      (await platform.addAccount(who, `${who} ${role}`, role, k)).id as string;
    const master = await account('alice', 'master', masterKeys);
    const aliceFollower = await account('alice', 'follower', exchange('alice-follower'));
    const bobFollower = await account('bob', 'follower', exchange('bob-follower'));
    const follows: Record<string, string> = {};
    for (const [who, follower] of [
      ['alice', aliceFollower],
      ['bob', bobFollower],
    ] as const)
      follows[who] = (await platform.addFollow(who, master, follower, '1')).id;

    const endpoint = async (who: 'alice' | 'bob', path: string) => {
      const created = await platform.created(who, '/v1/notifications/webhooks', {
        url: `${receiver.url}${path}`,
      });
      expect(created.secret).toMatch(/^whsec_/);
      return { id: created.endpoint.id as string, secret: created.secret as string };
    };
    const aliceHook = await endpoint('alice', '/alice');
    const bobHook = await endpoint('bob', '/bob');
    // Bob may not point a subscription at Alice's endpoint, nor narrow one to Alice's follow.
    expect(
      (
        await call('bob', 'POST', '/v1/notifications/subscriptions', {
          channel: 'webhook',
          endpointId: aliceHook.id,
          kinds: ['master_fill'],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('bob', 'POST', '/v1/notifications/subscriptions', {
          channel: 'webhook',
          endpointId: bobHook.id,
          kinds: ['copy_placed'],
          followIds: [follows.alice],
        })
      ).status,
    ).toBe(404);
    for (const [who, hook] of [
      ['alice', aliceHook],
      ['bob', bobHook],
    ] as const) {
      await platform.created(who, '/v1/notifications/subscriptions', {
        channel: 'webhook',
        endpointId: hook.id,
        kinds: ['master_fill', 'copy_placed'],
      });
    }

    await platform.watched(master, wait);
    const trader = platform.trader(masterKeys);
    const fills = 6;
    await measureFillToNotification({
      sim,
      trader,
      masterSimUserId: masterKeys.userId,
      fills,
      arrival: 'webhook received',
      delivery: 'delivery',
      async timesOf(fill) {
        const hook = await vi.waitFor(() => {
          const found = receiver.received.find(
            (h) =>
              h.path === '/alice' && (JSON.parse(h.body) as Message).data.payload.fillId === String(fill.id),
          );
          expect(found).toBeDefined();
          return found!;
        }, wait);
        const recorded = await db.auditLog.findUniqueOrThrow({
          where: { eventId: String(hook.headers['webhook-id']) },
        });
        const delivery = await db.webhookDelivery.findUniqueOrThrow({
          where: { endpointId_eventId: { endpointId: aliceHook.id, eventId: recorded.eventId } },
        });
        return {
          arrivedAt: hook.at,
          auditedAt: recorded.createdAt.getTime(),
          deliveryRecordedAt: delivery.createdAt.getTime(),
        };
      },
    });

    // Alice: a master fill for each trade, and the copies placed for her own follower (not Bob's).
    await vi.waitFor(() => {
      const messages = receiver.accepted('/alice').map((h) => JSON.parse(h.body) as Message);
      expect(messages.filter((m) => m.type === 'master_fill')).toHaveLength(fills);
      const copies = messages.filter((m) => m.type === 'copy_placed');
      expect(copies).toHaveLength(fills);
      expect(copies.every((m) => m.data.payload.followerAccountId === aliceFollower)).toBe(true);
    }, wait);
    expect(
      receiver.received
        .filter((h) => h.path === '/alice')
        .map((h) => h.body)
        .join(),
    ).not.toContain(bobFollower);
    for (const hook of receiver.received.filter((h) => h.path === '/alice'))
      expect(() =>
        new Webhook(aliceHook.secret).verify(hook.body, hook.headers as Record<string, string>),
      ).not.toThrow();
    // Bob: only the copies to his own follower (the master is not his), never Alice's follower.
    await vi.waitFor(() => {
      const bobs = receiver.accepted('/bob').map((h) => JSON.parse(h.body) as Message);
      expect(bobs.map((m) => m.type)).toEqual(Array.from({ length: fills }, () => 'copy_placed'));
      expect(bobs.every((m) => m.data.payload.followerAccountId === bobFollower)).toBe(true);
    }, wait);
    expect(
      receiver.received
        .filter((h) => h.path === '/bob')
        .map((h) => h.body)
        .join(),
    ).not.toContain(aliceFollower);
    // Each webhook-id arrived once per endpoint.
    for (const path of ['/alice', '/bob'])
      expect(receiver.received.filter((h) => h.path === path)).toHaveLength(receiver.accepted(path).length);

    // Rotation: the next webhooks carry two signatures, each verifying with its own secret.
    const rotated = await call('alice', 'POST', `/v1/notifications/webhooks/${aliceHook.id}/rotate-secret`, {
      overlapSeconds: 600,
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(aliceHook.secret);
    const before = receiver.received.length;
    await trader.placeOrder({ productSymbol: 'BTCUSD', side: 'buy', size: 1, orderType: 'market_order' });
    const signedTwice = await vi.waitFor(() => {
      const found = receiver.received.slice(before).find((h) => h.path === '/alice');
      expect(found).toBeDefined();
      return found!;
    }, wait);
    expect(String(signedTwice.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [newSecret, aliceHook.secret])
      expect(() =>
        new Webhook(secret).verify(signedTwice.body, signedTwice.headers as Record<string, string>),
      ).not.toThrow();

    // The delivery log, and a redelivery of a past event with the same webhook-id.
    const log = await call('alice', 'GET', `/v1/notifications/webhooks/${aliceHook.id}/deliveries?limit=200`);
    expect(log.status).toBe(200);
    expect(log.body.deliveries.length).toBeGreaterThanOrEqual(2 * fills);
    expect(JSON.stringify(log.body)).not.toContain('whsec_');
    const past = log.body.deliveries.at(-1);
    expect(past).toMatchObject({ status: 'delivered', round: 0 });
    expect(
      (
        await call(
          'bob',
          'POST',
          `/v1/notifications/webhooks/${aliceHook.id}/deliveries/${past.id}/redeliver`,
        )
      ).status,
    ).toBe(404);
    const again = await call(
      'alice',
      'POST',
      `/v1/notifications/webhooks/${aliceHook.id}/deliveries/${past.id}/redeliver`,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    await vi.waitFor(() => {
      expect(
        receiver.received.filter((h) => h.path === '/alice' && h.headers['webhook-id'] === past.eventId),
      ).toHaveLength(2);
    }, wait);
    await vi.waitFor(async () => {
      const row = await call(
        'alice',
        'GET',
        `/v1/notifications/webhooks/${aliceHook.id}/deliveries?limit=200`,
      );
      expect(row.body.deliveries.find((d: { id: string }) => d.id === past.id)).toMatchObject({
        status: 'delivered',
        round: 1,
      });
    }, wait);
    await trader.close();
  });
});
