import { createHash, randomUUID } from 'node:crypto';
import { redisKeys } from '@copytrade/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useAuditFeed } from '../testing/audit-feed.ts';
import { logInThroughForm } from '../testing/browser.ts';
import { screenshotsDir as screenshots, usePageStage } from '../testing/page-stage.ts';
import { seedBrokerAccount } from '../testing/seed-accounts.ts';

const password = 'correct horse battery';
const stage = usePageStage();
// The gateway's manual actions are recorded as the audit service records them; the page lists them.
useAuditFeed(stage);

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** The kill switch as the API reports it, read with the page's own session. */
const killSwitch = async (page: Page) => (await page.request.get(`${stage.gw.url}/v1/kill-switch`)).json();
const firstAction = (page: Page) => page.locator('#actions tbody tr').first().textContent();
const banner = (page: Page) => page.getByRole('alert').filter({ hasText: 'Kill switch engaged' });

async function operatorOnOperations(): Promise<{ page: Page; email: string }> {
  const operator = await stage.gw.seedUser('operator', password);
  const page = await stage.browser.page();
  await logInThroughForm(page, stage.gw.url, operator.email, password);
  await page.getByRole('link', { name: 'Operations' }).click();
  await page.waitForURL(`${stage.gw.url}/operations`);
  return { page, email: operator.email };
}

