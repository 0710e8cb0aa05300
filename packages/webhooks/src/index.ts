export { isPublicAddress } from './address-policy.ts';
export {
  checkEndpointUrl,
  EndpointRefused,
  type EndpointPolicy,
  type ResolveHost,
  resolveHost,
} from './endpoint-policy.ts';
export {
  createWebhookSender,
  publicOnlyLookup,
  type WebhookResponse,
  type WebhookSender,
} from './post-webhook.ts';
export { parseRetryAfter } from './retry-after.ts';
export { type RetrySchedule, retryDelayMs } from './retry-schedule.ts';
export {
  generateWebhookSecret,
  pushKeysBinding,
  webhookSecretBinding,
  webhookSecretPrefix,
} from './secret.ts';
export { type SignedHeaders, signWebhook } from './sign.ts';
