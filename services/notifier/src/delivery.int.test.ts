import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type NotifierStage, startNotifierStage } from './testing/notifier-stage.ts';
import { seedEndpoint } from './testing/seed-endpoint.ts';

// Webhook delivery on real Redis and PostgreSQL: events are recorded in the audit log as the audit
// service records them, the notifier reads them from there and sends them to a receiver on loopback.
const wait = { timeout: 15_000, interval: 50 };
let stage: NotifierStage;
let alice: { userId: string; masterAccountId: string };
let bob: { userId: string; masterAccountId: string };

beforeAll(async () => {
  stage = await startNotifierStage();
  alice = await stage.seedOwner('alice');
  bob = await stage.seedOwner('bob');
});
afterAll(async () => {
  await stage?.stop();
});

async function endpoint(
  owner: { userId: string },
  path: string,
  kinds: Parameters<typeof seedEndpoint>[2]['kinds'] = ['master_fill'],
) {
  return seedEndpoint(stage.database.db, stage.vault, {
    userId: owner.userId,
    url: `${stage.receiver.url}${path}`,
    kinds,
  });
}

const requestsFor = (path: string, eventId: string) =>
  stage.receiver.received.filter((hook) => hook.path === path && hook.headers['webhook-id'] === eventId);

async function auditOf(type: string, notifiedEventId: string, endpointId: string) {
  const rows = await stage.database.db.auditLog.findMany({ where: { type }, orderBy: { seq: 'asc' } });
  return rows.filter((row) => {
    const payload = row.payload as { notifiedEventId?: string; endpointId?: string };
    return payload.notifiedEventId === notifiedEventId && payload.endpointId === endpointId;
  });
}

const asText = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? String(v) : v));

