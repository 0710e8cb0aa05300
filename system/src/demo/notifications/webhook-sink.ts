import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface SunkWebhook {
  /** The subscribed kind (`copy_placed`, `master_exit`…). */
  type: string;
  /** The audit event's correlation id: the master fill it follows from, when there is one. */
  correlationId: string | null;
  /** Whether its `webhook-signature` verified with the endpoint's secret. */
  verified: boolean;
  /** Date.now() when it arrived. */
  at: number;
}

export interface WebhookSink {
  /** `http://127.0.0.1:<port>/hooks`: the URL to register as an endpoint. */
  url: string;
  /** The endpoint's `whsec_…` secret, known once the gateway created the endpoint. */
  useSecret(secret: string): void;
  received: SunkWebhook[];
  close(): Promise<void>;
}

/**
 * The demo's webhook receiver: plain HTTP on loopback, checking each delivery as a customer's
 * server would, with the `standardwebhooks` package. A delivery that does not verify is answered
 * 401 (the notifier retries it) and counted as unverified.
 */
export async function startWebhookSink(): Promise<WebhookSink> {
  const received: SunkWebhook[] = [];
  let verifier: Webhook | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      let message: { type?: string; data?: { correlationId?: string | null } } = {};
      let verified = false;
      try {
        message = verifier?.verify(body, request.headers as Record<string, string>) as typeof message;
        verified = verifier !== undefined;
      } catch {
        verified = false;
      }
      received.push({
        type: message?.type ?? 'unknown',
        correlationId: message?.data?.correlationId ?? null,
        verified,
        at,
      });
      response.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    useSecret(secret) {
      verifier = new Webhook(secret);
    },
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
