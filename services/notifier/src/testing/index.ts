export { type NotifierStage, startNotifierStage, testNotifierEnv } from './notifier-stage.ts';
export { seedEndpoint } from './seed-endpoint.ts';
export {
  type ReceivedWebhook,
  type Reply,
  startWebhookReceiver,
  type WebhookReceiver,
} from './webhook-receiver.ts';
export { type ReceivedEmail, type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.ts';
export { type LocalPushService, startLocalPushService, type TestBrowser } from './push-service.ts';
