import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '@copytrade/contracts';
import { pushKeysBinding } from '@copytrade/webhooks';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type NotifierStage, startNotifierStage } from './testing/notifier-stage.ts';
import { type LocalPushService, startLocalPushService, type TestBrowser } from './testing/push-service.ts';

// Web Push on real Redis and PostgreSQL, to a local HTTPS push service (self-signed certificate,
// trusted through WEB_PUSH_EXTRA_CA_FILE) that decrypts each message with the browser's private key
// and auth secret (RFC 8291) and verifies the VAPID JWT (RFC 8292).
const wait = { timeout: 20_000, interval: 50 };
const vapid = webPush.generateVAPIDKeys();
let stage: NotifierStage;
let pushService: LocalPushService;

beforeAll(async () => {
  pushService = await startLocalPushService();
  stage = await startNotifierStage({
    WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
    WEB_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
    WEB_PUSH_SUBJECT: 'mailto:ops@example.test',
    WEB_PUSH_EXTRA_CA_FILE: pushService.caFile,
    WEB_PUSH_RETRY_DELAY_MS: '100',
    WEB_PUSH_MAX_ATTEMPTS: '4',
    WEB_PUSH_TIMEOUT_MS: '2000',
  });
});
afterAll(async () => {
  await stage?.stop();
  await pushService?.close();
});

/** A user with a master account, a web_push subscription, and one browser per path. */
async function pushSubscriber(label: string, paths: string[], kinds: NotificationKind[] = ['master_fill']) {
  const { db } = stage.database;
  const owner = await stage.seedOwner(label);
  await db.notificationSubscription.create({ data: { userId: owner.userId, channel: 'web_push', kinds } });
  const browsers: (TestBrowser & { id: string })[] = [];
  for (const path of paths) {
    const browser = pushService.browser(path);
    const id = randomUUID();
    await db.pushSubscription.create({
      data: {
        id,
        userId: owner.userId,
        endpoint: browser.endpoint,
        keysEnvelope: stage.vault.seal(JSON.stringify(browser.keys), pushKeysBinding(id)),
      },
    });
    browsers.push({ ...browser, id });
  }
  return { ...owner, browsers };
}

const at = (path: string) => pushService.received.filter((push) => push.path === path);

async function auditsOf(type: string, userId: string) {
  const rows = await stage.database.db.auditLog.findMany({ where: { type }, orderBy: { seq: 'asc' } });
  return rows
    .map((row) => row.payload as Record<string, unknown>)
    .filter((payload) => payload.userId === userId);
}

describe('web push delivery', () => {
  it('sends a message the browser decrypts, signed with our VAPID key, to the owner’s browsers only', async () => {
    const alice = await pushSubscriber('alice', ['/alice-phone', '/alice-laptop']);
    const bob = await pushSubscriber('bob', ['/bob-phone']);
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(() => {
      expect(at('/alice-phone')).toHaveLength(1);
      expect(at('/alice-laptop')).toHaveLength(1);
    }, wait);
    for (const [index, path] of ['/alice-phone', '/alice-laptop'].entries()) {
      const [push] = at(path);
      expect(push!.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(push!.headers.ttl)).toBe(86_400);
      const message = JSON.parse(alice.browsers[index]!.decrypt(push!.body)) as Record<string, string>;
      expect(message).toMatchObject({
        title: 'Master fill: buy 1 BTCUSD at 65000.5',
        kind: 'master_fill',
        eventId,
        url: '/',
      });
      expect(message.body).toContain(`Master account: ${alice.masterAccountId.slice(0, 8)}`);
      // The ciphertext alone says nothing.
      expect(push!.body.toString('latin1')).not.toContain('BTCUSD');
      const { claims, publicKey } = pushService.vapid(push!.headers);
      expect(publicKey).toBe(vapid.publicKey);
      expect(claims.aud).toBe(pushService.url);
      expect(claims.sub).toBe('mailto:ops@example.test');
      expect(claims.exp * 1_000).toBeGreaterThan(Date.now());
      expect(claims.exp * 1_000).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
    }
    // Another browser's keys do not open it.
    expect(() => bob.browsers[0]!.decrypt(at('/alice-phone')[0]!.body)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(at('/bob-phone')).toHaveLength(0);
    await stage.masterFill(bob.masterAccountId);
    await vi.waitFor(() => expect(at('/bob-phone')).toHaveLength(1), wait);
    expect(bob.browsers[0]!.decrypt(at('/bob-phone')[0]!.body)).not.toContain(
      alice.masterAccountId.slice(0, 8),
    );
    expect(at('/alice-phone')).toHaveLength(1);
    await vi.waitFor(async () => {
      expect(await auditsOf('notification.push_delivered', alice.userId)).toHaveLength(2);
    }, wait);
  });

  it('removes a browser’s subscription when its push service answers 410 or 404', async () => {
    const carol = await pushSubscriber('carol', ['/carol-gone', '/carol-missing', '/carol-ok']);
    pushService.script('/carol-gone', [410]);
    pushService.script('/carol-missing', [404]);
    await stage.masterFill(carol.masterAccountId);
    await vi.waitFor(async () => {
      const left = await stage.database.db.pushSubscription.findMany({ where: { userId: carol.userId } });
      expect(left.map((row) => row.endpoint)).toEqual([carol.browsers[2]!.endpoint]);
    }, wait);
    await vi.waitFor(async () => {
      const failed = await auditsOf('notification.push_failed', carol.userId);
      expect(
        failed.map((payload) => [payload.statusCode, payload.subscriptionRemoved, payload.final]).sort(),
      ).toEqual([
        [404, true, true],
        [410, true, true],
      ]);
    }, wait);
    const metrics = await (await fetch(`http://127.0.0.1:${stage.notifier!.healthPort}/metrics`)).text();
    expect(metrics).toMatch(
      /copytrade_notifier_channel_attempts_total\{channel="web_push",outcome="removed",service="notifier"\} 2/,
    );
    // Not tried again, and the next event goes to the browser that is left only.
    await stage.masterFill(carol.masterAccountId, 2);
    await vi.waitFor(() => expect(at('/carol-ok')).toHaveLength(2), wait);
    expect(at('/carol-gone')).toHaveLength(1);
    expect(at('/carol-missing')).toHaveLength(1);
  });

  it('retries after a push service error and delivers once', async () => {
    const dave = await pushSubscriber('dave', ['/dave-flaky']);
    pushService.script('/dave-flaky', [500, 503]);
    const eventId = await stage.masterFill(dave.masterAccountId);
    await vi.waitFor(async () => {
      const delivery = await stage.database.db.pushDelivery.findFirstOrThrow({
        where: { userId: dave.userId },
      });
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 201, eventId });
    }, wait);
    expect(at('/dave-flaky').map((push) => push.status)).toEqual([500, 503, 201]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(at('/dave-flaky')).toHaveLength(3);
    await vi.waitFor(async () => {
      expect(await auditsOf('notification.push_failed', dave.userId)).toHaveLength(2);
      expect(await auditsOf('notification.push_delivered', dave.userId)).toHaveLength(1);
    }, wait);
  });
});
