import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logInThroughForm } from '../testing/browser.ts';
import type { Credentials } from '../testing/http-client.ts';
import {
  expectRefused as refused,
  screenshotsDir as screenshots,
  useTradingPageStage,
} from '../testing/page-stage.ts';

const password = 'correct horse battery';
const stage = useTradingPageStage();
let operatorEmail: string;
let aliceEmail: string;
let alice: Credentials;
let bobAccount: string;
let bobEmail: string;

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const accountRows = (page: Page) => page.locator('#accounts tbody tr[data-id]');
/** The accounts the API lists to the page's own session. */
const listed = async (page: Page) =>
  (await (await page.request.get(`${stage.fx.gw.url}/v1/accounts`)).json()).accounts as Array<{
    id: string;
    label: string;
    status: string;
    pauseMode: string;
  }>;

const expectRefused = (status: number) => refused(stage.browser, status);

async function fillForm(
  page: Page,
  input: { label: string; role: string; apiKey: string; apiSecret: string },
) {
  await page.getByLabel('Label').fill(input.label);
  await page.getByLabel('Role').selectOption(input.role);
  await page.getByLabel('Exchange venue').selectOption(stage.fx.sim.restUrl);
  await page.getByLabel('API key').fill(input.apiKey);
  await page.getByLabel('API secret').fill(input.apiSecret);
}

beforeAll(async () => {
  operatorEmail = (await stage.fx.gw.seedUser('operator', password)).email;
  ({ email: aliceEmail, session: alice } = await stage.fx.signedIn('client', password));
  const bob = await stage.fx.signedIn('client', password);
  bobEmail = bob.email;
  bobAccount = await stage.fx.addAccount(bob.session, 'Bob follower', 'follower');
});

describe('the accounts page', () => {
  it('adds an account whose key the exchange accepts; a refused key or bad input creates nothing and says why', async () => {
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.fx.gw.url, operatorEmail, password);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.waitForURL(`${stage.fx.gw.url}/accounts`);
    await poll(() => accountRows(page).count()).toBe(1);
    expect(await page.getByLabel('Exchange venue').inputValue()).toBe(stage.fx.sim.restUrl);

    // A key the exchange refuses: the API's reason beside the form; all but the secret kept.
    const good = stage.fx.exchangeKey();
    await fillForm(page, {
      label: 'Master desk',
      role: 'master',
      apiKey: good.apiKey,
      apiSecret: 'not-the-secret',
    });
    await page.getByRole('button', { name: 'Verify and add' }).click();
    await poll(() => page.locator('#add-error').textContent()).toContain('the exchange refused this API key');
    expectRefused(422);
    expect(await page.getByLabel('Label').inputValue()).toBe('Master desk');
    expect(await page.getByLabel('Role').inputValue()).toBe('master');
    expect(await page.getByLabel('API key').inputValue()).toBe(good.apiKey);
    expect(await page.getByLabel('API secret').inputValue()).toBe('');
    expect(await listed(page)).toHaveLength(1);

    // Input the API refuses field by field: the message under the field, the field marked.
    await page.getByLabel('Label').fill('   ');
    await page.getByLabel('API secret').fill(good.apiSecret);
    await page.getByRole('button', { name: 'Verify and add' }).click();
    await poll(() => page.locator('#label-error').textContent()).toMatch(/1 character/);
    expectRefused(400);
    expect(await page.getByLabel('Label').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#add-error').textContent()).toContain('Check the marked fields');
    expect(await listed(page)).toHaveLength(1);

    // Corrected: added, in the list, the form emptied; the secret is nowhere on the page or in the API.
    await page.getByLabel('Label').fill('Master desk');
    await page.getByLabel('API secret').fill(good.apiSecret);
    await page.getByRole('button', { name: 'Verify and add' }).click();
    await poll(() => page.locator('#add-result').textContent()).toContain('Added Master desk');
    await poll(() => accountRows(page).count()).toBe(2);
    expect(await page.getByLabel('Label').getAttribute('aria-invalid')).toBeNull();
    const added = (await listed(page)).find((a) => a.label === 'Master desk');
    expect(added).toMatchObject({ status: 'active' });
    const row = page.locator(`#accounts tr[data-id="${added!.id}"]`);
    expect(await row.textContent()).toContain(
      `Master desk${operatorEmail}master${stage.fx.sim.restUrl}…${good.apiKey.slice(-4)}active`,
    );
    const bobs = page.locator(`#accounts tr[data-id="${bobAccount}"]`);
    expect(await bobs.textContent()).toContain(`Bob follower${bobEmail}follower`);
    expect(await page.content()).not.toContain(good.apiSecret);
    expect(await page.getByLabel('API secret').inputValue()).toBe('');

    // Pause (frozen), then resume.
    await page.getByLabel('When Master desk is paused').selectOption('frozen');
    await poll(async () => (await listed(page)).find((a) => a.id === added!.id)).toMatchObject({
      pauseMode: 'frozen',
    });
    await page.getByRole('button', { name: 'Pause Master desk' }).click();
    await poll(() => row.textContent()).toContain('paused (frozen)');
    expect((await listed(page)).find((a) => a.id === added!.id)?.status).toBe('paused');
    await page.screenshot({ path: `${screenshots}accounts.png`, fullPage: true });
    await page.getByRole('button', { name: 'Resume Master desk' }).click();
    await poll(async () => (await listed(page)).find((a) => a.id === added!.id)?.status).toBe('active');
  }, 30_000);

  it('shows a client only its own accounts and adds one for it', async () => {
    const page = await stage.browser.page({ width: 390, height: 844 });
    await logInThroughForm(page, stage.fx.gw.url, aliceEmail, password);
    await page.goto(`${stage.fx.gw.url}/accounts`);
    await poll(() => page.locator('#accounts tbody').textContent()).toContain('No broker accounts yet.');
    await fillForm(page, { label: 'Alice follower', role: 'follower', ...stage.fx.exchangeKey() });
    await page.getByRole('button', { name: 'Verify and add' }).click();
    await poll(() => accountRows(page).count()).toBe(1);
    expect(await accountRows(page).textContent()).toContain(`Alice follower${aliceEmail}`);
    expect(await page.locator(`#accounts tr[data-id="${bobAccount}"]`).count()).toBe(0);
    // Fits the phone: the page does not scroll sideways (the table scrolls in its own box).
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const own = await stage.fx.http.call('GET', '/v1/accounts', alice);
    expect(own.body.accounts.map((a: { label: string }) => a.label)).toEqual(['Alice follower']);
  }, 30_000);
});
