import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { toApiUser } from '../../../users/user-repository.ts';

export const meRoutes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/me',
    {
      schema: {
        summary: 'The caller and how it authenticated',
        tags: ['users'],
        response: { 200: api.me, ...api.errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return { user: toApiUser(principal.user), authenticatedBy: principal.via };
    },
  );
};
