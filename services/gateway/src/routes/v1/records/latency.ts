import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { copyLatencySeries } from '../../../records/copy-latency.ts';
import { visibleAccounts } from '../../../records/owner-scope.ts';
import type { RouteDeps } from '../../route-deps.ts';

export const latencyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  fastify.get(
    '/latency',
    {
      schema: {
        summary: 'Copy latency of each copy over the last minutes, oldest first (clients: their followers)',
        tags: ['records'],
        querystring: api.latencyQuery,
        response: { 200: api.latencySeries, ...api.errorResponses },
      },
    },
    async (request) =>
      copyLatencySeries(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );
};
