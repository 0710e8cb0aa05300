import rateLimit from '@fastify/rate-limit';
import { redisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors/http-error.ts';

export interface RateLimitOptions {
  redis: Redis;
  /** Redis key prefix of the deployment. */
  keyPrefix: string;
  /** Per API key or logged-in user. */
  max: number;
  /** Per IP address, for requests without valid credentials. */
  ipMax: number;
  windowMs: number;
}

/** Who a request counts against: its API key, its user's session, or its IP address. */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.apiKeyId) return `key:${principal.apiKeyId}`;
  if (principal) return `user:${principal.user.id}`;
  return `ip:${request.ip}`;
}

/**
 * Counters in Redis, so every gateway replica counts against the same limit; IETF RateLimit
 * headers (`ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`) and `retry-after` on a 429.
 * Runs after authentication (the route-level hook comes after the global ones), so a request
 * with a valid key is counted per key.
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (fastify, options) => {
    await fastify.register(rateLimit, {
      global: true,
      redis: options.redis,
      nameSpace: redisKeys(options.keyPrefix).gatewayRateLimitNamespace(),
      timeWindow: options.windowMs,
      max: (request) => (request.principal ? options.max : options.ipMax),
      keyGenerator: rateLimitKey,
      enableDraftSpec: true,
      // Redis unreachable: refuse rather than let every request through unlimited.
      skipOnError: false,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `too many requests; retry in ${context.after}`),
    });
  },
  { name: 'rate-limit', dependencies: ['authentication'] },
);
