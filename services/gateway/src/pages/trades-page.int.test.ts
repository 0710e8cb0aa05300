import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type MonitorResult, queueNames } from '@copytrade/contracts';
import { createRedis, type Redis } from '@copytrade/runtime';
import { Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchTestBrowser, logInThroughForm, type TestBrowser } from '../testing/browser.ts';
import { startTestGateway, type TestGateway } from '../testing/gateway-harness.ts';
import { seedFollow } from '../testing/seed-accounts.ts';
import { at, recordSeeder } from '../testing/seed-records.ts';

const password = 'correct horse battery';
const screenshots = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
let gw: TestGateway;
let browser: TestBrowser;
let workerRedis: Redis;
let monitorWorker: Worker;
let operator: { email: string };
let alice: { id: string; email: string };
let bobMaster: string;
let aliceFollower: string;
let carolFollower: string;
const copies: Record<string, string> = {};

beforeAll(async () => {
  gw = await startTestGateway({ MONITOR_TIMEOUT_MS: '5000' });
  const seed = recordSeeder(gw.database.db);
  operator = await gw.seedUser('operator', password);
  alice = await gw.seedUser('client', password);
  const bob = await gw.seedUser('client', password);
  const carol = await gw.seedUser('client', password);
  bobMaster = await seed.account(bob.id, 'master');
  aliceFollower = await seed.account(alice.id, 'follower');
  carolFollower = await seed.account(carol.id, 'follower');
  const carolMaster = await seed.account(carol.id, 'master');
  await seedFollow(gw.database.db, bobMaster, aliceFollower);
  const btc = await seed.masterFill(bobMaster, 'BTCUSD', 1);
  const eth = await seed.masterFill(bobMaster, 'ETHUSD', 2);
  const sol = await seed.masterFill(carolMaster, 'SOLUSD', 3);
  const copy = (
    fill: { correlationId: string },
    master: string,
    followerId: string,
    symbol: string,
    status: string,
    m: number,
  ) =>
    seed.copyTrade({
      correlationId: fill.correlationId,
      masterAccountId: master,
      followerId,
      symbol,
      status,
      createdAt: at(m),
    });
  copies.btc = await copy(btc, bobMaster, aliceFollower, 'BTCUSD', 'synced', 1);
  copies.eth = await copy(eth, bobMaster, aliceFollower, 'ETHUSD', 'failed', 2);
  copies.sol = await copy(sol, carolMaster, carolFollower, 'SOLUSD', 'synced', 3);
  await seed.audit({
    type: 'copy.decided',
    correlationId: btc.correlationId,
    accountId: aliceFollower,
    minutes: 1,
  });
  // Stands in for the listener's monitor worker.
  workerRedis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  monitorWorker = new Worker<{ masterAccountId?: string }, MonitorResult>(
    queueNames.monitor,
    async (job) => ({
      masters: [{ masterAccountId: job.data.masterAccountId ?? bobMaster, newFills: 3, activeFollowers: 1 }],
    }),
    { connection: workerRedis, prefix: gw.prefix },
  );
  await monitorWorker.waitUntilReady();
  browser = await launchTestBrowser();
  await mkdir(screenshots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await monitorWorker?.close();
  workerRedis?.disconnect();
  await gw?.stop();
});
afterEach(() => {
  // Every page ran without console errors, script errors or CSP violations.
  expect(browser.problems.splice(0)).toEqual([]);
});

/** Waits long enough for a page on a busy machine to fetch and render. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const rowsOf = (page: import('playwright-core').Page, table: string) => page.locator(`#${table} tbody tr`);
/** Whether every account in the tables shows its label (seeded as "master 1", "follower 2"…). */
const namesShown = async (page: import('playwright-core').Page) =>
  (await page.locator('[data-account-id]').allTextContents()).every((name) =>
    /^(master|follower) \d+$/.test(name),
  );

describe('the trades page', () => {
  it('sends a visitor without a session to the login page, and serves pages under a strict CSP', async () => {
    const answer = await fetch(`${gw.url}/trades`, { redirect: 'manual' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/login');
    const login = await fetch(`${gw.url}/login`);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await login.text()).not.toMatch(/<script>|<style|style="/);
  });

  it('logs in through the form and lists the master fills and copy trades', async () => {
    const page = await browser.page();
    await logInThroughForm(page, gw.url, operator.email, password);
    await poll(() => rowsOf(page, 'fills').count()).toBe(3);
    await poll(() => rowsOf(page, 'copies').count()).toBe(3);
    await poll(() => page.locator('#copies').textContent()).toContain('failed');
    await poll(() => namesShown(page)).toBe(true);
    await page.screenshot({ path: `${screenshots}trades.png`, fullPage: true });
  });

  it('narrows both lists by the filters', async () => {
    const page = await browser.page();
    await logInThroughForm(page, gw.url, operator.email, password);
    await poll(() => rowsOf(page, 'copies').count()).toBe(3);
    await page.getByLabel('Symbol').fill('ETHUSD');
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => rowsOf(page, 'fills').count()).toBe(1);
    await poll(() => rowsOf(page, 'copies').count()).toBe(1);
    expect(await page.locator('#fills tbody').textContent()).toContain('ETHUSD');
    await page.getByLabel('Symbol').fill('');
    await page.getByLabel('Copy status').fill('synced');
    await page.getByLabel('Follower account').fill(carolFollower);
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.locator(`#copies tbody tr[data-id="${copies.sol}"]`).count()).toBe(1);
    expect(await rowsOf(page, 'copies').count()).toBe(1);
  });

  it('opens a copy trade audit trail from its row', async () => {
    const page = await browser.page();
    await logInThroughForm(page, gw.url, operator.email, password);
    await page
      .locator(`#copies tbody tr[data-id="${copies.btc}"]`)
      .getByRole('link', { name: /Audit trail/ })
      .click();
    await page.waitForURL(`${gw.url}/trades/${copies.btc}/audit`);
    await poll(() => page.locator('#trail li').count()).toBe(1);
    expect(await page.locator('#trail').textContent()).toContain('copy.decided');
    await page.screenshot({ path: `${screenshots}audit-trail.png`, fullPage: true });
  });

  it('runs the real-time monitor and shows what it found, active followers included', async () => {
    const page = await browser.page();
    await logInThroughForm(page, gw.url, alice.email, password);
    await page.getByLabel('Master account').fill(bobMaster);
    await page.getByRole('button', { name: 'Real-Time Monitor & Copy' }).click();
    const result = page.locator('#monitor-masters');
    await poll(() => result.count()).toBe(1);
    // The master by the label Alice's follow of it carries, its id as the title.
    const label = (await gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id: bobMaster } })).label;
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered cells, tab-separated
    await poll(() => result.innerText()).toMatch(new RegExp(`${label}\\s+3\\s+1`));
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered cells, tab-separated
    expect(await result.innerText()).toContain('Active followers');
    expect(await result.locator(`[title="${bobMaster}"]`).count()).toBe(1);
  });

  it('shows a client only its own rows, and fits a phone screen', async () => {
    const page = await browser.page({ width: 390, height: 844 });
    await logInThroughForm(page, gw.url, alice.email, password);
    await poll(() => rowsOf(page, 'copies').count()).toBe(2);
    expect(await page.locator(`#copies tbody tr[data-id="${copies.sol}"]`).count()).toBe(0);
    // Accounts by label, the master's from Alice's follow of it (she cannot read Bob's account); full ids as titles.
    const label = async (id: string) =>
      (await gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id } })).label;
    const btc = page.locator(`#copies tbody tr[data-id="${copies.btc}"]`);
    await poll(() => btc.locator(`[title="${bobMaster}"]`).textContent()).toBe(await label(bobMaster));
    expect(await btc.locator(`[title="${aliceFollower}"]`).textContent()).toBe(await label(aliceFollower));
    await poll(() => namesShown(page)).toBe(true);
    // Fills are the master owner's records: alice follows bob's master and owns none.
    await poll(() => page.locator('#fills tbody').textContent()).toBe('Nothing matches.');
    // The page itself does not scroll sideways; wide tables scroll inside their own box.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${screenshots}trades-phone.png`, fullPage: true });
  });
});
