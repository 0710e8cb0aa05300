import { randomBytes, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAuditFeed } from '../testing/audit-feed.ts';
import { logInThroughForm } from '../testing/browser.ts';
import { startTestGateway, type TestGateway } from '../testing/gateway-harness.ts';
import { correctionScene, masterFillScene, riskExit } from '../testing/live-scene.ts';
import { screenshotsDir as screenshots, usePageStage } from '../testing/page-stage.ts';
import { seedBrokerAccount } from '../testing/seed-accounts.ts';
import { recordSeeder } from '../testing/seed-records.ts';

// Events are recorded as the audit service records them (with their seq) and published to the
// gateway's live stream.
const password = 'correct horse battery';
const stage = usePageStage();
const { record } = useAuditFeed(stage);

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const stat = (page: Page, name: string) =>
  page.locator(`#latency-summary [data-stat="${name}"]`).textContent();
const cell = (page: Page, clientOrderId: string, name: string) =>
  page.locator(`#feed tr[data-client-order-id="${clientOrderId}"] [data-cell="${name}"]`).textContent();

async function openLive(page: Page, url: string): Promise<void> {
  const operator = await stage.gw.seedUser('operator', password);
  await logInThroughForm(page, url, operator.email, password);
  await page.getByRole('link', { name: 'Live' }).click();
  await page.waitForURL(`${url}/live`);
  await poll(() => page.locator('#live-state').textContent()).toBe('live');
}