async function confirmKillSwitch(page: Page, button: string, reason: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

describe('the operations page', () => {
  it('engages and releases the kill switch only after a confirmation, shows it on every page, and lists who did it', async () => {
    const { page, email } = await operatorOnOperations();
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
    await poll(() => page.locator('#queues tbody tr').count()).toBeGreaterThan(0);
    // The copy path's streams, which the queue dashboard does not show.
    expect(await page.locator('#streams tbody tr td:first-child').allTextContents()).toEqual([
      'master-fills',
      'copy-kicks',
    ]);
    expect(await page.getByRole('link', { name: 'Open the queue dashboard' }).getAttribute('href')).toBe(
      '/admin/queues',
    );
    expect(await banner(page).count()).toBe(0);

    // Cancel changes nothing.
    await page.getByRole('button', { name: 'Engage the kill switch' }).click();
    await page.getByLabel('Reason').fill('not yet');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('#kill-dialog').isVisible()).toBe(false);
    expect((await killSwitch(page)).engaged).toBe(false);

    await confirmKillSwitch(page, 'Engage the kill switch', 'exchange incident');
    await poll(() => page.locator('#kill-state').textContent()).toContain('ENGAGED');
    expect(await killSwitch(page)).toMatchObject({ engaged: true, reason: 'exchange incident' });
    expect(await page.locator('#kill-card').getAttribute('class')).toContain('alert');
    await poll(() => banner(page).isVisible()).toBe(true);
    // The action is recorded; the list names the operator by email.
    await poll(() => firstAction(page)).toContain('Kill switch engaged');
    expect(await firstAction(page)).toContain(email);
    expect(await firstAction(page)).toContain('exchange incident');

    // Prominent on every load of the page, with who engaged it, and in the header of the others.
    await page.reload();
    await poll(() => page.locator('#kill-state').textContent()).toContain(`by ${email}: exchange incident`);
    expect(await page.locator('#kill-card').getAttribute('class')).toContain('alert');
    await page.getByRole('link', { name: 'Live' }).click();
    await page.waitForURL(`${stage.gw.url}/live`);
    await poll(() => banner(page).textContent()).toContain('exchange incident');
    await banner(page).getByRole('link', { name: 'Operations' }).click();
    await page.waitForURL(`${stage.gw.url}/operations`);

    await confirmKillSwitch(page, 'Release the kill switch', 'resolved');
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
    expect((await killSwitch(page)).engaged).toBe(false);
    await poll(() => banner(page).count()).toBe(0);
    await poll(() => firstAction(page)).toContain('Kill switch released');
  });

  it('shows breakers per exchange host, master leases, held accounts, and filters the manual actions', async () => {
    const keys = redisKeys(stage.gw.prefix);
    const now = Date.now();
    await stage.gw.redis.hset(keys.brokerBreakers(), {
      'api.india.delta.exchange': JSON.stringify({
        state: 'open',
        at: new Date(now - 30_000).toISOString(),
        instanceId: 'executor-a',
      }),
      'cdn-ind.testnet.deltaex.org': JSON.stringify({
        state: 'closed',
        at: new Date(now - 600_000).toISOString(),
        instanceId: 'executor-b',
      }),
    });
    const master = randomUUID();
    await stage.gw.redis.set(keys.masterLease(master), 'listener-1', 'PX', 30_000);
    const held = await seedBrokerAccount(
      stage.gw.database.db,
      (await stage.gw.seedUser('client')).id,
      'follower',
      'Held follower',
    );
    await stage.gw.redis.set(keys.rateLimitedUntil(held), String(now + 45_000), 'PX', 45_000);
    // An admin changed a follow's settings (as the gateway records it).
    const admin = await stage.gw.seedUser('admin');
    const eventId = `test:${randomUUID()}`;
    await stage.gw.database.db.auditLog.create({
      data: {
        eventId,
        type: 'follow.changed',
        correlationId: null,
        accountId: null,
        occurredAt: new Date(now - 5_000),
        payload: {
          followId: randomUUID(),
          masterAccountId: master,
          followerAccountId: held,
          actorUserId: admin.id,
          action: 'updated',
          fields: ['multiplier', 'maxPositionSize'],
        },
        prevHash: createHash('sha256').update(`p${eventId}`).digest('hex'),
        hash: createHash('sha256').update(`h${eventId}`).digest('hex'),
      },
    });

    const { page, email } = await operatorOnOperations();
    const breaker = page.locator('#breakers tbody tr[data-state="open"]');
    await poll(() => breaker.textContent()).toContain('api.india.delta.exchange');
    expect(await breaker.textContent()).toContain('executor-a');
    expect(await page.locator('#breakers tbody tr').count()).toBe(2);
    // Accounts by label where one exists (the full id as the title), else by a short id.
    const lease = page.locator('#leases tbody tr', { has: page.locator(`[title="${master}"]`) });
    expect(await lease.textContent()).toContain('listener-1');
    expect(await lease.locator('td').first().textContent()).toBe(`${master.slice(0, 8)}…`);
    expect(await lease.locator('td').nth(2).textContent()).not.toBe('no expiry');
    const heldRow = page.locator('#held tbody tr', { has: page.locator(`[title="${held}"]`) });
    await poll(() => heldRow.locator('td').first().textContent()).toBe('Held follower');
    await poll(() => page.locator('#actions tbody').textContent()).toContain(admin.email);
    expect(await page.locator('#actions tbody').textContent()).toContain('Follow updated');
    expect(await page.locator('#actions tbody').textContent()).toContain(
      `${master.slice(0, 8)}… → Held follower: multiplier, maxPositionSize`,
    );

    // Only follow changes: the kill switch actions of the first test drop out.
    await page.getByLabel('Show').selectOption({ label: 'Follow changes' });
    await poll(() => page.locator('#actions tbody tr').count()).toBe(1);
    expect(await page.locator('#actions tbody tr').getAttribute('data-type')).toBe('follow.changed');
    await page.getByLabel('Show').selectOption({ label: 'All manual actions' });
    await poll(() => page.locator('#actions tbody tr').count()).toBeGreaterThan(1);

    await confirmKillSwitch(page, 'Engage the kill switch', 'exchange incident');
    await poll(() => firstAction(page)).toContain(email);
    await poll(() => page.locator('#kill-state').textContent()).toContain(`by ${email}`);
    await page.screenshot({ path: `${screenshots}operations.png`, fullPage: true });
    await confirmKillSwitch(page, 'Release the kill switch', 'screenshot taken');
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
  });

  it('never redraws the kill switch from a status read sent before it changed', async () => {
    const { page } = await operatorOnOperations();
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
    // The next status read is answered (released) at once but held; the one after never answers.
    let reads = 0;
    let answerHeld!: () => void;
    const held = new Promise<void>((resolve) => {
      answerHeld = resolve;
    });
    const laterRead = new Promise<void>((seen) => {
      void page.route('**/v1/status', async (route) => {
        reads += 1;
        if (reads === 1) {
          const response = await route.fetch();
          await held;
          return route.fulfill({ response });
        }
        seen();
      });
    });
    await page.reload();
    await expect.poll(() => reads, { timeout: 10_000 }).toBe(1);

    await confirmKillSwitch(page, 'Engage the kill switch', 'late read');
    await poll(() => page.locator('#kill-state').textContent()).toContain('ENGAGED');
    answerHeld();
    await laterRead; // the page has taken the late answer and moved on to its next read
    expect(await page.locator('#kill-state').textContent()).toContain('ENGAGED');
    expect(await page.locator('#kill-card').getAttribute('class')).toContain('alert');

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.reload();
    await confirmKillSwitch(page, 'Release the kill switch', 'done');
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
  });

  it('tells a client that operations are for operators, and shows it no kill switch banner', async () => {
    const client = await stage.gw.seedUser('client', password);
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.gw.url, client.email, password);
    await page.goto(`${stage.gw.url}/operations`);
    await poll(() => page.locator('#ops-error').textContent()).toBe(
      'Operations are for operators and admins.',
    );
    expect(await page.getByRole('button', { name: 'Engage the kill switch' }).isDisabled()).toBe(true);
    expect(await page.locator('#kill-banner').isHidden()).toBe(true);
    // The refused status read is the one expected console message.
    const refused = stage.browser.problems.filter((p) => p.includes('status of 403'));
    expect(refused).toHaveLength(1);
    stage.browser.problems.splice(stage.browser.problems.indexOf(refused[0] as string), 1);
  });
});
