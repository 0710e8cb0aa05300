import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../auth/guards.ts';
import type { HttpError } from '../errors/http-error.ts';

/** The OpenAPI document (`/docs/json`) and its UI (`/docs`), for any logged-in user or API key. */
export const docsRoutes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiHooks: { onRequest: guard },
  });
};

async function guard(request: FastifyRequest, reply: FastifyReply) {
  try {
    requirePrincipal(request);
  } catch (error) {
    const { statusCode, code, message } = error as HttpError;
    return reply.code(statusCode).send({ error: code, message });
  }
}
