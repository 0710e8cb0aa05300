import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type NotifierStage, startNotifierStage } from './testing/notifier-stage.ts';
import { seedEndpoint } from './testing/seed-endpoint.ts';

// Without the test flag the notifier refuses to send to loopback, whatever the endpoint row says
// (an endpoint stored before the rules, or a host that now resolves elsewhere): nothing leaves.
const wait = { timeout: 15_000, interval: 50 };
let stage: NotifierStage;

beforeAll(async () => {
  stage = await startNotifierStage({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' });
});
afterAll(async () => {
  await stage?.stop();
});

describe('the notifier without the private-address flag', () => {
  it('refuses endpoints on loopback, by address or by a name that resolves to it, and sends nothing', async () => {
    const owner = await stage.seedOwner('mallory');
    const port = new URL(stage.receiver.url).port;
    const byAddress = await seedEndpoint(stage.database.db, stage.vault, {
      userId: owner.userId,
      url: `${stage.receiver.url}/by-address`,
      kinds: ['master_fill'],
    });
    const byName = await seedEndpoint(stage.database.db, stage.vault, {
      userId: owner.userId,
      url: `http://localhost:${port}/by-name`,
      kinds: ['master_fill'],
    });
    const eventId = await stage.masterFill(owner.masterAccountId);
    await vi.waitFor(async () => {
      const rows = await stage.database.db.webhookDelivery.findMany({ where: { eventId } });
      expect(rows).toHaveLength(2);
      for (const row of rows)
        expect(row).toMatchObject({
          status: 'failed',
          attempts: 1,
          lastError: 'refused: the endpoint URL points at a private, loopback or link-local address',
        });
    }, wait);
    // Each refusal is audited as a final failure (recorded from the audit queue a moment later).
    await vi.waitFor(async () => {
      const failed = await stage.database.db.auditLog.findMany({ where: { type: 'notification.failed' } });
      expect(failed.map((row) => (row.payload as { endpointId: string }).endpointId).sort()).toEqual(
        [byAddress.endpointId, byName.endpointId].sort(),
      );
      expect(failed.every((row) => (row.payload as { final: boolean }).final)).toBe(true);
    }, wait);
    expect(stage.receiver.received).toHaveLength(0);
  });
});