describe('the live page', () => {
  it('shows each master fill with its copies, skips, rejections and corrections, and the copy latency, without a reload', async () => {
    // Three copies in the last minutes, already in the database: the latency seed.
    const owner = await stage.gw.seedUser('client');
    const seedMaster = await seedBrokerAccount(stage.gw.database.db, owner.id, 'master');
    const seedFollower = await seedBrokerAccount(stage.gw.database.db, owner.id, 'follower');
    const seed = recordSeeder(stage.gw.database.db);
    for (const [minutesAgo, latencyMs] of [
      [4, 10],
      [3, 20],
      [2, 30],
    ] as const) {
      const id = await seed.copyTrade({
        correlationId: `seed-${randomUUID()}`,
        masterAccountId: seedMaster,
        followerId: seedFollower,
        createdAt: new Date(Date.now() - minutesAgo * 60_000),
      });
      await stage.gw.database.db.copyTrade.update({ where: { id }, data: { latencyMs } });
    }

    const page = await stage.browser.page();
    await openLive(page, stage.gw.url);
    await poll(() => stat(page, 'Copies')).toBe('3');
    expect(await page.locator('#feed-history').textContent()).toBe(
      'Nothing happened lately: events appear here as they happen.',
    );
    expect(await stat(page, 'p50')).toBe('20 ms');
    expect(await page.locator('#latency-chart svg circle').count()).toBe(3);
    expect(await page.getByRole('img', { name: /3 copies in the last 10 minutes/ }).count()).toBe(1);

    // Named accounts (the page shows their labels), and one id that is no account (its short form).
    const db = stage.gw.database.db;
    const desk = await stage.gw.seedUser('client');
    const master = await seedBrokerAccount(db, desk.id, 'master', 'Master desk');
    const filled = await seedBrokerAccount(db, owner.id, 'follower', 'Alice follower');
    const skipped = await seedBrokerAccount(db, owner.id, 'follower', 'Bob follower');
    const refused = randomUUID();
    const scene = masterFillScene(master, '65000');
    const copy = scene.decided(filled, 5);
    const doomed = scene.decided(refused, 2);
    const correction = correctionScene(filled);
    const fillShownBy = Date.now();
    await record(scene.fill());
    const group = page.locator(`#feed li.group[data-correlation-id="${scene.correlationId}"]`);
    await poll(() => group.locator('.head').textContent()).toContain(
      'Fill by Master desk: buy 10 BTCUSD @ 65000',
    );
    const fillShownMs = Date.now() - fillShownBy;

    await record(
      copy.event,
      scene.skipped(skipped, 'slippage', 'price moved 0.6% > limit 0.5%'),
      doomed.event,
      scene.accepted(filled, copy.leg, { avgFillPrice: '65013', slippageBps: 2, latencyMs: 40 }),
      scene.rejected(refused, doomed.leg),
      correction.corrected(),
      riskExit(filled),
    );
    const clientOrderId = copy.leg.clientOrderId;
    await poll(() => cell(page, clientOrderId, 'status')).toBe('filled');
    await poll(() => cell(page, clientOrderId, 'follower')).toBe('Alice follower');
    expect(await cell(page, doomed.leg.clientOrderId, 'follower')).toBe(`${refused.slice(0, 8)}…`);
    expect(await cell(page, clientOrderId, 'size')).toBe('5');
    expect(await cell(page, clientOrderId, 'price')).toBe('65013');
    expect(await cell(page, clientOrderId, 'slippage')).toBe('+2.00 bp');
    expect(await cell(page, clientOrderId, 'latency')).toBe('40 ms');
    await poll(() => cell(page, doomed.leg.clientOrderId, 'status')).toBe('rejected: insufficient_margin');
    await poll(() => group.locator('.notes').textContent()).toContain(
      'Skipped for Bob follower: slippage (price moved 0.6% > limit 0.5%)',
    );
    expect(await group.locator('.notes').textContent()).toContain('insufficient_margin not enough margin');
    expect(await group.locator('.notes').textContent()).toContain('open, target 0 → 5');
    // The correction is its own group, its leg a row; the risk exit (no correlation) is with the others.
    const corrected = page.locator(`#feed li.group[data-correlation-id="${correction.correlationId}"]`);
    await poll(() => corrected.locator('.head').textContent()).toContain('drift 2 on BTCUSD');
    expect(await corrected.locator('tbody tr').count()).toBe(1);
    await poll(() => page.locator('#other').textContent()).toContain('Risk exit for Alice follower');
    expect(await page.locator('#other').textContent()).toContain(
      'drawdown (equity down 21% > 20%), flattening',
    );

    // The live copy joins the seeded ones: 10, 20, 30, 40 ms.
    await poll(() => stat(page, 'Copies')).toBe('4');
    expect(await stat(page, 'p50')).toBe('25 ms');
    expect(await page.locator('#latency-chart svg circle').count()).toBe(4);
    expect(await page.locator('#feed li.group').count()).toBe(2);
    // "Nothing happened lately" went with the first event.
    expect(await page.locator('#feed-history').isVisible()).toBe(false);
    expect(fillShownMs).toBeLessThan(1_000);
    await page.screenshot({ path: `${screenshots}live.png`, fullPage: true });
  });

  it('fits a phone: the copies table scrolls inside its card, the page does not', async () => {
    const page = await stage.browser.page({ width: 390, height: 844 });
    await openLive(page, stage.gw.url);
    const scene = masterFillScene(randomUUID());
    const copy = scene.decided(randomUUID(), 3);
    await record(scene.fill(), copy.event);
    await poll(() => page.locator(`#feed tr[data-client-order-id="${copy.leg.clientOrderId}"]`).count()).toBe(
      1,
    );
    // A string: this project's TypeScript has no DOM types; the browser evaluates it.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('says it is reconnecting when the gateway goes away, keeps trying after a 503, then shows the missed events once and that it resumed', async () => {
    // A gateway replica of its own on a fixed port, restarted there: the browser's EventSource loses
    // its stream as in a deploy and reconnects to the same address. One attempt is answered 503, as a
    // gateway that is shutting down (or a proxy in front of none) answers: an EventSource gives up for
    // good after an answer that is not a stream, so the page must open a new one and resume itself.
    // Replicas share the session secret, as in production, so the login survives the restart.
    const shared = { SESSION_SECRET: randomBytes(32).toString('hex') };
    let replica: TestGateway = await startTestGateway(shared, stage.gw);
    const port = new URL(replica.url).port;
    const page = await stage.browser.page();
    try {
      await openLive(page, replica.url);
      // The recent past (the earlier tests' events) is in once the page says it is live.
      const groupsOnLoad = await page.locator('#feed li.group').count();
      expect(groupsOnLoad).toBeGreaterThan(0);
      const before = masterFillScene(randomUUID());
      // Its master is no account the page knows: the page reads the accounts and follows once more.
      // That read ends before the gateway goes away (cut short, it would log a console error).
      const namesRead = ['/v1/accounts', '/v1/follows'].map((path) =>
        page.waitForResponse((response) => new URL(response.url()).pathname === path),
      );
      await record(before.fill());
      const seenGroup = page.locator(`#feed li.group[data-correlation-id="${before.correlationId}"]`);
      await poll(() => seenGroup.count()).toBe(1);
      await Promise.all(namesRead);
      const lastSeen = Number(
        (await stage.gw.database.db.auditLog.findUniqueOrThrow({ where: { eventId: before.fill().eventId } }))
          .seq,
      );

      let refusedAttempts = 0;
      await page.route(
        '**/v1/events?*',
        async (route) => {
          refusedAttempts += 1;
          await route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: '{"message":"closing"}',
          });
        },
        { times: 1 },
      );
      await replica.stop();
      await poll(() => page.locator('#live-state').textContent()).toBe(
        `reconnecting… (last event ${lastSeen})`,
      );
      await poll(async () => refusedAttempts).toBe(1);
      const scene = masterFillScene(randomUUID());
      const copy = scene.decided(randomUUID(), 4);
      const missed = [
        scene.fill(),
        copy.event,
        scene.accepted(copy.event.accountId!, copy.leg, {
          avgFillPrice: '65006.5',
          slippageBps: 1,
          latencyMs: 55,
        }),
      ];
      await record(...missed);

      replica = await startTestGateway({ ...shared, GATEWAY_PORT: port }, stage.gw);
      await poll(() => page.locator('#live-state').textContent()).toBe(
        `live again: resumed after event ${lastSeen}, 3 missed events replayed`,
      );
      const group = page.locator(`#feed li.group[data-correlation-id="${scene.correlationId}"]`);
      await poll(() => cell(page, copy.leg.clientOrderId, 'status')).toBe('filled');
      expect(await group.count()).toBe(1);
      expect(await group.locator('tbody tr').count()).toBe(1);
      expect(await group.locator('.notes li').count()).toBe(1);
      expect(await seenGroup.count()).toBe(1);

      // And live again: a new fill arrives without a reload.
      const after = masterFillScene(randomUUID());
      await record(after.fill());
      await poll(() =>
        page.locator(`#feed li.group[data-correlation-id="${after.correlationId}"]`).count(),
      ).toBe(1);
      expect(await page.locator('#feed li.group').count()).toBe(groupsOnLoad + 3);
    } finally {
      await page.close();
      await replica.stop();
    }
    // The attempts to reach the stopped (or stopping) gateway are the expected console messages.
    const refused = stage.browser.problems.filter(
      (p) => p.includes('ERR_CONNECTION_REFUSED') || p.includes('status of 503'),
    );
    for (const problem of refused) stage.browser.problems.splice(stage.browser.problems.indexOf(problem), 1);
  }, 60_000);
});
