import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser, logInThroughForm, type TestBrowser } from '../testing/browser.ts';
import { type Credentials, httpClient } from '../testing/http-client.ts';
import { startTradingFixture, type TradingFixture } from '../testing/trading-fixture.ts';

const password = 'correct horse battery';
const screenshots = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
let fx: TradingFixture;
let http: ReturnType<typeof httpClient>;
let browser: TestBrowser;
let operatorEmail: string;
let aliceEmail: string;
let aliceFollow: string;
let bobFollow: string;

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** The follow as the API reports it, read with the page's own session. */
const follow = async (page: Page, id: string) =>
  (await page.request.get(`${fx.gw.url}/v1/follows/${id}`)).json();
const followRow = (page: Page, id: string) => page.locator(`#follows tr[data-id="${id}"]`);

async function addAccount(who: Credentials, label: string, role: 'master' | 'follower'): Promise<string> {
  const body = { label, role, baseUrl: fx.sim.restUrl, ...fx.exchangeKey() };
  const answer = await http.call('POST', '/v1/accounts', { ...who, body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function addFollow(who: Credentials, masterAccountId: string, followerAccountId: string) {
  const body = { masterAccountId, followerAccountId, mode: 'multiplier', multiplier: '0.5', maxPosition: 20 };
  const answer = await http.call('POST', '/v1/follows', { ...who, body });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

beforeAll(async () => {
  fx = await startTradingFixture();
  http = httpClient(fx.gw.url);
  operatorEmail = (await fx.gw.seedUser('operator', password)).email;
  const operator = await http.login(operatorEmail, password);
  aliceEmail = (await fx.gw.seedUser('client', password)).email;
  const alice = await http.login(aliceEmail, password);
  const bob = await http.login((await fx.gw.seedUser('client', password)).email, password);
  const master = await addAccount(operator, 'Master desk', 'master');
  aliceFollow = await addFollow(alice, master, await addAccount(alice, 'Alice follower', 'follower'));
  bobFollow = await addFollow(bob, master, await addAccount(bob, 'Bob follower', 'follower'));
  browser = await launchTestBrowser();
  await mkdir(screenshots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await fx?.stop();
});
afterEach(() => {
  expect(browser.problems.splice(0)).toEqual([]);
});

describe('the followers page', () => {
  it('lets an operator pause and resume any follow, the row following the API', async () => {
    const page = await browser.page();
    await logInThroughForm(page, fx.gw.url, operatorEmail, password);
    await page.getByRole('link', { name: 'Followers' }).click();
    await page.waitForURL(`${fx.gw.url}/followers`);
    await poll(() => page.locator('#follows tbody tr[data-id]').count()).toBe(2);
    const alices = followRow(page, aliceFollow);
    expect(await alices.textContent()).toContain('Master desk');
    expect(await alices.textContent()).toContain('× 0.5; max position 20');

    await page.getByRole('button', { name: 'Pause Master desk → Alice follower' }).click();
    await poll(() => alices.textContent()).toContain('paused (close-only)');
    expect((await follow(page, aliceFollow)).status).toBe('close_only');
    await page.screenshot({ path: `${screenshots}followers.png`, fullPage: true });

    await page.getByRole('button', { name: 'Resume Master desk → Alice follower' }).click();
    await poll(() => alices.getByRole('button', { name: /^Pause/ }).count()).toBe(1);
    expect((await follow(page, aliceFollow)).status).toBe('active');
  });

  it('shows a client only its own follows and ends one only after the confirmation', async () => {
    const page = await browser.page();
    await logInThroughForm(page, fx.gw.url, aliceEmail, password);
    await page.goto(`${fx.gw.url}/followers`);
    const alices = followRow(page, aliceFollow);
    await poll(() => alices.count()).toBe(1);
    expect(await page.locator('#follows tbody tr[data-id]').count()).toBe(1);
    expect(await followRow(page, bobFollow).count()).toBe(0);

    await alices.getByRole('button', { name: /^Pause/ }).click();
    await poll(() => alices.textContent()).toContain('paused (close-only)');
    expect((await follow(page, aliceFollow)).status).toBe('close_only');

    // Cancel changes nothing.
    await alices.getByRole('button', { name: /^End/ }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('#end-dialog').isVisible()).toBe(false);
    expect((await follow(page, aliceFollow)).endedAt).toBeNull();

    await alices.getByRole('button', { name: /^End/ }).click();
    await page.getByLabel("What happens to the follower's positions").selectOption('preserve');
    await page.getByRole('button', { name: 'End the follow' }).click();
    await poll(() => alices.textContent()).toContain('ended (preserve)');
    expect(await alices.getByRole('button').count()).toBe(0);
    expect(await follow(page, aliceFollow)).toMatchObject({ status: 'frozen', unsubscribeMode: 'preserve' });
  });
});
