import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';

/** Parses cookies and signs the session cookie with the session secret. */
export const cookiePlugin = fp<{ secret: string }>(
  async (fastify, { secret }) => {
    await fastify.register(fastifyCookie, { secret, hook: 'onRequest' });
  },
  { name: 'cookie' },
);
