import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAuditFeed } from '../testing/audit-feed.ts';
import { logInThroughForm } from '../testing/browser.ts';
import { masterFillScene } from '../testing/live-scene.ts';
import { usePageStage } from '../testing/page-stage.ts';
import { seedBrokerAccount } from '../testing/seed-accounts.ts';

// The Live page opens with the recent past (the caller's own only) and names accounts by their labels.
const password = 'correct horse battery';
const stage = usePageStage();
const { record } = useAuditFeed(stage);

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const copyRow = (page: Page, clientOrderId: string) =>
  page.locator(`#feed tr[data-client-order-id="${clientOrderId}"]`);

/**
 * Logs in and opens the Live page; resolves once its recent past is shown, counting the Live page's
 * /v1/accounts reads (by their referrer: the trades page the login lands on names accounts too, with
 * reads of its own when it stays long enough).
 */
async function openLive(email: string): Promise<{ page: Page; accountReads: () => number }> {
  const page = await stage.browser.page();
  let reads = 0;
  page.on('request', (request) => {
    const referrer = request.headers().referer;
    const fromLive = referrer !== undefined && new URL(referrer).pathname === '/live';
    if (fromLive && new URL(request.url()).pathname === '/v1/accounts') reads += 1;
  });
  await logInThroughForm(page, stage.gw.url, email, password);
  await page.getByRole('link', { name: 'Live' }).click();
  await page.waitForURL(`${stage.gw.url}/live`);
  await poll(() => page.locator('#live-state').textContent()).toBe('live');
  return { page, accountReads: () => reads };
}

describe('the live page on load', () => {
  it('shows the recent past once each, a client only its own, with account labels (full id in the title)', async () => {
    const [alice, bob, desk] = [
      await stage.gw.seedUser('client', password),
      await stage.gw.seedUser('client', password),
      await stage.gw.seedUser('client'),
    ];
    const master = await seedBrokerAccount(stage.gw.database.db, desk.id, 'master', 'Master desk');
    const alicesFollower = await seedBrokerAccount(
      stage.gw.database.db,
      alice.id,
      'follower',
      'Alice follower',
    );
    const bobsFollower = await seedBrokerAccount(stage.gw.database.db, bob.id, 'follower', 'Bob follower');
    const scene = masterFillScene(master, '64000');
    const alicesCopy = scene.decided(alicesFollower, 3);
    const bobsCopy = scene.decided(bobsFollower, 2);
    // All before the page opens: without the recent past the page would show none of it.
    await record(scene.fill(), alicesCopy.event, bobsCopy.event);

    const { page, accountReads } = await openLive(alice.email);
    const group = page.locator(`#feed li.group[data-correlation-id="${scene.correlationId}"]`);
    const row = copyRow(page, alicesCopy.leg.clientOrderId);
    expect(await group.count()).toBe(1);
    expect(await row.getAttribute('data-follower')).toBe(alicesFollower);
    expect(await row.locator('[data-cell="status"]').textContent()).toBe('decided');
    await poll(() => row.locator('[data-cell="follower"]').textContent()).toBe('Alice follower');
    expect(await row.locator('[data-cell="follower"] [title]').getAttribute('title')).toBe(alicesFollower);
    expect(await group.locator('.notes').textContent()).toContain(
      'Copy to Alice follower: open, target 0 → 3',
    );
    // Bob's copy of the same fill, and the master (another client's account), are not Alice's.
    expect(await page.locator(`#feed [data-follower="${bobsFollower}"]`).count()).toBe(0);
    expect(await page.locator('#feed').textContent()).not.toContain('Bob follower');
    expect(await page.locator('#feed').textContent()).not.toContain(bobsFollower.slice(0, 8));
    expect(await page.locator('#feed-history').textContent()).toBe(
      'The last event from before the page opened, then live ones as they happen.',
    );

    // A live event after the recent past changes the row in place, never adds it twice.
    await record(
      scene.accepted(alicesFollower, alicesCopy.leg, {
        avgFillPrice: '64010',
        slippageBps: 1.5,
        latencyMs: 35,
      }),
    );
    await poll(() => row.locator('[data-cell="status"]').textContent()).toBe('filled');
    expect(await row.locator('[data-cell="price"]').textContent()).toBe('64010');
    expect(await group.count()).toBe(1);
    expect(await group.locator('tbody tr').count()).toBe(1);
    expect(await group.locator('.notes li').count()).toBe(1);
    // Her accounts are named from the one read the page began with.
    expect(accountReads()).toBe(1);
  });

  it('names the master for an operator, and a client sees none of another client’s recent past', async () => {
    const carol = await stage.gw.seedUser('client', password);
    await seedBrokerAccount(stage.gw.database.db, carol.id, 'follower', 'Carol follower');
    const carolsPage = await openLive(carol.email);
    expect(await carolsPage.page.locator('#feed li').count()).toBe(0);
    expect(await carolsPage.page.locator('#feed-history').textContent()).toBe(
      'Nothing happened lately: events appear here as they happen.',
    );

    const operator = await stage.gw.seedUser('operator', password);
    const { page, accountReads } = await openLive(operator.email);
    const head = page.locator('#feed li.group[data-kind="master_fill.recorded"] .head').first();
    await poll(() => head.textContent()).toContain('Fill by Master desk: buy 10 BTCUSD @ 64000');
    expect(await page.locator('#feed').textContent()).toContain('Bob follower');

    // An account added after the page opened is named after one more read of the accounts, not one
    // per event; an id that is no account keeps its short form.
    const readsBefore = accountReads();
    const master = await stage.gw.database.db.brokerAccount.findFirstOrThrow({
      where: { label: 'Master desk' },
    });
    const added = await seedBrokerAccount(stage.gw.database.db, carol.id, 'follower', 'Carol second');
    const scene = masterFillScene(master.id, '64100');
    const copies = [1, 2, 3, 4, 5].map((size) => scene.decided(added, size));
    const strangerId = randomUUID();
    const stranger = scene.decided(strangerId, 1);
    await record(scene.fill(), stranger.event, ...copies.map((c) => c.event));
    const addedNames = page.locator(`#feed [data-follower="${added}"] [data-cell="follower"]`);
    await poll(() => addedNames.allTextContents()).toEqual(copies.map(() => 'Carol second'));
    // One read for the ids seen together; a second at most when the events reach the page spread out.
    expect(accountReads() - readsBefore).toBeGreaterThanOrEqual(1);
    expect(accountReads() - readsBefore).toBeLessThanOrEqual(2);
    const strangerName = copyRow(page, stranger.leg.clientOrderId).locator('[data-cell="follower"]');
    expect(await strangerName.textContent()).toBe(`${strangerId.slice(0, 8)}…`);
    expect(await strangerName.locator('[title]').getAttribute('title')).toBe(strangerId);
    // The id no read named is not asked about again.
    const readsAfter = accountReads();
    const again = masterFillScene(master.id, '64200');
    const strangerAgain = again.decided(strangerId, 2);
    await record(again.fill(), strangerAgain.event);
    await poll(() => copyRow(page, strangerAgain.leg.clientOrderId).count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(accountReads()).toBe(readsAfter);
  });
});
