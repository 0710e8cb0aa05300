import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver answers one request with: a status, headers, and an optional delay first. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.timeOrigin + now: comparable with Date.now() in this process. */
  at: number;
  /** What it was answered (a delayed answer may come after the sender gave up). */
  status: number;
}

export interface WebhookReceiver {
  /** Base URL (`http://127.0.0.1:<port>`). */
  url: string;
  received: ReceivedWebhook[];
  /** Answers for the next requests to `path`, in order; after them, 200. */
  script(path: string, replies: Reply[]): void;
  /** Requests to `path` with a 2xx answer, unique by webhook-id: what an idempotent receiver keeps. */
  accepted(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/** A plain HTTP receiver on loopback (the tests allow loopback endpoints by their flag). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const scripts = new Map<string, Reply[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const reply = scripts.get(path)?.shift() ?? { status: 200 };
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        status: reply.status,
      });
      const answer = () => {
        if (response.destroyed) return;
        response.writeHead(reply.status, reply.headers).end();
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (path, replies) => scripts.set(path, [...replies]),
    accepted(path) {
      const seen = new Set<string>();
      return received.filter((hook) => {
        const id = String(hook.headers['webhook-id']);
        if (hook.path !== path || hook.status < 200 || hook.status >= 300 || seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
