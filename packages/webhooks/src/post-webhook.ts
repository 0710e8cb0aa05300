import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { Agent, request } from 'undici';
import { isPublicAddress } from './address-policy.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { SignedHeaders } from './sign.ts';

export type WebhookResponse =
  | { kind: 'response'; statusCode: number; retryAfterMs: number | null; durationMs: number }
  /** No answer: a timeout or a failed connection (worth retrying). */
  | { kind: 'no_response'; error: string; durationMs: number }
  /** Not sent: the endpoint is not allowed (retrying would not change that). */
  | { kind: 'refused'; error: string; durationMs: number };

/** Our own error code for a connection refused by the address policy. */
const refusedCode = 'EADDRNOTPUBLIC';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for outgoing connections that refuses a host resolving to any non-public address.
 * It runs when the socket connects, so a host that answered a public address to our earlier check
 * and a private one now (DNS rebinding) is refused too.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused || addresses.length === 0) {
      const failure: NodeJS.ErrnoException = new Error('endpoint resolves to a non-public address');
      failure.code = refusedCode;
      return callback(failure, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
}

export interface WebhookSender {
  post(input: {
    url: URL;
    headers: SignedHeaders;
    body: string;
    timeoutMs: number;
  }): Promise<WebhookResponse>;
  close(): Promise<void>;
}

/**
 * Sends webhooks over keep-alive connections, without following redirects (a redirect could lead
 * anywhere), reading at most a little of the answer, and giving up on an attempt after `timeoutMs`.
 */
export function createWebhookSender(options: { allowPrivateAddresses: boolean }): WebhookSender {
  const agent = new Agent({
    connect: options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup },
    keepAliveTimeout: 10_000,
  });
  return {
    async post({ url, headers, body, timeoutMs }) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      try {
        const response = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'copytrade-notifier' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        // The answer's body is not ours to keep: drain a little so the connection can be reused.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        const retryAfter = response.headers['retry-after'];
        return {
          kind: 'response',
          statusCode: response.statusCode,
          retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now()),
          durationMs: elapsed(),
        };
      } catch (error) {
        if (isRefusedAddress(error))
          return {
            kind: 'refused',
            error: 'refused: the endpoint resolves to a non-public address',
            durationMs: elapsed(),
          };
        return { kind: 'no_response', error: describeFailure(error, timeoutMs), durationMs: elapsed() };
      }
    },
    close: () => agent.close(),
  };
}

type Failure = NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };

function isRefusedAddress(error: unknown): boolean {
  const failure = error as Failure;
  return (failure.code ?? failure.cause?.code) === refusedCode;
}

/** A short reason safe for the delivery log: the error's kind, never headers or the body. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as Failure;
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError')
    return `timed out after ${timeoutMs} ms`;
  const code = failure.code ?? failure.cause?.code;
  return code ? `connection failed (${code})` : 'connection failed';
}
