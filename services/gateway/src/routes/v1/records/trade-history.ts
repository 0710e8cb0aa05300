import { api } from '@copytrade/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../../auth/guards.ts';
import { visibleAccounts } from '../../../records/owner-scope.ts';
import { listTradeHistory } from '../../../records/trade-history.ts';
import type { RouteDeps } from '../../route-deps.ts';

export const tradeHistoryRoutes: FastifyPluginAsyncZod<RouteDeps> = async (fastify, { db }) => {
  fastify.get(
    '/trade-history',
    {
      schema: {
        summary: 'Orders placed for followers as the exchange reported them, newest first',
        tags: ['records'],
        querystring: api.tradeHistoryQuery,
        response: { 200: api.tradeHistoryPage, ...api.errorResponses },
      },
    },
    async (request) =>
      listTradeHistory(db, request.query, await visibleAccounts(db, requirePrincipal(request))),
  );
};
