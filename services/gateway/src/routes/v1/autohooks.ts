import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireCsrfToken, requirePrincipal } from '../../auth/guards.ts';

/**
 * Deny by default: every route under /v1 needs a valid API key or session, and a
 * cookie-authenticated write needs its CSRF token. `preParsing` comes after the rate limiter's
 * `onRequest`, so refused requests are counted too, and before any body is read.
 */
export const v1Autohooks = fp(
  async (fastify: FastifyInstance) => {
    fastify.addHook('preParsing', async (request) => {
      requirePrincipal(request);
      requireCsrfToken(request);
    });
  },
  { name: 'v1-autohooks' },
);
