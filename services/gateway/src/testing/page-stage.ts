import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchTestBrowser, type TestBrowser } from './browser.ts';
import { startTestGateway, type TestGateway } from './gateway-harness.ts';

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
  let gw: TestGateway | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    gw = await startTestGateway(env);
    browser = await launchTestBrowser();
    await mkdir(screenshotsDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });
  afterEach(() => {
    expect(browser!.problems.splice(0)).toEqual([]);
  });
  return {
    get gw() {
      return gw!;
    },
    get browser() {
      return browser!;
    },
  };
}
