import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchTestBrowser, type TestBrowser } from './browser.ts';
import { startTestGateway, type TestGateway } from './gateway-harness.ts';
import { startTradingFixture, type TradingFixture } from './trading-fixture.ts';

/** Where the page tests leave the screenshots the README shows. */
export const screenshotsDir = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * A page test's stage: a gateway and a browser for the file, and after each test the check that the
 * pages logged no console error, script error or CSP violation (a test takes out what it expected).
 */
export function usePageStage(env: Record<string, string> = {}): {
  readonly gw: TestGateway;
  readonly browser: TestBrowser;
} {
  const stage = useBrowserStage(() => startTestGateway(env));
  return {
    get gw() {
      return stage.fixture;
    },
    get browser() {
      return stage.browser;
    },
  };
}

/** The same stage around a trading fixture: a gateway whose exchange venue is a simulator. */
export function useTradingPageStage(env: Record<string, string> = {}): {
  readonly fx: TradingFixture;
  readonly browser: TestBrowser;
} {
  const stage = useBrowserStage(() => startTradingFixture(env));
  return {
    get fx() {
      return stage.fixture;
    },
    get browser() {
      return stage.browser;
    },
  };
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

function useBrowserStage<Fixture extends { stop(): Promise<void> }>(
  start: () => Promise<Fixture>,
): { readonly fixture: Fixture; readonly browser: TestBrowser } {
  let fixture: Fixture | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    fixture = await start();
    browser = await launchTestBrowser();
    await mkdir(screenshotsDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });
  afterEach(() => {
    expect(browser!.problems.splice(0)).toEqual([]);
  });
  return {
    get fixture() {
      return fixture!;
    },
    get browser() {
      return browser!;
    },
  };
}
