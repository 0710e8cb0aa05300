import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { logInThroughForm } from '../testing/browser.ts';
import { usePageStage } from '../testing/page-stage.ts';

// Headless Chromium under Playwright runs every context like incognito, where Chrome has no Push
// API ("Registration failed - permission denied"), and there is no push service here anyway. So
// this checks what can run: the control, the service worker registered at the root under the
// strict CSP, and the page saying why subscribing failed. Delivery to a subscribed browser is the
// notifier's push test (a local push service decrypting the message).
const password = 'correct horse battery';
const vapid = webPush.generateVAPIDKeys();
const stage = usePageStage({ WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey });
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const incognitoNotice = /does not support the Push API in incognito mode/;

async function followersPage(grant: boolean) {
  const user = await stage.gw.seedUser('client', password);
  const page = await stage.browser.page();
  if (grant) await page.context().grantPermissions(['notifications'], { origin: stage.gw.url });
  await logInThroughForm(page, stage.gw.url, user.email, password);
  await page.goto(`${stage.gw.url}/followers`);
  return page;
}

describe('"Notify me on this device"', () => {
  it('registers the service worker at the root under the CSP, and says why the browser could not subscribe', async () => {
    const page = await followersPage(true);
    await page.getByRole('button', { name: 'Notify me on this device' }).click();
    await poll(() => page.locator('#push-status').textContent()).toBe(
      'Could not turn on notifications here: Registration failed - permission denied',
    );
    const scope = await page.evaluate("navigator.serviceWorker.getRegistration('/').then((r) => r?.scope)");
    expect(scope).toBe(`${stage.gw.url}/`);
    const worker = await page.request.get(`${stage.gw.url}/sw.js`);
    expect(worker.headers()['content-type']).toContain('javascript');
    expect(worker.headers()['content-security-policy']).toContain("script-src 'self'");
    // Chrome's own notice about incognito is the one console message; nothing else went wrong.
    const problems = stage.browser.problems.splice(0);
    expect(problems.filter((problem) => !incognitoNotice.test(problem))).toEqual([]);
    expect((await page.request.get(`${stage.gw.url}/v1/notifications/push/devices`)).ok()).toBe(true);
  });

  it('tells the user when notifications are blocked for the site', async () => {
    const page = await followersPage(false);
    await page.getByRole('button', { name: 'Notify me on this device' }).click();
    await poll(() => page.locator('#push-status').textContent()).toContain(
      'Notifications are blocked for this site',
    );
  });
});
