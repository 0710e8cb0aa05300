import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';
import selfsigned from 'selfsigned';

/** A browser's side of a push subscription: what it gives the server, and the private part it keeps. */
export interface TestBrowser {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** Decrypts a message the push service holds for this browser (RFC 8291, aes128gcm). */
  decrypt(body: Buffer): string;
}

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status: number;
  at: number;
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

export interface LocalPushService {
  /** `https://127.0.0.1:<port>` with a self-signed certificate. */
  url: string;
  /** The certificate's PEM file: the notifier's WEB_PUSH_EXTRA_CA_FILE. */
  caFile: string;
  received: ReceivedPush[];
  /** A new browser subscription at `path` (its keys made here, as a browser makes them). */
  browser(path: string): TestBrowser;
  /** Statuses for the next messages to `path`, in order; after them, 201. */
  script(path: string, statuses: number[]): void;
  /** Verifies a message's VAPID Authorization header (RFC 8292): the JWT's ES256 signature by `k`, and returns its claims and key. */
  vapid(headers: IncomingHttpHeaders): { claims: VapidClaims; publicKey: string };
  close(): Promise<void>;
}

/**
 * A local HTTPS push service for tests: it takes messages as FCM or Mozilla's autopush would
 * (201 Created), and keeps them for the test to decrypt and check.
 */
export async function startLocalPushService(): Promise<LocalPushService> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'push-ca-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pems.cert);
  const scripts = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const status = scripts.get(path)?.shift() ?? 201;
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks), status, at: Date.now() });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    caFile,
    received,
    browser(path) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      return {
        endpoint: `${url}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        decrypt: (body) =>
          ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
      };
    },
    script(path, statuses) {
      scripts.set(path, [...statuses]);
    },
    vapid(headers) {
      const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(headers.authorization ?? ''));
      if (!match) throw new Error(`not a VAPID Authorization header: ${String(headers.authorization)}`);
      const [, token, key] = match as unknown as [string, string, string];
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const raw = Buffer.from(key, 'base64url');
      const publicKey = createPublicKey({
        key: {
          kty: 'EC',
          crv: 'P-256',
          x: raw.subarray(1, 33).toString('base64url'),
          y: raw.subarray(33, 65).toString('base64url'),
        },
        format: 'jwk',
      });
      const valid = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      );
      if (!valid) throw new Error('the VAPID JWT signature does not verify');
      const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string }).alg;
      if (alg !== 'ES256') throw new Error(`VAPID JWT alg ${alg}`);
      return {
        claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as VapidClaims,
        publicKey: key,
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
