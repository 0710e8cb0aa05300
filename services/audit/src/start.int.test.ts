import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { verifyChain } from '@copytrade/audit-log';
import { sampleTrade } from '@copytrade/audit-log/testing';
import { type AuditEvent, makeAuditEvent } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { createLogger } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningAudit } from './start.ts';
import { type AuditTestClient, auditTestClient, startTestAudit } from './testing/audit-harness.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
const logLines: string[] = [];
let database: TestDatabase;
let audit: RunningAudit;
let client: AuditTestClient;

beforeAll(async () => {
  database = await createTestDatabase('audit');
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ service: 'audit-test', level: 'info', destination });
  [audit, client] = await Promise.all([
    startTestAudit({ databaseUrl: database.url, prefix, logger }),
    auditTestClient(prefix),
  ]);
});

afterAll(async () => {
  await audit?.stop();
  await client?.close();
  await database?.drop();
});

const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 5_000, interval: 20 });
const stored = (eventId: string) => database.db.auditLog.findUnique({ where: { eventId } });

async function publishAll(events: AuditEvent[]) {
  for (const event of events) await client.events.publish(event);
  await waitFor(async () => {
    for (const event of events) expect(await stored(event.eventId)).not.toBeNull();
  });
}

describe('audit service', () => {
  it('keeps one position_sync_status row per follow and symbol with the position’s value; no older check overwrites it', async () => {
    const ids = { followId: randomUUID(), masterAccountId: randomUUID(), followerAccountId: randomUUID() };
    const check = (n: number, at: string, extra: Record<string, unknown>) =>
      makeAuditEvent({
        type: 'sync.status',
        eventId: `sync.status:${ids.followId}:ETHUSD:${n}`,
        correlationId: null,
        accountId: ids.followerAccountId,
        service: 'exit-sync',
        at: new Date(at),
        payload: {
          ...ids,
          symbol: 'ETHUSD',
          state: 'in_sync',
          target: 3,
          totalTarget: 3,
          actual: 3,
          drift: 0,
          repairs: 0,
          message: null,
          ...extra,
        },
      });
    const row = () =>
      database.db.positionSyncStatus.findUniqueOrThrow({
        where: { followId_symbol: { followId: ids.followId, symbol: 'ETHUSD' } },
      });
    await publishAll([
      check(1, '2026-01-05T10:00:00Z', { entryPrice: '3000.5', realizedPnl: '-1.25', unrealizedPnl: '4.5' }),
    ]);
    expect(await row()).toMatchObject({ actual: 3 });
    const first = await row();
    expect([
      first.entryPrice?.toFixed(),
      first.realizedPnl?.toFixed(),
      first.unrealizedPnl?.toFixed(),
    ]).toEqual(['3000.5', '-1.25', '4.5']);
    // A newer check from before exit-sync carried the value changes the state, keeps the value.
    await publishAll([check(2, '2026-01-05T10:01:00Z', { state: 'drifting', actual: 1, drift: 2 })]);
    const second = await row();
    expect(second).toMatchObject({ state: 'drifting', actual: 1 });
    expect(second.entryPrice?.toFixed()).toBe('3000.5');
    // An older check arriving late changes nothing.
    await publishAll([check(3, '2026-01-05T09:59:00Z', { entryPrice: '1', unrealizedPnl: null })]);
    const third = await row();
    expect(third).toMatchObject({ state: 'drifting', actual: 1 });
    expect(third.unrealizedPnl?.toFixed()).toBe('4.5');
  });

  it('records a copied trade and keeps copy_trades, trade_sync_status and trade_history', async () => {
    const t = sampleTrade({ leg: 'open', size: 3 });
    await publishAll([t.events.decided(), t.events.submitted(1)]);
    const sync = await database.db.tradeSyncStatus.findUniqueOrThrow({
      where: { clientOrderId: t.clientOrderId },
    });
    expect(sync).toMatchObject({ syncStatus: 'submitted', retryCount: 0, masterTradeId: t.fillId });

    await publishAll([t.events.retrying(1), t.events.submitted(2), t.events.accepted(42)]);
    const accepted = await stored(t.events.accepted().eventId);
    const copy = await database.db.copyTrade.findUniqueOrThrow({ where: { clientOrderId: t.clientOrderId } });
    expect(copy).toMatchObject({
      masterTradeId: t.fillId,
      correlationId: t.correlationId,
      masterAccountId: t.masterAccountId,
      followerId: t.followerAccountId,
      originalSymbol: 'BTCUSD',
      originalSide: 'buy',
      originalSize: 10,
      copiedSide: 'buy',
      copiedSize: 3,
      action: 'open',
      status: 'filled',
      latencyMs: 42,
      entryTime: accepted?.occurredAt,
      exitTime: null,
    });
    expect(copy.originalPrice.toString()).toBe('65000.5');
    expect(copy.copiedPrice?.toString()).toBe('65010');
    expect(
      await database.db.tradeSyncStatus.findUniqueOrThrow({ where: { clientOrderId: t.clientOrderId } }),
    ).toMatchObject({ syncStatus: 'synced', followerTradeId: '9001', retryCount: 1, errorMessage: null });
    const history = await database.db.tradeHistory.findUniqueOrThrow({
      where: { clientOrderId: t.clientOrderId },
    });
    expect(history).toMatchObject({
      userId: t.followerUserId,
      accountId: t.followerAccountId,
      productSymbol: 'BTCUSD',
      side: 'buy',
      size: 3,
      orderType: 'market_order',
      state: 'closed',
      orderId: '9001',
    });
    expect(history.price?.toString()).toBe('65010');
    expect(history.avgFillPrice?.toString()).toBe('65010');
  });

  it('records a rejection as a failed sync with its code and message', async () => {
    const t = sampleTrade({ leg: 'close' });
    await publishAll([t.events.decided(), t.events.submitted(1), t.events.rejected()]);
    const where = { where: { clientOrderId: t.clientOrderId } };
    expect(await database.db.copyTrade.findUniqueOrThrow(where)).toMatchObject({
      status: 'rejected',
      action: 'close',
    });
    expect(await database.db.tradeSyncStatus.findUniqueOrThrow(where)).toMatchObject({
      syncStatus: 'failed',
      errorMessage: 'insufficient_margin: not enough margin',
    });
    expect(await database.db.tradeHistory.findUnique(where)).toBeNull();
  });

  it('stores an event delivered twice once', async () => {
    const t = sampleTrade();
    const event = t.events.decided();
    await client.queue.add('dup', event, { jobId: 'dup-a' });
    await client.queue.add('dup', event, { jobId: 'dup-b' });
    await waitFor(async () => {
      const states = await Promise.all(['dup-a', 'dup-b'].map((id) => client.queue.getJobState(id)));
      expect(states).toEqual(['completed', 'completed']);
    });
    expect(await database.db.auditLog.count({ where: { eventId: event.eventId } })).toBe(1);
    expect(await database.db.copyTrade.count({ where: { clientOrderId: t.clientOrderId } })).toBe(1);
  });

  it('completes the rows when order events arrive before the decision', async () => {
    const t = sampleTrade({ leg: 'close', size: 2 });
    await publishAll([t.events.accepted(7), t.events.submitted(1)]);
    const where = { where: { clientOrderId: t.clientOrderId } };
    // Placeholders from the order: the master trade id comes from the correlation id.
    expect(await database.db.copyTrade.findUniqueOrThrow(where)).toMatchObject({
      masterTradeId: t.fillId,
      originalSize: 2,
      status: 'filled',
      latencyMs: 7,
    });
    await publishAll([t.events.decided()]);
    const copy = await database.db.copyTrade.findUniqueOrThrow(where);
    expect(copy).toMatchObject({
      masterTradeId: t.fillId,
      originalSide: 'sell',
      originalSize: 10,
      copiedSize: 2,
      action: 'close',
      status: 'filled',
      latencyMs: 7,
      entryTime: null,
    });
    expect(copy.originalPrice.toString()).toBe('65000.5');
    expect(copy.exitTime).toBeInstanceOf(Date);
    // The late order.submitted and copy.decided did not undo the outcome.
    expect(await database.db.tradeSyncStatus.findUniqueOrThrow(where)).toMatchObject({
      syncStatus: 'synced',
      followerTradeId: '9001',
    });
    expect(await database.db.tradeHistory.count(where)).toBe(1);
  });

  it('refuses an invalid event for good, writes nothing and logs no payload value', async () => {
    const before = await database.db.auditLog.count();
    const bad = { ...sampleTrade().events.accepted(), eventId: 'bad-event-1' } as AuditEvent;
    (bad.payload as Record<string, unknown>).side = 'SENTINEL-VALUE-x9';
    await client.queue.add('bad', bad, { jobId: 'bad-1' });
    await waitFor(async () => expect(await client.queue.getJobState('bad-1')).toBe('failed'));
    const job = await client.queue.getJob('bad-1');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/payload\.side/);
    expect(job?.failedReason).not.toContain('SENTINEL');
    expect(await stored('bad-event-1')).toBeNull();
    expect(await database.db.auditLog.count()).toBe(before);
    const logged = logLines.filter((line) => line.includes('bad-1'));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain('SENTINEL');
  });

  it('records the valid events of a batch and refuses only its invalid one, for good', async () => {
    const t = sampleTrade();
    const good = [t.events.decided(), t.events.submitted(1)];
    const bad = { ...t.events.accepted(), eventId: 'bad-event-2' } as AuditEvent;
    (bad.payload as Record<string, unknown>).side = 'SENTINEL-VALUE-y7';
    await client.queue.add('batch', { events: [good[0], bad, good[1]] } as never, { jobId: 'bad-2' });
    await waitFor(async () => expect(await client.queue.getJobState('bad-2')).toBe('failed'));
    const job = await client.queue.getJob('bad-2');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/event 1: payload\.side/);
    expect(job?.failedReason).not.toContain('SENTINEL');
    for (const event of good) expect(await stored(event.eventId)).not.toBeNull();
    expect(await stored('bad-event-2')).toBeNull();
  });

  it('publishes every stored event on the live channel after it is committed', async () => {
    const t = sampleTrade();
    const event = t.events.submitted(1);
    await publishAll([event]);
    const row = await database.db.auditLog.findUniqueOrThrow({ where: { eventId: event.eventId } });
    await waitFor(() => expect(client.live.received.map((e) => e.eventId)).toContain(event.eventId));
    const live = client.live.received.find((e) => e.eventId === event.eventId);
    expect(live).toEqual({ ...event, seq: Number(row.seq), hash: row.hash });
  });

  it('leaves a chain that verifies, and answers its health, readiness and metrics endpoints', async () => {
    const result = await verifyChain(database.db);
    expect(result).toMatchObject({ ok: true, count: await database.db.auditLog.count() });
    const base = `http://127.0.0.1:${audit.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/copytrade_audit_events_total\{[^}]*type="order.accepted"[^}]*outcome="stored"/);
    expect(metrics).toMatch(/copytrade_audit_events_total\{[^}]*type="copy.decided"[^}]*outcome="duplicate"/);
    expect(metrics).toMatch(/copytrade_audit_append_seconds_count\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/copytrade_audit_invalid_events_total\{[^}]*\} 2/); // the two refused events above
  });
});