describe('webhook delivery', () => {
  it('sends a signed webhook that the standardwebhooks package verifies, to its owner only', async () => {
    const mine = await endpoint(alice, '/signed');
    await endpoint(bob, '/bob');
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(() => expect(requestsFor('/signed', eventId)).toHaveLength(1), wait);
    const [hook] = requestsFor('/signed', eventId);
    const message = new Webhook(mine.secret).verify(hook!.body, hook!.headers as Record<string, string>) as {
      type: string;
      data: { eventId: string; payload: { masterAccountId: string } };
    };
    expect(message.type).toBe('master_fill');
    expect(message.data.eventId).toBe(eventId);
    expect(message.data.payload.masterAccountId).toBe(alice.masterAccountId);
    // Bob's event reaches Bob; Alice's never does.
    const bobsEvent = await stage.masterFill(bob.masterAccountId);
    await vi.waitFor(() => expect(requestsFor('/bob', bobsEvent)).toHaveLength(1), wait);
    expect(
      stage.receiver.received
        .filter((hook) => hook.path === '/bob')
        .map((hook) => hook.body)
        .join(),
    ).not.toContain(alice.masterAccountId);
    expect(requestsFor('/signed', bobsEvent)).toHaveLength(0);
    // Nothing secret travels: no secret or signature in the message, the delivery log, the audit trail or the logs.
    const log = asText(await stage.database.db.webhookDelivery.findMany());
    const audit = asText(
      await stage.database.db.auditLog.findMany({ where: { type: { startsWith: 'notification.' } } }),
    );
    const logs = stage.logLines.join('\n');
    expect(logs).toContain('webhook attempt');
    for (const text of [hook!.body, log, audit, logs]) expect(text).not.toContain(mine.secret.slice(6));
    const signature = String(hook!.headers['webhook-signature']).slice(3);
    for (const text of [log, audit, logs]) expect(text).not.toContain(signature);
  });

  it('delivers exactly once when the receiver answers 500 twice then 200: the same webhook-id each attempt', async () => {
    const { endpointId, secret } = await endpoint(alice, '/flaky');
    stage.receiver.script('/flaky', [{ status: 500 }, { status: 500 }]);
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(
      () => expect(stage.receiver.accepted('/flaky').map((h) => h.headers['webhook-id'])).toEqual([eventId]),
      wait,
    );
    const attempts = requestsFor('/flaky', eventId);
    expect(attempts.map((hook) => hook.status)).toEqual([500, 500, 200]);
    for (const hook of attempts)
      expect(() =>
        new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>),
      ).not.toThrow();
    await vi.waitFor(async () => {
      const delivery = await stage.database.db.webhookDelivery.findUniqueOrThrow({
        where: { endpointId_eventId: { endpointId, eventId } },
      });
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
      expect(await auditOf('notification.failed', eventId, endpointId)).toHaveLength(2);
      expect(await auditOf('notification.delivered', eventId, endpointId)).toHaveLength(1);
    }, wait);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(requestsFor('/flaky', eventId)).toHaveLength(3);
  });

  it('tries again after an attempt times out, with the same webhook-id', async () => {
    const { endpointId } = await endpoint(alice, '/slow');
    stage.receiver.script('/slow', [{ status: 200, delayMs: 1_500 }]);
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(async () => {
      const delivery = await stage.database.db.webhookDelivery.findUniqueOrThrow({
        where: { endpointId_eventId: { endpointId, eventId } },
      });
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    }, wait);
    expect(requestsFor('/slow', eventId)).toHaveLength(2);
    await vi.waitFor(async () => {
      expect((await auditOf('notification.failed', eventId, endpointId))[0]?.payload).toMatchObject({
        statusCode: null,
        error: 'timed out after 400 ms',
        final: false,
      });
    }, wait);
    // The late answer to the first attempt and the second are one delivery to an idempotent receiver.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stage.receiver.accepted('/slow').filter((h) => h.headers['webhook-id'] === eventId)).toHaveLength(
      1,
    );
  });

  it('waits as long as Retry-After asks, though its schedule says 100 ms', async () => {
    await endpoint(alice, '/busy');
    stage.receiver.script('/busy', [{ status: 503, headers: { 'retry-after': '2' } }]);
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(() => expect(requestsFor('/busy', eventId)).toHaveLength(2), wait);
    const [first, second] = requestsFor('/busy', eventId);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_000);
    expect(second!.at - first!.at).toBeLessThan(4_000);
  });

  it('disables an endpoint that answers 410 Gone, and sends it nothing more', async () => {
    const { endpointId } = await endpoint(alice, '/gone');
    stage.receiver.script('/gone', [{ status: 410 }]);
    const eventId = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(async () => {
      expect(
        await stage.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }),
      ).toMatchObject({
        status: 'disabled',
        disabledReason: 'gone',
      });
      const disabled = await stage.database.db.auditLog.findMany({
        where: { type: 'webhook.endpoint_disabled' },
      });
      expect(disabled.map((row) => row.payload)).toContainEqual(
        expect.objectContaining({ endpointId, reason: 'gone' }),
      );
    }, wait);
    const later = await stage.masterFill(alice.masterAccountId);
    await vi.waitFor(() => expect(requestsFor('/signed', later)).toHaveLength(1), wait);
    expect(requestsFor('/gone', eventId)).toHaveLength(1);
    expect(requestsFor('/gone', later)).toHaveLength(0);
  });

  it('disables an endpoint after failures in a row and tells its owner on another endpoint', async () => {
    const owner = await stage.seedOwner('carol');
    const { endpointId } = await endpoint(owner, '/down');
    await endpoint(owner, '/carol-alerts', ['endpoint_disabled']);
    stage.receiver.script(
      '/down',
      Array.from({ length: 10 }, () => ({ status: 500 })),
    );
    const eventId = await stage.masterFill(owner.masterAccountId);
    await vi.waitFor(async () => {
      expect(
        await stage.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } }),
      ).toMatchObject({
        status: 'disabled',
        disabledReason: 'failures',
        consecutiveFailures: 3,
      });
      const alerts = stage.receiver.received.filter((hook) => hook.path === '/carol-alerts');
      expect(alerts.map((hook) => JSON.parse(hook.body))).toEqual([
        expect.objectContaining({
          type: 'endpoint_disabled',
          data: expect.objectContaining({
            payload: expect.objectContaining({ endpointId, reason: 'failures' }),
          }),
        }),
      ]);
    }, wait);
    expect(requestsFor('/down', eventId)).toHaveLength(3);
    const delivery = await stage.database.db.webhookDelivery.findUniqueOrThrow({
      where: { endpointId_eventId: { endpointId, eventId } },
    });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
  });

  it('loses no event across a notifier restart, and sends each once', async () => {
    const owner = await stage.seedOwner('dave');
    await endpoint(owner, '/restart');
    await stage.notifier!.stop();
    const eventIds: string[] = [];
    for (let i = 0; i < 5; i += 1) eventIds.push(await stage.masterFill(owner.masterAccountId));
    // Recorded by audit while no notifier runs.
    await vi.waitFor(async () => {
      expect(await stage.database.db.auditLog.count({ where: { eventId: { in: eventIds } } })).toBe(5);
    }, wait);
    expect(stage.receiver.received.filter((hook) => hook.path === '/restart')).toHaveLength(0);
    await stage.startNotifier();
    await vi.waitFor(
      () =>
        expect(
          stage.receiver
            .accepted('/restart')
            .map((hook) => hook.headers['webhook-id'])
            .sort(),
        ).toEqual([...eventIds].sort()),
      wait,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stage.receiver.received.filter((hook) => hook.path === '/restart')).toHaveLength(5);
  });

  it('sends each event once with two notifier replicas sharing the feed', async () => {
    const owner = await stage.seedOwner('frank');
    await endpoint(owner, '/replicas');
    const replica = await stage.startReplica();
    const eventIds: string[] = [];
    for (let i = 0; i < 10; i += 1) eventIds.push(await stage.masterFill(owner.masterAccountId));
    await vi.waitFor(
      () =>
        expect(
          stage.receiver
            .accepted('/replicas')
            .map((hook) => hook.headers['webhook-id'])
            .sort(),
        ).toEqual([...eventIds].sort()),
      wait,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stage.receiver.received.filter((hook) => hook.path === '/replicas')).toHaveLength(10);
    await replica.stop();
  });

  it('sends a delivery whose job was lost (recorded, never enqueued) from the outbox sweep', async () => {
    const owner = await stage.seedOwner('erin');
    const { endpointId } = await endpoint(owner, '/swept');
    await stage.notifier!.stop();
    const eventId = await stage.masterFill(owner.masterAccountId);
    const row = await vi.waitFor(async () => {
      const found = await stage.database.db.auditLog.findUnique({ where: { eventId } });
      expect(found).not.toBeNull();
      return found!;
    }, wait);
    // As if a notifier committed its step and died before enqueueing: the row, no job, cursor past it.
    await stage.database.db.webhookDelivery.create({
      data: { endpointId, eventId, eventSeq: row.seq, eventType: row.type, kind: 'master_fill' },
    });
    await stage.database.db.notifierCursor.update({
      where: { name: 'webhooks' },
      data: { lastSeq: row.seq },
    });
    await stage.startNotifier();
    await vi.waitFor(() => expect(requestsFor('/swept', eventId)).toHaveLength(1), wait);
  });
});
