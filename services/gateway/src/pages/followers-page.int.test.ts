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
let aliceFollow: string;
let bobFollow: string;
let operator: Credentials;

const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** The follow as the API reports it, read with the page's own session. */
const follow = async (page: Page, id: string) =>
  (await page.request.get(`${stage.fx.gw.url}/v1/follows/${id}`)).json();
const followRow = (page: Page, id: string) => page.locator(`#follows tr[data-id="${id}"]`);

async function addFollow(who: Credentials, masterAccountId: string, followerAccountId: string) {
  const body = { masterAccountId, followerAccountId, mode: 'multiplier', multiplier: '0.5', maxPosition: 20 };
  const answer = await stage.fx.http.call('POST', '/v1/follows', { ...who, body });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

beforeAll(async () => {
  ({ email: operatorEmail, session: operator } = await stage.fx.signedIn('operator', password));
  const alice = await stage.fx.signedIn('client', password);
  aliceEmail = alice.email;
  const bob = (await stage.fx.signedIn('client', password)).session;
  const master = await stage.fx.addAccount(operator, 'Master desk', 'master');
  const alicesFollower = await stage.fx.addAccount(alice.session, 'Alice follower', 'follower');
  aliceFollow = await addFollow(alice.session, master, alicesFollower);
  bobFollow = await addFollow(bob, master, await stage.fx.addAccount(bob, 'Bob follower', 'follower'));
});

const expectRefused = (status: number) => refused(stage.browser, status);

describe('the followers page', () => {
  it('shows each follow’s positions against its targets per symbol, with drift, sync state and PnL', async () => {
    const seed = async (followId: string, symbol: string, row: Record<string, unknown>) => {
      const f = await stage.fx.http.call('GET', `/v1/follows/${followId}`, operator);
      await stage.fx.gw.database.db.positionSyncStatus.create({
        data: {
          followId,
          masterAccountId: f.body.masterAccountId,
          followerAccountId: f.body.followerAccountId,
          symbol,
          lastVerified: new Date(),
          ...row,
        } as Parameters<typeof stage.fx.gw.database.db.positionSyncStatus.create>[0]['data'],
      });
    };
    const value = { entryPrice: '65000.5', unrealizedPnl: '-12.25', realizedPnl: '3.5' };
    await seed(aliceFollow, 'BTCUSD', {
      state: 'in_sync',
      target: 5,
      totalTarget: 5,
      actual: 5,
      drift: 0,
      ...value,
    });
    await seed(aliceFollow, 'ETHUSD', {
      state: 'drifting',
      target: 4,
      totalTarget: 4,
      actual: 1,
      drift: 3,
      repairs: 2,
      errorMessage: 'drift survived its repairs; backing off',
      entryPrice: '3000',
      unrealizedPnl: '1.5',
      realizedPnl: '0',
    });
    await seed(bobFollow, 'BTCUSD', { state: 'repairing', target: 5, totalTarget: 5, actual: 3, drift: 2 });

    const page = await stage.browser.page();
    await logInThroughForm(page, stage.fx.gw.url, operatorEmail, password);
    await page.goto(`${stage.fx.gw.url}/followers`);
    const alices = page.locator(`#sync tr[data-follow-id="${aliceFollow}"]`);
    await poll(() => alices.count()).toBe(2);
    const cells = async (n: number) => alices.nth(n).locator('td').allTextContents();
    expect((await cells(0)).slice(0, 11)).toEqual([
      'Master desk → Alice follower',
      'BTCUSD',
      '5',
      '5',
      '5',
      '0',
      'in sync',
      '0',
      '65000.5',
      '-12.25',
      '3.5',
    ]);
    expect((await cells(1)).slice(1, 12)).toEqual([
      'ETHUSD',
      '4',
      '4',
      '1',
      '+3',
      'drifting',
      '2',
      '3000',
      '1.5',
      '0',
      'drift survived its repairs; backing off',
    ]);
    const bobs = page.locator(`#sync tr[data-follow-id="${bobFollow}"]`);
    expect(await bobs.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['Master desk → Bob follower', 'repairing', '+2']),
    );
    // The API shows the same values the page does.
    const api = await page.request.get(`${stage.fx.gw.url}/v1/sync-status?symbol=ETHUSD`);
    expect((await api.json()).syncStatus[0]).toMatchObject({
      followId: aliceFollow,
      drift: 3,
      entryPrice: '3000',
    });
    await page.screenshot({ path: `${screenshots}followers.png`, fullPage: true });
  });

  it('lets an operator pause and resume any follow, the row following the API', async () => {
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.fx.gw.url, operatorEmail, password);
    await page.getByRole('link', { name: 'Followers' }).click();
    await page.waitForURL(`${stage.fx.gw.url}/followers`);
    await poll(() => page.locator('#follows tbody tr[data-id]').count()).toBe(2);
    const alices = followRow(page, aliceFollow);
    expect(await alices.textContent()).toContain('Master desk');
    expect(await alices.textContent()).toContain('× 0.5; max position 20');

    await page.getByRole('button', { name: 'Pause Master desk → Alice follower' }).click();
    await poll(() => alices.textContent()).toContain('paused (close-only)');
    expect((await follow(page, aliceFollow)).status).toBe('close_only');

    await page.getByRole('button', { name: 'Resume Master desk → Alice follower' }).click();
    await poll(() => alices.getByRole('button', { name: /^Pause/ }).count()).toBe(1);
    expect((await follow(page, aliceFollow)).status).toBe('active');
  });

  it('says why a risk exit made a follow close-only, and a resume clears it', async () => {
    await stage.fx.gw.database.db.follow.update({
      where: { id: bobFollow },
      data: {
        status: 'close_only',
        riskExitAt: new Date(),
        riskExitReason: 'drawdown_limit',
        riskExitDetail: 'drawdown 12% >= limit 10%',
      },
    });
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.fx.gw.url, operatorEmail, password);
    await page.goto(`${stage.fx.gw.url}/followers`);
    const bobs = followRow(page, bobFollow);
    await poll(() => bobs.textContent()).toContain('close-only after a risk exit: drawdown 12% >= limit 10%');
    await page.getByRole('button', { name: 'Resume Master desk → Bob follower' }).click();
    await poll(() => bobs.getByRole('button', { name: /^Pause/ }).count()).toBe(1);
    expect(await bobs.textContent()).not.toContain('risk exit');
    expect(await follow(page, bobFollow)).toMatchObject({ status: 'active', riskExit: null });
  });

  it('shows a client only its own follows and ends one only after the confirmation', async () => {
    const page = await stage.browser.page();
    await logInThroughForm(page, stage.fx.gw.url, aliceEmail, password);
    await page.goto(`${stage.fx.gw.url}/followers`);
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

describe('the follow settings dialog', () => {
  it('changes a follow’s settings and shows the API’s refusal beside the fields, changing nothing', async () => {
    const page = await stage.browser.page({ width: 390, height: 844 });
    await logInThroughForm(page, stage.fx.gw.url, operatorEmail, password);
    await page.goto(`${stage.fx.gw.url}/followers`);
    const bobs = followRow(page, bobFollow);
    await poll(() => bobs.count()).toBe(1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const before = await follow(page, bobFollow);

    // Refused values: each message under its field, the dialog still open, the follow unchanged.
    await page.getByRole('button', { name: 'Edit Master desk → Bob follower' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit follow settings' });
    expect(await dialog.getByLabel('Multiplier').inputValue()).toBe('0.5');
    await dialog.getByLabel('Multiplier').fill('lots');
    await dialog.getByLabel('Max position (contracts)').fill('-3');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => page.locator('#edit-multiplier-error').textContent()).toContain('decimal string');
    expectRefused(400);
    expect(await page.locator('#edit-maxPosition-error').textContent()).not.toBe('');
    expect(await dialog.getByLabel('Multiplier').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.isVisible()).toBe(true);
    expect(await follow(page, bobFollow)).toEqual(before);

    // A value only copy-engine's rules refuse (its mode's own field), named the same way.
    await dialog.getByLabel('Multiplier').fill('0');
    await dialog.getByLabel('Max position (contracts)').fill('20');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => page.locator('#edit-multiplier-error').textContent()).toContain('multiplier');
    expectRefused(400);
    expect(await follow(page, bobFollow)).toEqual(before);

    await dialog.getByLabel('Multiplier').fill('2');
    await dialog.getByLabel('Max position (contracts)').fill('30');
    await dialog.getByLabel('Slippage limit %').fill('1.5');
    await dialog.getByLabel('Beyond the slippage limit').selectOption('limit');
    await dialog.getByLabel('Only these symbols').fill('BTCUSD, ETHUSD');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => dialog.isVisible()).toBe(false);
    await poll(() => bobs.textContent()).toContain('× 2; max position 30');
    expect(await follow(page, bobFollow)).toMatchObject({
      multiplier: '2',
      maxPosition: 30,
      slippageLimitPct: '1.5',
      slippageAction: 'limit',
      symbolAllowList: ['BTCUSD', 'ETHUSD'],
      maxNotional: null,
      driftPolicy: before.driftPolicy,
    });

    // Freeze: nothing copied at all; Resume brings it back.
    await bobs.getByRole('button', { name: /^Freeze/ }).click();
    await poll(() => bobs.textContent()).toContain('frozen');
    expect((await follow(page, bobFollow)).status).toBe('frozen');
    await bobs.getByRole('button', { name: /^Resume/ }).click();
    await poll(async () => (await follow(page, bobFollow)).status).toBe('active');
  }, 30_000);
});
