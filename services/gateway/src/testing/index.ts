// What tests outside the gateway (the system's end-to-end browser tests) use to drive its pages.
export type { Page } from 'playwright-core';
export { launchTestBrowser, logInThroughForm, type TestBrowser } from './browser.ts';
