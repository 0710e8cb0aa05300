import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { publicOnlyLookup } from '@copytrade/webhooks';
import webPush from 'web-push';

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type PushResponse =
  | { kind: 'response'; statusCode: number; durationMs: number }
  | { kind: 'no_response'; error: string; durationMs: number };

export interface PushSender {
  send(subscription: BrowserSubscription, payload: string): Promise<PushResponse>;
  close(): void;
}

/**
 * Web Push through the `web-push` library: the payload encrypted for the browser (RFC 8291,
 * aes128gcm) and a VAPID JWT signed by our key (RFC 8292). Connections refuse non-public
 * addresses unless allowed (the endpoint URL comes from a browser), and trust `extraCa` besides
 * the usual roots (a local push service in tests).
 */
export function createPushSender(input: {
  vapid: { subject: string; publicKey: string; privateKey: string };
  timeoutMs: number;
  ttlSeconds: number;
  allowPrivateAddresses: boolean;
  extraCa?: string | undefined;
}): PushSender {
  const agent = new Agent({
    keepAlive: true,
    ...(input.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup as never }),
    ...(input.extraCa === undefined ? {} : { ca: [...rootCertificates, input.extraCa] }),
  });
  return {
    async send(subscription, payload) {
      const started = Date.now();
      try {
        const result = await webPush.sendNotification(subscription, payload, {
          vapidDetails: input.vapid,
          TTL: input.ttlSeconds,
          timeout: input.timeoutMs,
          contentEncoding: 'aes128gcm',
          agent,
        });
        return { kind: 'response', statusCode: result.statusCode, durationMs: Date.now() - started };
      } catch (error) {
        const durationMs = Date.now() - started;
        if (error instanceof webPush.WebPushError)
          return { kind: 'response', statusCode: error.statusCode, durationMs };
        const { code, message } = error as { code?: string; message?: string };
        return { kind: 'no_response', error: code ?? (message ?? 'push failed').slice(0, 200), durationMs };
      }
    },
    close: () => agent.destroy(),
  };
}
