import { classifyResponse } from '../errors/classify-response.ts';
import { classifyTransport } from '../errors/classify-transport.ts';
import { DeltaError } from '../errors/delta-error.ts';
import { isExpiredSignatureCode } from '../errors/auth-codes.ts';
import { successEnvelopeSchema } from '../schemas/envelope.ts';
import type { RequestSigner } from '../signing/sign.ts';
import type { DeltaLogger } from '../types/logger.ts';
import type { ClockSync } from './clock-sync.ts';
import { invalidResponse } from './invalid-response.ts';
import type { PoolLease } from './pool-registry.ts';
import { buildQuery, type QueryValue } from './query-string.ts';
import { type RateLimitTracker, rateLimitResetMs } from './rate-limit.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DeltaRequest {
  method: HttpMethod;
  /** Path from `/v2`, without query. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Whether to sign the request (private endpoints). */
  auth: boolean;
}

export interface DeltaResponse {
  result: unknown;
  after: string | undefined;
}

export interface TransportDeps {
  lease: PoolLease;
  /** Path prefix of the base URL (usually ''), part of the signed path. */
  pathPrefix: string;
  signer: RequestSigner | undefined;
  clockSync: ClockSync;
  rateLimit: RateLimitTracker;
  clock: () => number;
  logger: DeltaLogger;
  timeoutMs: number;
  userAgent: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isFailureEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { success?: unknown }).success === false;
}

function isExpiredSignature(err: unknown): boolean {
  if (!(err instanceof DeltaError) || err.kind !== 'auth') return false;
  if (isExpiredSignatureCode(err.code)) return true;
  return err.context !== undefined && 'server_time' in err.context && 'request_time' in err.context;
}

/** Sends one Delta request: rate-limit gate, clock, signature, timeout, classification, one expiry retry. */
export class Transport {
  readonly #deps: TransportDeps;

  constructor(deps: TransportDeps) {
    this.#deps = deps;
  }

  async send(req: DeltaRequest): Promise<DeltaResponse> {
    const { clockSync, logger, signer } = this.#deps;
    if (req.auth) {
      if (signer === undefined) {
        throw new DeltaError({
          kind: 'auth',
          code: 'missing_credentials',
          method: req.method,
          path: req.path,
          message: `Delta ${req.method} ${req.path} needs an API key and secret`,
        });
      }
      // A failed first sync is not fatal: the request goes out on the local clock and an
      // expired-signature answer triggers another sync below.
      await clockSync.ensureSynced().catch((err: unknown) => {
        logger.warn({ err: String(err) }, 'delta clock sync failed; signing with the local clock');
      });
    }
    const query = buildQuery(req.query);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    try {
      return await this.#attempt(req, query, body);
    } catch (err) {
      if (!req.auth || !isExpiredSignature(err)) throw err;
      // Refused before processing, so a write is safe to send again with a fresh timestamp.
      logger.warn(
        { method: req.method, path: req.path },
        'delta signature expired; resyncing clock and retrying',
      );
      await clockSync.resync().catch(() => {
        throw err;
      });
      return await this.#attempt(req, query, body);
    }
  }

  async #attempt(req: DeltaRequest, query: string, body: string): Promise<DeltaResponse> {
    const { clock, clockSync, lease, logger, pathPrefix, rateLimit, signer, timeoutMs, userAgent } =
      this.#deps;
    const { method, path } = req;
    const blocked = rateLimit.check(method, path, clock());
    if (blocked !== undefined) throw blocked;
    const fullPath = pathPrefix + path;
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (req.auth && signer !== undefined) {
      const timestamp = Math.floor(clockSync.now() / 1000);
      headers['api-key'] = signer.apiKey;
      headers.timestamp = String(timestamp);
      headers.signature = signer.signRest(method, timestamp, fullPath, query, body);
    }
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const startedAt = clock();
    let status: number;
    let text: string;
    let resHeaders: Record<string, string | string[] | undefined>;
    try {
      const res = await lease.pool.request({
        path: fullPath + query,
        method,
        headers,
        body: body === '' ? null : body,
        signal: abort.signal,
        // Our own timer decides; undici's parser timeouts are only a backstop.
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
        idempotent: method === 'GET',
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (error) {
      const err = classifyTransport({ error, method, path, timedOut, timeoutMs });
      logger.warn({ method, path, kind: err.kind, code: err.code }, 'delta request failed');
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const now = clock();
    rateLimit.observe(status, resHeaders, now);
    logger.debug({ method, path, status, ms: now - startedAt }, 'delta request');
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      const envelope = successEnvelopeSchema.safeParse(json);
      if (envelope.success)
        return { result: envelope.data.result, after: envelope.data.meta?.after ?? undefined };
      // A 2xx carrying `success: false` is a business refusal; anything else is unreadable.
      if (!isFailureEnvelope(json)) throw invalidResponse(method, path, status, 'not a Delta envelope');
    }
    const err = classifyResponse({
      status,
      body: json,
      method,
      path,
      rateLimitResetMs: rateLimitResetMs(resHeaders),
      now,
    });
    logger.warn({ method, path, status, kind: err.kind, code: err.code }, 'delta request refused');
    throw err;
  }
}
