import fp from 'fastify-plugin';
import { type AuthenticateDeps, authenticate } from '../../auth/authenticate.ts';
import type { Principal } from '../../auth/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every request before routing goes on; `null`: no valid credentials. */
    principal: Principal | null;
  }
}

/**
 * Finds the caller of every request first (so the rate limiter can count per key or user), and
 * answers nothing itself: each route prefix requires what it needs (`routes/v1/autohooks.ts`).
 */
export const authenticationPlugin = fp<AuthenticateDeps>(
  async (fastify, deps) => {
    fastify.decorateRequest('principal', null);
    fastify.addHook('onRequest', async (request) => {
      request.principal = await authenticate(request, deps);
    });
  },
  { name: 'authentication', dependencies: ['@fastify/cookie'] },
);
