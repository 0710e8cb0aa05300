export { type NotifierStage, startNotifierStage, testNotifierEnv } from './notifier-stage.ts';
export { seedEndpoint } from './seed-endpoint.ts';
export {
  type ReceivedWebhook,
  type Reply,
  startWebhookReceiver,
  type WebhookReceiver,
} from './webhook-receiver.ts';
