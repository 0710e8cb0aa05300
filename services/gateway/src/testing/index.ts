// What tests outside the gateway (the system's end-to-end tests) use to drive its API and pages.
export type { Page } from 'playwright-core';
export { launchTestBrowser, logInThroughForm, type TestBrowser } from './browser.ts';
export { generousRateLimits } from './gateway-harness.ts';
export { type Answer, type Credentials, httpClient } from './http-client.ts';
export { openSse, type SseClient, type SseEvent } from './sse-client.ts';
