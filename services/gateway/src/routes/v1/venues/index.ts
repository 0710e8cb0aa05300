import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** The exchange venues (EXCHANGE_VENUES) a new broker account may name: every signed-in user may read them. */
export const venueRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { trading }) => {
  fastify.get(
    '/',
    {
      schema: {
        summary: 'The exchange venues a broker account may use (its baseUrl names one)',
        tags: ['accounts'],
        response: { 200: api.venueList, ...api.errorResponses },
      },
    },
    async (request) => {
      requirePrincipal(request);
      return { venues: trading.venues.map((v) => ({ baseUrl: v.restUrl, wsUrl: v.wsUrl })) };
    },
  );
};
