import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender } from './post-webhook.ts';
import { generateWebhookSecret } from './secret.ts';
import { signWebhook } from './sign.ts';

let server: Server;
let port: number;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    if (request.url === '/slow') setTimeout(() => response.end(), 1_000).unref();
    else if (request.url === '/busy') response.writeHead(429, { 'retry-after': '7' }).end();
    else response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const message = (path: string, host = '127.0.0.1') => ({
  url: new URL(`http://${host}:${port}${path}`),
  headers: signWebhook({ id: 'evt', timestamp: new Date(), body: '{}', secrets: [generateWebhookSecret()] }),
  body: '{}',
  timeoutMs: 300,
});

describe('the webhook sender', () => {
  it('refuses, when it connects, a host that resolves to loopback (whatever was checked before)', async () => {
    const sender = createWebhookSender({ allowPrivateAddresses: false });
    const before = requests;
    const answer = await sender.post(message('/', 'localhost'));
    expect(answer).toMatchObject({
      kind: 'refused',
      error: 'refused: the endpoint resolves to a non-public address',
    });
    expect(requests).toBe(before);
    await sender.close();
  });

  it('reads the status and Retry-After, and gives up an attempt at its time limit', async () => {
    const sender = createWebhookSender({ allowPrivateAddresses: true });
    expect(await sender.post(message('/', 'localhost'))).toMatchObject({ kind: 'response', statusCode: 204 });
    expect(await sender.post(message('/busy'))).toMatchObject({
      kind: 'response',
      statusCode: 429,
      retryAfterMs: 7_000,
    });
    const slow = await sender.post(message('/slow'));
    expect(slow).toMatchObject({ kind: 'no_response', error: 'timed out after 300 ms' });
    expect(slow.durationMs).toBeLessThan(900);
    await sender.close();
  });
});
