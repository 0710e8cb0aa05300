import { type SmtpReceiver, startSmtpReceiver } from '@copytrade/notifier/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GatewaySystem, startGatewaySystem } from './support/gateway-system.ts';
import { measureFillToNotification } from './support/fill-latency.ts';

// Email as users set it up: a subscription made through the gateway to the account's own address,
// a master trading on the simulator, emails arriving at a local SMTP server (smtp-server), read
// with mailparser. The throttle window is 0 so that each fill is its own email, and measured:
// master fill → email accepted by the SMTP server.
const wait = { timeout: 20_000, interval: 25 };
let platform: GatewaySystem<'alice' | 'bob'>;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  platform = await startGatewaySystem({
    name: 'email',
    users: { alice: 'client', bob: 'client' },
    email: (who, prefix) => `${who}-${prefix}@example.test`,
    notifier: true,
    env: { EMAIL_SMTP_URL: smtp.url, EMAIL_DIGEST_WINDOW_MS: '0' },
  });
});

afterAll(async () => {
  await platform?.stop();
  await smtp?.close();
});

describe('email notifications through the gateway', () => {
  it('emails each user the events of their own accounts only, and measures master fill → email', async () => {
    const { sim, db } = platform;
    const exchange = (label: string) => sim.control.createAccount({ label, balances: { USD: '50000' } });
    const masterKeys = exchange('master');
    const account = async (who: 'alice' | 'bob', role: 'master' | 'follower', k: typeof masterKeys) =>
      (await platform.addAccount(who, `${who} ${role}`, role, k)).id as string;
    const master = await account('alice', 'master', masterKeys);
    const bobFollower = await account('bob', 'follower', exchange('bob-follower'));
    await platform.addFollow('bob', master, bobFollower, '1');
    for (const [who, kinds] of [
      ['alice', ['master_fill']],
      ['bob', ['copy_placed']],
    ] as const) {
      const created = await platform.created(who, '/v1/notifications/subscriptions', {
        channel: 'email',
        kinds,
      });
      expect(created.endpointId).toBeNull();
    }
    const address = (who: 'alice' | 'bob') => platform.users[who].email;

    await platform.watched(master, wait);
    const trader = platform.trader(masterKeys);
    const fills = 6;
    await measureFillToNotification({
      sim,
      trader,
      masterSimUserId: masterKeys.userId,
      fills,
      arrival: 'email at the SMTP server',
      delivery: 'email delivery',
      async timesOf(fill, side) {
        // The email that carried this fill's event (the notifier audits each email with its events).
        const recorded = await vi.waitFor(
          () =>
            db.auditLog.findFirstOrThrow({
              where: { type: 'master_fill.recorded', payload: { path: ['fillId'], equals: String(fill.id) } },
            }),
          wait,
        );
        const email = await vi.waitFor(async () => {
          const sent = (await db.auditLog.findMany({ where: { type: 'notification.email_sent' } }))
            .map((row) => row.payload as { batchId: string; notifiedEventIds: string[] })
            .find((payload) => payload.notifiedEventIds.includes(recorded.eventId));
          expect(sent).toBeDefined();
          const found = smtp.received.find(
            (mail) => mail.messageId === `<${sent!.batchId}@notifier.copytrade>`,
          );
          expect(found).toBeDefined();
          return found!;
        }, wait);
        expect(email.to).toBe(address('alice'));
        expect(email.text).toContain(`Master fill: ${side} ${fill.size} BTCUSD at `);
        const delivery = await db.emailDelivery.findFirstOrThrow({
          where: { eventId: recorded.eventId },
        });
        return {
          arrivedAt: email.at,
          auditedAt: recorded.createdAt.getTime(),
          deliveryRecordedAt: delivery.createdAt.getTime(),
        };
      },
    });

    // Bob: his own copies, never the master's fills (not his account); Alice: no copies of Bob's.
    await vi.waitFor(() => expect(smtp.to(address('bob')).length).toBeGreaterThanOrEqual(fills), wait);
    for (const email of smtp.to(address('bob'))) expect(email.subject).toMatch(/^Copytrade: Copy placed: /);
    expect(
      smtp
        .to(address('alice'))
        .map((email) => email.text)
        .join(),
    ).not.toContain(bobFollower.slice(0, 8));
    expect(smtp.received.every((email) => [address('alice'), address('bob')].includes(email.to))).toBe(true);
    await trader.close();
  });
});
