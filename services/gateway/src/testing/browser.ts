import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); flags that keep it off the network it cannot reach. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A fresh context (own cookies) and page; its console errors, page errors and CSP violations go into `problems`. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  /** Everything that went wrong in any page so far, as text. */
  problems: string[];
  close(): Promise<void>;
}

export async function launchTestBrowser(): Promise<TestBrowser> {
  // Playwright gives each launch a fresh, empty user-data-dir of its own and removes it on close.
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  return {
    problems,
    async page(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      // Injected by the driver, so the CSP does not apply to it; it reports every violation.
      await context.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) =>
          console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()} (${page.url()})`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}

/** Logs in through the login form, as a person would, and waits for the trades page. */
export async function logInThroughForm(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${baseUrl}/trades`);
}
