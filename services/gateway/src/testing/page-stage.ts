import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchTestBrowser, type TestBrowser } from './browser.ts';
import { startTestGateway, type TestGateway } from './gateway-harness.ts';
import { startTradingFixture, type TradingFixture } from './trading-fixture.ts';

/** Where the page tests leave the screenshots the README shows. */
export const screenshotsDir = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/** What a page test's stage holds once its tests begin: the fixture under `Name`, and the browser. */
export type PageStage<Name extends string, Fixture> = Readonly<
  Record<Name, Fixture> & { browser: TestBrowser }
>;

/**
 * A page test's stage: a gateway and a browser for the file, and after each test the check that the
 * pages logged no console error, script error or CSP violation (a test takes out what it expected).
 */
export function usePageStage(env: Record<string, string> = {}): PageStage<'gw', TestGateway> {
  return useBrowserStage('gw', () => startTestGateway(env));
}

/** The same stage around a trading fixture: a gateway whose exchange venue is a simulator. */
export function useTradingPageStage(env: Record<string, string> = {}): PageStage<'fx', TradingFixture> {
  return useBrowserStage('fx', () => startTradingFixture(env));
}

/**
 * Takes out the browser's own report of an answer the test expected to fail (Chromium logs each
 * one), so that the after-each check sees only what was not expected.
 */
export function expectRefused(browser: TestBrowser, status: number): void {
  const index = browser.problems.findIndex((p) => p.includes(`status of ${status}`));
  expect(index, `a logged ${status} among ${browser.problems.join(' | ')}`).toBeGreaterThanOrEqual(0);
  browser.problems.splice(index, 1);
}

function useBrowserStage<Name extends string, Fixture extends { stop(): Promise<void> }>(
  name: Name,
  start: () => Promise<Fixture>,
): PageStage<Name, Fixture> {
  let fixture: Fixture | undefined;
  const stage = {} as Record<Name, Fixture> & { browser: TestBrowser };
  beforeAll(async () => {
    fixture = await start();
    stage[name] = fixture as (typeof stage)[Name];
    stage.browser = await launchTestBrowser();
    await mkdir(screenshotsDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await stage.browser?.close();
    await fixture?.stop();
  });
  afterEach(() => {
    expect(stage.browser.problems.splice(0)).toEqual([]);
  });
  return stage;
}
