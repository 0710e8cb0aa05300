import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInThroughForm } from '../testing/browser.ts';
import { screenshotsDir as screenshots, usePageStage } from '../testing/page-stage.ts';

const password = 'correct horse battery';
const stage = usePageStage();

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** The kill switch as the API reports it, read with the page's own session. */
const killSwitch = async (page: Page) => (await page.request.get(`${stage.gw.url}/v1/kill-switch`)).json();

describe('the operations page', () => {
  it('shows the status and engages and releases the kill switch only after a confirmation', async () => {
    const operator = await stage.gw.seedUser('operator', password);
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.gw.url, operator.email, password);
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.waitForURL(`${stage.gw.url}/operations`);
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
    await poll(() => page.locator('#queues tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Open the queue dashboard' }).getAttribute('href')).toBe(
      '/admin/queues',
    );

    // Cancel changes nothing.
    await page.getByRole('button', { name: 'Engage the kill switch' }).click();
    await page.getByLabel('Reason').fill('not yet');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('#kill-dialog').isVisible()).toBe(false);
    expect((await killSwitch(page)).engaged).toBe(false);

    await page.getByRole('button', { name: 'Engage the kill switch' }).click();
    await page.getByLabel('Reason').fill('exchange incident');
    await page.screenshot({ path: `${screenshots}operations.png`, fullPage: true });
    await page.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => page.locator('#kill-state').textContent()).toContain('exchange incident');
    expect(await killSwitch(page)).toMatchObject({ engaged: true, reason: 'exchange incident' });

    await page.getByRole('button', { name: 'Release the kill switch' }).click();
    await page.getByLabel('Reason').fill('resolved');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => page.locator('#kill-state').textContent()).toContain('Released');
    expect((await killSwitch(page)).engaged).toBe(false);
  });

  it('tells a client that operations are for operators', async () => {
    const client = await stage.gw.seedUser('client', password);
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.gw.url, client.email, password);
    await page.goto(`${stage.gw.url}/operations`);
    await poll(() => page.locator('#ops-error').textContent()).toBe(
      'Operations are for operators and admins.',
    );
    expect(await page.getByRole('button', { name: 'Engage the kill switch' }).isDisabled()).toBe(true);
    // The refused status read is the one expected console message.
    const refused = stage.browser.problems.filter((p) => p.includes('status of 403'));
    expect(refused).toHaveLength(1);
    stage.browser.problems.splice(stage.browser.problems.indexOf(refused[0] as string), 1);
  });
});
