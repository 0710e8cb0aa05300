import { type api, channels } from '@copytrade/contracts';
import { describe, expect, it } from 'vitest';
import { logInThroughForm } from '../testing/browser.ts';
import { screenshotsDir as screenshots, usePageStage } from '../testing/page-stage.ts';

const password = 'correct horse battery';
const master = '11111111-1111-4111-8111-111111111111';
const follower = '22222222-2222-4222-8222-222222222222';
const stage = usePageStage();

/** What the audit service publishes on the live-events channel once it has recorded an event. */
async function publish(event: api.LiveEvent): Promise<void> {
  await stage.gw.redis.publish(channels(stage.gw.prefix).liveEvents, JSON.stringify(event));
}

describe('the live page', () => {
  it('shows a master fill and then its copy as they are published, without a reload', async () => {
    const operator = await stage.gw.seedUser('operator', password);
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.gw.url, operator.email, password);
    await page.getByRole('link', { name: 'Live' }).click();
    await page.waitForURL(`${stage.gw.url}/live`);
    await expect.poll(() => page.locator('#live-state').textContent(), { timeout: 10_000 }).toBe('live');

    const correlationId = `mf_${master}_fill-1`;
    const occurredAt = new Date().toISOString();
    await publish({
      seq: 41,
      eventId: 'test:fill',
      type: 'master_fill.recorded',
      occurredAt,
      correlationId,
      accountId: master,
      payload: {
        masterAccountId: master,
        fillId: 'fill-1',
        symbol: 'BTCUSD',
        side: 'buy',
        size: 10,
        price: '65000.5',
      },
    });
    const groupOf = page.locator(`#feed li.group[data-correlation-id="${correlationId}"]`);
    await expect
      .poll(() => groupOf.locator('.head').textContent(), { timeout: 10_000 })
      .toContain('buy 10 BTCUSD @ 65000.5');

    await publish({
      seq: 42,
      eventId: 'test:copy',
      type: 'copy.decided',
      occurredAt,
      correlationId,
      accountId: follower,
      payload: {
        followerAccountId: follower,
        masterAccountId: master,
        action: 'open',
        targetBefore: 0,
        targetAfter: 5,
      },
    });
    await expect.poll(() => groupOf.locator('.copies li').count(), { timeout: 10_000 }).toBe(1);
    expect(await groupOf.locator('.copies').textContent()).toContain('open, target 0 → 5');
    expect(await page.locator('#feed li.group').count()).toBe(1);
    await page.screenshot({ path: `${screenshots}live.png`, fullPage: true });
  });
});
